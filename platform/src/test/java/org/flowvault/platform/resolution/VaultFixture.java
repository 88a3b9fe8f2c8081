package org.flowvault.platform.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.KvVersionSetting;
import org.flowvault.platform.vaultconfig.VaultConfiguration.Scope;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest;
import org.flowvault.vault.server.TestVault;

/**
 * A real embedded Vault-API server for resolution tests, with a file audit device so tests count
 * the requests that reached the server, and helpers to write secrets, policies and tokens.
 */
final class VaultFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestVault vault;
    final VaultClient root;
    /** An unauthenticated client on the server, for VaultAccess identities (no retries: outages fail fast). */
    final VaultClient base;
    private final Path audit;

    VaultFixture() {
        vault = TestVault.dev();
        root = VaultClient.create(VaultClientConfig.builder().address(vault.address()).token(VaultToken.of(vault.rootToken())).build());
        base = VaultClient.create(VaultClientConfig.builder().address(vault.address()).retry(RetryPolicy.none())
                .connectTimeout(Duration.ofSeconds(2)).build());
        try {
            audit = Files.createTempFile("flowvault-audit", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestVault.Reply r = vault.call("POST", "sys/audit/test", vault.rootToken(),
                Map.of("type", "file", "options", Map.of("file_path", audit.toString())));
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("cannot enable the audit device: " + r.status() + " " + r.body());
        }
    }

    static VaultConfiguration config(String name, URI url, AuthMethod method, Duration ttl, boolean serveStale) {
        return configuration(name, url, method, ttl, serveStale, null, "secret", KvVersionSetting.AUTO);
    }

    static VaultConfiguration configuration(String name, URI url, AuthMethod method, Duration ttl, boolean serveStale,
                                            String namespace, String kvMount, KvVersionSetting kv) {
        return new VaultConfiguration(UUID.randomUUID(), name, url, true, null, namespace, method, null, kvMount, kv,
                Scope.platformWide(), true, VaultConfiguration.DEFAULT_RENEWAL_THRESHOLD, ttl, serveStale);
    }

    URI url() {
        return URI.create(vault.address());
    }

    static String random(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    void mount(String path, String type, String version) {
        MountRequest.Builder b = MountRequest.builder(type);
        if (version != null) {
            b.option("version", version);
        }
        root.sys().enableMount(path, b.build());
    }

    /** A token whose only policy is {@code hcl}. */
    String token(String hcl) {
        String policy = random("p");
        root.sys().writePolicy(policy, hcl);
        return root.token().create(TokenCreateRequest.builder().policies(policy).build()).token().value();
    }

    /** How many reads of {@code apiPath} (as the audit log names it, namespace included) reached the server. */
    long reads(String apiPath) {
        try {
            List<String> lines = Files.readAllLines(audit);
            long n = 0;
            for (String line : lines) {
                JsonNode e = JSON.readTree(line);
                JsonNode req = e.path("request");
                if (e.path("type").asText().equals("response") && req.path("operation").asText().equals("read")
                        && req.path("path").asText().equals(apiPath)) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many mount lookups for paths starting with {@code pathPrefix} ({@code sys/internal/ui/mounts/PATH}) reached the server. */
    long mountLookups(String pathPrefix) {
        try {
            long n = 0;
            for (String line : Files.readAllLines(audit)) {
                JsonNode e = JSON.readTree(line);
                if (e.path("type").asText().equals("response")
                        && e.path("request").path("path").asText().startsWith("sys/internal/ui/mounts/" + pathPrefix)) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        base.close();
        root.close();
        vault.close();
    }
}
