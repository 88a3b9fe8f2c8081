package org.flowvault.cli.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.flowvault.cli.CliProcess;
import org.flowvault.sdk.core.ContractServer;
import org.flowvault.sdk.credential.CredentialKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowvault credential ...} as a user runs it (a child JVM, secrets piped on stdin, the key
 * in the environment or a 0600 file) against {@link ContractServer}, the stand-in for the
 * credential endpoints until the server's land in this tree: the server receives ciphertexts
 * only, and nothing but {@code get --show-secrets} prints a secret.
 */
class CredentialCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "https://portal.example.com";

    @TempDir
    Path home;
    private ContractServer server;
    private CredentialKey key;
    private CliProcess cli;

    @BeforeEach
    void start() throws Exception {
        server = new ContractServer();
        String project = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        key = CredentialKey.generate();
        server.addKeyVersion(project, key);
        cli = new CliProcess(home, server.address(), ContractServer.TOKEN, project).with("FLOWVAULT_CREDENTIAL_KEY", key.toHex());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anEntryIsCreatedListedShownUpdatedUsedAndDeletedWithSecretsOnlyFromStdin() throws Exception {
        String user = "alice-" + UUID.randomUUID() + "@example.com";
        String pw1 = "pw1-" + UUID.randomUUID();
        String pw2 = "pw2-" + UUID.randomUUID();
        String totp = "JBSWY3DPEHPK3PXP";

        CliProcess.Result create = cli.runWithInput(user + "\n" + pw1 + "\n" + totp + "\n", "credential", "create", DOMAIN, "user-alice",
                "--tfa-secret", "--alias", "Alice's account", "--persist-cookies", "--allow-multiple-sessions", "--max-concurrency", "2");
        assertThat(create.exit()).as("%s", create).isZero();
        assertThat(create.out()).contains("created credential entry");

        CliProcess.Result list = cli.with("FLOWVAULT_CREDENTIAL_KEY", null).run("credential", "list");
        assertThat(list.exit()).as("%s", list).isZero();
        assertThat(list.out()).contains("user-alice", "Alice's account", "user_name,password,tfa_secret");

        CliProcess.Result masked = cli.run("credential", "get", DOMAIN, "user-alice");
        assertThat(masked.exit()).as("%s", masked).isZero();
        assertThat(masked.out()).contains("password:", "****", "Alice's account", "persist_cookies:", "max_concurrency:");

        CliProcess.Result shown = cli.run("credential", "get", DOMAIN, "user-alice", "--show-secrets");
        assertThat(shown.out()).as("%s", shown).contains(pw1, user, totp);

        CliProcess.Result update = cli.runWithInput(pw2 + "\n", "credential", "update", DOMAIN, "user-alice", "--password");
        assertThat(update.exit()).as("%s", update).isZero();
        JsonNode after = JSON.readTree(cli.run("credential", "get", DOMAIN, "user-alice", "--show-secrets", "--output", "json").out());
        assertThat(after.path("password").asText()).isEqualTo(pw2);
        assertThat(after.path("user_name").asText()).isEqualTo(user);
        assertThat(after.path("tfa_secret").asText()).isEqualTo(totp);
        assertThat(after.path("user_alias").asText()).isEqualTo("Alice's account");

        CliProcess.Result code = cli.run("credential", "totp", DOMAIN, "user-alice");
        assertThat(code.out().strip()).as("%s", code).isEqualTo("492039");
        assertThat(code.err()).contains("valid for 17 s");

        CliProcess.Result delete = cli.run("credential", "delete", DOMAIN, "user-alice");
        assertThat(delete.exit()).as("%s", delete).isZero();
        CliProcess.Result gone = cli.run("credential", "get", DOMAIN, "user-alice");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("has no credential entry");

        for (CliProcess.Result r : List.of(create, list, masked, update, code, delete, gone)) {
            assertThat(r.out() + r.err()).doesNotContain(pw1).doesNotContain(pw2).doesNotContain(user).doesNotContain(key.toHex());
        }
        for (ContractServer.Request r : server.requests()) {
            assertThat(r.body() + r.query()).doesNotContain(pw1).doesNotContain(pw2).doesNotContain(user).doesNotContain(totp)
                    .doesNotContain(key.toHex());
        }
    }

    @Test
    void withoutAKeyTheCommandsThatEncryptOrRevealSayHowToGiveOneAndSendNothing() throws Exception {
        CliProcess keyless = cli.with("FLOWVAULT_CREDENTIAL_KEY", null);

        CliProcess.Result create = keyless.runWithInput("alice\npw\n", "credential", "create", DOMAIN, "user-alice");
        CliProcess.Result show = keyless.run("credential", "get", DOMAIN, "user-alice", "--show-secrets");

        for (CliProcess.Result r : List.of(create, show)) {
            assertThat(r.exit()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).contains("needs the project's credential key", "FLOWVAULT_CREDENTIAL_KEY", "--key-file");
        }
        assertThat(server.requests()).noneMatch(r -> r.method().equals("POST"));
        CliProcess.Result badEnv = cli.with("FLOWVAULT_CREDENTIAL_KEY", "not-a-key-" + "x".repeat(20)).run("credential", "get", DOMAIN, "u");
        assertThat(badEnv.err()).contains("FLOWVAULT_CREDENTIAL_KEY: a credential key is 64 hex characters").doesNotContain("not-a-key");
    }

    @Test
    void aKeyFileMustBeOnlyItsOwners() throws Exception {
        Path file = home.resolve("credential.key");
        Files.writeString(file, key.toHex() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CliProcess fromFile = cli.with("FLOWVAULT_CREDENTIAL_KEY", null);

        CliProcess.Result open = fromFile.runWithInput("alice\npw\n", "credential", "create", DOMAIN, "user-alice", "--key-file", file.toString());
        assertThat(open.exit()).isEqualTo(1);
        assertThat(open.err()).contains("may be read or changed by other users", "chmod 600");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CliProcess.Result ok = fromFile.runWithInput("alice\npw\n", "credential", "create", DOMAIN, "user-alice", "--key-file", file.toString());
        assertThat(ok.exit()).as("%s", ok).isZero();

        Path wrong = home.resolve("wrong.key");
        Files.writeString(wrong, "hunter2-not-a-key");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        CliProcess.Result bad = fromFile.run("credential", "get", DOMAIN, "user-alice", "--key-file", wrong.toString());
        assertThat(bad.err()).contains("64 hex characters").doesNotContain("hunter2");
    }

    @Test
    void aGeneratedKeyGoesToANewOwnerOnlyFileAndAnImportedOneComesFromStdin() throws Exception {
        Path out = home.resolve("v2.key");

        CliProcess.Result generated = cli.run("credential", "key", "generate", "--out", out.toString());

        assertThat(generated.exit()).as("%s", generated).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        CredentialKey written = CredentialKey.fromHex(Files.readString(out));
        assertThat(generated.out() + generated.err()).doesNotContain(written.toHex()).contains("version 2");
        CliProcess.Result again = cli.run("credential", "key", "generate", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists");

        CredentialKey seed = CredentialKey.generate();
        CliProcess.Result imported = cli.with("FLOWVAULT_CREDENTIAL_KEY", null).runWithInput(seed.toHex() + "\n", "credential", "key", "import");
        assertThat(imported.exit()).as("%s", imported).isZero();
        assertThat(imported.out()).contains("as version 4", seed.fingerprint()).doesNotContain(seed.toHex());
        assertThat(cli.run("credential", "key", "list").out().lines()).first().asString().startsWith("VERSION");
        assertThat(cli.run("credential", "key", "list").out().lines()).anyMatch(l -> l.matches("4\\s+current\\s.*"));
    }

    @Test
    void theSeedProductsFormatIsWrittenOnRequest() throws Exception {
        CliProcess.Result create = cli.runWithInput("alice\npw\n", "credential", "create", DOMAIN, "user-alice", "--format", "v1");

        assertThat(create.exit()).as("%s", create).isZero();
        JsonNode sent = JSON.readTree(server.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow().body());
        assertThat(sent.path("password").asText()).matches("[0-9a-f]+");
        assertThat(cli.run("credential", "get", DOMAIN, "user-alice", "--show-secrets").out()).contains("pw");
    }
}
