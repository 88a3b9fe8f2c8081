package org.flowvault.platform.task.git;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackStatistics;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;

/**
 * Serves one repository as {@code /git/app.git} over smart HTTP (JGit's GitServlet on Jetty)
 * behind basic authentication, and remembers the headers of every request and the statistics of
 * the last pack it sent.
 */
final class TestGitHttpServer implements AutoCloseable {
    private final Server server;
    private final AtomicReference<PackStatistics> lastPack = new AtomicReference<>();
    private final Queue<Map<String, String>> requests = new ConcurrentLinkedQueue<>();

    TestGitHttpServer(Repository repository, String user, String password) throws Exception {
        GitServlet git = new GitServlet();
        RepositoryResolver<HttpServletRequest> resolver = (request, name) -> {
            if (!name.equals("app.git")) {
                throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
            }
            repository.incrementOpen();
            return repository;
        };
        git.setRepositoryResolver(resolver);
        git.setUploadPackFactory((request, db) -> {
            UploadPack up = new UploadPack(db);
            up.setPostUploadHook(lastPack::set);
            return up;
        });
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(git), "/git/*");
        context.addFilter(new FilterHolder(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                Collections.list(req.getHeaderNames()).forEach(h -> headers.put(h, req.getHeader(h)));
                requests.add(headers);
                if (!expected.equals(req.getHeader("Authorization"))) {
                    res.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
                    res.sendError(401);
                    return;
                }
                chain.doFilter(req, res);
            }
        }), "/*", EnumSet.of(DispatcherType.REQUEST));
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(context);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/git/app.git";
    }

    /** The headers of every request that arrived, in order. */
    List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    PackStatistics lastPack() {
        return lastPack.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
