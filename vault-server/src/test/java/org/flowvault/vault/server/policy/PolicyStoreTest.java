package org.flowvault.vault.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowvault.vault.server.policy.Operation.CREATE;
import static org.flowvault.vault.server.policy.Operation.LIST;
import static org.flowvault.vault.server.policy.Operation.READ;
import static org.flowvault.vault.server.policy.Operation.UPDATE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.flowvault.vault.server.storage.Storage;
import org.junit.jupiter.api.Test;

class PolicyStoreTest {
    private static final String READER = "path \"secret/*\" { capabilities = [\"read\", \"list\"] }";

    private final Storage storage = new InMemoryStorage();
    private final PolicyStore store = new PolicyStore(storage);

    @Test
    void createsTheDefaultPolicyOnFirstStart() {
        assertThat(store.list()).containsExactly("default", "root");
        Acl acl = store.aclFor(List.of("default"));

        assertThat(acl.allowed("auth/token/lookup-self", READ)).isTrue();
        assertThat(acl.allowed("auth/token/renew-self", UPDATE)).isTrue();
        assertThat(acl.allowed("auth/token/revoke-self", UPDATE)).isTrue();
        assertThat(acl.allowed("sys/capabilities-self", UPDATE)).isTrue();
        assertThat(acl.allowed("sys/internal/ui/resultant-acl", READ)).isTrue();
        assertThat(acl.allowed("sys/wrapping/unwrap", UPDATE)).isTrue();
        assertThat(acl.allowed("sys/tools/hash/sha2-256", UPDATE)).isTrue();
        assertThat(acl.capabilities("cubbyhole/x")).containsExactly("create", "delete", "list", "read", "update");
        assertThat(acl.allowed("secret/data/x", READ)).isFalse();
        assertThat(acl.allowed("sys/mounts", READ)).isFalse();
    }

    @Test
    void keepsAnEditedDefaultPolicyWhenReopened() {
        store.put("default", READER);

        PolicyStore reopened = new PolicyStore(storage);

        assertThat(reopened.get("default").orElseThrow().raw()).isEqualTo(READER);
        assertThat(reopened.aclFor(List.of("default")).allowed("cubbyhole/x", READ)).isFalse();
    }

    @Test
    void storesPoliciesAsNameAndRawTextUnderPolicySlashName() {
        store.put("Reader", READER);

        Map<String, Object> entry = ServerJson.readStored(storage.get("policy/reader"));
        assertThat(entry).containsEntry("name", "reader").containsEntry("raw", READER);
    }

    @Test
    void policiesSurviveANewStoreOnTheSameStorage() {
        store.put("reader", READER);

        PolicyStore reopened = new PolicyStore(storage);

        assertThat(reopened.get("reader")).hasValueSatisfying(p -> {
            assertThat(p.raw()).isEqualTo(READER);
            assertThat(p.rules()).containsExactly(PathRule.of("secret/*", List.of("read", "list")));
        });
        assertThat(reopened.aclFor(List.of("reader")).allowed("secret/a", READ)).isTrue();
    }

    @Test
    void namesAreTrimmedAndLowercased() {
        store.put("  MyPolicy ", READER);

        assertThat(store.get("mypolicy")).isPresent();
        assertThat(store.get("MYPOLICY")).isPresent();
        assertThat(store.list()).containsExactly("default", "mypolicy", "root");
    }

    @Test
    void listsStoredNamesSortedThenRootLastAsVaultDoes() {
        store.put("writer", READER);
        store.put("admin", READER);

        assertThat(store.list()).containsExactly("admin", "default", "writer", "root");
    }

    @Test
    void rejectsAnInvalidPolicyAndStoresNothing() {
        assertThatThrownBy(() -> store.put("bad", "path \"secret/*\" { capabilities = [\"reed\"] }"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("failed to parse policy: path \"secret/*\": invalid capability \"reed\"");

        assertThat(store.get("bad")).isEmpty();
        assertThat(storage.get("policy/bad")).isNull();
    }

    @Test
    void refusesToWriteOrDeleteRootAndToDeleteDefault() {
        assertThatThrownBy(() -> store.put("root", READER)).hasMessage("cannot update \"root\" policy");
        assertThatThrownBy(() -> store.put(" ROOT", READER)).hasMessage("cannot update \"root\" policy");
        assertThatThrownBy(() -> store.delete("root")).hasMessage("cannot delete \"root\" policy");
        assertThatThrownBy(() -> store.delete("Default")).hasMessage("cannot delete default policy");
        assertThat(store.get("default")).isPresent();
    }

    @Test
    void refusesEmptyNamesNamesWithSlashesAndEmptyText() {
        assertThatThrownBy(() -> store.put(" ", READER)).hasMessage("policy name must be provided");
        assertThatThrownBy(() -> store.put("a/b", READER)).hasMessageContaining("invalid policy name \"a/b\"");
        assertThatThrownBy(() -> store.put("a", "  ")).hasMessage("'policy' parameter not supplied or empty");
    }

    @Test
    void readsRootAsAnEmptyBuiltInPolicy() {
        assertThat(store.get("root")).hasValueSatisfying(p -> {
            assertThat(p.raw()).isEmpty();
            assertThat(p.rules()).isEmpty();
        });
    }

    @Test
    void deletesAPolicyAndIgnoresDeletingAMissingOne() {
        store.put("reader", READER);

        store.delete("reader");
        store.delete("never-existed");

        assertThat(store.get("reader")).isEmpty();
        assertThat(store.list()).containsExactly("default", "root");
    }

    @Test
    void aclForUnitesPoliciesIgnoresUnknownNamesAndTreatsRootAsRoot() {
        store.put("reader", READER);
        store.put("writer", "path \"secret/*\" { capabilities = [\"create\", \"update\"] }");

        Acl acl = store.aclFor(List.of("reader", "WRITER", "gone"));

        assertThat(acl.capabilities("secret/x")).containsExactly("create", "list", "read", "update");
        assertThat(store.aclFor(List.of("reader", "root")).isRoot()).isTrue();
        assertThat(store.aclFor(List.of()).allowed("secret/x", READ)).isFalse();
    }

    @Test
    void aclForIsCachedPerNameSetRegardlessOfOrder() {
        store.put("reader", READER);

        Acl first = store.aclFor(List.of("reader", "default"));

        assertThat(store.aclFor(List.of("default", "reader", "reader"))).isSameAs(first);
    }

    @Test
    void anyPutOrDeleteInvalidatesCachedAcls() {
        store.put("reader", READER);
        Acl before = store.aclFor(Set.of("reader"));
        assertThat(before.allowed("secret/x", CREATE)).isFalse();

        store.put("reader", "path \"secret/*\" { capabilities = [\"create\"] }");
        Acl afterPut = store.aclFor(Set.of("reader"));
        assertThat(afterPut).isNotSameAs(before);
        assertThat(afterPut.allowed("secret/x", CREATE)).isTrue();

        store.delete("reader");
        assertThat(store.aclFor(Set.of("reader")).allowed("secret/x", CREATE)).isFalse();
    }

    @Test
    void aPolicyCreatedAfterItsNameWasCachedTakesEffect() {
        Acl withoutIt = store.aclFor(List.of("late"));
        assertThat(withoutIt.allowed("secret/x", LIST)).isFalse();

        store.put("late", READER);

        assertThat(store.aclFor(List.of("late")).allowed("secret/x", LIST)).isTrue();
    }

    @Test
    void picksUpAPolicyWrittenToStorageByAnotherStoreInstance() {
        PolicyStore other = new PolicyStore(storage);
        other.put("shared", READER);

        assertThat(store.get("shared")).isPresent();
    }

    @Test
    void concurrentWritersAndReadersEndWithEveryPolicyVisible() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> store.put("p" + n,
                        "path \"secret/" + n + "\" { capabilities = [\"read\"] }")));
                futures.add(pool.submit(() -> store.aclFor(List.of("p" + n, "default"))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("p" + i);
        }
        Acl acl = store.aclFor(names);
        for (int i = 0; i < 40; i++) {
            assertThat(acl.allowed("secret/" + i, READ)).as("secret/" + i).isTrue();
            assertThat(store.aclFor(List.of("p" + i)).allowed("secret/" + i, READ)).isTrue();
        }
    }

    @Test
    void storedEntriesAreValidUtf8Json() {
        store.put("unicode", "# é ü\n" + READER);

        String json = new String(storage.get("policy/unicode"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"raw\"").contains("é ü");
    }
}
