package org.flowvault.vault.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.flowvault.vault.server.policy.Operation;
import org.junit.jupiter.api.Test;

/** Routes answer as their regex would, including where a shortcut spares the regex. */
class RoutesTest {
    private static Routes routes(String pattern) {
        Routes routes = new Routes();
        routes.path(pattern).read(r -> Response.data(Map.of("path", r.param("path"))));
        return routes;
    }

    private static Object capture(Routes routes, String path) {
        Request request = new Request(Operation.READ, path, Map.of(), null, null, null, null, null, null, Map.of());
        return routes.dispatch(request).data().get("path");
    }

    private static int status(Routes routes, String path) {
        return assertThrows(VaultError.class, () -> capture(routes, path)).status();
    }

    @Test
    void aNameNotEndingInASlashCapturesTheWholeRest() {
        Routes routes = routes("data/(?<path>.*[^/])");
        assertEquals("a", capture(routes, "data/a"));
        assertEquals("a/b/c", capture(routes, "data/a/b/c"));
        assertEquals("a\n", capture(routes, "data/a\n")); // [^/] matches a line terminator, '.' does not
    }

    @Test
    void aNameEndingInASlashOrEmptyOrBrokenByALineIsUnsupported() {
        Routes routes = routes("data/(?<path>.*[^/])");
        assertEquals(404, status(routes, "data/a/"));
        assertEquals(404, status(routes, "data/"));
        assertEquals(404, status(routes, "data/a\nb"));
        assertEquals(404, status(routes, "other/a"));
    }

    @Test
    void anyRestIsCapturedButNotAcrossALine() {
        Routes routes = routes("metadata/(?<path>.*)");
        assertEquals("", capture(routes, "metadata/"));
        assertEquals("a/", capture(routes, "metadata/a/"));
        assertEquals(404, status(routes, "metadata/a\nb"));
    }
}
