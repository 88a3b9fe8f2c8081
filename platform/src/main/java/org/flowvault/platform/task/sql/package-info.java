/**
 * The SQL task: statements over JDBC against PostgreSQL, MariaDB/MySQL, H2, and any database
 * whose driver jar is dropped in the plugins directory (Oracle through the {@code SQLORACLE}
 * alias). See {@link org.flowvault.platform.task.sql.SqlTask}.
 */
package org.flowvault.platform.task.sql;
