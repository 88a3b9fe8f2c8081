package org.flowvault.platform.task.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a repository served over smart HTTP with basic authentication by the test. */
class GitTaskHttpTest {
    /** The test's server is on loopback, which tasks may not reach unless the operator lists it. */
    private static final Egress PEERS = Egress.of(java.util.List.of("127.0.0.1"));
    private static final String USER = "git-user";
    private static final String PASSWORD = "git-password-123";

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

    private TaskResult run(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repository_url", server.url());
        m.put("username", USER);
        m.put("password", PASSWORD);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return task.execute(m, TaskContext.builder(new Masker()).egress(PEERS).build());
    }

    @Test
    void metadataOfABranchFetchesOnlyItsTipCommit() {
        TaskResult r = run("command", "metadata", "ref", "develop");
        assertThat(r.outputs())
                .containsEntry("commit", repo.develop2.name())
                .containsEntry("ref", "refs/heads/develop")
                .containsEntry("author_name", "Grace Hopper")
                .containsEntry("author_email", "grace@example.com")
                .containsEntry("date", "2023-11-15T00:20:00+02:00")
                .containsEntry("message", "develop: readme");
        // depth 1: one commit, its tree and its three files; not the four commits behind it
        assertThat(server.lastPack().getTotalObjects()).isEqualTo(5);
        assertThat(r.sensitive()).isEmpty();
    }

    @Test
    void metadataDefaultsToHeadAndPeelsAnnotatedTags() {
        assertThat(run().outputs()).containsEntry("commit", repo.main3.name()).containsEntry("message", "third commit");
        assertThat(run("ref", "v2").outputs()).containsEntry("commit", repo.main2.name()).containsEntry("ref", "refs/tags/v2")
                .containsEntry("message", "second commit\n\nwith a body");
        assertThat(run("ref", "refs/tags/v1").outputs()).containsEntry("commit", repo.main1.name());
    }

    @Test
    void metadataOfACommitIdThatNoRefNames() {
        assertThat(run("ref", repo.main1.name()).outputs()).containsEntry("commit", repo.main1.name())
                .containsEntry("message", "first commit").containsEntry("author_name", "Ada Lovelace");
        assertThat(run("ref", repo.main2.name().substring(0, 10)).outputs()).containsEntry("commit", repo.main2.name());
    }

    @Test
    void lsRemoteListsBranchesTagsPeeledTagsAndHead() {
        TaskResult r = run("command", "ls-remote");
        assertThat(r.outputs().get("refs")).asInstanceOf(MAP)
                .containsEntry("refs/heads/main", repo.main3.name())
                .containsEntry("refs/heads/develop", repo.develop2.name())
                .containsEntry("refs/tags/v1", repo.main1.name())
                .containsEntry("refs/tags/v2^{}", repo.main2.name())
                .containsKey("refs/tags/v2");
        assertThat(r.outputs()).containsEntry("head", "refs/heads/main");
    }

    @Test
    void readFileReturnsTheContentAtTheRef() {
        assertThat(run("command", "read_file", "ref", "develop", "path", "README.md").outputs())
                .containsEntry("content", "# app (develop)\n").containsEntry("encoding", "utf-8").containsEntry("size", 16)
                .containsEntry("commit", repo.develop2.name());
        assertThat(run("command", "read_file", "ref", "v2", "path", "/app.txt").outputs()).containsEntry("content", "version 2\n");
        assertThatThrownBy(() -> run("command", "read_file", "ref", "main", "path", "feature.txt"))
                .isInstanceOf(TaskException.class).hasMessageContaining("input \"path\" is not a file at commit " + repo.main3.name()).hasMessageNotContaining("feature.txt");
    }

    @Test
    void wrongPasswordFailsWithAHintAndWithoutTheSecret() {
        assertThatThrownBy(() -> run("password", "wrong-password-456"))
                .isInstanceOf(TaskException.class)
                .satisfies(e -> assertThat(((TaskException) e).kind()).isEqualTo(TaskException.Kind.REMOTE))
                .hasMessageContaining("GIT metadata " + server.url())
                .hasMessageContaining("check the credentials")
                .hasMessageNotContaining("wrong-password-456");
        Map<String, Object> noCredentials = new LinkedHashMap<>(Map.of("repository_url", server.url()));
        assertThatThrownBy(() -> task.execute(noCredentials, TaskContext.builder(new Masker()).egress(PEERS).build()))
                .isInstanceOf(TaskException.class).hasMessageContaining("check the credentials");
    }

    @Test
    void tokenIsSentWithTheDefaultUserName(@TempDir Path other) throws Exception {
        try (TestGitRepository r = new TestGitRepository(other);
             TestGitHttpServer s = new TestGitHttpServer(r.repository(), GitAccess.TOKEN_USER, "tok-abcdef-123")) {
            Map<String, Object> in = new LinkedHashMap<>(Map.of("repository_url", s.url(), "token", "tok-abcdef-123", "ref", "main"));
            assertThat(task.execute(in, TaskContext.builder(new Masker()).egress(PEERS).build()).outputs()).containsEntry("commit", r.main3.name());
        }
    }

    @Test
    void unknownRefAndBadInputsAreNamed() {
        assertThatThrownBy(() -> run("ref", "no-such-branch")).hasMessageContaining("GIT input \"ref\" is neither").hasMessageNotContaining("no-such")
                .hasMessageContaining("refs/heads/develop");
        assertThatThrownBy(() -> run("repository_url", "")).hasMessageContaining("GIT input \"repository_url\" is missing");
        assertThatThrownBy(() -> run("repository_url", "/srv/git/app.git")).hasMessageContaining("local paths, file://, bundles");
        assertThatThrownBy(() -> run("repository_url", "file:///srv/git/app.git")).hasMessageContaining("local paths and file:// are not allowed");
        assertThatThrownBy(() -> run("command", "clone")).hasMessageContaining("must be metadata, ls_remote or read_file");
    }

    @Test
    void temporaryRepositoriesAreDeleted() throws IOException {
        long before = scratchDirectories();
        run("ref", "develop");
        assertThatThrownBy(() -> run("ref", "no-such-branch")).isInstanceOf(TaskException.class);
        assertThat(scratchDirectories()).isEqualTo(before);
    }

    private static long scratchDirectories() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("flowvault-git-")).count();
        }
    }
}
