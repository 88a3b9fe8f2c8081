package org.flowvault.vault.server.seal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.flowvault.vault.server.barrier.AesGcm;
import org.flowvault.vault.server.barrier.Barrier;
import org.flowvault.vault.server.barrier.BarrierException;
import org.flowvault.vault.server.storage.Storage;

/**
 * The Shamir seal. {@code init} makes a random unseal key (split into shares) and a random root
 * key; the root key is stored encrypted under the unseal key, and the barrier keyring under the
 * root key. Unsealing collects shares until the threshold, recombines the unseal key and opens
 * the barrier. Only the seal configuration (share counts, no key material) is stored in clear.
 */
public final class SealManager {
    public static final String SEAL_CONFIG_PATH = "core/seal-config";
    public static final String ROOT_KEY_PATH = "core/root-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage physical;
    private final Barrier barrier;
    private final List<byte[]> progress = new ArrayList<>();
    private String nonce = "";
    private byte[] rootKey;

    public SealManager(Storage physical, Barrier barrier) {
        this.physical = physical;
        this.barrier = barrier;
    }

    /** Unseal keys handed out by {@link #init}, the raw key when there is a single share. */
    public record InitKeys(List<byte[]> shares) {
    }

    /** Share counts of the current configuration. */
    public record SealConfig(int shares, int threshold) {
    }

    public synchronized boolean initialized() {
        return physical.get(SEAL_CONFIG_PATH) != null && barrier.initialized();
    }

    public synchronized SealConfig config() {
        byte[] raw = physical.get(SEAL_CONFIG_PATH);
        if (raw == null) {
            return new SealConfig(0, 0);
        }
        try {
            JsonNode n = JSON.readTree(raw);
            return new SealConfig(n.get("secret_shares").asInt(), n.get("secret_threshold").asInt());
        } catch (IOException e) {
            throw new BarrierException("seal configuration is corrupt");
        }
    }

    /**
     * Initializes a new store. The barrier stays sealed; the caller unseals it with the returned
     * shares (or {@link #unsealWithRootKey} during the same call).
     */
    public synchronized InitKeys init(int shares, int threshold) {
        if (initialized()) {
            throw new SealException("Vault is already initialized");
        }
        validate(shares, threshold);
        byte[] unsealKey = AesGcm.newKey();
        byte[] root = AesGcm.newKey();
        physical.put(ROOT_KEY_PATH, AesGcm.encrypt(0, unsealKey, ROOT_KEY_PATH, root));
        barrier.initialize(root);
        try {
            physical.put(SEAL_CONFIG_PATH, JSON.writeValueAsBytes(java.util.Map.of(
                    "type", "shamir", "secret_shares", shares, "secret_threshold", threshold)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<byte[]> out = shares == 1 ? List.of(unsealKey.clone()) : Shamir.split(unsealKey, shares, threshold);
        Arrays.fill(unsealKey, (byte) 0);
        this.rootKey = root;
        return new InitKeys(out);
    }

    /** Opens the barrier right after {@link #init}, with the root key still in memory. */
    public synchronized void unsealAfterInit() {
        barrier.unseal(rootKey);
    }

    static void validate(int shares, int threshold) {
        if (shares < 1) {
            throw new SealException("secret shares must be at least one");
        }
        if (threshold < 1) {
            throw new SealException("secret threshold must be at least one");
        }
        if (shares > 255) {
            throw new SealException("secret shares must be at most 255");
        }
        if (threshold > shares) {
            throw new SealException("secret threshold cannot be larger than secret shares");
        }
        if (shares > 1 && threshold == 1) {
            throw new SealException("secret threshold must be greater than one for multiple shares");
        }
    }

    /**
     * Adds one unseal key share. Returns true once the barrier is open. A wrong key combination
     * resets the progress and fails, as Vault does.
     */
    public synchronized boolean submit(byte[] share) {
        if (!barrier.sealed()) {
            return true;
        }
        SealConfig cfg = config();
        if (cfg.shares() == 0) {
            throw new SealException("Vault is not initialized");
        }
        for (byte[] existing : progress) {
            if (Arrays.equals(existing, share)) {
                return false; // a repeated share adds nothing
            }
        }
        if (progress.isEmpty()) {
            nonce = UUID.randomUUID().toString();
        }
        progress.add(share.clone());
        if (progress.size() < cfg.threshold()) {
            return false;
        }
        byte[] unsealKey;
        try {
            unsealKey = cfg.threshold() == 1 ? progress.get(0).clone() : Shamir.combine(progress);
        } catch (IllegalArgumentException e) {
            reset();
            throw new SealException("failed to unseal: " + e.getMessage());
        }
        reset();
        try {
            if (unsealKey.length != 32) {
                throw new BarrierException("invalid key length");
            }
            byte[] root = AesGcm.decrypt(unsealKey, ROOT_KEY_PATH, physical.get(ROOT_KEY_PATH));
            barrier.unseal(root);
            rootKey = root;
            return true;
        } catch (BarrierException e) {
            throw new SealException("failed to unseal: the unseal key or keys are not the ones this Vault was initialized with (cipher: message authentication failed)");
        } finally {
            Arrays.fill(unsealKey, (byte) 0);
        }
    }

    /**
     * Recombines unseal key shares and checks them against the stored root key. Answers Vault's
     * "root key verification failed" (400) when they are not this server's.
     */
    synchronized void verifyShares(List<byte[]> shares) {
        SealConfig cfg = config();
        byte[] unsealKey;
        try {
            unsealKey = cfg.threshold() == 1 ? shares.get(0).clone() : Shamir.combine(shares);
        } catch (IllegalArgumentException e) {
            throw new SealException("failed to compute root key: " + e.getMessage());
        }
        try {
            if (unsealKey.length != 32) {
                throw new BarrierException("invalid key length");
            }
            Arrays.fill(AesGcm.decrypt(unsealKey, ROOT_KEY_PATH, physical.get(ROOT_KEY_PATH)), (byte) 0);
        } catch (BarrierException e) {
            throw new SealException("root key verification failed: the key shares are not the ones this Vault was initialized with");
        } finally {
            Arrays.fill(unsealKey, (byte) 0);
        }
    }

    /** A new unseal key and its shares, not yet in use (a rekey awaiting verification holds one). */
    record NewUnsealKey(byte[] key, List<byte[]> shares, int threshold) {
    }

    static NewUnsealKey newUnsealKey(int shares, int threshold) {
        byte[] key = AesGcm.newKey();
        List<byte[]> out = shares == 1 ? List.of(key.clone()) : Shamir.split(key, shares, threshold);
        return new NewUnsealKey(key, out, threshold);
    }

    /**
     * Makes {@code next} the unseal key: the root key is stored again under it and the share
     * counts change. The root key and the barrier keyring stay as they are, so data is untouched;
     * old shares stop unsealing from now on.
     */
    synchronized void replaceUnsealKey(NewUnsealKey next) {
        if (rootKey == null || barrier.sealed()) {
            throw new SealException("Vault is sealed");
        }
        physical.put(ROOT_KEY_PATH, AesGcm.encrypt(0, next.key(), ROOT_KEY_PATH, rootKey));
        try {
            physical.put(SEAL_CONFIG_PATH, JSON.writeValueAsBytes(java.util.Map.of(
                    "type", "shamir", "secret_shares", next.shares().size(), "secret_threshold", next.threshold())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        reset();
    }

    /** sys/rotate: a new barrier key term; the keyring is stored again under the root key. */
    public synchronized int rotateBarrierKey() {
        if (rootKey == null || barrier.sealed()) {
            throw new BarrierException("Vault is sealed");
        }
        return barrier.rotate(rootKey);
    }

    public synchronized void reset() {
        for (byte[] p : progress) {
            Arrays.fill(p, (byte) 0);
        }
        progress.clear();
        nonce = "";
    }

    public synchronized int progress() {
        return progress.size();
    }

    public synchronized String nonce() {
        return nonce;
    }

    public synchronized void seal() {
        reset();
        barrier.seal();
        if (rootKey != null) {
            Arrays.fill(rootKey, (byte) 0);
            rootKey = null;
        }
    }

    public boolean sealed() {
        return barrier.sealed();
    }
}
