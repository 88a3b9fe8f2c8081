package org.flowvault.vault.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.junit.jupiter.api.Test;

/** A request path goes to the longest mount path that prefixes it (or it with a '/' added). */
class MountTableTest {
    private static String served(MountTable table, String path) {
        Mounted m = table.match(path);
        return m == null ? null : m.entry.routerPath();
    }

    private static void mount(MountTable table, String path) {
        MountEntry entry = new MountEntry(path, "mounts", "kv", "", path, path, 0, 0, "", Map.of(), false, false);
        table.add(new Mounted(entry, request -> Response.empty(), new InMemoryStorage()));
    }

    private static void assertLongestPrefixWins(MountTable table) {
        assertEquals("secret/", served(table, "secret/data/a"));
        assertEquals("secret/", served(table, "secret"));
        assertEquals("secret/", served(table, "secret/"));
        assertEquals("secret/team/", served(table, "secret/team/data/a"));
        assertEquals("secret/team/", served(table, "secret/team"));
        assertEquals("secret/", served(table, "secret/teamx/a"));
        assertNull(served(table, "secre"));
        assertNull(served(table, "other/secret/a"));
        assertNull(served(table, ""));
    }

    @Test
    void aFewMountsAnswerByLongestPrefix() {
        MountTable table = new MountTable(new InMemoryStorage());
        mount(table, "secret/");
        mount(table, "secret/team/");
        assertLongestPrefixWins(table);
    }

    @Test
    void manyMountsAnswerAlike() {
        MountTable table = new MountTable(new InMemoryStorage());
        mount(table, "secret/");
        mount(table, "secret/team/");
        for (int i = 0; i < 100; i++) {
            mount(table, "kv" + i + "/");
        }
        assertLongestPrefixWins(table);
        assertEquals("kv42/", served(table, "kv42/data/x"));
    }
}
