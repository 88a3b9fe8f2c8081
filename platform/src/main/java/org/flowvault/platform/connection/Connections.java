package org.flowvault.platform.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Project-scoped storage of {@link Connection}s. Every method takes the {@link Caller} and checks
 * {@link ProjectMembership#canUse}: a caller who may not use the project is told the connection
 * does not exist (NOT_FOUND), exactly as for a missing one, so names do not leak.
 *
 * <p>Thread-safe.
 */
public final class Connections {
    private static final String COLUMNS = "id, project_id, name, type, value_text, vault_secrets, description, created_at, updated_at";

    private final Database db;
    private final ProjectMembership membership;

    public Connections(Database db, ProjectMembership membership) {
        this.db = Objects.requireNonNull(db, "db");
        this.membership = Objects.requireNonNull(membership, "membership");
    }

    /**
     * Creates a connection.
     *
     * @throws PlatformException NOT_FOUND when the caller may not use the project; CONFLICT when the name is taken
     */
    public Connection create(Caller caller, UUID projectId, ConnectionInput input) {
        requireProject(caller, projectId, input.name());
        Instant now = now();
        Connection c = new Connection(UUID.randomUUID(), projectId, input.name(), input.type(), input.value(), input.valueText(),
                input.vaultSecrets(), input.description(), now, now);
        try {
            db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO connections (" + COLUMNS + ") VALUES "
                            + "(:id, :project, :name, :type, :value, :secrets, :description, :created, :updated)")
                    .bind("id", c.id()).bind("project", projectId).bind("name", c.name()).bind("type", c.type())
                    .bind("value", c.valueText()).bind("secrets", secretsText(c.vaultSecrets())).bind("description", c.description())
                    .bind("created", odt(now)).bind("updated", odt(now))
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            throw duplicateOr(e, c.name());
        }
        return c;
    }

    /**
     * The connection named {@code name} in the project.
     *
     * @throws PlatformException NOT_FOUND naming the connection when it does not exist or the caller may not use the project
     */
    public Connection get(Caller caller, UUID projectId, String name) {
        return find(caller, projectId, name).orElseThrow(() -> notFound(name));
    }

    /** As {@link #get}, but empty instead of NOT_FOUND. */
    public Optional<Connection> find(Caller caller, UUID projectId, String name) {
        Objects.requireNonNull(name, "name");
        if (!membership.canUse(caller, projectId)) {
            return Optional.empty();
        }
        return db.jdbi().withHandle(h -> select(h, projectId, name));
    }

    /** The project's connections, by name. NOT_FOUND naming the project when the caller may not use it. */
    public List<Connection> list(Caller caller, UUID projectId) {
        if (!membership.canUse(caller, projectId)) {
            throw PlatformException.notFound("project " + projectId + " not found");
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connections WHERE project_id = :p ORDER BY name")
                .bind("p", projectId).map(Connections::map).list());
    }

    /**
     * One page of the project's connections by name: at most {@code limit} whose name sorts after
     * {@code after} (null: from the first). Keyset paging, so page n costs what page 1 does.
     *
     * @throws PlatformException NOT_FOUND as {@link #list}
     */
    public List<Connection> page(Caller caller, UUID projectId, String after, int limit) {
        if (!membership.canUse(caller, projectId)) {
            throw PlatformException.notFound("project " + projectId + " not found");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connections WHERE project_id = :p"
                        + (after == null ? "" : " AND name > :after") + " ORDER BY name LIMIT :limit")
                .bind("p", projectId).bind("after", after).bind("limit", limit).map(Connections::map).list());
    }

    /**
     * Replaces the connection named {@code name} with {@code input} (which may rename it).
     *
     * @throws PlatformException NOT_FOUND as {@link #get}; CONFLICT when renaming onto a taken name
     */
    public Connection update(Caller caller, UUID projectId, String name, ConnectionInput input) {
        Connection old = get(caller, projectId, name);
        Instant now = now();
        Connection c = new Connection(old.id(), projectId, input.name(), input.type(), input.value(), input.valueText(),
                input.vaultSecrets(), input.description(), old.createdAt(), now.isAfter(old.updatedAt()) ? now : old.updatedAt().plusMillis(1));
        int n;
        try {
            n = db.jdbi().withHandle(h -> h.createUpdate("UPDATE connections SET name = :name, type = :type, value_text = :value, "
                            + "vault_secrets = :secrets, description = :description, updated_at = :updated WHERE id = :id")
                    .bind("id", c.id()).bind("name", c.name()).bind("type", c.type()).bind("value", c.valueText())
                    .bind("secrets", secretsText(c.vaultSecrets())).bind("description", c.description())
                    .bind("updated", odt(c.updatedAt()))
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            throw duplicateOr(e, c.name());
        }
        if (n == 0) {
            throw notFound(name);
        }
        return c;
    }

    /** Deletes the connection. NOT_FOUND as {@link #get}. */
    public void delete(Caller caller, UUID projectId, String name) {
        requireProject(caller, projectId, name);
        int n = db.jdbi().withHandle(h -> h.createUpdate("DELETE FROM connections WHERE project_id = :p AND name = :n")
                .bind("p", projectId).bind("n", name).execute());
        if (n == 0) {
            throw notFound(name);
        }
    }

    private void requireProject(Caller caller, UUID projectId, String name) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(projectId, "projectId");
        if (!membership.canUse(caller, projectId)) {
            throw notFound(name);
        }
    }

    private static Optional<Connection> select(Handle h, UUID projectId, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM connections WHERE project_id = :p AND name = :n")
                .bind("p", projectId).bind("n", name).map(Connections::map).findOne();
    }

    private static Connection map(ResultSet rs, StatementContext ctx) throws SQLException {
        String valueText = rs.getString("value_text");
        String secrets = rs.getString("vault_secrets");
        List<AttachedSecret> attached = secrets.isEmpty() ? List.of()
                : Arrays.stream(secrets.split("\n")).map(AttachedSecret::stored).toList();
        return new Connection(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class), rs.getString("name"),
                rs.getString("type"), ConnectionValues.parseStored(valueText), valueText, attached, rs.getString("description"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static String secretsText(List<AttachedSecret> secrets) {
        return secrets.stream().map(AttachedSecret::toString).collect(Collectors.joining("\n"));
    }

    private static PlatformException notFound(String name) {
        return PlatformException.notFound("connection \"" + name + "\" not found in this project "
                + "(check the name, and that you are a member of the project)");
    }

    private static RuntimeException duplicateOr(UnableToExecuteStatementException e, String name) {
        if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
            return PlatformException.conflict("a connection named \"" + name + "\" already exists in this project; choose another name");
        }
        return e;
    }

    private static Instant now() {
        // Database timestamps keep microseconds; truncate so a read-back equals what was returned.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime odt(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
