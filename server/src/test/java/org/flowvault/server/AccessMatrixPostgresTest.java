package org.flowvault.server;

import org.flowvault.platform.db.Database;

/** The access-control matrix on PostgreSQL; skipped when FLOWVAULT_TEST_POSTGRES_URL is unset. */
class AccessMatrixPostgresTest extends AccessMatrixContract {
    @Override
    Database.Dialect dialect() {
        return Database.Dialect.POSTGRESQL;
    }
}
