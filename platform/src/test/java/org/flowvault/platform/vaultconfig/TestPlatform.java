package org.flowvault.platform.vaultconfig;

import java.time.Duration;
import java.util.UUID;
import org.flowvault.platform.audit.Audit;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.PasswordHasher;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.identity.Users;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.usertoken.UserTokens;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;

/**
 * The platform core wired as production wires it, on a fresh database and a test clock: users,
 * projects, vault configurations (allow-list: loopback only), clients, user tokens and Vault
 * access. Test-only: cheap Argon2 parameters, no HTTP retries, short timeouts.
 */
public final class TestPlatform implements AutoCloseable {
    public static final UrlAllowList LOOPBACK = UrlAllowList.of(java.util.List.of("127.0.0.1", "localhost"));

    public final TestClock clock;
    public final Database db;
    public final MasterKey masterKey;
    public final SecretBox box;
    public final Users users;
    public final Projects projects;
    public final VaultConfigurations configs;
    public final VaultClients clients;
    public final UserTokens tokens;
    public final ProjectVaultAccess vaults;
    public final Caller admin;
    /** The environment variables JWT configurations read (instead of the test JVM's). */
    public final java.util.Map<String, String> environment = new java.util.concurrent.ConcurrentHashMap<>();
    /** The audit trail, wired as the platform wires it (in-memory journal). */
    public final Audit audit;

    private TestPlatform(Database db, MasterKey key, TestClock clock, Caller admin) {
        this.clock = clock;
        this.db = db;
        this.masterKey = key;
        this.box = SecretBox.open(db, key);
        this.users = new Users(db, new PasswordHasher(1024, 1, 1), clock);
        this.projects = new Projects(db, clock, entries -> Egress.of(entries).entries());
        this.audit = new Audit(db, box.derivedKey(Audit.KEY_PURPOSE), projects, clock, "test-node", Audit.Options.defaults());
        this.configs = new VaultConfigurations(db, box, LOOPBACK, projects, clock, audit);
        this.clients = new VaultClients(configs, new VaultClients.Options(Duration.ofSeconds(2), Duration.ofSeconds(10), RetryPolicy.none()),
                org.flowvault.platform.metrics.PlatformMetrics.none(), environment::get);
        this.tokens = new UserTokens(db, box, configs, clients, clock, audit);
        this.vaults = new ProjectVaultAccess(configs, clients, tokens, clock);
        this.admin = admin != null ? admin : users.create(new Caller(UUID.randomUUID(), "bootstrap", Role.ADMIN),
                "admin-" + rnd(), Role.ADMIN, "admin-password").asCaller();
    }

    /** A new platform on a fresh database of {@code dialect} (PostgreSQL tests skip when it is not configured). */
    public static TestPlatform open(Database.Dialect dialect) {
        return new TestPlatform(TestDatabases.open(dialect), MasterKey.generate(), TestClock.startingNow(), null);
    }

    /** A node on {@code db} with the given master key and clock; creates an admin when {@code admin} is null. */
    public static TestPlatform on(Database db, MasterKey key, TestClock clock, Caller admin) {
        return new TestPlatform(db, key, clock, admin);
    }

    /** A member with a random name, belonging to the given (existing) projects. */
    public Caller member(String... projectNames) {
        Caller m = users.create(admin, "member-" + rnd(), Role.MEMBER, "member-password").asCaller();
        for (String p : projectNames) {
            projects.addMember(admin, p, m.username());
        }
        return m;
    }

    /** A new project with a random name; returns its name. */
    public String project() {
        return projects.create(admin, "p-" + rnd()).name();
    }

    /** A USER_TOKEN configuration (KV v2 at secret/) for {@code vault}, auto-renewing with the default 2-day threshold. */
    public VaultConfiguration userTokenConfig(VaultFixture vault) {
        VaultConfiguration c = VaultConfiguration.builder().name("vc-" + rnd()).url(vault.address()).build();
        return configs.create(admin, c, VaultCredentials.none()).config();
    }

    public static String rnd() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        audit.close();
        clients.close();
        db.close();
    }
}
