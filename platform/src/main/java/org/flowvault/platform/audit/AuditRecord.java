package org.flowvault.platform.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.identity.Caller;

/**
 * One audited use of a secret: when, who (a user, an API key, or a run and the user it runs as),
 * which node, what (action, configuration, namespace, mount, path, KV version; connection, flow,
 * run; credential entry and field) and the outcome. Never a value: every field is metadata, and
 * {@code detail} is a fixed text written by the platform, never input.
 *
 * <p>A record that names several secrets (a connection resolution reads every path of the
 * connection: one audited action, one record) lists them all in {@code secrets}, and its
 * configuration, namespace, mount, path and KV version fields repeat the first of them, so a
 * reader that shows one location still shows a true one. {@code secrets} is empty when the record
 * names at most one secret.
 *
 * <p>Code that audits builds a draft with {@link #of(AuditAction)}; the trail stamps its id, time,
 * node and the ambient run or API key ({@link AuditContext}) when it is recorded.
 */
public record AuditRecord(UUID id, Instant at, String node, AuditAction action, Outcome outcome,
                          UUID userId, String username, UUID apiKeyId, UUID runId, UUID flowId, UUID projectId,
                          String config, String namespace, String mount, String path, Long kvVersion,
                          UUID connectionId, String connection, UUID entryId, String field, String detail,
                          List<Secret> secrets) {

    /** One secret a record names: where it lives and the KV version read (null when unknown). */
    public record Secret(String config, String namespace, String mount, String path, Long kvVersion) {
        public Secret {
            namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        }
    }

    /** How the audited action ended. */
    public enum Outcome {
        OK, DENIED, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public AuditRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        secrets = secrets == null || secrets.size() < 2 ? List.of() : List.copyOf(secrets);
    }

    /** Every secret this record names (none, one, or the {@code secrets} of a multi-secret record). */
    public List<Secret> allSecrets() {
        if (!secrets.isEmpty()) {
            return secrets;
        }
        return path == null ? List.of() : List.of(new Secret(config, namespace, mount, path, kvVersion));
    }

    /** A draft for {@code action}, outcome OK until said otherwise. */
    public static Builder of(AuditAction action) {
        return new Builder(action);
    }

    /** This record stamped with id, time (microseconds: what both databases keep) and node, and the ambient context. */
    AuditRecord stamped(Instant now, String nodeName, AuditContext.Scope ctx) {
        boolean ambientUser = userId == null && ctx != null && ctx.userId() != null;
        return new AuditRecord(id != null ? id : newId(), (at != null ? at : now).truncatedTo(ChronoUnit.MICROS),
                node != null ? node : nodeName, action, outcome,
                ambientUser ? ctx.userId() : userId, ambientUser ? ctx.username() : username,
                apiKeyId != null ? apiKeyId : ctx == null ? null : ctx.apiKeyId(),
                runId != null ? runId : ctx == null ? null : ctx.runId(),
                flowId != null ? flowId : ctx == null ? null : ctx.flowId(),
                projectId != null ? projectId : ctx == null ? null : ctx.projectId(), config, namespace, mount, path, kvVersion, connectionId, connection, entryId, field, detail, secrets);
    }

    /**
     * A random (version 4) id from {@link java.util.concurrent.ThreadLocalRandom}: an id only needs
     * to be unique, and {@link UUID#randomUUID()}'s SecureRandom costs more than the rest of a
     * record on the resolution hot path.
     */
    static UUID newId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Fills an audit record; every setter is optional except what the action implies. */
    public static final class Builder {
        private final AuditAction action;
        private Outcome outcome = Outcome.OK;
        private UUID id;
        private Instant at;
        private UUID userId;
        private String username;
        private UUID apiKeyId;
        private UUID runId;
        private UUID flowId;
        private UUID projectId;
        private String config;
        private String namespace;
        private String mount;
        private String path;
        private Long kvVersion;
        private UUID connectionId;
        private String connection;
        private UUID entryId;
        private String field;
        private String detail;
        private List<Secret> secrets;

        private Builder(AuditAction action) {
            this.action = Objects.requireNonNull(action, "action");
        }

        /** The user acting (through the API, or the user a run runs as). */
        public Builder caller(Caller c) {
            if (c != null) {
                userId = c.userId();
                username = c.username();
            }
            return this;
        }

        public Builder user(UUID id, String name) {
            userId = id;
            username = name;
            return this;
        }

        public Builder run(UUID run) {
            runId = run;
            return this;
        }

        public Builder apiKey(UUID key) {
            apiKeyId = key;
            return this;
        }

        public Builder project(UUID project) {
            projectId = project;
            return this;
        }

        public Builder config(String name, String ns) {
            config = name;
            namespace = ns == null || ns.isEmpty() ? null : ns;
            return this;
        }

        /** Where the secret lives: its KV mount, the path as the user wrote it, and the version read or written (null when unknown). */
        public Builder secret(String kvMount, String secretPath, Long version) {
            mount = kvMount;
            path = secretPath;
            kvVersion = version;
            return this;
        }

        /**
         * Every secret an action read, in order (a resolution's distinct paths): all of them are
         * recorded, and the first also fills the single-location fields.
         */
        public Builder secrets(List<Secret> read) {
            secrets = read;
            if (!read.isEmpty()) {
                Secret first = read.getFirst();
                config = first.config();
                namespace = first.namespace();
                mount = first.mount();
                path = first.path();
                kvVersion = first.kvVersion();
            }
            return this;
        }

        public Builder connection(UUID id, String name) {
            connectionId = id;
            connection = name;
            return this;
        }

        public Builder entry(UUID entry, String fieldNames) {
            entryId = entry;
            field = fieldNames;
            return this;
        }

        public Builder outcome(Outcome o) {
            outcome = Objects.requireNonNull(o, "outcome");
            return this;
        }

        /** A fixed explanation written by the platform (e.g. a failure reason); never user input or a value. */
        public Builder detail(String text) {
            detail = text;
            return this;
        }

        /** When it happened, if not now (imports of older records). */
        Builder at(Instant when) {
            at = when;
            return this;
        }

        Builder id(UUID recordId) {
            id = recordId;
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(id, at, null, action, outcome, userId, username, apiKeyId, runId, flowId, projectId, config,
                    namespace, mount, path, kvVersion, connectionId, connection, entryId, field, detail, secrets);
        }
    }
}
