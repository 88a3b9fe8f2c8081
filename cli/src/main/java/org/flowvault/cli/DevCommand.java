package org.flowvault.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.flowvault.vault.server.VaultServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowvault dev}: everything on embedded defaults, zero setup. Starts the embedded
 * Vault-API server (dev mode), seeds the demo secret {@code secret/demo/db}, reads it back over
 * the Vault HTTP API as a client would, and prints the result with the password masked.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Starts Flowvault with embedded defaults and runs the demo.")
final class DevCommand implements Callable<Integer> {
    @Option(names = "--vault-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8200",
            description = "Address of the embedded Vault-API server (default: ${DEFAULT-VALUE}).")
    String vaultListen;

    @Option(names = "--once", description = "Exit after the demo instead of serving until Ctrl-C.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        Listen listen;
        try {
            listen = Listen.parse(vaultListen, "--vault-listen");
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return 2;
        }
        VaultServer vault;
        try {
            vault = VaultServer.builder().dev().listen(listen.host(), listen.port()).start();
        } catch (RuntimeException e) {
            System.err.println("Error: cannot start the embedded Vault-API server on " + vaultListen + ": " + rootCause(e)
                    + "\nIs another Vault or 'flowvault dev' running? Pick another address with --vault-listen HOST:PORT.");
            return 1;
        }
        String password = HexFormat.of().formatHex(randomBytes(12));
        HttpClient http = HttpClient.newHttpClient();
        String base = vault.address() + "/v1/";
        send(http, HttpRequest.newBuilder(URI.create(base + "secret/data/demo/db"))
                .header("X-Vault-Token", vault.rootToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"username\":\"demo\",\"password\":\"" + password + "\"}}")).build());
        String read = send(http, HttpRequest.newBuilder(URI.create(base + "secret/data/demo/db"))
                .header("X-Vault-Token", vault.rootToken()).GET().build());
        boolean ok = read.contains("\"username\":\"demo\"") && read.contains(password);

        System.out.println("==> Flowvault dev is running.");
        System.out.println("    Vault API:   " + vault.address() + "   (in-memory; a real Vault/OpenBao works the same)");
        System.out.println("    Root token:  " + vault.rootToken());
        System.out.println("    Unseal key:  " + vault.unsealKey());
        System.out.println();
        System.out.println("==> Demo: wrote secret/demo/db and read it back over the Vault HTTP API");
        System.out.println("    username = demo");
        System.out.println("    password = " + "*".repeat(8) + "   (masked; the real value lives only in Vault)");
        System.out.println("    result   = " + (ok ? "OK" : "FAILED"));
        System.out.println();
        System.out.println("    Try it:  export VAULT_ADDR=" + vault.address() + " VAULT_TOKEN=" + vault.rootToken());
        System.out.println("             curl -s -H \"X-Vault-Token: $VAULT_TOKEN\" $VAULT_ADDR/v1/secret/data/demo/db");
        if (!ok) {
            vault.close();
            return 1;
        }
        if (once) {
            vault.close();
            return 0;
        }
        System.out.println("    Press Ctrl-C to stop.");
        VaultServerCommand.awaitShutdown(vault);
        return 0;
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("demo request " + request.method() + " " + request.uri().getPath() + " failed with HTTP " + r.statusCode());
        }
        return r.body();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
