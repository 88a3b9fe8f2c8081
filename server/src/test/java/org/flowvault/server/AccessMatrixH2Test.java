package org.flowvault.server;

import org.flowvault.platform.db.Database;

/** The access-control matrix on H2. */
class AccessMatrixH2Test extends AccessMatrixContract {
    @Override
    Database.Dialect dialect() {
        return Database.Dialect.H2;
    }
}
