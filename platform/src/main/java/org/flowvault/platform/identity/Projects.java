package org.flowvault.platform.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.naming.Names;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Projects and their members. Admins create and delete projects and manage membership; members
 * see only the projects they belong to. Also the platform's {@link ProjectMembership}. Thread-safe.
 */
public final class Projects implements ProjectMembership {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> ENTRIES = new TypeReference<>() { };
    private final Database db;
    private final Clock clock;
    private final EgressEntries egressEntries;

    /** {@code egressEntries} checks the projects' own task egress lists (the task package's {@code Egress}). */
    public Projects(Database db, Clock clock, EgressEntries egressEntries) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.egressEntries = Objects.requireNonNull(egressEntries, "egressEntries");
    }

    /** Creates a project (admin only) that does not narrow the task egress allow-list. */
    public Project create(Caller admin, String name) {
        return create(admin, name, null);
    }

    /**
     * Creates a project (admin only) whose runs' tasks may connect only where both the operator's
     * egress allow-list and {@code taskEgress} allow (null: no narrowing).
     *
     * @throws PlatformException CONFLICT when the name is taken; INVALID naming the position of an
     *                           entry that is not an egress entry (never the entry itself)
     */
    public Project create(Caller admin, String name, List<String> taskEgress) {
        admin.requireAdmin("create projects");
        Names.require(Names.Kind.PROJECT, name);
        Project p = new Project(UUID.randomUUID(), name, clock.instant(), normalized(taskEgress));
        db.jdbi().useTransaction(h -> {
            if (find(h, name).isPresent()) {
                throw PlatformException.conflict("a project named '" + name + "' already exists");
            }
            h.createUpdate("INSERT INTO projects (id, name, created_at, task_egress) VALUES (:id, :n, :t, :e)")
                    .bind("id", p.id()).bind("n", name).bind("t", Times.db(p.createdAt()))
                    .bind("e", write(p.taskEgress())).execute();
        });
        return p;
    }

    /**
     * Sets the project's own task egress list (admin only; null: no narrowing). Runs that start
     * afterwards use it.
     *
     * @throws PlatformException INVALID naming the position of an entry that is not an egress entry
     */
    public Project setTaskEgress(Caller admin, String name, List<String> taskEgress) {
        admin.requireAdmin("set a project's task egress");
        Project p = require(name);
        List<String> entries = normalized(taskEgress);
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE projects SET task_egress = :e WHERE id = :id")
                .bind("e", write(entries)).bind("id", p.id()).execute());
        return new Project(p.id(), p.name(), p.createdAt(), entries);
    }

    @Override
    public Optional<List<String>> taskEgress(UUID projectId) {
        return byId(projectId).map(Project::taskEgress);
    }

    /** All projects for an admin; a member's own projects otherwise; by name. */
    public List<Project> list(Caller caller) {
        return db.jdbi().withHandle(h -> caller.isAdmin()
                ? h.createQuery("SELECT id, name, created_at, task_egress FROM projects ORDER BY name").map(Projects::map).list()
                : h.createQuery("SELECT p.id, p.name, p.created_at, p.task_egress FROM projects p JOIN project_members m ON m.project_id = p.id "
                        + "WHERE m.user_id = :u ORDER BY p.name").bind("u", caller.userId()).map(Projects::map).list());
    }

    /** Deletes a project and its memberships (admin only). */
    public void delete(Caller admin, String name) {
        admin.requireAdmin("delete projects");
        Project p = require(name);
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", p.id()).execute());
    }

    /** Adds {@code username} to project {@code project} (admin only; idempotent). */
    public void addMember(Caller admin, String project, String username) {
        admin.requireAdmin("manage project members");
        Project p = require(project);
        db.jdbi().useTransaction(h -> {
            User u = Users.findByName(h, username).orElseThrow(() -> PlatformException.notFound("no user named '" + username + "'"));
            boolean already = h.createQuery("SELECT count(*) FROM project_members WHERE project_id = :p AND user_id = :u")
                    .bind("p", p.id()).bind("u", u.id()).mapTo(Long.class).one() > 0;
            if (!already) {
                h.createUpdate("INSERT INTO project_members (project_id, user_id, added_at) VALUES (:p, :u, :t)")
                        .bind("p", p.id()).bind("u", u.id()).bind("t", Times.db(clock.instant())).execute();
            }
        });
    }

    /** Removes {@code username} from project {@code project} (admin only; idempotent). */
    public void removeMember(Caller admin, String project, String username) {
        admin.requireAdmin("manage project members");
        Project p = require(project);
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM project_members WHERE project_id = :p AND user_id = "
                        + "(SELECT id FROM users WHERE username = :u)")
                .bind("p", p.id()).bind("u", username).execute());
    }

    /** The members of a project, by name (admin only). */
    public List<User> members(Caller admin, String project) {
        admin.requireAdmin("list project members");
        Project p = require(project);
        return db.jdbi().withHandle(h -> h.createQuery("SELECT u.id, u.username, u.role, u.created_at FROM users u "
                        + "JOIN project_members m ON m.user_id = u.id WHERE m.project_id = :p ORDER BY u.username")
                .bind("p", p.id()).map(Users::map).list());
    }

    /** The ids of the projects {@code caller} belongs to (for an admin too: membership, not power). */
    public Set<UUID> projectIdsOf(Caller caller) {
        return new HashSet<>(db.jdbi().withHandle(h -> h.createQuery("SELECT project_id FROM project_members WHERE user_id = :u")
                .bind("u", caller.userId()).mapTo(UUID.class).list()));
    }

    /** The project with this id, if it exists. */
    public Optional<Project> byId(UUID id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, name, created_at, task_egress FROM projects WHERE id = :id")
                .bind("id", id).map(Projects::map).findOne());
    }

    @Override
    public boolean canUse(Caller caller, UUID projectId) {
        if (caller.isAdmin()) {
            return byId(projectId).isPresent();
        }
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM project_members WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId).bind("u", caller.userId()).mapTo(Long.class).one()) > 0;
    }

    @Override
    public UUID requireUsable(Caller caller, String name) {
        Optional<Project> p = db.jdbi().withHandle(h -> find(h, name));
        if (p.isEmpty() || !canUse(caller, p.get().id())) {
            throw PlatformException.notFound("no project named '" + name + "' that user '" + caller.username() + "' may use");
        }
        return p.get().id();
    }

    private Project require(String name) {
        return db.jdbi().withHandle(h -> find(h, name))
                .orElseThrow(() -> PlatformException.notFound("no project named '" + name + "'"));
    }

    private static Optional<Project> find(Handle h, String name) {
        return h.createQuery("SELECT id, name, created_at, task_egress FROM projects WHERE name = :n").bind("n", name).map(Projects::map).findOne();
    }

    private static Project map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Project(rs.getObject("id", UUID.class), rs.getString("name"), Times.instant(rs, "created_at"),
                read(rs.getString("task_egress")));
    }

    /** The entries as the egress allow-list keeps them (blank ones dropped, lower-cased); null stays null. */
    private List<String> normalized(List<String> taskEgress) {
        if (taskEgress == null) {
            return null;
        }
        try {
            return egressEntries.normalized(taskEgress);
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid(e.getMessage()); // names the entry's position, never the entry
        }
    }

    private static String write(List<String> entries) {
        try {
            return entries == null ? null : JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of strings as JSON", e);
        }
    }

    private static List<String> read(String json) {
        try {
            return json == null ? null : JSON.readValue(json, ENTRIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored task egress list of a project is not a JSON list of strings", e);
        }
    }

    @Override
    public String toString() {
        return "Projects";
    }
}
