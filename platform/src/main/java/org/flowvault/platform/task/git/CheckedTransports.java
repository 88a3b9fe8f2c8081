package org.flowvault.platform.task.git;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnection;
import org.eclipse.jgit.util.FS;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskException;

/**
 * What JGit may contact for one GIT step: every HTTP request (the first, each redirect JGit
 * follows, dumb-protocol alternates) and every SSH session is checked against the operator's
 * egress list just before it connects, without a proxy; credentials go to the repository's own
 * origin only. A refusal is remembered, because JGit wraps or swallows the exception it gets:
 * the task reports {@link #refusal()} instead of JGit's message.
 */
final class CheckedTransports {
    private final Egress egress;
    private final GitRemote remote;
    private final AtomicReference<TaskException> refused = new AtomicReference<>();

    CheckedTransports(Egress egress, GitRemote remote) {
        this.egress = egress;
        this.remote = remote;
    }

    /** The first refusal, or null. */
    TaskException refusal() {
        return refused.get();
    }

    /** Puts the checks on a transport JGit opened; any transport but HTTP(S) for an http(s) remote, or SSH for ssh, is refused. */
    TransportConfigCallback callback(SshSessionFactory ssh) {
        return transport -> {
            boolean http = remote.scheme().startsWith("http");
            if (http && transport instanceof TransportHttp h) {
                h.setHttpConnectionFactory(new Http());
            } else if (!http && transport instanceof SshTransport s && ssh != null) {
                s.setSshSessionFactory(new Ssh(ssh));
            } else {
                throw refuse(TaskException.input("GIT may not use " + transport.getClass().getSimpleName()
                        + " for repository_url: only https://, http:// and ssh:// remotes are allowed"));
            }
        };
    }

    /** {@code user}/{@code password} for the repository's origin, and for nothing else. */
    CredentialsProvider credentials(String user, String password) {
        UsernamePasswordCredentialsProvider inner = new UsernamePasswordCredentialsProvider(user, password);
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(CredentialItem... items) {
                return inner.supports(items);
            }

            @Override
            public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
                return remote.origin().equals(GitRemote.origin(uri)) && inner.get(uri, items);
            }

            @Override
            public void reset(URIish uri) {
                inner.reset(uri);
            }
        };
    }

    private void check(String scheme, String host, int port) throws TaskException {
        try {
            egress.check("GIT", scheme, host, port);
        } catch (TaskException e) {
            throw refuse(e);
        }
    }

    private TaskException refuse(TaskException e) {
        refused.compareAndSet(null, e);
        return e;
    }

    /** JDK connections, each checked, never through a proxy, without credentials for another origin. */
    private final class Http implements HttpConnectionFactory {
        @Override
        public HttpConnection create(URL url) throws IOException {
            return create(url, Proxy.NO_PROXY);
        }

        @Override
        public HttpConnection create(URL url, Proxy ignored) throws IOException {
            String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
            int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
            try {
                if (!scheme.equals("https") && !scheme.equals("http")) {
                    throw refuse(TaskException.input("GIT may not follow the remote to a " + scheme + " URL: only https and http"));
                }
                check(scheme, url.getHost(), port);
            } catch (TaskException e) {
                throw new IOException(e.getMessage());
            }
            boolean sameOrigin;
            try {
                sameOrigin = remote.origin().equals(GitRemote.origin(new URIish(url)));
            } catch (RuntimeException e) {
                sameOrigin = false;
            }
            boolean trusted = sameOrigin;
            return new JDKHttpConnection(url, Proxy.NO_PROXY) {
                @Override
                public void setRequestProperty(String key, String value) {
                    String k = key.toLowerCase(Locale.ROOT);
                    if (trusted || !(k.equals("authorization") || k.equals("proxy-authorization") || k.equals("cookie"))) {
                        super.setRequestProperty(key, value);
                    }
                }
            };
        }
    }

    /** JGit's SSH sessions, each checked first. */
    private final class Ssh extends SshSessionFactory {
        private final SshSessionFactory delegate;

        Ssh(SshSessionFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutMillis) throws TransportException {
            try {
                check("ssh", uri.getHost() == null ? "" : uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 22);
            } catch (TaskException e) {
                throw new TransportException(uri, e.getMessage());
            }
            return delegate.getSession(uri, credentials, fs, timeoutMillis);
        }

        @Override
        public String getType() {
            return delegate.getType();
        }

        @Override
        public void releaseSession(RemoteSession session) {
            delegate.releaseSession(session);
        }
    }
}
