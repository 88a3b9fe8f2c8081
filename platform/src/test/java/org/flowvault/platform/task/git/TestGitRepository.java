package org.flowvault.platform.task.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A repository made by the test: three commits on {@code main} (the first of them tagged
 * {@code v1} lightweight), two more on {@code develop}, and the annotated tag {@code v2} on the
 * second commit of main.
 */
final class TestGitRepository implements AutoCloseable {
    final Git git;
    final RevCommit main1;
    final RevCommit main2;
    final RevCommit main3;
    final RevCommit develop2;

    TestGitRepository(Path dir) throws IOException, GitAPIException {
        git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        main1 = commit(dir, "README.md", "# app\n", "first commit", "Ada Lovelace", "ada@example.com", 1_700_000_000);
        git.tag().setName("v1").setAnnotated(false).call();
        main2 = commit(dir, "app.txt", "version 2\n", "second commit\n\nwith a body", "Ada Lovelace", "ada@example.com", 1_700_000_100);
        git.tag().setName("v2").setMessage("release 2").setAnnotated(true)
                .setTagger(new PersonIdent("Rel Eng", "rel@example.com", Instant.ofEpochSecond(1_700_000_150), ZoneOffset.UTC))
                .setObjectId(main2).call();
        main3 = commit(dir, "app.txt", "version 3\n", "third commit", "Ada Lovelace", "ada@example.com", 1_700_000_200);
        git.checkout().setCreateBranch(true).setName("develop").setStartPoint(main2).call();
        commit(dir, "feature.txt", "wip\n", "develop work", "Grace Hopper", "grace@example.com", 1_700_000_300);
        develop2 = commit(dir, "README.md", "# app (develop)\n", "develop: readme", "Grace Hopper", "grace@example.com", 1_700_000_400);
        git.checkout().setName("main").call();
    }

    private RevCommit commit(Path dir, String file, String content, String message, String name, String email, long epoch)
            throws IOException, GitAPIException {
        Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
        git.add().addFilepattern(file).call();
        PersonIdent who = new PersonIdent(name, email, Instant.ofEpochSecond(epoch), ZoneOffset.ofHours(2));
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    Repository repository() {
        return git.getRepository();
    }

    @Override
    public void close() {
        git.close();
    }
}
