package org.flowvault.vault.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigErrorTest {
    private static final String LISTENER = "listener \"tcp\" {\n  tls_disable = true\n}\n";
    private static final String STORAGE = "storage \"inmem\" {}\n";

    private static AbstractThrowableAssert<?, ? extends Throwable> parsing(String text) {
        return parsing(text, "vault.hcl");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> parsing(String text, String fileName) {
        return assertThatThrownBy(() -> ServerConfig.parse(text, fileName)).isInstanceOf(ConfigException.class);
    }

    private static String listenerWithAddress(String address) {
        return STORAGE + "listener \"tcp\" {\n  address = \"" + address + "\"\n  tls_disable = true\n}\n";
    }

    @Test
    void missingStorageIsRejectedWithAnExampleBlock() {
        parsing(LISTENER).hasMessage("vault.hcl: storage: no storage block; add storage \"file\" { path = "
                + "\"/path/to/data\" } or storage \"inmem\" {} (data is lost on restart)");
    }

    @Test
    void emptyFileIsRejectedForMissingStorage() {
        parsing("  \n").hasMessageStartingWith("vault.hcl: storage: no storage block");
    }

    @Test
    void missingListenerIsRejectedWithAnExampleBlock() {
        parsing(STORAGE).hasMessage("vault.hcl: listener: no listener block; add one such as "
                + "listener \"tcp\" { address = \"127.0.0.1:8200\", tls_disable = true }");
    }

    @Test
    void unsupportedStorageTypeNamesTheSupportedTypes() {
        parsing("storage \"raft\" {\n  path = \"/data\"\n}\n" + LISTENER)
                .hasMessageStartingWith("vault.hcl: storage \"raft\": is not supported by the Flowvault embedded server")
                .hasMessageContaining("the supported storage types are \"file\" and \"inmem\"");
    }

    @Test
    void twoStorageBlocksAreRejected() {
        parsing("backend \"file\" {\n  path = \"/a\"\n}\nstorage \"inmem\" {}\n" + LISTENER)
                .hasMessageStartingWith("vault.hcl: storage: 2 storage blocks found (backend \"file\", storage \"inmem\");"
                        + " keep exactly one");
    }

    @Test
    void fileStorageWithoutPathIsRejected() {
        parsing("storage \"file\" {}\n" + LISTENER)
                .hasMessage("vault.hcl: storage \"file\" path: is missing; add path = \"/path/to/data\" to the block");
    }

    @Test
    void fileStorageWithEmptyPathIsRejected() {
        parsing("storage \"file\" {\n  path = \"\"\n}\n" + LISTENER)
                .hasMessageStartingWith("vault.hcl: storage \"file\" path: is empty");
    }

    @Test
    void storageWithoutTypeLabelIsRejected() {
        parsing("storage {\n  path = \"/data\"\n}\n" + LISTENER)
                .hasMessage("vault.hcl: storage: must be a block with a type label, e.g. storage \"file\" { path = \"/path/to/data\" }");
    }

    @Test
    void tlsWithoutCertificateAndKeyIsRejected() {
        parsing(STORAGE + "listener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n}\n")
                .hasMessage("vault.hcl: listener \"tcp\" tls_cert_file and tls_key_file: TLS is enabled (tls_disable is"
                        + " not true) but tls_cert_file and tls_key_file are not set; set tls_cert_file and tls_key_file"
                        + " to PEM files, or set tls_disable = true to serve plain HTTP");
    }

    @Test
    void tlsWithCertificateButNoKeyIsRejected() {
        parsing(STORAGE + "listener \"tcp\" {\n  tls_disable = false\n  tls_cert_file = \"cert.pem\"\n}\n")
                .hasMessageStartingWith("vault.hcl: listener \"tcp\" tls_key_file: TLS is enabled")
                .hasMessageContaining("tls_key_file is not set");
    }

    @Test
    void onlyNonTcpListenersAreRejected() {
        parsing(STORAGE + "listener \"unix\" {\n  address = \"/run/vault.sock\"\n}\n")
                .hasMessageStartingWith("vault.hcl: listener \"unix\": is not supported; Flowvault listens on TCP only");
    }

    @Test
    void addressWithoutPortIsRejected() {
        parsing(listenerWithAddress("localhost"))
                .hasMessage("vault.hcl: listener \"tcp\" address: \"localhost\" has no port; write host:port,"
                        + " e.g. \"127.0.0.1:8200\" or \"[::1]:8200\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:99999", "127.0.0.1:http", "127.0.0.1:-1", "[::1]:65536"})
    void invalidPortIsRejected(String address) {
        parsing(listenerWithAddress(address))
                .hasMessageStartingWith("vault.hcl: listener \"tcp\" address: \"" + address + "\" has an invalid port")
                .hasMessageEndingWith("use a port from 1 to 65535 (0 picks a free port)");
    }

    @Test
    void ipv6AddressWithoutBracketsIsRejected() {
        parsing(listenerWithAddress("::1:8200"))
                .hasMessageContaining("\"::1:8200\" has too many colons; put an IPv6 address in brackets");
    }

    @Test
    void unquotedAddressIsRejected() {
        parsing(STORAGE + "listener \"tcp\" {\n  address = localhost\n}\n")
                .hasMessage("vault.hcl: listener \"tcp\" address: must be a quoted string such as \"127.0.0.1:8200\","
                        + " but is the unquoted word localhost");
    }

    @Test
    void unknownTlsDisableValueIsRejected() {
        parsing(STORAGE + "listener \"tcp\" {\n  tls_disable = \"yes\"\n}\n")
                .hasMessage("vault.hcl: listener \"tcp\" tls_disable: \"yes\" is not a boolean; use true or false");
    }

    @Test
    void invalidDurationIsRejected() {
        parsing(STORAGE + LISTENER + "default_lease_ttl = \"forever\"\n")
                .hasMessage("vault.hcl: default_lease_ttl: \"forever\" is not a duration; use a duration such as"
                        + " \"768h\" or \"30m\", or a number of seconds");
    }

    @Test
    void negativeDurationIsRejected() {
        parsing(STORAGE + LISTENER + "max_lease_ttl = \"-1h\"\n")
                .hasMessageStartingWith("vault.hcl: max_lease_ttl: \"-1h\" is negative");
    }

    @Test
    void defaultTtlLongerThanMaxTtlIsRejected() {
        parsing(STORAGE + LISTENER + "default_lease_ttl = \"2h\"\nmax_lease_ttl = \"1h\"\n")
                .hasMessage("vault.hcl: default_lease_ttl: (2h0m0s) is longer than max_lease_ttl (1h0m0s);"
                        + " lower default_lease_ttl or raise max_lease_ttl");
    }

    @Test
    void maxTtlShorterThanTheDefaultDefaultTtlSaysTheDefaultIsInUse() {
        parsing(STORAGE + LISTENER + "max_lease_ttl = \"1h\"\n")
                .hasMessage("vault.hcl: default_lease_ttl: (768h0m0s, the default) is longer than max_lease_ttl"
                        + " (1h0m0s); lower default_lease_ttl or raise max_lease_ttl");
    }

    @Test
    void unclosedBlockIsReportedAtTheLineThatOpenedIt() {
        parsing("storage \"file\" {\n  path = \"/data\"\n\n" + LISTENER)
                .hasMessage("vault.hcl: not valid HCL: line 1: '{' is never closed; add the missing '}'");
    }

    @Test
    void strayClosingBraceIsReported() {
        parsing(STORAGE + LISTENER + "}\n")
                .hasMessage("vault.hcl: not valid HCL: line 5: '}' has no matching '{'; remove it");
    }

    @Test
    void unterminatedStringIsReported() {
        parsing("storage \"file\" {\n  path = \"/data\n}\n" + LISTENER)
                .hasMessage("vault.hcl: not valid HCL: line 2: string is not closed; add the closing '\"'");
    }

    @Test
    void mismatchedBracketIsReportedWithBothLines() {
        parsing(STORAGE + LISTENER + "telemetry {\n  prefixes = [\"a\"}\n")
                .hasMessage("vault.hcl: not valid HCL: line 6: '}' does not close the '[' opened on line 6; add the missing ']'");
    }

    @Test
    void unclosedHeredocIsReported() {
        parsing(STORAGE + LISTENER + "x = <<EOT\nabc\n")
                .hasMessage("vault.hcl: not valid HCL: line 5: heredoc <<EOT is never closed; add a line holding only EOT");
    }

    @Test
    void selfReferencingValueIsRejectedInsteadOfOverflowingTheStack() {
        parsing(STORAGE + LISTENER + "ui = ui\n")
                .hasMessageStartingWith("vault.hcl: not valid HCL: a value refers to itself");
    }

    @Test
    void hclSyntaxErrorCarriesTheParsersMessage() {
        parsing("storage \"file\" {\n  path \"/data\"\n}\n" + LISTENER)
                .hasMessageStartingWith("vault.hcl: not valid HCL: ")
                .hasMessageContaining("line: 2")
                .hasMessageEndingWith("; fix the syntax, or write the file as JSON");
    }

    @Test
    void jsonSyntaxErrorNamesLineAndColumn() {
        parsing("{\n  \"storage\": {\"inmem\": {}},\n}\n", "vault.json")
                .hasMessageStartingWith("vault.json: not valid JSON: line 3, column 1: ")
                .hasMessageEndingWith("; fix the JSON syntax");
    }

    @Test
    void jsonSyntaxErrorInAnHclFileSaysWhyItWasReadAsJson() {
        parsing("{\"storage\": }")
                .hasMessageStartingWith("vault.hcl: not valid JSON: line 1, column 13: ")
                .hasMessageEndingWith("; fix the JSON syntax (text starting with '{' is read as JSON)");
    }

    @Test
    void duplicateJsonKeyIsRejectedRatherThanSilentlyDropped() {
        parsing("{\"listener\": {\"tcp\": {}}, \"listener\": {\"tcp\": {}}}", "vault.json")
                .hasMessageContaining("Duplicate field 'listener'");
    }

    @Test
    void jsonTopLevelArrayIsRejected() {
        parsing("[]", "vault.json").hasMessageStartingWith("vault.json: the top level must be a JSON object");
    }

    @Test
    void missingFileIsRejected(@TempDir Path dir) {
        Path file = dir.resolve("absent.hcl");

        assertThatThrownBy(() -> ServerConfig.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": config file does not exist; check the path passed to -config");
    }

    @Test
    void directoryIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerConfig.parse(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": is a directory; pass the path of one HCL or JSON config file");
    }

    @Test
    void fileThatIsNotUtf8IsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("vault.hcl"), new byte[] {'u', 'i', ' ', '=', ' ', '"', (byte) 0xff, '"'});

        assertThatThrownBy(() -> ServerConfig.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": config file is not UTF-8 text; save it as UTF-8");
    }
}
