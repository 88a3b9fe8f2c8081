package org.flowvault.platform.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The egress allow-list as a hostile flow author probes it: every way of writing the server's own
 * addresses and the cloud metadata service, names that resolve to them, and the entries an
 * operator writes. Names under {@code egress.test} resolve through {@link TestNames}; nothing here
 * connects anywhere.
 */
class EgressTest {
    private static final Egress DEFAULT = Egress.publicHosts();

    private static String name(String label, String... addresses) {
        return TestNames.define(label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".egress.test", addresses);
    }

    private static String refusal(Egress egress, String scheme, String host, int port) {
        TaskException e = catchThrowableOfType(TaskException.class, () -> egress.check("HTTP", scheme, host, port));
        assertThat(e).as("%s:%d must be refused by %s", host, port, egress).isNotNull();
        assertThat(e.kind()).isEqualTo(TaskException.Kind.INPUT);
        return e.getMessage();
    }

    private static void allowed(Egress egress, String scheme, String host, int port) {
        assertThat(egress.check("HTTP", scheme, host, port)).as("%s:%d allowed by %s", host, port, egress).isNotEmpty();
    }

    @Test
    void publicAddressesAndNamesAreAllowedByDefault() {
        allowed(DEFAULT, "https", "1.1.1.1", 443);
        allowed(DEFAULT, "https", "[2606:4700:4700::1111]", 443);
        String api = name("api", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
        assertThat(DEFAULT.check("HTTP", "https", api, 443)).extracting(InetAddress::getHostAddress)
                .containsExactlyInAnyOrder("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
        allowed(DEFAULT, "https", api.toUpperCase() + ".", 443);
    }

    @Test
    void aNameIsResolvedAsWrittenAsTheConnectingClientWillResolveIt() {
        // the same question the client asks (a trailing dot turns off search domains), answered from the JVM's cache
        String written = name("Written", "93.184.215.14").toUpperCase() + ".";
        allowed(DEFAULT, "https", written, 443);
        assertThat(TestNames.asked(written)).isTrue();
    }

    @Test
    void loopbackInEveryNotationIsRefusedByDefault() {
        for (String host : List.of("127.0.0.1", "127.0.0.2", "127.255.255.254", "localhost", "LOCALHOST", "localhost.",
                "anything.localhost", "[::1]", "::1", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "::ffff:7f00:1",
                "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "127.0.0.1.")) {
            assertThat(refusal(DEFAULT, "http", host, 8080)).as(host).contains("loopback").contains(":8080");
        }
    }

    @Test
    void ipv4NumbersInDisguiseAreRefusedNotGuessed() {
        // Java reads 2130706433 and 127.1 as 127.0.0.1 and 0177.0.0.1 as 177.0.0.1; curl and browsers read 0177 as octal
        for (String host : List.of("2130706433", "127.1", "127.0.1", "0177.0.0.1", "0x7f.1", "0x7f000001", "017700000001",
                "127.000.000.001", "00127.0.0.1", "0x7f.0.0.1", "1.2.3.4.5", "0", "[::1%25lo]", "fe80::1%lo", "a..b", "-x.example",
                "host_name.example", "")) {
            assertThat(refusal(DEFAULT, "http", host, 80)).as(host).contains("neither a name nor an address");
        }
    }

    @Test
    void wildcardAddressesAreRefused() {
        assertThat(refusal(DEFAULT, "http", "0.0.0.0", 80)).contains("0.0.0.0:80").contains("wildcard");
        assertThat(refusal(DEFAULT, "http", "[::]", 80)).contains("[::]:80").contains("wildcard");
        assertThat(refusal(DEFAULT, "http", "0.1.2.3", 80)).contains("wildcard");
    }

    @Test
    void cloudMetadataIsRefusedByDefaultAndByAnyName() {
        assertThat(refusal(DEFAULT, "http", "169.254.169.254", 80)).isEqualTo("HTTP may not connect to 169.254.169.254:80: "
                + "it is a link-local address, where cloud metadata services answer, which tasks reach only when the operator "
                + "lists that address or network in task_egress");
        assertThat(refusal(DEFAULT, "http", "[fd00:ec2::254]", 80)).contains("[fd00:ec2::254]:80").contains("cloud metadata");
        assertThat(refusal(DEFAULT, "http", "100.100.100.200", 80)).contains("cloud metadata");
        assertThat(refusal(DEFAULT, "http", "192.0.0.192", 80)).contains("cloud metadata");
        assertThat(refusal(DEFAULT, "http", "[::ffff:169.254.169.254]", 80)).contains("link-local");
        assertThat(refusal(DEFAULT, "http", "[fe80::1]", 80)).contains("link-local");

        // a name that resolves there is refused even when the operator lists the name; the message does not show the address
        String metadata = name("metadata", "169.254.169.254");
        String message = refusal(Egress.of(List.of(metadata)), "http", metadata, 80);
        assertThat(message).startsWith("HTTP may not connect to " + metadata + ":80: it resolves to a link-local address")
                .doesNotContain("169.254");
        // a wider network does not open it either; only an entry inside link-local space does
        refusal(Egress.of(List.of("0.0.0.0/0", "::/0")), "http", "169.254.169.254", 80);
        allowed(Egress.of(List.of("169.254.169.254")), "http", "169.254.169.254", 80);
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        String loop = name("loop", "127.0.0.1");
        String mixed = name("mixed", "93.184.215.14", "127.0.0.1");
        assertThat(refusal(DEFAULT, "http", loop, 8200)).contains("it resolves to a loopback address").doesNotContain("127.0.0.1");
        assertThat(refusal(DEFAULT, "http", mixed, 80)).contains("loopback");
        assertThat(refusal(Egress.of(List.of(loop, mixed, "*.egress.test")), "http", loop, 80)).contains("loopback");
        // an operator who lists the address opens it, for names too
        allowed(Egress.of(List.of("127.0.0.1")), "http", loop, 80);
        allowed(Egress.of(List.of("127.0.0.0/8")), "http", "127.0.0.9", 80);
        allowed(Egress.of(List.of("localhost")), "http", "localhost", 80);
        allowed(Egress.of(List.of("localhost")), "http", "[::1]", 80);
    }

    @Test
    void theServersOwnAddressesAreRefusedUnlessListedExactly() {
        InetAddress own = TestNames.ownAddress();
        String host = TestNames.ownHost();
        String literal = host.replace("[", "").replace("]", "");
        assertThat(refusal(DEFAULT, "http", host, 8080)).contains("an address of this server");
        String network = own instanceof Inet4Address ? literal + "/16" : literal + "/64";
        assertThat(refusal(Egress.of(List.of(network)), "http", host, 8080)).contains("an address of this server");
        String ownName = name("own", literal);
        assertThat(refusal(Egress.of(List.of(ownName)), "http", ownName, 8080)).contains("resolves to an address of this server");
        allowed(Egress.of(List.of(host)), "http", host, 8080);
    }

    @Test
    void privateNetworksNeedTheirHostOrNetworkListed() {
        String db = name("db", "10.1.2.3");
        assertThat(refusal(DEFAULT, "http", "10.1.2.3", 80)).contains("private-network").contains("does not include");
        assertThat(refusal(DEFAULT, "http", db, 80)).contains("it resolves to a private-network address").doesNotContain("10.1.2.3");
        for (String host : List.of("172.16.0.1", "192.168.1.1", "100.64.0.1", "[fd12:3456::1]", "[::ffff:10.0.0.1]", "198.18.0.1")) {
            refusal(DEFAULT, "http", host, 80);
        }
        allowed(Egress.of(List.of("10.0.0.0/8")), "http", "10.1.2.3", 80);
        allowed(Egress.of(List.of("10.0.0.0/8")), "http", db, 80);
        allowed(Egress.of(List.of(db)), "http", db, 80);
        allowed(Egress.of(List.of("*.egress.test")), "http", db, 80);
        allowed(Egress.of(List.of("[fd12:3456::/32]")), "http", "[fd12:3456::1]", 80);
    }

    @Test
    void wildcardNamesMatchSubdomainsOnly() {
        String sub = name("sub", "93.184.215.14");
        Egress list = Egress.of(List.of("*.egress.test"));
        allowed(list, "https", sub, 443);
        assertThat(refusal(Egress.of(List.of("*.other.test")), "https", sub, 443)).contains("not on the operator's egress allow-list");
        assertThat(refusal(Egress.of(List.of("*." + sub)), "https", sub, 443)).contains("not on the operator's egress allow-list");
        assertThat(refusal(Egress.of(List.of("egress.test")), "https", sub, 443)).contains("not on the operator's egress allow-list");
        // a name entry never matches an address literal
        assertThat(refusal(Egress.of(List.of(sub)), "https", "93.184.215.14", 443)).contains("not on the operator's egress allow-list");
    }

    @Test
    void portsAndSchemesLimitAnEntry() {
        Egress list = Egress.of(List.of("https://93.184.215.14:8443", "ssh://[2606:4700:4700::1111]", "1.1.1.1:443"));
        allowed(list, "https", "93.184.215.14", 8443);
        refusal(list, "https", "93.184.215.14", 443);
        refusal(list, "http", "93.184.215.14", 8443);
        allowed(list, "ssh", "[2606:4700:4700::1111]", 22);
        refusal(list, "https", "[2606:4700:4700::1111]", 443);
        allowed(list, "http", "1.1.1.1", 443);
        allowed(list, "postgresql", "1.1.1.1", 443);
        assertThat(refusal(list, "http", "1.1.1.1", 80)).isEqualTo("HTTP may not connect to 1.1.1.1:80: it is not on the operator's "
                + "egress allow-list; the operator allows it in task_egress (or FLOWVAULT_TASK_EGRESS): a host, *.domain, an address "
                + "or a network, optionally with scheme:// before and :port after");
    }

    @Test
    void networksOfBothFamilies() {
        Egress list = Egress.of(List.of("1.1.0.0/16", "2606:4700::/32", "[2001:4860::]/32:443"));
        allowed(list, "https", "1.1.255.1", 443);
        refusal(list, "https", "1.2.1.1", 443);
        allowed(list, "https", "[2606:4700:4700::1111]", 443);
        refusal(list, "https", "[2606:4800::1]", 443);
        allowed(list, "https", "[2001:4860:4860::8888]", 443);
        refusal(list, "https", "[2001:4860:4860::8888]", 80);
    }

    @Test
    void aNameNoEntryCouldAllowIsNeverResolved() {
        String probe = "probe-" + UUID.randomUUID().toString().substring(0, 8) + ".egress.test";
        assertThat(refusal(Egress.of(List.of("api.example.com")), "https", probe, 443)).contains("not on the operator's egress allow-list");
        assertThat(refusal(Egress.none(), "https", probe, 443)).contains("not on the operator's egress allow-list");
        assertThat(TestNames.lookups(probe)).isZero();
        assertThat(refusal(DEFAULT, "https", probe, 443)).isEqualTo("HTTP cannot resolve the host " + probe + "; check the name");
        assertThat(TestNames.lookups(probe)).isPositive();
    }

    @Test
    void aProjectListOnlyNarrows() {
        Egress narrowed = DEFAULT.narrowedTo(Egress.of(List.of("1.1.1.1")));
        allowed(narrowed, "https", "1.1.1.1", 443);
        assertThat(refusal(narrowed, "https", "8.8.8.8", 443)).isEqualTo("HTTP may not connect to 8.8.8.8:443: "
                + "the project's own egress list does not include it");
        assertThat(refusal(DEFAULT.narrowedTo(Egress.of(List.of("127.0.0.1"))), "http", "127.0.0.1", 80)).contains("loopback");
        Egress twice = narrowed.narrowedTo(Egress.of(List.of("8.8.8.8", "1.1.1.1:80")));
        refusal(twice, "https", "1.1.1.1", 443);
        allowed(twice, "http", "1.1.1.1", 80);
    }

    @Test
    void badEntriesAreNamedByPositionWithoutEchoingThem() {
        for (String entry : List.of("http://", "1.2.3.4/33", "0177.0.0.1", "2130706433", "a b", "host.example:99999", "[::1",
                "https://a.example.com/path", "*.*.example", "ht tp://x", "10.0.0.0/x", "fe80::1%eth0", "secret-ish_value")) {
            assertThatThrownBy(() -> Egress.of(java.util.Arrays.asList("ok.example", null, entry)))
                    .as(entry).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("task_egress entry 3 is not a host")
                    .hasMessageContaining("fix or remove it")
                    .hasMessageNotContaining(entry);
        }
        assertThat(Egress.of(List.of(" API.Example.com ", "", "*.example.org:8443", "10.0.0.0/8", "[fd00::1]:443", "https://x.example/",
                "postgresql://db.internal:5432", "localhost", "*")).entries())
                .containsExactly("api.example.com", "*.example.org:8443", "10.0.0.0/8", "[fd00::1]:443", "https://x.example/",
                        "postgresql://db.internal:5432", "localhost", "*");
    }

    @Test
    void nothingIsAllowedByAnEmptyList() {
        assertThat(refusal(Egress.none(), "https", "1.1.1.1", 443)).contains("not on the operator's egress allow-list");
        assertThat(Egress.none().describe()).contains("nothing");
        assertThat(DEFAULT.describe()).startsWith("any public host");
    }
}
