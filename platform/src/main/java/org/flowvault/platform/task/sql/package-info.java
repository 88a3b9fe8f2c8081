/**
 * The SQL task: statements over JDBC against PostgreSQL, MariaDB/MySQL, H2 (as a remote database
 * only), and any database whose driver jar is dropped in the plugins directory (Oracle through the
 * {@code SQLORACLE} alias). Every connection request passes the sandbox first ({@code SqlSandbox}:
 * allowed driver families, per-driver URL forms and properties, egress-checked hosts, never the
 * platform's own database). See {@link org.flowvault.platform.task.sql.SqlTask}.
 */
package org.flowvault.platform.task.sql;
