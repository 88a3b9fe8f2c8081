package org.flowvault.platform.task.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a repository served over SSH (Apache MINA sshd) by the test, with key authentication. */
class GitTaskSshTest {
    /** The test's server is on loopback, which tasks may not reach unless the operator lists it. */
    private static final Egress PEERS = Egress.of(java.util.List.of("127.0.0.1"));
    @TempDir
    static Path dir;
    private static TestGitRepository repo;
    private static TestGitSshServer server;
    private static KeyPair clientKey;

    private final GitTask task = new GitTask();

    @BeforeAll
    static void start() throws Exception {
        repo = new TestGitRepository(dir.resolve("origin"));
        clientKey = TestGitSshServer.newKeyPair();
        server = new TestGitSshServer(repo.repository(), clientKey.getPublic(), dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        repo.close();
    }

    private TaskResult run(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repository_url", server.url());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return task.execute(m, TaskContext.builder(new Masker()).egress(PEERS).build());
    }

    @Test
    void metadataOverSshWithAKeyAndKnownHosts() throws Exception {
        TaskResult r = run("ref", "develop", "ssh_private_key", TestGitSshServer.openSshPrivateKey(clientKey, null),
                "known_hosts", server.knownHosts());
        assertThat(r.outputs()).containsEntry("commit", repo.develop2.name()).containsEntry("author_name", "Grace Hopper");
    }

    @Test
    void encryptedKeyIsUnlockedWithThePassphrase() throws Exception {
        String key = TestGitSshServer.openSshPrivateKey(clientKey, "key-passphrase-1");
        assertThat(run("ref", "v2", "ssh_private_key", key, "passphrase", "key-passphrase-1", "known_hosts", server.knownHosts())
                .outputs()).containsEntry("commit", repo.main2.name());
    }

    @Test
    void hostKeyCheckingCanBeTurnedOffExplicitly() throws Exception {
        assertThat(run("command", "ls_remote", "ssh_private_key", TestGitSshServer.openSshPrivateKey(clientKey, null),
                "strict_host_key_checking", false).outputs()).containsEntry("head", "refs/heads/main");
    }

    @Test
    void theJvmsProxySettingsAreNotUsed() throws Exception {
        java.net.ProxySelector before = java.net.ProxySelector.getDefault();
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!proxy.isClosed()) {
                    try (java.net.Socket s = proxy.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            java.net.Proxy socks = new java.net.Proxy(java.net.Proxy.Type.SOCKS, proxy.getLocalSocketAddress());
            java.net.ProxySelector.setDefault(new java.net.ProxySelector() {
                @Override
                public java.util.List<java.net.Proxy> select(java.net.URI uri) {
                    return java.util.List.of(socks);
                }

                @Override
                public void connectFailed(java.net.URI uri, java.net.SocketAddress sa, java.io.IOException ioe) {
                }
            });
            assertThat(run("ref", "develop", "ssh_private_key", TestGitSshServer.openSshPrivateKey(clientKey, null),
                    "known_hosts", server.knownHosts()).outputs()).containsEntry("commit", repo.develop2.name());
            assertThat(connections).hasValue(0);
        } finally {
            java.net.ProxySelector.setDefault(before);
        }
    }

    @Test
    void knownHostsIsRequiredUnlessCheckingIsOff() throws Exception {
        assertThatThrownBy(() -> run("ssh_private_key", TestGitSshServer.openSshPrivateKey(clientKey, null)))
                .isInstanceOf(TaskException.class)
                .hasMessageStartingWith("GIT input \"known_hosts\" is missing")
                .hasMessageContaining("strict_host_key_checking: false");
    }

    @Test
    void unknownHostKeyAndUnknownClientKeyAreRefusedWithoutLeakingTheKey() throws Exception {
        KeyPair other = TestGitSshServer.newKeyPair();
        String otherHost = "[127.0.0.1]:1 " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(other.getPublic());
        String key = TestGitSshServer.openSshPrivateKey(clientKey, null);
        assertThatThrownBy(() -> run("ssh_private_key", key, "known_hosts", otherHost))
                .isInstanceOf(TaskException.class)
                .satisfies(e -> assertThat(((TaskException) e).kind()).isEqualTo(TaskException.Kind.REMOTE))
                .hasMessageNotContaining(key.lines().skip(1).findFirst().orElseThrow());
        String wrongKey = TestGitSshServer.openSshPrivateKey(other, null);
        assertThatThrownBy(() -> run("ssh_private_key", wrongKey, "known_hosts", server.knownHosts()))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("GIT metadata ssh://git@127.0.0.1:")
                .hasMessageNotContaining(wrongKey.lines().skip(1).findFirst().orElseThrow());
    }
}
