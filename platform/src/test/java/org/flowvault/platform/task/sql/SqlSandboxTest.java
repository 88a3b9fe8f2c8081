package org.flowvault.platform.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.flowvault.platform.task.sql.SqlTaskTest.inputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL task as a hostile flow author uses it: the escapes into the server found in issue 9
 * (FILE_READ of the server's files through an in-process H2, Java run through H2's INIT, the
 * platform's own database opened as a file) and their variants, driver properties that load
 * classes or read files for every bundled driver, classes named by a flow, a malicious server's
 * serialized object, MariaDB's LOCAL INFILE, and hosts hidden in multi-host URL forms. All through
 * the task's public entry point, with loopback allowed (as an operator might for a local database)
 * unless a test says otherwise: the refusals do not depend on the egress list.
 */
class SqlSandboxTest {
    private static final String RANDOM = UUID.randomUUID().toString().substring(0, 8);
    private final SqlTask task = new SqlTask();

    private static TaskContext loopbackAllowed(Masker masker) {
        return TaskContext.builder(masker).egress(Egress.of(List.of("127.0.0.1"))).build();
    }

    private TaskResult run(Map<String, Object> inputs) {
        return task.execute(inputs, loopbackAllowed(new Masker()));
    }

    private TaskException refused(Map<String, Object> inputs) {
        TaskException e = catchThrowableOfType(TaskException.class, () -> run(inputs));
        assertThat(e).as("refused: %s", inputs.keySet()).isNotNull();
        assertThat(e.kind()).as("%s", e.getMessage()).isEqualTo(TaskException.Kind.INPUT);
        return e;
    }

    // ------------------------------------------------------------ the three escapes as reported

    @Test
    void anInProcessH2CannotReadTheServersFiles(@TempDir Path dataDir) throws IOException {
        String secret = "unseal-" + UUID.randomUUID();
        Path keys = Files.createDirectories(dataDir.resolve("vault")).resolve("dev-keys.json");
        Files.writeString(keys, "{\"unseal_key\":\"" + secret + "\",\"root_token\":\"hvs." + secret + "\"}");

        TaskException e = refused(inputs("url", "jdbc:h2:mem:x", "execute", "SELECT FILE_READ('" + keys + "', NULL) AS k"));

        assertThat(e.getMessage()).contains("jdbc:h2:tcp://host:port/name").contains("in-process H2").doesNotContain(secret);
    }

    @Test
    void h2InitCannotRunJavaInTheServer() {
        String marker = "flowvault.test.marker." + RANDOM;
        String value = "ran-in-the-server-" + UUID.randomUUID();
        System.setProperty(marker, value);
        try {
            TaskException e = refused(inputs("url", "jdbc:h2:mem:z" + RANDOM
                            + ";INIT=CREATE ALIAS IF NOT EXISTS GETP FOR 'java.lang.System.getProperty(java.lang.String)'",
                    "execute", "SELECT GETP('" + marker + "') AS p"));
            assertThat(e.getMessage()).doesNotContain(value);
        } finally {
            System.clearProperty(marker);
        }
    }

    @Test
    void theServersOwnH2FileCannotBeOpened(@TempDir Path dataDir) throws Exception {
        String file = dataDir.resolve("flowvault").toString();
        try (Connection own = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
             Statement s = own.createStatement()) {
            s.execute("CREATE TABLE users (username VARCHAR(40))");
            s.execute("INSERT INTO users VALUES ('the-admin')");
            TaskException e = refused(inputs("url", "jdbc:h2:file:" + file + ";IFEXISTS=TRUE", "user", "sa",
                    "execute", "SELECT username FROM users"));
            assertThat(e.getMessage()).doesNotContain("the-admin");
        }
    }

    // ------------------------------------------------------------ H2 variants

    static Stream<String> inProcessOrOddH2Urls() {
        String tcp = "jdbc:h2:tcp://127.0.0.1:" + TestH2Server.shared().port();
        return Stream.of("jdbc:h2:mem:", "jdbc:h2:mem:a" + RANDOM, "jdbc:h2:file:/tmp/fv" + RANDOM, "jdbc:h2:./fv" + RANDOM,
                "jdbc:h2:~/fv" + RANDOM, "jdbc:h2:fv" + RANDOM, "jdbc:h2:zip:/tmp/fv" + RANDOM + ".zip!/x",
                "jdbc:h2:split:/tmp/fv" + RANDOM, "jdbc:h2:nio:/tmp/fv" + RANDOM, "jdbc:h2:nioMapped:/tmp/fv" + RANDOM,
                "jdbc:h2:async:/tmp/fv" + RANDOM, "jdbc:h2:memFS:fv" + RANDOM, "jdbc:h2:ssl://127.0.0.1/x",
                "JDBC:H2:MEM:b" + RANDOM, "jdbc:H2:Mem:c" + RANDOM, "Jdbc:h2:File:/tmp/fv" + RANDOM,
                tcp + "/../fv" + RANDOM, tcp + "/~/fv" + RANDOM, tcp + "//tmp/fv" + RANDOM, tcp + "/mem:x",
                tcp + "/x;INIT=RUNSCRIPT FROM '/tmp/x.sql'", tcp + "/x;TRACE_LEVEL_FILE=3", tcp + "/x;ifexists=false",
                "jdbc:h2:tcp://127.0.0.1,127.0.0.2/x", "jdbc:h2:" + tcp.substring("jdbc:h2:".length()) + "/x:y");
    }

    @ParameterizedTest
    @MethodSource("inProcessOrOddH2Urls")
    void everyH2FormButAPlainRemoteDatabaseIsRefused(String url) {
        TaskException e = refused(inputs("url", url, "user", "sa", "execute", "SELECT 1"));
        assertThat(e.getMessage()).contains("SQL input \"url\"").contains("jdbc:h2:tcp://host");
    }

    @Test
    void h2SettingsAreNamedNotQuotedWhenRefused() {
        String value = "v" + UUID.randomUUID();
        TaskException e = refused(inputs("url", TestH2Server.shared().newDatabase() + ";INIT=SET @X='" + value + "'", "execute", "SELECT 1"));
        assertThat(e.getMessage()).contains("\"INIT\"").doesNotContain(value);
    }

    // ------------------------------------------------------------ driver properties

    /** Per bundled driver: the URL of a reachable database and how a property is written into it. */
    private record Driver(String name, String url, String separator) {
        String with(String key, String value) {
            return url + (separator.equals(";") ? ";" : url.contains("?") ? "&" : "?") + key + "=" + value;
        }
    }

    private static final List<Driver> DRIVERS = List.of(
            new Driver("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "?"),
            new Driver("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "?"),
            new Driver("h2", "jdbc:h2:tcp://127.0.0.1:9092/test", ";"));

    static Stream<Arguments> dangerousProperties() {
        Map<String, List<String>> byDriver = Map.of(
                "postgresql", List.of("socketFactory", "socketFactoryArg", "sslfactory", "sslfactoryarg", "sslhostnameverifier",
                        "sslpasswordcallback", "sslkey", "sslcert", "sslrootcert", "sslpassword", "loggerFile", "loggerLevel",
                        "authenticationPluginClassName", "jaasApplicationName", "jaasLogin", "gsslib", "sspiServiceClass",
                        "service", "passfile", "PGHOST", "PGPORT", "PGDBNAME", "kerberosServerName", "gssEncMode", "xmlFactoryFactory",
                        "localSocketAddress", "unixSocketPath"),
                "mariadb", List.of("allowLoadLocalInfile", "allowLocalInfile", "allowUrlInLocalInfile", "socketFactory",
                        "credentialType", "localSocket", "pipe", "serverSslCert", "trustStore", "keyStore",
                        "trustCertificateKeyStoreUrl", "clientCertificateKeyStoreUrl", "permitRedirect", "initSql",
                        "sessionVariables", "localSocketAddress", "serverRsaPublicKeyFile", "codecs", "geometryDefaultType",
                        "dumpQueriesOnException", "log", "autoDeserialize", "tlsSocketType", "servicePrincipalName"),
                "h2", List.of("INIT", "TRACE_LEVEL_FILE", "TRACE_LEVEL_SYSTEM_OUT", "AUTO_SERVER", "AUTO_RECONNECT",
                        "DATABASE_EVENT_LISTENER", "JAVA_OBJECT_SERIALIZER", "IFEXISTS", "CIPHER", "ACCESS_MODE_DATA",
                        "FILE_LOCK", "OPEN_NEW", "MODE", "NETWORK_TIMEOUT"));
        List<Arguments> out = new ArrayList<>();
        for (Driver d : DRIVERS) {
            for (String key : byDriver.get(d.name())) {
                out.add(Arguments.of(d.name(), key));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dangerousProperties")
    void aDangerousPropertyIsRefusedByNameWhereverTheFlowPutsIt(String driver, String key) {
        Driver d = DRIVERS.stream().filter(x -> x.name().equals(driver)).findFirst().orElseThrow();
        String value = "org.example.V" + UUID.randomUUID().toString().replace("-", "");
        List<Map<String, Object>> attempts = List.of(
                inputs("url", d.with(key, value), "execute", "SELECT 1"),
                inputs("url", d.with(key.toUpperCase(java.util.Locale.ROOT), value), "execute", "SELECT 1"),
                inputs("url", d.with(key.toLowerCase(java.util.Locale.ROOT), value), "execute", "SELECT 1"),
                inputs("url", d.url(), "properties", Map.of(key, value), "execute", "SELECT 1"));
        for (Map<String, Object> attempt : attempts) {
            TaskException e = refused(attempt);
            assertThat(e.getMessage()).as("names the property").containsIgnoringCase("\"" + key + "\"")
                    .doesNotContain(value).doesNotContain(value.substring("org.example.".length()));
        }
    }

    @Test
    void urlEncodedPropertyNamesAreDecodedBeforeTheyAreChecked() {
        // PostgreSQL's driver decodes %-escapes in names: s%6FcketFactory is socketFactory to it
        TaskException e = refused(inputs("url", "jdbc:postgresql://127.0.0.1:5432/test?s%6FcketFactory=" + MarkerSocketFactory.class.getName(),
                "execute", "SELECT 1"));
        assertThat(e.getMessage()).contains("\"socketFactory\"");
        assertThat(MarkerSocketFactory.MADE).isFalse();
    }

    @Test
    void aSocketFactoryNamedByAFlowIsNeverInstantiated() {
        for (String url : List.of("jdbc:postgresql://127.0.0.1:5432/test?socketFactory=" + MarkerSocketFactory.class.getName(),
                "jdbc:mariadb://127.0.0.1:3306/test?socketFactory=" + MarkerSocketFactory.class.getName())) {
            try {
                run(inputs("url", url, "user", "nobody", "execute", "SELECT 1"));
            } catch (TaskException expected) {
                // refused (after the fix) or failed to connect through the marker's sockets (before it)
            }
        }
        assertThat(MarkerSocketFactory.MADE).as("a class named by the flow was instantiated in the server").isFalse();
    }

    @Test
    void theDriverInputNamesOnlyTheJdbcDriverOfTheUrl() {
        Map<String, Object> step = inputs("url", TestH2Server.shared().newDatabase(), "user", "sa", "driver", LoadedMarker.class.getName(),
                "execute", "SELECT 1");
        org.assertj.core.api.Assertions.catchThrowable(() -> run(step));
        assertThat(loadedMarkerInitialised).as("the class named by the flow was loaded and initialised").isFalse();
        assertThat(refused(step).getMessage()).contains("\"driver\"").contains("org.h2.Driver");
    }

    // ------------------------------------------------------------ what a malicious or misused server could do

    @Test
    void aRemoteH2ServerCannotMakeTheClientDeserializeAnObject() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Detonator());
        }
        TaskResult r = run(inputs("url", TestH2Server.shared().newDatabase(), "user", "sa",
                "execute", "SELECT CAST(X'" + HexFormat.of().formatHex(bytes.toByteArray()) + "' AS JAVA_OBJECT) AS o"));

        assertThat(Detonator.DESERIALIZED).as("the client deserialized what the server sent").isFalse();
        assertThat(SqlTaskTest.rows(r).getFirst().get("O")).isEqualTo(java.util.Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    @Test
    void mariadbCannotSendAServerFileWithLoadDataLocalInfile(@TempDir Path dataDir) throws Exception {
        String url = System.getenv(SqlTaskTest.MARIADB_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(), SqlTaskTest.MARIADB_ENV + " is not set: skipped");
        String secret = "master-key-" + UUID.randomUUID();
        Path file = dataDir.resolve("master.key");
        Files.writeString(file, secret + "\n");
        String t = "infile_" + RANDOM;
        run(inputs("url", url, "execute", "CREATE TABLE " + t + " (line VARCHAR(200))"));
        try {
            Throwable thrown = null;
            try {
                run(inputs("url", url, "execute", "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE " + t));
            } catch (TaskException e) {
                thrown = e;
            }
            assertThat(thrown).as("LOAD DATA LOCAL INFILE was accepted").isNotNull();
            assertThat(thrown.getMessage()).doesNotContain(secret);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows uploaded from the server's file").isZero();
            }
        } finally {
            run(inputs("url", url, "execute", "DROP TABLE IF EXISTS " + t));
        }
    }

    // ------------------------------------------------------------ hosts and URL forms

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://93.184.216.34:5432,127.0.0.1:5432/db",
            "jdbc:postgresql://[::1]:5432/db",
            "jdbc:mariadb://93.184.216.34:3306,127.0.0.1:3306/db",
            "jdbc:mariadb:replication://address=(host=93.184.216.34)(port=3306)(type=primary),address=(host=127.0.0.1)(port=3306)(type=replica)/db",
            "jdbc:mariadb:sequential://address=(port=3306)(host=localhost)/db",
            "jdbc:mysql://127.0.0.1:3306/db",
            "jdbc:h2:tcp://localhost/x",
            "jdbc:oracle:thin:@//127.0.0.1:1521/XE",
            "jdbc:oracle:thin:@127.0.0.1:1521:XE",
            "jdbc:sqlserver://127.0.0.1:1433;databaseName=db",
            "jdbc:postgresql://169.254.169.254:5432/db",
    })
    void everyHostOfEveryFormIsCheckedAgainstTheEgressList(String url) {
        TaskException e = catchThrowableOfType(TaskException.class,
                () -> task.execute(inputs("url", url, "execute", "SELECT 1"), TaskContext.builder(new Masker()).build()));
        assertThat(e).isNotNull();
        assertThat(e.kind()).as("%s", e.getMessage()).isEqualTo(TaskException.Kind.INPUT);
        assertThat(e.getMessage()).contains("may not connect to").containsAnyOf("127.0.0.1", "::1", "localhost", "169.254.169.254");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql:test",                                  // no host: the driver would pick localhost
            "jdbc:postgresql:/test",
            "jdbc:postgresql://host1:5432",                          // no database
            "jdbc:postgresql://user:S3cr3t-pw@127.0.0.1:5432/test",  // user info
            "jdbc:postgresql://127.0.0.1:5432/te%73t",
            "jdbc:postgresql://127.0.0.1:99999/test",
            "jdbc:mariadb:///test",
            "jdbc:mariadb://address=(host=127.0.0.1)(localSocket=/var/run/mysqld/mysqld.sock)/test",
            "jdbc:mariadb://address=(pipe=x)/test",
            "jdbc:mariadb://address=(host=a)(host=127.0.0.1)/test",
            "jdbc:mariadb:aurora://h:3306/test",
            "jdbc:mysql+srv://example.com/test",
            "jdbc:oracle:thin:@myalias",
            "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=1521)))",
            "jdbc:oracle:thin:@//h:1521/XE?TNS_ADMIN=/etc",
            "jdbc:oracle:oci:@XE",
            "jdbc:sqlserver://h\\SQLEXPRESS;databaseName=x",
            "jdbc:sqlserver://;serverName=127.0.0.1;databaseName=x",
            "jdbc:sqlserver://h:1433;serverName=127.0.0.1",
            "jdbc:sqlserver://h:1433;password={S3cr3t-pw}",
            "jdbc:derby:memory:x;create=true",
            "jdbc:sqlite:/etc/passwd",
            "jdbc:hsqldb:mem:x",
    })
    void urlFormsThatCannotBeVouchedForAreRefusedWithoutEchoingThem(String url) {
        TaskException e = refused(inputs("url", url, "execute", "SELECT 1"));
        assertThat(e.getMessage()).doesNotContain("S3cr3t-pw").doesNotContain(url);
    }

    // ------------------------------------------------------------ markers

    /** Records that it was made: a driver given its name as a socket factory would construct it. */
    public static final class MarkerSocketFactory extends SocketFactory {
        static volatile boolean MADE;

        public MarkerSocketFactory() {
            MADE = true;
        }

        public MarkerSocketFactory(String arg) {
            MADE = true;
        }

        public MarkerSocketFactory(java.util.Properties info) {
            MADE = true;
        }

        private static IOException markerOnly() {
            return new IOException("marker socket factory");
        }

        @Override
        public Socket createSocket() {
            return new Socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw markerOnly();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw markerOnly();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw markerOnly();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            throw markerOnly();
        }
    }

    /** Set when {@link LoadedMarker} is initialised (a field of its own would initialise it when read). */
    static volatile boolean loadedMarkerInitialised;

    /** Records that it was loaded and initialised. */
    public static final class LoadedMarker {
        static {
            loadedMarkerInitialised = true;
        }

        private LoadedMarker() {
        }
    }

    /** Records that it was deserialized. */
    static final class Detonator implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean DESERIALIZED;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED = true;
        }
    }

    @AfterAll
    static void removeWhatTheUnfixedTaskWouldHaveCreated() throws IOException {
        for (Path p : List.of(Path.of("fv" + RANDOM + ".mv.db"), Path.of(System.getProperty("user.home"), "fv" + RANDOM + ".mv.db"),
                Path.of("/tmp/fv" + RANDOM + ".mv.db"))) {
            Files.deleteIfExists(p);
        }
    }
}
