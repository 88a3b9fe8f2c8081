package org.flowvault.platform.task.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Serves one repository as {@code ssh://git@127.0.0.1:PORT/app.git} (git-upload-pack only) with
 * Apache MINA sshd, accepting one client public key.
 */
final class TestGitSshServer implements AutoCloseable {
    private final SshServer server;
    private final PublicKey hostKey;

    TestGitSshServer(Repository repository, PublicKey clientKey, Path dir) throws IOException {
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator((user, key, session) -> user.equals("git") && KeyUtils.compareKeys(key, clientKey));
        server.setCommandFactory((channel, command) -> new UploadPackCommand(repository, command));
        server.start();
        hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
    }

    String url() {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/app.git";
    }

    /** The known_hosts line for this server. */
    String knownHosts() {
        return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** A new EC key pair for a client. */
    static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** The key pair's private key in OpenSSH format, encrypted when {@code passphrase} is not null. */
    static String openSshPrivateKey(KeyPair pair, String passphrase) throws Exception {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName(OpenSSHKeyEncryptionContext.AES);
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Runs JGit's UploadPack for {@code git-upload-pack '/app.git'}. */
    private static final class UploadPackCommand implements Command {
        private final Repository repository;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Repository repository, String command) {
            this.repository = repository;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread.ofVirtual().start(() -> {
                if (!command.matches("git-upload-pack '?/?app\\.git'?")) {
                    exit.onExit(128, "only git-upload-pack of app.git is served");
                    return;
                }
                try {
                    new UploadPack(repository).upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException e) {
                    exit.onExit(1, String.valueOf(e.getMessage()));
                }
            });
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
