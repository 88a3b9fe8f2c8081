package org.flowvault.vault.server.barrier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts storage key names segment by segment, so that the storage directory reveals neither
 * secret values nor secret paths. Each segment is encrypted deterministically (a synthetic IV:
 * the nonce is an HMAC of the segment), so the same logical key always maps to the same physical
 * key and prefix listing still works; names decrypt back for LIST. Encodings are cached, since
 * the same segments recur on every request.
 */
final class KeyNames {
    private static final int NONCE = 12;
    private static final int MAX_CACHE = 200_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec macKey;
    private final SecretKeySpec encKey;
    private final Map<String, String> encoded = new ConcurrentHashMap<>();
    private final Map<String, String> decoded = new ConcurrentHashMap<>();
    /**
     * Folders (keys ending in '/') to their physical form, so that a key is encoded as its cached
     * folder plus one cached segment. Leaf keys are not kept: most are written once (each KV
     * version has its own key), and holding them all would keep every write's key strings alive
     * through young collections, which is what made write latency spiky under load.
     */
    private final Map<String, String> encodedFolders = new ConcurrentHashMap<>();

    KeyNames(byte[] key) {
        // Two independent sub-keys from one: the MAC and the cipher never share a key.
        this.macKey = new SecretKeySpec(hmac(new SecretKeySpec(key, "HmacSHA256"), "name-mac".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        this.encKey = new SecretKeySpec(hmac(new SecretKeySpec(key, "HmacSHA256"), "name-enc".getBytes(StandardCharsets.UTF_8)), "AES");
    }

    /** The physical key for a logical key; a trailing '/' (a list prefix) is kept. */
    String encode(String key) {
        if (key.isEmpty()) {
            return key;
        }
        boolean folder = key.charAt(key.length() - 1) == '/';
        if (folder) {
            String known = encodedFolders.get(key);
            if (known != null) {
                return known;
            }
        }
        // A new key in a known folder (the next version of a KV key): the folder's encoding is
        // cached, so only the last segment is looked up.
        int slash = key.lastIndexOf('/', key.length() - 2);
        String physical;
        if (slash < 0) {
            physical = encodeSegments(key);
        } else {
            String leaf = key.substring(slash + 1);
            physical = encode(key.substring(0, slash + 1))
                    + (!leaf.isEmpty() && leaf.indexOf('/') < 0 ? segment(leaf) : encodeSegments(leaf));
        }
        if (folder) {
            if (encodedFolders.size() > MAX_CACHE) {
                encodedFolders.clear();
            }
            encodedFolders.put(key, physical);
        }
        return physical;
    }

    private String encodeSegments(String key) {
        StringBuilder out = new StringBuilder(key.length() * 2);
        int start = 0;
        while (start < key.length()) {
            int slash = key.indexOf('/', start);
            int end = slash < 0 ? key.length() : slash;
            if (end > start) {
                out.append(segment(key.substring(start, end)));
            }
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return out.toString();
    }

    /** The logical name of one listed child (a folder keeps its trailing '/'). */
    String decodeChild(String physical) {
        boolean folder = physical.endsWith("/");
        String name = folder ? physical.substring(0, physical.length() - 1) : physical;
        String plain = decoded.get(name);
        if (plain == null) {
            plain = decrypt(name);
            remember(plain, name);
        }
        return folder ? plain + "/" : plain;
    }

    private String segment(String plain) {
        String e = encoded.get(plain);
        if (e == null) {
            e = encrypt(plain);
            remember(plain, e);
        }
        return e;
    }

    private void remember(String plain, String enc) {
        if (encoded.size() > MAX_CACHE) {
            encoded.clear();
            decoded.clear();
        }
        encoded.put(plain, enc);
        decoded.put(enc, plain);
    }

    private String encrypt(String plain) {
        byte[] p = plain.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[NONCE];
        System.arraycopy(hmac(macKey, p), 0, nonce, 0, NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encKey, new GCMParameterSpec(128, nonce));
            byte[] ct = c.doFinal(p);
            byte[] out = new byte[NONCE + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(ct, 0, out, NONCE, ct.length);
            return B64.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key name encryption failed", e);
        }
    }

    private String decrypt(String name) {
        try {
            byte[] raw = B64D.decode(name);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encKey, new GCMParameterSpec(128, raw, 0, NONCE));
            return new String(c.doFinal(raw, NONCE, raw.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BarrierException("storage key name does not decrypt");
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
