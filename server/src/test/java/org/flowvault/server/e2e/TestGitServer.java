package org.flowvault.server.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A git repository built by the test (one commit on {@code main} with {@code README.md}), served
 * over git's smart HTTP protocol (stateless upload-pack, JGit's {@link UploadPack} on the JDK's
 * HTTP server) behind basic authentication: a request without the expected user/password gets
 * 401 with a {@code WWW-Authenticate} challenge, as a real git host answers.
 */
final class TestGitServer implements AutoCloseable {
    private final Path dir;
    private final Git git;
    private final RevCommit commit;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String user;
    private final String password;

    TestGitServer(String user, String password, String readme) {
        this.user = user;
        this.password = password;
        try {
            dir = Files.createTempDirectory("e2e-git");
            git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            Files.writeString(dir.resolve("README.md"), readme);
            git.add().addFilepattern("README.md").call();
            PersonIdent who = new PersonIdent("E2E Author", "e2e@example.org");
            commit = git.commit().setMessage("first commit").setAuthor(who).setCommitter(who).call();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/repo.git/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
    }

    String commitId() {
        return commit.getName();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            Repository repo = git.getRepository();
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/info/refs") && "service=git-upload-pack".equals(ex.getRequestURI().getQuery())) {
                ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
                ex.getResponseHeaders().add("Cache-Control", "no-cache");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                PacketLineOut pck = new PacketLineOut(out);
                pck.writeString("# service=git-upload-pack\n");
                pck.end();
                UploadPack up = new UploadPack(repo);
                up.setBiDirectionalPipe(false);
                up.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
                out.flush();
            } else if (path.endsWith("/git-upload-pack") && "POST".equals(ex.getRequestMethod())) {
                InputStream in = ex.getRequestBody();
                if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
                ex.sendResponseHeaders(200, 0);
                UploadPack up = new UploadPack(repo);
                up.setBiDirectionalPipe(false);
                up.upload(in, ex.getResponseBody(), null);
            } else {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(404, -1);
            }
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String expected = user + ":" + password;
        return expected.equals(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        git.close();
    }
}
