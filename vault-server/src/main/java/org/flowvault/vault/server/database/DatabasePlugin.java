package org.flowvault.vault.server.database;

import java.util.List;
import java.util.Optional;

/**
 * The database plugins the engine knows, by Vault's {@code plugin_name}, with what differs between
 * them: the longest user name, how names are built, and the default statements Vault's plugins use
 * when a role or config gives none. MariaDB is served by the MySQL plugins, as in Vault.
 */
enum DatabasePlugin {
    POSTGRESQL("postgresql-database-plugin", 63, 8,
            List.of("ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'"),
            List.of("ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}'")),
    MYSQL("mysql-database-plugin", 32, 10, List.of(),
            List.of("ALTER USER '{{username}}'@'%' IDENTIFIED BY '{{password}}'")),
    MYSQL_AURORA("mysql-aurora-database-plugin", 32, 10, List.of(),
            List.of("ALTER USER '{{username}}'@'%' IDENTIFIED BY '{{password}}'")),
    MYSQL_RDS("mysql-rds-database-plugin", 32, 10, List.of(),
            List.of("ALTER USER '{{username}}'@'%' IDENTIFIED BY '{{password}}'")),
    MYSQL_LEGACY("mysql-legacy-database-plugin", 16, 4, List.of(),
            List.of("ALTER USER '{{username}}'@'%' IDENTIFIED BY '{{password}}'"));

    /** Vault's MySQL plugin default: revoke everything, then drop the user at any host. */
    static final List<String> MYSQL_REVOCATION = List.of(
            "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '{{name}}'@'%'", "DROP USER '{{name}}'@'%'");

    final String pluginName;
    /** The database's limit on user names (PostgreSQL NAMEDATALEN-1, MySQL 32, legacy MySQL 16). */
    final int maxUsernameLength;
    /** How much of the display name and the role name goes into a generated user name. */
    final int namePartLength;
    final List<String> defaultRenewStatements;
    final List<String> defaultRootRotationStatements;

    DatabasePlugin(String pluginName, int maxUsernameLength, int namePartLength,
                   List<String> defaultRenewStatements, List<String> defaultRootRotationStatements) {
        this.pluginName = pluginName;
        this.maxUsernameLength = maxUsernameLength;
        this.namePartLength = namePartLength;
        this.defaultRenewStatements = defaultRenewStatements;
        this.defaultRootRotationStatements = defaultRootRotationStatements;
    }

    boolean postgres() {
        return this == POSTGRESQL;
    }

    static Optional<DatabasePlugin> byName(String name) {
        for (DatabasePlugin p : values()) {
            if (p.pluginName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String supportedNames() {
        StringBuilder sb = new StringBuilder();
        for (DatabasePlugin p : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(p.pluginName);
        }
        return sb.toString();
    }
}
