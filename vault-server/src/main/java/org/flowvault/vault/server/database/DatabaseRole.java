package org.flowvault.vault.server.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored {@code database/roles/NAME}: how to create (and revoke, renew) a user on the
 * connection {@code dbName}. TTLs are seconds; zero means the mount's.
 */
record DatabaseRole(
        @JsonProperty("db_name") String dbName,
        @JsonProperty("creation_statements") List<String> creationStatements,
        @JsonProperty("revocation_statements") List<String> revocationStatements,
        @JsonProperty("rollback_statements") List<String> rollbackStatements,
        @JsonProperty("renew_statements") List<String> renewStatements,
        @JsonProperty("default_ttl") long defaultTtl,
        @JsonProperty("max_ttl") long maxTtl) {

    DatabaseRole {
        creationStatements = copy(creationStatements);
        revocationStatements = copy(revocationStatements);
        rollbackStatements = copy(rollbackStatements);
        renewStatements = copy(renewStatements);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("creation_statements", creationStatements);
        out.put("credential_type", "password");
        out.put("db_name", dbName);
        out.put("default_ttl", defaultTtl);
        out.put("max_ttl", maxTtl);
        out.put("renew_statements", renewStatements);
        out.put("revocation_statements", revocationStatements);
        out.put("rollback_statements", rollbackStatements);
        return out;
    }
}
