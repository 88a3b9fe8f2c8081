package org.flowvault.cli.api;

import java.util.Optional;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldFormat;
import picocli.CommandLine.Option;

/**
 * Where and as whom CLI commands call the API: {@code --addr}/{@code FLOWVAULT_ADDR},
 * {@code FLOWVAULT_TOKEN}, {@code --project}/{@code FLOWVAULT_PROJECT}, falling back to the login
 * saved by {@code flowvault login} or {@code flowvault dev}.
 */
public final class ApiOptions {
    @Option(names = "--addr", paramLabel = "URL", description = "Flowvault address (default: $FLOWVAULT_ADDR or the saved login).")
    String address;

    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT",
            description = "Project (default: $FLOWVAULT_PROJECT or the saved login's project).")
    String project;

    private Optional<LoginStore.Login> saved() {
        return LoginStore.standard().read();
    }

    public String address() {
        String a = address != null ? address : System.getenv("FLOWVAULT_ADDR");
        if (a == null || a.isBlank()) {
            a = saved().map(LoginStore.Login::address).orElse(null);
        }
        if (a == null || a.isBlank()) {
            throw new CliError("no Flowvault address: start one with './flowvault dev', or set FLOWVAULT_ADDR / --addr");
        }
        return a;
    }

    public String project() {
        String p = project != null ? project : System.getenv("FLOWVAULT_PROJECT");
        if (p == null || p.isBlank()) {
            p = saved().map(LoginStore.Login::project).orElse(null);
        }
        if (p == null || p.isBlank()) {
            throw new CliError("no project given: pass --project NAME or set FLOWVAULT_PROJECT");
        }
        return p;
    }

    /** The SDK client as the saved or given identity, without a credential key. */
    public Flowvault flowvault() {
        return builder().build();
    }

    /** The SDK client with the project's credential key (or null) writing {@code format}, for the credential commands. */
    public Flowvault flowvault(CredentialKey key, FieldFormat format) {
        return builder().credentialKey(key).credentialFormat(format).build();
    }

    private Flowvault.Builder builder() {
        String token = System.getenv("FLOWVAULT_TOKEN");
        if (token == null || token.isBlank()) {
            token = saved().map(LoginStore.Login::token).orElse(null);
        }
        if (token == null || token.isBlank()) {
            throw new CliError("not logged in: run './flowvault login' (or './flowvault dev'), or set FLOWVAULT_TOKEN to an API key");
        }
        return Flowvault.builder().address(address()).apiKey(token);
    }
}
