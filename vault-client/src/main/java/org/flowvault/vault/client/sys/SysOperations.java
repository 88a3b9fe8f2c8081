package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.ApiPaths;
import org.flowvault.vault.client.internal.Json;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * The system backend ({@code sys/}): health and seal state (no token needed), initialization,
 * unsealing and sealing, secrets engine mounts and their tuning, auth methods, and ACL policies.
 * Seal-related calls always go to the root namespace; mounts and policies to the client's. Obtain
 * it from {@link org.flowvault.vault.client.VaultClient#sys()}. Immutable and thread-safe.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system">System backend API</a>
 */
public final class SysOperations {
    private static final String HEALTH = "sys/health?standbycode=200&sealedcode=200&uninitcode=200"
            + "&drsecondarycode=200&performancestandbycode=200";

    private final VaultCalls calls;
    private final VaultCalls root;

    static {
        Access.operations(SysOperations.class, (calls, mount) -> new SysOperations(calls));
    }

    /** Made by {@link org.flowvault.vault.client.VaultClient} only (through {@link Access}); . */
    SysOperations(VaultCalls calls) {
        this.calls = calls;
        this.root = calls.withNamespace("");
    }

    /**
     * The server's health, without a token. Answers for a sealed, uninitialized or standby server
     * too (the state is in the result, not an exception).
     *
     * @throws VaultException.Unavailable when the server cannot be reached
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/health">sys/health</a>
     */
    public Health health() {
        return Health.from(root.sendWithoutToken("GET", HEALTH, null));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/seal-status">sys/seal-status</a> */
    public SealStatus sealStatus() {
        return SealStatus.from(root.sendWithoutToken("GET", "sys/seal-status", null));
    }

    /** Whether the server was initialized. @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init#read-initialization-status">sys/init</a> */
    public boolean initialized() {
        return Json.bool(root.sendWithoutToken("GET", "sys/init", null), "initialized");
    }

    /**
     * Initializes a new server, splitting the unseal key into {@code shares} shares of which
     * {@code threshold} unseal it. The result is the only copy of the shares and root token.
     *
     * @throws VaultException.InvalidRequest when the server is already initialized or the numbers are invalid
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init#start-initialization">sys/init</a>
     */
    public InitResult initialize(int shares, int threshold) {
        if (shares < 1 || threshold < 1 || threshold > shares) {
            throw new IllegalArgumentException("need 1 <= threshold <= shares, got threshold " + threshold + " of " + shares + " shares");
        }
        return InitResult.from(root.sendWithoutToken("PUT", "sys/init", Map.of("secret_shares", shares, "secret_threshold", threshold)));
    }

    /**
     * Submits one unseal key share (hex or base64).
     *
     * @return the seal state after it: still sealed until {@code threshold} shares were given
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/unseal">sys/unseal</a>
     */
    public SealStatus unseal(String keyShare) {
        if (keyShare == null || keyShare.isBlank()) {
            throw new IllegalArgumentException("keyShare must not be empty");
        }
        return SealStatus.from(root.sendWithoutToken("PUT", "sys/unseal", Map.of("key", keyShare)));
    }

    /** Submits shares until the server is unsealed or they run out; returns the final state. */
    public SealStatus unseal(List<String> keyShares) {
        if (keyShares.isEmpty()) {
            throw new IllegalArgumentException("keyShares must not be empty");
        }
        SealStatus status = null;
        for (String share : keyShares) {
            status = unseal(share);
            if (!status.sealed()) {
                break;
            }
        }
        return status;
    }

    /** Discards the shares submitted so far. */
    public SealStatus resetUnseal() {
        return SealStatus.from(root.sendWithoutToken("PUT", "sys/unseal", Map.of("reset", true)));
    }

    /**
     * Seals the server (needs a root or sudo token); it serves nothing until unsealed.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/seal">sys/seal</a>
     */
    public void seal() {
        root.send("PUT", "sys/seal", null);
    }

    /**
     * The mounted secrets engines by path, without the trailing slash ({@code "secret"}).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#list-mounted-secrets-engines">List mounted secrets engines</a>
     */
    public Map<String, MountInfo> mounts() {
        return mountTable(calls.get("sys/mounts"));
    }

    /**
     * Mounts a secrets engine at {@code path}.
     *
     * @throws VaultException.InvalidRequest when the path is taken or the type unknown
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#enable-secrets-engine">Enable secrets engine</a>
     */
    public void enableMount(String path, MountRequest request) {
        calls.send("POST", "sys/mounts/" + ApiPaths.mount(path), Objects.requireNonNull(request, "request").body());
    }

    /**
     * Unmounts the engine at {@code path}, deleting all its data.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#disable-secrets-engine">Disable secrets engine</a>
     */
    public void disableMount(String path) {
        calls.send("DELETE", "sys/mounts/" + ApiPaths.mount(path), null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#read-mount-configuration">Read mount configuration</a> */
    public MountTune mountTune(String path) {
        return MountTune.from(calls.get("sys/mounts/" + ApiPaths.mount(path) + "/tune").get("data"));
    }

    /** Changes the settings made in {@code tune}. @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#tune-mount-configuration">Tune mount configuration</a> */
    public void tuneMount(String path, MountTune tune) {
        calls.send("POST", "sys/mounts/" + ApiPaths.mount(path) + "/tune", Objects.requireNonNull(tune, "tune").body());
    }

    /**
     * The enabled auth methods by path, without the trailing slash ({@code "token"}, {@code "approle"}).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/auth#list-auth-methods">List auth methods</a>
     */
    public Map<String, MountInfo> authMethods() {
        return mountTable(calls.get("sys/auth"));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/auth#enable-auth-method">Enable auth method</a> */
    public void enableAuth(String path, MountRequest request) {
        calls.send("POST", "sys/auth/" + ApiPaths.mount(path), Objects.requireNonNull(request, "request").body());
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/auth#disable-auth-method">Disable auth method</a> */
    public void disableAuth(String path) {
        calls.send("DELETE", "sys/auth/" + ApiPaths.mount(path), null);
    }

    private static Map<String, MountInfo> mountTable(JsonNode answer) {
        // Vault puts the table under "data" and, for old clients, at the top level too.
        JsonNode table = answer.has("data") && answer.get("data").isObject() ? answer.get("data") : answer;
        Map<String, MountInfo> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("/") && e.getValue().isObject()) {
                out.put(e.getKey().substring(0, e.getKey().length() - 1), MountInfo.from(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The ACL policy names. @see <a href="https://developer.hashicorp.com/vault/api-docs/system/policies#list-acl-policies">List ACL policies</a> */
    public List<String> policies() {
        return Json.strings(calls.send("LIST", "sys/policies/acl", null).path("data").get("keys"));
    }

    /** The policy's HCL (or JSON) text, or empty when there is no such policy. */
    public Optional<String> readPolicy(String name) {
        try {
            return Optional.ofNullable(Json.text(calls.get("sys/policies/acl/" + policyName(name)).get("data"), "policy"));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Creates or replaces a policy.
     *
     * @throws VaultException.InvalidRequest when the policy does not parse (Vault's message says where)
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/policies#create-update-acl-policy">Create/update ACL policy</a>
     */
    public void writePolicy(String name, String policy) {
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("policy must not be empty");
        }
        calls.send("PUT", "sys/policies/acl/" + policyName(name), Map.of("policy", policy));
    }

    /** Deletes a policy; deleting a missing one is not an error. */
    public void deletePolicy(String name) {
        calls.send("DELETE", "sys/policies/acl/" + policyName(name), null);
    }

    private static String policyName(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("policy name must be non-empty and without '/', got \"" + name + "\"");
        }
        return name;
    }

    @Override
    public String toString() {
        return "SysOperations";
    }
}
