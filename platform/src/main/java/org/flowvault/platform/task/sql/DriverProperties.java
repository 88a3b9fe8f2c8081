package org.flowvault.platform.task.sql;

import java.util.Map;
import java.util.Set;

/**
 * Which driver properties a flow may set, per driver family: an allow-list of settings that
 * tune a connection to the remote database and nothing else. Everything else is refused, above
 * all what makes the driver load a class (PostgreSQL {@code socketFactory}, {@code sslfactory},
 * {@code authenticationPluginClassName}; MariaDB {@code socketFactory}, {@code credentialType}),
 * read or write a file or local socket of the server ({@code sslcert}, {@code sslkey},
 * {@code sslrootcert}, {@code loggerFile}, {@code service}, {@code passfile}; MariaDB
 * {@code localSocket}, {@code pipe}, {@code serverSslCert}, {@code keyStore}, {@code trustStore})
 * or reach another host than the one checked (SQL Server {@code serverName},
 * {@code failoverPartner}, {@code instanceName}). Names are compared case-insensitively.
 *
 * <p>Some properties are set by the platform whatever the flow says ({@link #forced(String)}):
 * MariaDB/MySQL would otherwise send a server-named local file to the server
 * ({@code LOAD DATA LOCAL INFILE}, on by default in MariaDB Connector/J 3) and follow a server's
 * redirect to another host.
 */
final class DriverProperties {
    private static final Set<String> CREDENTIALS = Set.of("user", "password");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "postgresql", Set.of("user", "password", "ssl", "sslmode", "sslnegotiation", "channelbinding", "applicationname",
                    "connecttimeout", "sockettimeout", "logintimeout", "cancelsignaltimeout", "currentschema", "options",
                    "readonly", "readonlymode", "tcpkeepalive", "tcpnodelay", "rewritebatchedinserts", "stringtype",
                    "preparethreshold", "preparedstatementcachequeries", "preferquerymode", "defaultrowfetchsize",
                    "binarytransfer", "targetservertype", "loadbalancehosts", "hostrecheckseconds", "autosave",
                    "cleanupsavepoints", "assumeminserverversion", "sslfactory"),
            "mariadb", Set.of("user", "password", "sslmode", "connecttimeout", "sockettimeout", "tcpkeepalive", "usecompression",
                    "defaultfetchsize", "timezone", "connectiontimezone", "connectioncollation", "tinyint1isbit",
                    "transformedbitisboolean", "yearisdatetype", "useserverprepstmts", "usebulkstmts",
                    "rewritebatchedstatements", "useaffectedrows", "restrictedauth", "allowpublickeyretrieval",
                    "connectionattributes", "enabledsslprotocolsuites", "enabledsslciphersuites",
                    // MySQL Connector/J spellings of the same kind of setting
                    "usessl", "requiressl", "characterencoding", "servertimezone", "useunicode", "zerodatetimebehavior"),
            "h2", CREDENTIALS,
            "oracle", Set.of("user", "password", "oracle.net.connect_timeout", "oracle.jdbc.readtimeout", "defaultrowprefetch",
                    "oracle.jdbc.defaultrowprefetch"),
            "sqlserver", Set.of("user", "password", "databasename", "database", "encrypt", "trustservercertificate",
                    "hostnameincertificate", "logintimeout", "sockettimeout", "querytimeout", "applicationname",
                    "applicationintent", "sendstringparametersasunicode", "locktimeout", "responsebuffering", "selectmethod",
                    "packetsize", "cancelquerytimeout"));
    /** Properties allowed only with one of these values (lower case). */
    private static final Map<String, Set<String>> VALUES = Map.of(
            // the JVM's trust store instead of ~/.postgresql files: the only SSL factory a flow may name
            "sslfactory", Set.of("org.postgresql.ssl.defaultjavasslfactory"));
    private static final Map<String, String> MYSQL_FORCED = Map.of("allowLocalInfile", "false", "allowLoadLocalInfile", "false",
            "allowUrlInLocalInfile", "false", "permitRedirect", "false", "autoDeserialize", "false");

    private DriverProperties() {
    }

    /** The family whose rules apply to {@code subprotocol}: MySQL URLs follow MariaDB's; plugin drivers get credentials only. */
    static String family(String subprotocol) {
        return subprotocol.equals("mysql") ? "mariadb" : ALLOWED.containsKey(subprotocol) ? subprotocol : "plugin";
    }

    /** The lower-case names a flow may set for {@code family}. */
    static Set<String> allowed(String family) {
        return ALLOWED.getOrDefault(family, CREDENTIALS);
    }

    /** Whether {@code value} is acceptable for the allowed property {@code lowerName}. */
    static boolean valueAllowed(String lowerName, String value) {
        Set<String> values = VALUES.get(lowerName);
        return values == null || values.contains(value.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** What the platform sets for {@code family}, overriding the flow. */
    static Map<String, String> forced(String family) {
        return switch (family) {
            case "mariadb" -> MYSQL_FORCED;
            // GSS encryption would use the server's own Kerberos credentials, if it has any
            case "postgresql" -> Map.of("gssEncMode", "disable");
            default -> Map.of();
        };
    }
}
