package org.flowvault.platform.task;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.flowvault.platform.masking.Masker;

/**
 * What a step gets from the run besides its inputs: the run's {@link Masker} and a step logger
 * that passes every line through it, the run's deadline and cancellation flag, a cookie jar shared
 * by the steps of one run, and access to Vault for VAULT steps. Build one per step with
 * {@link #builder(Masker)}; share the masker and cookie jar across the steps of a run.
 * Thread-safe when its parts are.
 */
public final class TaskContext {
    private final Masker masker;
    private final Consumer<String> log;
    private final Instant deadline;
    private final BooleanSupplier cancelled;
    private final CookieManager cookies;
    private final VaultTargets vault;
    private final SecretWriteListener writes;
    private final Clock clock;
    private final Egress egress;
    private final Consumer<String> secrets;

    private TaskContext(Builder b) {
        this.masker = b.masker;
        this.log = b.log;
        this.deadline = b.deadline;
        this.cancelled = b.cancelled;
        this.cookies = b.cookies != null ? b.cookies : new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
        this.vault = b.vault;
        this.writes = b.writes;
        this.clock = b.clock;
        this.egress = b.egress;
        this.secrets = b.secrets;
    }

    /** A builder; {@code masker} is the run's masker (tasks register the secrets they meet in it). */
    public static Builder builder(Masker masker) {
        return new Builder(masker);
    }

    public Masker masker() {
        return masker;
    }

    /** Writes one line to the step log, masked. */
    public void log(String line) {
        log.accept(masker.mask(line));
    }

    /**
     * Declares {@code value} secret: a value a task met that no input marked as such (a session
     * cookie, say). It is registered with the run's masker and kept with the step's record, so a
     * run resumed on another node masks it too. Null, blank and short values are ignored, as by
     * {@link Masker#register}.
     */
    public void secret(String value) {
        if (masker.register(value)) {
            secrets.accept(value);
        }
    }

    /** Masks {@code text} with the run's masker. */
    public String mask(String text) {
        return masker.mask(text);
    }

    /** The run's cookie jar: cookies an HTTP step received are sent by later steps of the same run. */
    public CookieManager cookies() {
        return cookies;
    }

    /**
     * The time left before the deadline (never negative), or {@code fallback} when the run has no
     * deadline; capped at {@code fallback}.
     */
    public Duration timeLeft(Duration fallback) {
        if (deadline == null) {
            return fallback;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        return left.compareTo(fallback) < 0 ? left : fallback;
    }

    /**
     * Throws when the run is cancelled or past its deadline; tasks call it between units of work.
     *
     * @throws TaskException CANCELLED or TIMEOUT
     */
    public void checkActive() {
        if (cancelled.getAsBoolean()) {
            throw new TaskException(TaskException.Kind.CANCELLED, "the run was cancelled");
        }
        if (deadline != null && !clock.instant().isBefore(deadline)) {
            throw new TaskException(TaskException.Kind.TIMEOUT, "the run's deadline (" + deadline + ") has passed");
        }
    }

    /**
     * The Vault named by {@code configurationName} (null: the default one) with the run's identity.
     *
     * @throws TaskException INPUT when the run has no Vault access
     */
    public VaultTarget vault(String configurationName) {
        if (vault == null) {
            throw TaskException.input("this run has no Vault access: configure a vault configuration for the project");
        }
        return vault.target(configurationName);
    }

    /** Told after every write to Vault. */
    public SecretWriteListener secretWrites() {
        return writes;
    }

    /** Where this step may connect: tasks check every host (and each redirect) against it before connecting. */
    public Egress egress() {
        return egress;
    }

    @Override
    public String toString() {
        return "TaskContext[deadline=" + deadline + "]";
    }

    /** Builds a {@link TaskContext}; only the masker is required. */
    public static final class Builder {
        private final Masker masker;
        private Consumer<String> log = line -> { };
        private Instant deadline;
        private BooleanSupplier cancelled = () -> false;
        private CookieManager cookies;
        private VaultTargets vault;
        private SecretWriteListener writes = SecretWriteListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Egress egress = Egress.publicHosts();
        private Consumer<String> secrets = value -> { };

        private Builder(Masker masker) {
            this.masker = Objects.requireNonNull(masker, "masker");
        }

        /** Where masked log lines go; default: nowhere. */
        public Builder log(Consumer<String> sink) {
            this.log = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** When the step must be done; default: none (each task's own timeouts apply). */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Polled by {@link TaskContext#checkActive()}; default: never cancelled. */
        public Builder cancelled(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        /** The run's cookie jar; default: a new one accepting cookies from the server that set them. */
        public Builder cookies(CookieManager cookies) {
            this.cookies = Objects.requireNonNull(cookies, "cookies");
            return this;
        }

        /** Vault access for VAULT steps; default: none. */
        public Builder vault(VaultTargets vault) {
            this.vault = Objects.requireNonNull(vault, "vault");
            return this;
        }

        /** Told after every write to Vault; default: nobody. */
        public Builder secretWrites(SecretWriteListener writes) {
            this.writes = Objects.requireNonNull(writes, "writes");
            return this;
        }

        /** For tests of deadlines. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where tasks may connect; default: public hosts only, never an internal address. */
        public Builder egress(Egress egress) {
            this.egress = Objects.requireNonNull(egress, "egress");
            return this;
        }

        /** Told each value a task declares {@link TaskContext#secret secret} (newly registered); default: nobody. */
        public Builder secrets(Consumer<String> sink) {
            this.secrets = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public TaskContext build() {
            return new TaskContext(this);
        }
    }
}
