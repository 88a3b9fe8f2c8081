package org.flowvault.vault.server.seal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One rekey of the unseal key at a time, as Vault's {@code sys/rekey/*}: start with the new share
 * counts, collect the current shares up to the current threshold, then hand out new shares. With
 * {@code require_verification} the new key only replaces the old one once enough of the new
 * shares have been given back to {@link #verify}; until then the old shares still unseal.
 */
public final class Rekey {
    private final SealManager seal;
    private Attempt attempt;

    public Rekey(SealManager seal) {
        this.seal = seal;
    }

    /** What {@code GET sys/rekey/init} reports. */
    public record Status(String nonce, boolean started, int t, int n, int progress, int required,
                         boolean verificationRequired, String verificationNonce) {
    }

    /** The outcome of one {@code sys/rekey/update}: null shares while the threshold is not reached. */
    public record Update(String nonce, List<byte[]> shares, boolean verificationRequired, String verificationNonce) {
        public boolean complete() {
            return shares != null;
        }
    }

    /** What {@code GET sys/rekey/verify} reports. */
    public record VerifyStatus(String nonce, boolean started, int t, int n, int progress) {
    }

    private static final class Attempt {
        final String nonce = UUID.randomUUID().toString();
        final int shares;
        final int threshold;
        final boolean requireVerification;
        final List<byte[]> progress = new ArrayList<>();
        SealManager.NewUnsealKey pending;
        String verificationNonce = "";
        final List<byte[]> verifyProgress = new ArrayList<>();

        Attempt(int shares, int threshold, boolean requireVerification) {
            this.shares = shares;
            this.threshold = threshold;
            this.requireVerification = requireVerification;
        }
    }

    public synchronized Status status() {
        int required = seal.config().threshold();
        Attempt a = attempt;
        if (a == null) {
            return new Status("", false, 0, 0, 0, required, false, "");
        }
        return new Status(a.nonce, true, a.threshold, a.shares, a.progress.size(), required,
                a.requireVerification, a.verificationNonce);
    }

    /** Starts a rekey; Vault allows one at a time. */
    public synchronized void start(int shares, int threshold, boolean requireVerification) {
        if (attempt != null) {
            throw new SealException("rekey already in progress");
        }
        String invalid = invalidConfig(shares, threshold);
        if (invalid != null) {
            throw new SealException("invalid rekey seal configuration: " + invalid);
        }
        attempt = new Attempt(shares, threshold, requireVerification);
    }

    /** Vault's seal configuration rules, in its words. */
    private static String invalidConfig(int shares, int threshold) {
        if (shares < 1) {
            return "shares must be at least one";
        }
        if (threshold < 1) {
            return "threshold must be at least one";
        }
        if (shares > 1 && threshold == 1) {
            return "threshold must be greater than one for multiple shares";
        }
        if (shares > 255) {
            return "shares must be less than 256";
        }
        if (threshold > shares) {
            return "threshold cannot be larger than shares";
        }
        return null;
    }

    public synchronized void cancel() {
        if (attempt != null) {
            clear(attempt.progress);
            clear(attempt.verifyProgress);
            if (attempt.pending != null) {
                Arrays.fill(attempt.pending.key(), (byte) 0);
            }
        }
        attempt = null;
    }

    /** Adds one current unseal key share. */
    public synchronized Update update(byte[] share, String nonce) {
        Attempt a = attempt;
        if (a == null) {
            throw new SealException("no barrier rekey in progress");
        }
        if (a.pending != null) {
            throw new SealException("rekey operation already finished; verification must be performed; nonce for the verification operation is \""
                    + a.verificationNonce + "\"");
        }
        if (!a.nonce.equals(nonce)) {
            throw new SealException("incorrect nonce supplied; nonce for this rekey operation is \"" + a.nonce + "\"");
        }
        for (byte[] existing : a.progress) {
            if (Arrays.equals(existing, share)) {
                throw new SealException("given key has already been provided during this rekey operation");
            }
        }
        a.progress.add(share.clone());
        if (a.progress.size() < seal.config().threshold()) {
            return new Update(a.nonce, null, false, "");
        }
        try {
            seal.verifyShares(a.progress);
        } finally {
            clear(a.progress);
        }
        SealManager.NewUnsealKey next = SealManager.newUnsealKey(a.shares, a.threshold);
        List<byte[]> handedOut = next.shares().stream().map(byte[]::clone).toList();
        if (a.requireVerification) {
            a.pending = next;
            a.verificationNonce = UUID.randomUUID().toString();
            return new Update(a.nonce, handedOut, true, a.verificationNonce);
        }
        seal.replaceUnsealKey(next);
        Arrays.fill(next.key(), (byte) 0);
        attempt = null;
        return new Update(a.nonce, handedOut, false, "");
    }

    public synchronized VerifyStatus verifyStatus() {
        Attempt a = requireVerifying();
        return new VerifyStatus(a.verificationNonce, true, a.threshold, a.shares, a.verifyProgress.size());
    }

    /** Starts the verification over with a new nonce (DELETE sys/rekey/verify). */
    public synchronized VerifyStatus restartVerification() {
        Attempt a = requireVerifying();
        clear(a.verifyProgress);
        a.verificationNonce = UUID.randomUUID().toString();
        return verifyStatus();
    }

    /** Adds one of the new shares; at the new threshold the new key replaces the old. Returns true then. */
    public synchronized boolean verify(byte[] share, String nonce) {
        Attempt a = requireVerifying();
        if (!a.verificationNonce.equals(nonce)) {
            throw new SealException("incorrect nonce supplied; nonce for this verify operation is \"" + a.verificationNonce + "\"");
        }
        for (byte[] existing : a.verifyProgress) {
            if (Arrays.equals(existing, share)) {
                throw new SealException("given key has already been provided during this verify operation");
            }
        }
        a.verifyProgress.add(share.clone());
        if (a.verifyProgress.size() < a.threshold) {
            return false;
        }
        byte[] recovered;
        try {
            recovered = a.threshold == 1 ? a.verifyProgress.get(0).clone() : Shamir.combine(a.verifyProgress);
        } catch (IllegalArgumentException e) {
            throw new SealException("rekey verification failed; incorrect key shares supplied");
        } finally {
            clear(a.verifyProgress);
        }
        boolean matches = java.security.MessageDigest.isEqual(recovered, a.pending.key());
        Arrays.fill(recovered, (byte) 0);
        if (!matches) {
            throw new SealException("rekey verification failed; incorrect key shares supplied");
        }
        seal.replaceUnsealKey(a.pending);
        cancel();
        return true;
    }

    private Attempt requireVerifying() {
        if (attempt == null) {
            throw new SealException("no rekey configuration found");
        }
        if (attempt.pending == null) {
            throw new SealException("no rekey verification in progress");
        }
        return attempt;
    }

    private static void clear(List<byte[]> shares) {
        for (byte[] s : shares) {
            Arrays.fill(s, (byte) 0);
        }
        shares.clear();
    }
}
