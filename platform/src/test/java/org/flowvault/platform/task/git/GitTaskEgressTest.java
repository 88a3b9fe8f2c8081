package org.flowvault.platform.task.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GIT task as a hostile flow author uses it: local and command transports, the server's own
 * loopback git and SSH ports, redirects to places the operator did not allow or that should not
 * get the credentials, and a repository full of hooks. The server's own git configuration is made
 * hostile too (through JGit's system reader), to prove the task never reads it.
 */
class GitTaskEgressTest {
    private static final String USER = "git-user";
    private static final String PASSWORD = "git-password-789";

    @TempDir
    static Path dir;
    private static TestGitRepository repo;
    private static TestGitHttpServer server;

    private final GitTask task = new GitTask();

    @BeforeAll
    static void start() throws Exception {
        repo = new TestGitRepository(dir.resolve("origin"));
        server = new TestGitHttpServer(repo.repository(), USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        repo.close();
    }

    private TaskResult run(Egress egress, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repository_url", server.url());
        m.put("username", USER);
        m.put("password", PASSWORD);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return task.execute(m, TaskContext.builder(new Masker()).egress(egress).build());
    }

    private TaskException refused(Egress egress, Object... kv) {
        TaskException e = catchThrowableOfType(TaskException.class, () -> run(egress, kv));
        assertThat(e).as("refused: %s", List.of(kv)).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(TaskException.Kind.INPUT);
        return e;
    }

    private static long scratchDirectories() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("flowvault-git-")).count();
        }
    }

    @Test
    void localAndCommandTransportsAreRefusedBeforeAnythingRuns() throws Exception {
        Path marker = dir.resolve("ext-ran");
        Path origin = dir.resolve("origin");
        long scratch = scratchDirectories();
        for (String url : List.of("file://" + origin, "FILE://" + origin, "file:" + origin, origin.toString(), "./origin", "../origin",
                "~/origin", "origin", "origin.bundle", dir.resolve("x.bundle").toString(), "C:/repo", "\\\\host\\share\\repo",
                "ext::sh -c touch% " + marker, "ext::sh -c 'touch " + marker + "'", "ext::touch%20" + marker, "fd::17", "fd::0,1",
                "git://127.0.0.1/app.git", "git+ssh://git@127.0.0.1/app.git", "ssh+git://git@127.0.0.1/app.git", "ftp://127.0.0.1/app.git",
                "sftp://127.0.0.1/app.git", "amazon-s3://creds@bucket/app.git", "https://", "https:///app.git", " " + server.url(),
                server.url() + "?upload-pack=touch", "host:app.git", "git@-oProxyCommand=touch%20x:app.git")) {
            TaskException e = refused(Egress.publicHosts(), "repository_url", url);
            assertThat(e.getMessage()).as(url).startsWith("GIT input \"repository_url\" ").doesNotContain(marker.toString());
        }
        assertThat(marker).doesNotExist();
        assertThat(scratchDirectories()).as("nothing was even prepared").isEqualTo(scratch);
    }

    @Test
    void theServersOwnGitServerIsRefusedByDefaultAndReachedWhenListed() {
        int before = server.requests().size();
        int port = Integer.parseInt(server.url().replaceAll(".*:(\\d+)/.*", "$1"));
        for (String url : List.of(server.url(), server.url().replace("127.0.0.1", "localhost"),
                server.url().replace("127.0.0.1", "[::ffff:127.0.0.1]"), server.url().replace("127.0.0.1", "2130706433"))) {
            refused(Egress.publicHosts(), "repository_url", url);
        }
        assertThat(refused(Egress.publicHosts()).getMessage()).isEqualTo("GIT may not connect to 127.0.0.1:" + port
                + ": it is a loopback address (this server), which tasks reach only when the operator lists that address or network in task_egress");
        assertThat(server.requests()).hasSize(before);

        assertThat(run(Egress.of(List.of("http://127.0.0.1:" + port)), "ref", "develop").outputs()).containsEntry("commit", repo.develop2.name());
        assertThat(refused(Egress.of(List.of("https://127.0.0.1:" + port))).getMessage()).contains("not on the operator's egress allow-list");
    }

    @Test
    void sshToTheServerItselfIsRefusedBeforeConnecting() throws Exception {
        try (ServerSocket sshd = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger connections = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!sshd.isClosed()) {
                    try (Socket s = sshd.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            int port = sshd.getLocalPort();
            for (String url : List.of("ssh://git@127.0.0.1:" + port + "/app.git", "ssh://git@localhost:" + port + "/app.git",
                    "ssh://git@[::1]:" + port + "/app.git")) {
                assertThat(refused(Egress.publicHosts(), "repository_url", url, "strict_host_key_checking", false).getMessage())
                        .as(url).startsWith("GIT may not connect to ").contains(":" + port + ": ").contains("loopback");
            }
            assertThat(refused(Egress.publicHosts(), "repository_url", "git@127.0.0.1:app.git", "strict_host_key_checking", false)
                    .getMessage()).startsWith("GIT may not connect to 127.0.0.1:22: it is a loopback address");
            assertThat(refused(Egress.publicHosts(), "repository_url", "ssh://git@169.254.169.254/app.git").getMessage())
                    .startsWith("GIT may not connect to 169.254.169.254:22: it is a link-local address");
            assertThat(connections).hasValue(0);
        }
    }

    @Test
    void theJvmsProxySettingsAreNotUsed() throws Exception {
        java.net.ProxySelector before = java.net.ProxySelector.getDefault();
        AtomicInteger proxied = new AtomicInteger();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ex -> {
            proxied.incrementAndGet();
            ex.sendResponseHeaders(502, -1);
            ex.close();
        });
        proxy.start();
        try {
            java.net.ProxySelector.setDefault(java.net.ProxySelector.of(proxy.getAddress()));
            assertThat(run(Egress.of(List.of("127.0.0.1")), "ref", "v2").outputs()).containsEntry("commit", repo.main2.name());
            assertThat(proxied).hasValue(0);
        } finally {
            java.net.ProxySelector.setDefault(before);
            proxy.stop(0);
        }
    }

    /** A server on 127.0.0.1 that redirects every request to the git server (same path), optionally after demanding credentials. */
    private static HttpServer redirector(boolean demandCredentials, AtomicInteger authorized) throws IOException {
        HttpServer r = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String target = server.url().substring(0, server.url().indexOf("/git/"));
        r.createContext("/", ex -> {
            if (ex.getRequestHeaders().getFirst("Authorization") != null) {
                authorized.incrementAndGet();
            } else if (demandCredentials) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Location", target + ex.getRequestURI());
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        r.start();
        return r;
    }

    @Test
    void aRedirectIsCheckedAtTheHop() throws Exception {
        HttpServer r = redirector(false, new AtomicInteger());
        try {
            int before = server.requests().size();
            String url = "http://127.0.0.1:" + r.getAddress().getPort() + "/git/app.git";
            String gitPort = server.url().replaceAll(".*:(\\d+)/.*", "$1");
            assertThat(refused(Egress.of(List.of("127.0.0.1:" + r.getAddress().getPort())), "repository_url", url).getMessage())
                    .isEqualTo("GIT may not connect to 127.0.0.1:" + gitPort + ": it is not on the operator's egress allow-list; "
                            + "the operator allows it in task_egress (or FLOWVAULT_TASK_EGRESS): a host, *.domain, an address or a network, "
                            + "optionally with scheme:// before and :port after");
            assertThat(server.requests()).as("the forbidden hop was never sent").hasSize(before);
        } finally {
            r.stop(0);
        }
    }

    @Test
    void credentialsGoToTheRepositorysOriginOnly() throws Exception {
        for (boolean demand : List.of(false, true)) {
            AtomicInteger authorized = new AtomicInteger();
            HttpServer r = redirector(demand, authorized);
            try {
                int before = server.requests().size();
                String url = "http://127.0.0.1:" + r.getAddress().getPort() + "/git/app.git";
                TaskException e = catchThrowableOfType(TaskException.class, () -> run(Egress.of(List.of("127.0.0.1")), "repository_url", url));
                assertThat(e).as("demand=%s", demand).isNotNull();
                assertThat(e.getMessage()).contains("check the credentials").doesNotContain(PASSWORD);
                List<Map<String, String>> arrived = server.requests().subList(before, server.requests().size());
                assertThat(arrived).as("the redirect was followed").isNotEmpty();
                assertThat(arrived).as("no credentials for another origin").allSatisfy(h -> assertThat(h).doesNotContainKey("Authorization"));
                assertThat(authorized).hasValue(demand ? 1 : 0);
            } finally {
                r.stop(0);
            }
        }
    }

    /** Makes {@code gitconfig} the server's user configuration (and GIT_SSH set) for JGit while {@code body} runs. */
    private static void withServerConfig(String gitconfig, ThrowingRunnable body) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "gitconfig", ""), gitconfig);
        SystemReader original = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(original) {
            private FileBasedConfig hostile(Config parent) {
                FileBasedConfig c = new FileBasedConfig(parent, file.toFile(), FS.DETECTED);
                try {
                    c.load();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return c;
            }

            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return hostile(parent);
            }

            @Override
            public StoredConfig getUserConfig() {
                return hostile(null);
            }

            @Override
            public String getenv(String variable) {
                return variable.equals("GIT_SSH") ? "/bin/false" : super.getenv(variable);
            }
        });
        try {
            body.run();
        } finally {
            SystemReader.setInstance(original);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void theServersGitConfigurationNeverApplies(@TempDir Path other) throws Exception {
        try (TestGitRepository decoy = new TestGitRepository(other.resolve("decoy"))) {
            decoy.git.commit().setMessage("decoy").setAllowEmpty(true).setSign(false).call();
            withServerConfig("""
                    [url "%s"]
                    \tinsteadOf = %s
                    [http]
                    \textraHeader = X-From-Server-Config: leaked
                    """.formatted(other.resolve("decoy").toUri(), server.url()), () -> {
                int before = server.requests().size();
                TaskResult r = run(Egress.of(List.of("127.0.0.1")), "ref", "main");
                assertThat(r.outputs()).as("read from the server, not the local path the configuration points to")
                        .containsEntry("commit", repo.main3.name());
                assertThat(server.requests().subList(before, server.requests().size()))
                        .allSatisfy(h -> assertThat(h).doesNotContainKey("X-From-Server-Config"));
            });
        }
    }

    @Test
    void hooksFiltersAndSubmodulesInTheRepositoryNeverRun(@TempDir Path other) throws Exception {
        Path marker = other.resolve("hook-ran");
        String touch = "#!/bin/sh\ntouch " + marker + "\n";
        Path hostileDir = other.resolve("hostile");
        try (Git git = Git.init().setDirectory(hostileDir.toFile()).setInitialBranch("main").call()) {
            Map<String, String> files = Map.of(
                    "hooks/post-checkout", touch, ".githooks/post-checkout", touch, ".git-hooks/post-merge", touch,
                    ".gitattributes", "* filter=evil\n",
                    ".gitmodules", "[submodule \"evil\"]\n\tpath = evil\n\turl = ext::sh -c touch% " + marker + "\n\tupdate = !sh -c 'touch "
                            + marker + "'\n");
            for (var f : files.entrySet()) {
                Path p = hostileDir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                if (f.getKey().contains("hooks")) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                git.add().addFilepattern(f.getKey()).call();
            }
            // the served repository's own hooks and configuration, too
            Path serverHook = hostileDir.resolve(".git/hooks/post-checkout");
            Files.createDirectories(serverHook.getParent());
            Files.writeString(serverHook, touch);
            Files.setPosixFilePermissions(serverHook, PosixFilePermissions.fromString("rwxr-xr-x"));
            RevCommit commit = git.commit().setMessage("hostile").setSign(false).call();
            try (TestGitHttpServer hostile = new TestGitHttpServer(git.getRepository(), USER, PASSWORD)) {
                Path hooks = Files.createDirectories(other.resolve("server-hooks"));
                for (String hook : List.of("post-checkout", "post-merge", "reference-transaction", "post-index-change", "pre-auto-gc")) {
                    Files.writeString(hooks.resolve(hook), touch);
                    Files.setPosixFilePermissions(hooks.resolve(hook), PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                withServerConfig("[core]\n\thooksPath = " + hooks + "\n\tfsmonitor = " + hooks.resolve("post-checkout")
                        + "\n[filter \"evil\"]\n\tsmudge = sh -c 'touch " + marker + "'\n\tprocess = sh -c 'touch " + marker + "'\n", () -> {
                    Egress local = Egress.of(List.of("127.0.0.1"));
                    assertThat(run(local, "repository_url", hostile.url(), "command", "metadata").outputs()).containsEntry("commit", commit.name());
                    assertThat(run(local, "repository_url", hostile.url(), "command", "read_file", "path", ".gitmodules").outputs())
                            .containsEntry("commit", commit.name());
                    run(local, "repository_url", hostile.url(), "command", "ls_remote");
                });
            }
        }
        assertThat(marker).as("no hook, filter or submodule command ran").doesNotExist();
    }
}
