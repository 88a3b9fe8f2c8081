package org.flowvault.platform.task.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskInputs;

/**
 * The credentials and scratch space of one GIT step: HTTP basic credentials
 * ({@code username}/{@code password}, or {@code token} with a default user name), or an SSH key
 * ({@code ssh_private_key}, optional {@code passphrase}) checked against {@code known_hosts} unless
 * {@code strict_host_key_checking: false}. Everything lives in a private temporary directory that
 * {@link #close()} deletes; nothing of the user's own {@code ~/.ssh} is read. Every connection is
 * checked against the egress list and credentials go to the remote's origin only (see
 * {@link CheckedTransports}).
 */
final class GitAccess implements AutoCloseable {
    /** The user name sent with a {@code token} when none is given; GitHub, GitLab and Gitea accept it. */
    static final String TOKEN_USER = "x-access-token";

    private final Path scratch;
    private final GitRemote remote;
    private final CheckedTransports transports;
    private final CredentialsProvider credentials;
    private final SshdSessionFactory ssh;
    private final int timeoutSeconds;

    private GitAccess(Path scratch, GitRemote remote, CheckedTransports transports, CredentialsProvider credentials,
                      SshdSessionFactory ssh, int timeoutSeconds) {
        this.scratch = scratch;
        this.remote = remote;
        this.transports = transports;
        this.credentials = credentials;
        this.ssh = ssh;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The access to {@code remote}; every connection JGit makes for it is checked against {@code egress}. */
    static GitAccess open(TaskInputs in, GitRemote remote, Egress egress, int timeoutSeconds) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("flowvault-git-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for git", e);
        }
        try {
            CheckedTransports transports = new CheckedTransports(egress, remote);
            CredentialsProvider credentials = null;
            String password = in.string("password").orElse(null);
            String token = in.string("token").orElse(null);
            String user = in.string("username").or(() -> in.string("user")).orElse(null);
            if (password != null || token != null) {
                credentials = transports.credentials(user != null ? user : TOKEN_USER, password != null ? password : token);
            }
            SshdSessionFactory ssh = null;
            if (remote.scheme().equals("ssh")) {
                ssh = sshFactory(in, scratch, user);
            }
            return new GitAccess(scratch, remote, transports, credentials, ssh, timeoutSeconds);
        } catch (RuntimeException | IOException e) {
            delete(scratch);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot prepare the SSH configuration for git", io);
            }
            throw (RuntimeException) e;
        }
    }

    private static SshdSessionFactory sshFactory(TaskInputs in, Path scratch, String user) throws IOException {
        Path sshDir = Files.createDirectory(scratch.resolve("ssh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String key = in.string("ssh_private_key").orElse(null);
        Path keyFile = null;
        if (key != null) {
            keyFile = sshDir.resolve("id_key");
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, key.endsWith("\n") ? key : key + "\n", StandardCharsets.UTF_8);
        }
        boolean strict = in.bool("strict_host_key_checking", true);
        String knownHosts = in.string("known_hosts").orElse(null);
        if (strict && knownHosts == null) {
            throw in.missing("known_hosts", "give the server's host key line(s) (as in ~/.ssh/known_hosts, e.g. from "
                    + "ssh-keyscan), or set strict_host_key_checking: false to accept any host key (insecure)");
        }
        Path knownHostsFile = sshDir.resolve("known_hosts");
        Files.writeString(knownHostsFile, knownHosts == null ? "" : knownHosts + "\n", StandardCharsets.UTF_8);
        Path config = sshDir.resolve("config");
        Files.writeString(config, "Host *\n"
                + "  StrictHostKeyChecking " + (strict ? "yes" : "no") + "\n"
                + "  UserKnownHostsFile " + knownHostsFile + "\n"
                + "  IdentitiesOnly yes\n"
                + (keyFile != null ? "  IdentityFile " + keyFile + "\n" : "")
                + (user != null ? "  User " + user.replaceAll("\\s", "") + "\n" : ""), StandardCharsets.UTF_8);
        char[] passphrase = in.string("passphrase").map(String::toCharArray).orElse(null);
        Path identity = keyFile;
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(scratch.toFile())
                .setSshDirectory(sshDir.toFile())
                .setConfigFile(dir -> config.toFile())
                .setDefaultKnownHostsFiles(dir -> List.of(knownHostsFile))
                .setDefaultIdentities(dir -> identity == null ? List.of() : List.of(identity))
                .setPreferredAuthentications(identity == null ? "password,keyboard-interactive" : "publickey")
                .setKeyPasswordProvider(cp -> new FixedPassphrase(passphrase))
                // straight to the checked host: no SOCKS or HTTP proxy from the JVM's settings
                .setProxyDataFactory(address -> null)
                .build(new JGitKeyCache());
    }

    /** Applies credentials, the checked transports (SSH factory included) and the timeout to a JGit command. */
    <C extends TransportCommand<C, ?>> C configure(C command) {
        if (credentials != null) {
            command.setCredentialsProvider(credentials);
        }
        command.setTimeout(timeoutSeconds);
        command.setTransportConfigCallback(transports.callback(ssh));
        return command;
    }

    /** Why the egress list stopped a connection of this access, or null. */
    TaskException refusal() {
        return transports.refusal();
    }

    /** A new empty directory inside the scratch space. */
    Path directory(String name) {
        try {
            return Files.createDirectory(scratch.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for git", e);
        }
    }

    String url() {
        return remote.url();
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
        delete(scratch);
    }

    static void delete(Path root) {
        try {
            if (Files.exists(root)) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            // best effort: a leftover temp dir holds no credential once the key file is gone
        }
    }

    /** Answers the key's passphrase once; a wrong one fails instead of prompting. */
    private static final class FixedPassphrase implements KeyPasswordProvider {
        private final char[] passphrase;
        private int attempts = 1;

        FixedPassphrase(char[] passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            return passphrase == null ? null : passphrase.clone();
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {
            this.attempts = Math.max(1, Math.min(1, maxNumberOfAttempts));
        }

        @Override
        public int getAttempts() {
            return attempts;
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false;
        }
    }
}
