package org.flowvault.vault.server.barrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.vault.server.storage.Storage;

/**
 * The security barrier: every entry the server stores passes through AES-256-GCM here, keyed by a
 * keyring whose active term encrypts new writes and whose older terms still decrypt old ones. The
 * keyring itself is stored under {@link #KEYRING_PATH}, encrypted with the root key; the root key
 * is held by the seal. While sealed, the barrier holds no key and refuses every operation.
 */
public final class Barrier implements Storage {
    /** Physical path of the keyring, encrypted with the root key (term 0). */
    public static final String KEYRING_PATH = "core/keyring";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage physical;
    private final Map<Integer, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> installTimes = new ConcurrentHashMap<>();
    /** Writes under the active term since this unseal (Vault persists its count; this one restarts at zero). */
    private final java.util.concurrent.atomic.AtomicLong encryptions = new java.util.concurrent.atomic.AtomicLong();
    private volatile int activeTerm;
    private volatile byte[] nameKey;
    private volatile KeyNames names;
    /** The active term and its key, read together by writes; null while sealed. */
    private volatile WriteKey writeKey;
    private volatile boolean sealed = true;

    public Barrier(Storage physical) {
        this.physical = physical;
    }

    /** Whether a keyring already exists in the physical storage. */
    public boolean initialized() {
        return physical.get(KEYRING_PATH) != null;
    }

    /** Creates the keyring with a first data key and stores it under {@code rootKey}. */
    public void initialize(byte[] rootKey) {
        if (initialized()) {
            throw new BarrierException("barrier is already initialized");
        }
        keys.clear();
        installTimes.clear();
        keys.put(1, AesGcm.newKey());
        installTimes.put(1, Instant.now());
        activeTerm = 1;
        nameKey = AesGcm.newKey();
        persistKeyring(rootKey);
        seal();
    }

    /** Loads the keyring with {@code rootKey}; fails when the key is not the one it was made with. */
    public void unseal(byte[] rootKey) {
        byte[] stored = physical.get(KEYRING_PATH);
        if (stored == null) {
            throw new BarrierException("barrier is not initialized");
        }
        byte[] plain = AesGcm.decrypt(rootKey, KEYRING_PATH, stored);
        try {
            JsonNode doc = JSON.readTree(plain);
            keys.clear();
            installTimes.clear();
            for (JsonNode k : doc.get("keys")) {
                int term = k.get("term").asInt();
                keys.put(term, Base64.getDecoder().decode(k.get("value").asText()));
                JsonNode installed = k.get("install_time");
                installTimes.put(term, installed == null ? Instant.EPOCH : Instant.parse(installed.asText()));
            }
            encryptions.set(0);
            activeTerm = doc.get("active_term").asInt();
            nameKey = Base64.getDecoder().decode(doc.get("name_key").asText());
            names = new KeyNames(nameKey);
            writeKey = new WriteKey(activeTerm, new SecretKeySpec(keys.get(activeTerm), "AES"));
        } catch (IOException e) {
            throw new BarrierException("keyring is corrupt");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        sealed = false;
    }

    /** Adds a new data key and makes it the active one (sys/rotate). */
    public synchronized int rotate(byte[] rootKey) {
        checkUnsealed();
        int term = activeTerm + 1;
        keys.put(term, AesGcm.newKey());
        installTimes.put(term, Instant.now());
        activeTerm = term;
        persistKeyring(rootKey);
        writeKey = new WriteKey(term, new SecretKeySpec(keys.get(term), "AES"));
        encryptions.set(0);
        return term;
    }

    /** A key spec made once per term, not per write. */
    private record WriteKey(int term, SecretKeySpec key) {
    }

    /** The active key's term, when it was installed and how many writes it encrypted (sys/key-status). */
    public record KeyStatus(int term, Instant installTime, long encryptions) {
    }

    public KeyStatus keyStatus() {
        checkUnsealed();
        int term = activeTerm;
        return new KeyStatus(term, installTimes.getOrDefault(term, Instant.EPOCH), encryptions.get());
    }

    /** Forgets every key; later operations fail until {@link #unseal}. */
    public void seal() {
        sealed = true;
        for (byte[] k : keys.values()) {
            Arrays.fill(k, (byte) 0);
        }
        keys.clear();
        if (nameKey != null) {
            Arrays.fill(nameKey, (byte) 0);
        }
        nameKey = null;
        names = null;
        writeKey = null;
        AesGcm.forgetCiphers();
    }

    public boolean sealed() {
        return sealed;
    }

    public int activeTerm() {
        return activeTerm;
    }

    @Override
    public byte[] get(String key) {
        checkUnsealed();
        byte[] ciphertext = physical.get(names.encode(key));
        if (ciphertext == null) {
            return null;
        }
        byte[] k = keys.get(AesGcm.termOf(ciphertext));
        if (k == null) {
            throw new BarrierException("no key for term " + AesGcm.termOf(ciphertext));
        }
        return AesGcm.decrypt(k, key, ciphertext);
    }

    @Override
    public void put(String key, byte[] value) {
        putCopy(key, value, value.length);
    }

    @Override
    public void putCopy(String key, byte[] buffer, int length) {
        WriteKey w = writeKey;
        if (w == null || sealed) {
            throw new BarrierException("Vault is sealed");
        }
        // The JDK's AES-GCM (AES-NI/CLMUL intrinsics, constant time) with a fresh random nonce.
        physical.put(names.encode(key), AesGcm.encrypt(w.term, w.key, key, buffer, length));
        encryptions.incrementAndGet();
    }

    @Override
    public void delete(String key) {
        checkUnsealed();
        physical.delete(names.encode(key));
    }

    @Override
    public List<String> list(String prefix) {
        checkUnsealed();
        KeyNames n = names;
        List<String> out = new java.util.ArrayList<>();
        for (String child : physical.list(n.encode(prefix))) {
            if (prefix.isEmpty() && (child.equals("core/") || child.equals(KEYRING_PATH))) {
                continue; // the seal's own clear-text entries live beside the encrypted tree
            }
            out.add(n.decodeChild(child));
        }
        out.sort(null);
        return out;
    }

    private void checkUnsealed() {
        if (sealed) {
            throw new BarrierException("Vault is sealed");
        }
    }

    private void persistKeyring(byte[] rootKey) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("active_term", activeTerm);
        doc.put("name_key", Base64.getEncoder().encodeToString(nameKey));
        ArrayNode arr = doc.putArray("keys");
        keys.forEach((term, key) -> arr.addObject()
                .put("term", term)
                .put("value", Base64.getEncoder().encodeToString(key))
                .put("install_time", installTimes.getOrDefault(term, Instant.now()).toString()));
        try {
            physical.put(KEYRING_PATH, AesGcm.encrypt(0, rootKey, KEYRING_PATH, JSON.writeValueAsBytes(doc)));
        } catch (IOException e) {
            throw new BarrierException("cannot encode keyring");
        }
    }
}
