package org.flowvault.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.flowvault.cli.CliProcess;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowvault admin rotate-master-key} as an operator runs it, in a child JVM with the nodes'
 * configuration: the new key active and the old one previous; afterwards the database opens with
 * the new key alone, every sealed value reads back, and the status names the retired key.
 */
class RotateMasterKeyCommandTest {

    @Test
    void rotationReWrapsUnderTheNewKeyAndRetiresTheOldOneWithoutPrintingAKey(@TempDir Path dir) throws Exception {
        String oldKey = newKey();
        String newKey = newKey();
        String url = "jdbc:h2:file:" + dir.resolve("db");
        String sealed;
        try (Database db = Database.open(url, "sa", "", 2)) {
            sealed = SecretBox.open(db, MasterKey.fromBase64(oldKey, "old")).seal("kept-value", "rec:cli");
        }
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, "database: {url: \"" + url + "\", user: sa}\n");
        CliProcess cli = new CliProcess(dir, "http://127.0.0.1:1", "unused", null);

        CliProcess.Result none = cli.with("FLOWVAULT_MASTER_KEY", oldKey).run("admin", "master-key-status", "--config", config.toString());
        assertThat(none.exit()).as("%s", none).isZero();
        assertThat(none.out()).contains("No master key rotation has been started");

        CliProcess.Result lacking = cli.with("FLOWVAULT_MASTER_KEY", newKey)
                .run("admin", "rotate-master-key", "--config", config.toString(), "--wait");
        assertThat(lacking.exit()).as("%s", lacking).isEqualTo(2);
        assertThat(lacking.err()).contains("FLOWVAULT_MASTER_KEY_PREVIOUS").doesNotContain(newKey).doesNotContain(oldKey);

        CliProcess.Result rotated = cli.with("FLOWVAULT_MASTER_KEY", newKey).with("FLOWVAULT_MASTER_KEY_PREVIOUS", oldKey)
                .run("admin", "rotate-master-key", "--config", config.toString(), "--wait");
        String oldId = MasterKey.fromBase64(oldKey, "old").id();
        String newId = MasterKey.fromBase64(newKey, "new").id();
        assertThat(rotated.exit()).as("%s", rotated).isZero();
        assertThat(rotated.out()).contains("to master key " + newId).contains("done").contains("1/1")
                .contains("Retired key ids (remove them from every node): " + oldId)
                .doesNotContain(newKey).doesNotContain(oldKey);

        CliProcess.Result status = cli.with("FLOWVAULT_MASTER_KEY", newKey).run("admin", "master-key-status", "--config", config.toString());
        assertThat(status.exit()).as("%s", status).isZero();
        assertThat(status.out()).contains("done").contains(oldId);

        try (Database db = Database.open(url, "sa", "", 2)) {
            assertThat(SecretBox.open(db, MasterKey.fromBase64(newKey, "new")).open(sealed, "rec:cli")).isEqualTo("kept-value");
        }
    }

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
