package org.flowvault.platform.identity;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.naming.Names;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Platform users: admin-only administration (create, list, change role, delete), password changes
 * (by the user or an admin), password verification for logins, and the dev-mode first admin.
 * Passwords are stored only as Argon2id hashes. Thread-safe.
 */
public final class Users {
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, username, role, created_at";

    private final Database db;
    private final PasswordHasher hasher;
    private final Clock clock;
    /** Verified against when the user does not exist, so a miss takes as long as a wrong password. */
    private final String dummyHash;

    public Users(Database db, PasswordHasher hasher, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dummyHash = hasher.hash("flowvault-dummy-password");
    }

    /**
     * Creates a user (admin only).
     *
     * @throws PlatformException FORBIDDEN for members; INVALID for a bad name or short password;
     *         CONFLICT when the name is taken
     */
    public User create(Caller admin, String username, Role role, String password) {
        admin.requireAdmin("create users");
        return insert(username, role, password);
    }

    private User insert(String username, Role role, String password) {
        Names.require(Names.Kind.USER, username);
        Objects.requireNonNull(role, "role");
        requirePassword(password);
        User user = new User(UUID.randomUUID(), username, role, clock.instant());
        String hash = hasher.hash(password);
        db.jdbi().useTransaction(h -> {
            if (findByName(h, username).isPresent()) {
                throw PlatformException.conflict("a user named '" + username + "' already exists");
            }
            h.createUpdate("INSERT INTO users (id, username, role, password_hash, created_at) VALUES (:id, :u, :r, :p, :t)")
                    .bind("id", user.id()).bind("u", username).bind("r", role.name()).bind("p", hash)
                    .bind("t", Times.db(user.createdAt())).execute();
        });
        return user;
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw PlatformException.invalid("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    /** Every user, by name (admin only). */
    public List<User> list(Caller admin) {
        admin.requireAdmin("list users");
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY username")
                .map(Users::map).list());
    }

    /**
     * The user named {@code username}: an admin may read anyone, a member only themself.
     *
     * @throws PlatformException NOT_FOUND when there is no such user (or a member asks for another)
     */
    public User get(Caller caller, String username) {
        if (!caller.isAdmin() && !caller.username().equals(username)) {
            throw PlatformException.notFound("no user named '" + username + "'");
        }
        return db.jdbi().withHandle(h -> findByName(h, username))
                .orElseThrow(() -> PlatformException.notFound("no user named '" + username + "'"));
    }

    /** Changes a user's role (admin only; an admin cannot change their own role, so one admin always remains). */
    public User setRole(Caller admin, String username, Role role) {
        admin.requireAdmin("change roles");
        if (admin.username().equals(username)) {
            throw PlatformException.invalid("admins cannot change their own role; ask another admin");
        }
        User user = get(admin, username);
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE users SET role = :r WHERE id = :id")
                .bind("r", role.name()).bind("id", user.id()).execute());
        return new User(user.id(), user.username(), role, user.createdAt());
    }

    /** Sets a user's password: the user themself, or an admin for anyone. */
    public void setPassword(Caller caller, String username, String newPassword) {
        if (!caller.isAdmin() && !caller.username().equals(username)) {
            throw PlatformException.forbidden("only admins may set another user's password");
        }
        requirePassword(newPassword);
        User user = get(caller, username);
        String hash = hasher.hash(newPassword);
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :p WHERE id = :id")
                .bind("p", hash).bind("id", user.id()).execute());
    }

    /** Deletes a user with their keys, sessions and tokens (admin only; not oneself). */
    public void delete(Caller admin, String username) {
        admin.requireAdmin("delete users");
        if (admin.username().equals(username)) {
            throw PlatformException.invalid("admins cannot delete themselves; ask another admin");
        }
        User user = get(admin, username);
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", user.id()).execute());
    }

    /**
     * The oldest admin, for the local operator of a dev installation (who owns its data directory
     * and so acts as that admin without a password). Never exposed through the API.
     */
    public Optional<User> firstAdmin() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE role = 'ADMIN' ORDER BY created_at LIMIT 1")
                .map(Users::map).findOne());
    }

    /**
     * Dev mode: creates the admin {@code username} with a random password when no user exists yet,
     * and returns that password — the only time it is shown. Idempotent: empty when any user exists.
     */
    public Optional<String> bootstrapAdmin(String username) {
        long count = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
        if (count > 0) {
            return Optional.empty();
        }
        byte[] raw = new byte[18];
        RANDOM.nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            insert(username, Role.ADMIN, password);
        } catch (PlatformException e) {
            if (e.reason() == PlatformException.Reason.CONFLICT) {
                return Optional.empty(); // another node bootstrapped at the same moment
            }
            throw e;
        }
        return Optional.of(password);
    }

    /** The user when {@code password} is theirs; empty otherwise (same cost either way). */
    Optional<User> verifyPassword(String username, String password) {
        record Row(User user, String hash) {
        }
        Optional<Row> row = db.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", password_hash FROM users WHERE username = :u")
                .bind("u", username)
                .map((rs, ctx) -> new Row(map(rs, ctx), rs.getString("password_hash"))).findOne());
        boolean ok = hasher.verify(password, row.map(Row::hash).orElse(dummyHash));
        return ok ? row.map(Row::user) : Optional.empty();
    }

    /** Reads users by id on an open handle, for the authenticator (role changes apply at once). */
    record Lookup(Handle h) {
        Optional<Caller> caller(UUID id) {
            return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id").bind("id", id).map(Users::map)
                    .findOne().map(User::asCaller);
        }
    }

    static Optional<User> findByName(Handle h, String username) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE username = :u").bind("u", username).map(Users::map).findOne();
    }

    static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), Role.valueOf(rs.getString("role")),
                Times.instant(rs, "created_at"));
    }

    @Override
    public String toString() {
        return "Users";
    }
}
