package org.flowvault.vault.server.sys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.vault.server.core.ApiReply;
import org.flowvault.vault.server.core.ApiRequest;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.seal.Rekey;
import org.flowvault.vault.server.seal.RootGeneration;
import org.flowvault.vault.server.seal.SealException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator key endpoints Vault serves outside its logical router, without a token (the
 * unseal key shares are the authority): {@code sys/rekey/init|update|verify} and
 * {@code sys/generate-root/attempt|update}. Bodies are raw JSON, as Vault's. They answer 400 on an
 * uninitialized server and 503 while sealed. Key shares and tokens are never logged.
 */
public final class OperatorKeyEndpoints {
    /** The paths served here, root namespace only. */
    public static final Set<String> PATHS = Set.of("sys/rekey/init", "sys/rekey/update", "sys/rekey/verify",
            "sys/generate-root/attempt", "sys/generate-root/update");
    private static final Logger LOG = LoggerFactory.getLogger(OperatorKeyEndpoints.class);

    private final Core core;

    public OperatorKeyEndpoints(Core core) {
        this.core = core;
    }

    public ApiReply handle(ApiRequest api) {
        try {
            if (!core.seal().initialized()) {
                throw VaultError.badRequest("server is not yet initialized");
            }
            if (core.sealed()) {
                throw VaultError.sealed();
            }
            String method = api.method().equals("POST") ? "PUT" : api.method();
            return switch (api.path() + " " + method) {
                case "sys/rekey/init GET" -> ok(rekeyStatus());
                case "sys/rekey/init PUT" -> startRekey(api.data());
                case "sys/rekey/init DELETE" -> {
                    core.rekey().cancel();
                    yield new ApiReply(204, null);
                }
                case "sys/rekey/update PUT" -> rekeyUpdate(api.data());
                case "sys/rekey/verify GET" -> ok(verifyStatus(core.rekey().verifyStatus()));
                case "sys/rekey/verify PUT" -> rekeyVerify(api.data());
                case "sys/rekey/verify DELETE" -> ok(verifyStatus(core.rekey().restartVerification()));
                case "sys/generate-root/attempt GET" -> ok(rootStatus(core.rootGeneration().status()));
                case "sys/generate-root/attempt PUT" -> startRootGeneration(api.data());
                case "sys/generate-root/attempt DELETE" -> {
                    core.rootGeneration().cancel();
                    yield new ApiReply(204, null);
                }
                case "sys/generate-root/update PUT" -> rootUpdate(api.data());
                default -> throw VaultError.unsupportedOperation();
            };
        } catch (SealException e) {
            return ApiReply.error(VaultError.badRequest(e.getMessage()));
        } catch (VaultError e) {
            return ApiReply.error(e);
        }
    }

    private static ApiReply ok(Map<String, Object> body) {
        return new ApiReply(200, body);
    }

    // ---- rekey ----------------------------------------------------------------------------------

    private ApiReply startRekey(Map<String, Object> d) {
        if (SealEndpoints.present(d.get("pgp_keys"))) {
            throw VaultError.badRequest("PGP-encrypted key shares are not supported by the Flowvault server; omit pgp_keys");
        }
        if (truthy(d.get("backup"))) {
            throw VaultError.badRequest("cannot request a backup of the new keys without providing PGP keys for encryption");
        }
        if (SealEndpoints.intField(d, "stored_shares") > 0) {
            throw VaultError.badRequest("storing keys not supported by barrier seal; omit stored_shares");
        }
        core.rekey().start(SealEndpoints.intField(d, "secret_shares"), SealEndpoints.intField(d, "secret_threshold"),
                truthy(d.get("require_verification")));
        LOG.info("rekey of the unseal key started");
        return ok(rekeyStatus());
    }

    private ApiReply rekeyUpdate(Map<String, Object> d) {
        Rekey.Update u = core.rekey().update(share(d), nonce(d));
        if (!u.complete()) {
            return ok(rekeyStatus());
        }
        List<String> hex = new ArrayList<>();
        List<String> b64 = new ArrayList<>();
        for (byte[] k : u.shares()) {
            hex.add(HexFormat.of().formatHex(k));
            b64.add(Base64.getEncoder().encodeToString(k));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", u.nonce());
        body.put("complete", true);
        body.put("keys", hex);
        body.put("keys_base64", b64);
        body.put("pgp_fingerprints", null);
        body.put("backup", false);
        body.put("verification_required", u.verificationRequired());
        if (u.verificationRequired()) {
            body.put("verification_nonce", u.verificationNonce());
        }
        LOG.info(u.verificationRequired() ? "rekey: new unseal key shares handed out, awaiting verification"
                : "rekey complete: new unseal key shares in use, the old ones no longer unseal");
        return ok(body);
    }

    private Map<String, Object> rekeyStatus() {
        Rekey.Status s = core.rekey().status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", s.nonce());
        body.put("started", s.started());
        body.put("t", s.t());
        body.put("n", s.n());
        body.put("progress", s.progress());
        body.put("required", s.required());
        body.put("pgp_fingerprints", null);
        body.put("backup", false);
        body.put("verification_required", s.verificationRequired());
        if (!s.verificationNonce().isEmpty()) {
            body.put("verification_nonce", s.verificationNonce());
        }
        return body;
    }

    private ApiReply rekeyVerify(Map<String, Object> d) {
        byte[] share = share(d);
        String nonce = nonce(d);
        if (!core.rekey().verify(share, nonce)) {
            return ok(verifyStatus(core.rekey().verifyStatus()));
        }
        LOG.info("rekey verified: new unseal key shares in use, the old ones no longer unseal");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", nonce);
        body.put("complete", true);
        return ok(body);
    }

    private static Map<String, Object> verifyStatus(Rekey.VerifyStatus s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", s.nonce());
        body.put("started", s.started());
        body.put("t", s.t());
        body.put("n", s.n());
        body.put("progress", s.progress());
        return body;
    }

    // ---- generate-root --------------------------------------------------------------------------

    private ApiReply startRootGeneration(Map<String, Object> d) {
        if (SealEndpoints.present(d.get("pgp_key"))) {
            throw VaultError.badRequest("PGP-encrypted root tokens are not supported by the Flowvault server; omit pgp_key and use otp, or neither to get a generated one");
        }
        Object otp = d.get("otp");
        if (otp != null && !(otp instanceof String)) {
            throw VaultError.badRequest("'otp' must be a string of " + RootGeneration.OTP_LENGTH + " characters");
        }
        RootGeneration.Status s = core.rootGeneration().start((String) otp);
        LOG.info("root token generation started");
        return ok(rootStatus(s));
    }

    private ApiReply rootUpdate(Map<String, Object> d) {
        RootGeneration.Status s = core.rootGeneration().update(share(d), nonce(d), core::mintRootToken);
        if (s.complete()) {
            LOG.info("root token generation complete: a new root token was issued (handed out OTP-encoded)");
        }
        return ok(rootStatus(s));
    }

    private static Map<String, Object> rootStatus(RootGeneration.Status s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", s.nonce());
        body.put("started", s.started());
        body.put("progress", s.progress());
        body.put("required", s.required());
        body.put("complete", s.complete());
        body.put("encoded_token", s.encodedToken());
        body.put("encoded_root_token", s.encodedToken());
        body.put("pgp_fingerprint", "");
        body.put("otp", s.otp());
        body.put("otp_length", RootGeneration.OTP_LENGTH);
        return body;
    }

    // ---- input ----------------------------------------------------------------------------------

    private static byte[] share(Map<String, Object> d) {
        Object key = d.get("key");
        if (!(key instanceof String k) || k.isBlank()) {
            throw VaultError.badRequest("'key' must be specified in request body as JSON");
        }
        return SealEndpoints.decodeKey(k.trim());
    }

    private static String nonce(Map<String, Object> d) {
        Object n = d.get("nonce");
        return n instanceof String s ? s : "";
    }

    private static boolean truthy(Object v) {
        return Boolean.TRUE.equals(v) || "true".equals(v);
    }
}
