package org.flowvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shape of the whole command line, checked on picocli's model of it: every command and
 * subcommand answers {@code --help}, and no option or parameter takes a secret as its value
 * (arguments end up in shell history and process listings): secrets come from stdin, a hidden
 * prompt, the environment or a 0600 file.
 */
class CommandLineShapeTest {
    /**
     * Options allowed a value despite their names: names of secrets' keys and paths, and
     * {@code vault-server}'s dev-mode root token id (Vault's own {@code -dev-root-token-id}; a dev
     * server prints its root token at start anyway).
     */
    private static final Set<String> NOT_SECRET = Set.of("--vault-key", "--vault-secrets", "--dev-root-token-id");
    private static final Pattern SECRET_NAME = Pattern.compile("password|secret|token|key|pin|totp", Pattern.CASE_INSENSITIVE);

    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>(List.of(c));
        for (CommandLine sub : c.getSubcommands().values()) {
            if (sub.getParent() == c) {
                out.addAll(all(sub));
            }
        }
        return out;
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        List<CommandLine> commands = all(new CommandLine(new Main()));
        assertThat(commands).extracting(CommandLine::getCommandName).contains("credential", "create", "totp", "generate", "reencrypt");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine root = new CommandLine(new Main());
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        for (CommandLine c : commands) {
            if (c.getCommandName().equals("help")) {
                continue;
            }
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(path(c));
            args.add("--help");

            int exit = root.execute(args.toArray(String[]::new));

            assertThat(exit).as("flowvault %s: %s", String.join(" ", args), err).isZero();
            assertThat(out.toString()).as("flowvault %s", String.join(" ", args)).contains("Usage: flowvault");
        }
    }

    @Test
    void everyCommandOptionAndParameterIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        for (CommandLine c : all(new CommandLine(new Main()))) {
            String where = "flowvault " + String.join(" ", path(c));
            if (String.join(" ", c.getCommandSpec().usageMessage().description()).isBlank()) {
                undescribed.add(where);
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (String.join(" ", o.description()).isBlank()) {
                    undescribed.add(where + " " + o.longestName());
                }
            }
            for (var p : c.getCommandSpec().positionalParameters()) {
                if (String.join(" ", p.description()).isBlank()) {
                    undescribed.add(where + " " + p.paramLabel());
                }
            }
        }
        assertThat(undescribed).as("commands, options and parameters without a description").isEmpty();
    }

    @Test
    void everyCommandThatListsOrShowsTakesOutputJson() {
        List<String> without = new ArrayList<>();
        for (CommandLine c : all(new CommandLine(new Main()))) {
            String name = c.getCommandName();
            boolean reads = Set.of("list", "get", "show", "resolve", "preview", "runs", "logs", "token-status", "test", "totp").contains(name);
            if (reads && c.getCommandSpec().findOption("--output") == null) {
                without.add("flowvault " + String.join(" ", path(c)));
            }
        }
        assertThat(without).as("read commands without --output json").isEmpty();
    }

    @Test
    void completionPrintsAScriptThatCompletesSubcommandsForBashAndZsh() {
        for (String shell : List.of("bash", "zsh")) {
            StringWriter out = new StringWriter();
            CommandLine root = new CommandLine(new Main());
            root.setOut(new PrintWriter(out, true));

            int exit = root.execute("completion", shell);

            assertThat(exit).isZero();
            assertThat(out.toString()).contains("complete -F", "_picocli_flowvault", "credential", "vault-config", "reencrypt", "--output")
                    .contains("bashcompinit");
        }
        StringWriter err = new StringWriter();
        CommandLine root = new CommandLine(new Main());
        root.setErr(new PrintWriter(err, true));
        assertThat(root.execute("completion", "fish")).isEqualTo(2);
        assertThat(err.toString()).contains("bash or zsh");
    }

    @Test
    void noOptionOrParameterTakesASecretAsItsValue() {
        for (CommandLine c : all(new CommandLine(new Main()))) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                boolean valued = o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class;
                boolean secretName = SECRET_NAME.matcher(o.longestName()).find() && !NOT_SECRET.contains(o.longestName());
                if (valued && secretName) {
                    assertThat(o.type()).as("flowvault %s %s takes a %s: secrets come from stdin, a prompt, the environment or a file",
                            String.join(" ", path(c)), o.longestName(), o.type().getSimpleName()).isEqualTo(Path.class);
                }
            }
            for (var p : c.getCommandSpec().positionalParameters()) {
                assertThat(p.paramLabel().toLowerCase(Locale.ROOT)).as("flowvault %s %s", String.join(" ", path(c)), p.paramLabel())
                        .doesNotContain("password").doesNotContain("secret").doesNotContain("token");
            }
        }
    }

    private static List<String> path(CommandLine c) {
        List<String> names = new ArrayList<>();
        for (CommandLine x = c; x.getParent() != null; x = x.getParent()) {
            names.addFirst(x.getCommandName());
        }
        return names;
    }
}
