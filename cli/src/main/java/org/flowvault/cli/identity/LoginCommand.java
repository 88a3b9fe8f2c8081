package org.flowvault.cli.identity;

import java.util.concurrent.Callable;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.LoginStore;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.core.Flowvault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowvault login}: password login; saves the session for later commands. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Logs in with a password (read from stdin or a prompt) and saves the session for later commands.")
public final class LoginCommand implements Callable<Integer> {
    @Option(names = "--addr", required = true, paramLabel = "URL", defaultValue = "${env:FLOWVAULT_ADDR:-http://127.0.0.1:8080}",
            description = "Flowvault address (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = {"-u", "--username"}, required = true, paramLabel = "USERNAME", description = "Your Flowvault user name.")
    String username;

    @Option(names = {"-p", "--project"}, description = "Default project for later commands.")
    String project;

    @Override
    public Integer call() {
        try {
            String password = ApiCommand.readSecret("password");
            String token = Flowvault.builder().address(address).build().login(username, Secret.of(password)).token().reveal();
            LoginStore store = LoginStore.standard();
            store.save(new LoginStore.Login(address, token, project));
            System.out.println("logged in as " + username + "; session saved to " + store.file());
            return 0;
        } catch (FlowvaultException | CliError | IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
    }
}
