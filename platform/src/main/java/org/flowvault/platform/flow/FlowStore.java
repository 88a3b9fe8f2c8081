package org.flowvault.platform.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.task.TaskRegistry;
import org.jdbi.v3.core.Handle;

/**
 * Stores flow documents per project, versioned: {@link #apply} validates a document and makes it
 * version n+1 of its flow when it differs from version n (line endings and trailing spaces
 * ignored); versions never change afterwards. Thread-safe; parsed versions are cached.
 */
public final class FlowStore {

    /**
     * A flow in a listing.
     *
     * @param id            the flow's id
     * @param name          its name
     * @param latestVersion the newest version
     * @param updatedAt     when that version was applied
     */
    public record FlowSummary(UUID id, String name, int latestVersion, Instant updatedAt) {
    }

    /**
     * One version in a flow's history.
     *
     * @param version   1, 2, ...
     * @param createdAt when it was applied
     * @param createdBy the name of the user who applied it, or null when unknown
     */
    public record FlowVersion(int version, Instant createdAt, String createdBy) {
    }

    private record Key(UUID flowId, int version) {
    }

    private final Database db;
    private final ProjectMembership membership;
    private final TaskRegistry tasks;
    private final Clock clock;
    private final Cache<Key, StoredFlow> parsed = Caffeine.newBuilder().maximumSize(2_000).build();

    public FlowStore(Database db, ProjectMembership membership, TaskRegistry tasks, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates {@code yaml} and stores it as the next version of the flow it names in
     * {@code projectId}, unless it equals the latest version.
     *
     * @throws FlowDefinitionException INVALID with every problem's line and column
     * @throws PlatformException NOT_FOUND when the caller may not use the project; CONFLICT when
     *         another apply of the same flow won a race (apply again)
     */
    public AppliedFlow apply(Caller caller, UUID projectId, String yaml) {
        requireProject(caller, projectId);
        String source = normalize(yaml);
        FlowDefinition definition = FlowDefinition.parse(source, tasks.types());
        String digest = sha256(source);
        Instant now = clock.instant();
        return db.jdbi().inTransaction(h -> {
            Optional<Row> current = h.createQuery("SELECT f.id, f.latest_version, v.digest FROM flows f "
                            + "JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.latest_version "
                            + "WHERE f.project_id = :p AND f.name = :n")
                    .bind("p", projectId).bind("n", definition.name())
                    .map((rs, ctx) -> new Row(rs.getObject("id", UUID.class), rs.getInt("latest_version"), rs.getString("digest")))
                    .findOne();
            if (current.isPresent() && current.get().digest().equals(digest)) {
                return new AppliedFlow(load(h, current.get().id(), current.get().version()), false);
            }
            UUID id;
            int version;
            if (current.isEmpty()) {
                id = UUID.randomUUID();
                version = 1;
                try {
                    h.createUpdate("INSERT INTO flows (id, project_id, name, latest_version, created_at, updated_at) "
                                    + "VALUES (:id, :p, :n, 1, :t, :t)")
                            .bind("id", id).bind("p", projectId).bind("n", definition.name()).bind("t", Times.db(now)).execute();
                } catch (RuntimeException e) {
                    throw PlatformException.conflict("flow '" + definition.name() + "' was created at the same time by someone else: apply again");
                }
            } else {
                id = current.get().id();
                version = current.get().version() + 1;
                int updated = h.createUpdate("UPDATE flows SET latest_version = :v, updated_at = :t WHERE id = :id AND latest_version = :prev")
                        .bind("v", version).bind("t", Times.db(now)).bind("id", id).bind("prev", version - 1).execute();
                if (updated != 1) {
                    throw PlatformException.conflict("flow '" + definition.name() + "' changed while applying: apply again");
                }
            }
            h.createUpdate("INSERT INTO flow_versions (flow_id, version, source, digest, created_by, created_at) "
                            + "VALUES (:id, :v, :s, :d, :u, :t)")
                    .bind("id", id).bind("v", version).bind("s", source).bind("d", digest)
                    .bind("u", caller.userId()).bind("t", Times.db(now)).execute();
            StoredFlow stored = new StoredFlow(id, projectId, definition.name(), version, source, definition, caller.userId(), now);
            parsed.put(new Key(id, version), stored);
            return new AppliedFlow(stored, true);
        });
    }

    private record Row(UUID id, int version, String digest) {
    }

    /**
     * The latest version of flow {@code name}.
     *
     * @throws PlatformException NOT_FOUND naming the flow (or the project when the caller may not use it)
     */
    public StoredFlow latest(Caller caller, UUID projectId, String name) {
        requireProject(caller, projectId);
        return find(projectId, name).orElseThrow(() -> notFound(name));
    }

    /** Version {@code version} of flow {@code name}; NOT_FOUND when either does not exist. */
    public StoredFlow version(Caller caller, UUID projectId, String name, int version) {
        requireProject(caller, projectId);
        UUID id = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM flows WHERE project_id = :p AND name = :n")
                .bind("p", projectId).bind("n", name).mapTo(UUID.class).findOne()).orElseThrow(() -> notFound(name));
        return load(id, version).orElseThrow(() -> PlatformException.notFound("flow '" + name + "' has no version " + version));
    }

    /** The versions of flow {@code name}, newest first; NOT_FOUND when it does not exist. */
    public List<FlowVersion> versions(Caller caller, UUID projectId, String name) {
        requireProject(caller, projectId);
        return db.jdbi().withHandle(h -> {
            UUID id = h.createQuery("SELECT id FROM flows WHERE project_id = :p AND name = :n")
                    .bind("p", projectId).bind("n", name).mapTo(UUID.class).findOne().orElseThrow(() -> notFound(name));
            return h.createQuery("SELECT v.version, v.created_at, u.username FROM flow_versions v "
                            + "LEFT JOIN users u ON u.id = v.created_by WHERE v.flow_id = :id ORDER BY v.version DESC")
                    .bind("id", id)
                    .map((rs, ctx) -> new FlowVersion(rs.getInt("version"), Times.instant(rs, "created_at"), rs.getString("username")))
                    .list();
        });
    }

    /** The project's flows, by name. */
    public List<FlowSummary> list(Caller caller, UUID projectId) {
        requireProject(caller, projectId);
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, name, latest_version, updated_at FROM flows WHERE project_id = :p ORDER BY name")
                .bind("p", projectId)
                .map((rs, ctx) -> new FlowSummary(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("latest_version"),
                        Times.instant(rs, "updated_at")))
                .list());
    }

    /**
     * Which flows use which connection: connection name to the names of the flows whose latest
     * version has a step with that connection, sorted. One query for the project's flows; parsed
     * versions come from the cache, so a listing page does not re-read every document.
     */
    public Map<String, List<String>> connectionUsers(Caller caller, UUID projectId) {
        requireProject(caller, projectId);
        return db.jdbi().withHandle(h -> {
            List<Key> latest = h.createQuery("SELECT id, latest_version FROM flows WHERE project_id = :p")
                    .bind("p", projectId).map((rs, ctx) -> new Key(rs.getObject("id", UUID.class), rs.getInt("latest_version"))).list();
            Map<String, List<String>> users = new TreeMap<>();
            for (Key k : latest) {
                StoredFlow f = load(h, k.flowId(), k.version());
                for (String c : f.definition().connections()) {
                    users.computeIfAbsent(c, x -> new ArrayList<>()).add(f.name());
                }
            }
            users.values().forEach(l -> l.sort(null));
            return users;
        });
    }

    /** The latest version of {@code name} in {@code projectId}, without an access check (for the engine). */
    public Optional<StoredFlow> find(UUID projectId, String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, latest_version FROM flows WHERE project_id = :p AND name = :n")
                .bind("p", projectId).bind("n", name)
                .map((rs, ctx) -> new Key(rs.getObject("id", UUID.class), rs.getInt("latest_version")))
                .findOne()
                .map(k -> load(h, k.flowId(), k.version())));
    }

    /** Version {@code version} of flow {@code flowId}, without an access check (for the engine). */
    public Optional<StoredFlow> load(UUID flowId, int version) {
        StoredFlow cached = parsed.getIfPresent(new Key(flowId, version));
        if (cached != null) {
            return Optional.of(cached);
        }
        return db.jdbi().withHandle(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM flow_versions WHERE flow_id = :id AND version = :v")
                    .bind("id", flowId).bind("v", version).mapTo(Integer.class).one() > 0;
            return exists ? Optional.of(load(h, flowId, version)) : Optional.<StoredFlow>empty();
        });
    }

    private StoredFlow load(Handle h, UUID flowId, int version) {
        Key key = new Key(flowId, version);
        StoredFlow cached = parsed.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        StoredFlow stored = h.createQuery("SELECT f.project_id, f.name, v.source, v.created_by, v.created_at FROM flow_versions v "
                        + "JOIN flows f ON f.id = v.flow_id WHERE v.flow_id = :id AND v.version = :v")
                .bind("id", flowId).bind("v", version)
                .map((rs, ctx) -> {
                    String source = rs.getString("source");
                    // task types are not re-checked: a stored version stays readable when a type is removed;
                    // the run fails at that step instead, naming the type
                    FlowDefinition definition = FlowDefinition.parse(source, null);
                    return new StoredFlow(flowId, rs.getObject("project_id", UUID.class), rs.getString("name"), version, source,
                            definition, rs.getObject("created_by", UUID.class), Times.instant(rs, "created_at"));
                })
                .one();
        parsed.put(key, stored);
        return stored;
    }

    private void requireProject(Caller caller, UUID projectId) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(projectId, "projectId");
        if (!membership.canUse(caller, projectId)) {
            throw PlatformException.notFound("project " + projectId + " not found, or user '" + caller.username() + "' is not a member");
        }
    }

    private static PlatformException notFound(String name) {
        return PlatformException.notFound("flow '" + name + "' not found in this project: apply it first (flowvault flow apply FILE)");
    }

    static String normalize(String yaml) {
        Objects.requireNonNull(yaml, "yaml");
        String[] lines = yaml.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder b = new StringBuilder(yaml.length());
        for (String line : lines) {
            b.append(line.stripTrailing()).append('\n');
        }
        String s = b.toString();
        while (s.endsWith("\n\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
