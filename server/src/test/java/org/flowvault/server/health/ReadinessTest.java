package org.flowvault.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.server.ApiServer;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes against a platform database on its own H2 TCP server, which the test stops: liveness
 * stays 200, readiness goes from 200 to 503 within its probe timeout and says why without any
 * address; vault configurations are listed by name with their reachability.
 */
class ReadinessTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(ApiServer api, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.address() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFailsWhenTheDatabaseIsDownAndLivenessDoesNot() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", Files.createDirectories(dir.resolve("h2")).toString()).start();
        String name = "ready" + UUID.randomUUID().toString().replace("-", "");
        Database db = Database.open("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", 2);
        Platform platform = Platform.builder().database(db).masterKey(MasterKey.generate())
                .vaultUrlAllowList(UrlAllowList.of(List.of("127.0.0.1"))).build();
        ApiServer api = ApiServer.start(platform, "127.0.0.1", 0);
        try {
            // a configuration whose Vault is not listening: the node stays ready, the summary says which one
            String unreachable = "gone-" + UUID.randomUUID().toString().substring(0, 8);
            platform.users().bootstrapAdmin("root");
            Caller admin = platform.users().firstAdmin().orElseThrow().asCaller();
            platform.vaultConfigs().create(admin, VaultConfiguration.builder().name(unreachable).url("http://127.0.0.1:1")
                    .authMethod(VaultConfiguration.AuthMethod.USER_TOKEN).build(), VaultCredentials.none());

            HttpResponse<String> ready = get(api, "/api/v1/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.path("status").asText()).isEqualTo("ready");
            assertThat(body.path("database").asText()).isEqualTo("ok");
            assertThat(body.path("vault").asText()).isEqualTo("degraded");
            assertThat(body.path("vault_configurations").path(unreachable).asText()).isEqualTo("unreachable");
            assertThat(ready.body()).doesNotContain("127.0.0.1", "h2", "jdbc");

            h2.stop();

            HttpResponse<String> down = get(api, "/api/v1/ready");
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            JsonNode downBody = JSON.readTree(down.body());
            assertThat(downBody.path("status").asText()).isEqualTo("unready");
            assertThat(downBody.path("database").asText()).isEqualTo("unreachable");
            assertThat(down.body()).doesNotContain("127.0.0.1", "jdbc", name, "Exception");
            assertThat(get(api, "/api/v1/health").statusCode()).isEqualTo(200);
        } finally {
            api.close();
            platform.close();
            db.close();
            h2.stop();
        }
    }
}
