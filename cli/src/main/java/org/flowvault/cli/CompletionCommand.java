package org.flowvault.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowvault completion bash|zsh}: the shell completion script picocli generates from the
 * command tree, so it never lags behind the commands. The one script serves both shells: it loads
 * zsh's {@code bashcompinit} itself when run by zsh.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for flowvault.",
                "  bash: source <(flowvault completion bash)   (or save it in /etc/bash_completion.d/)",
                "  zsh:  source <(flowvault completion zsh)    (e.g. in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells picocli's script supports, for completion of this command itself and the error message. */
    static final class Shells implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("bash", "zsh").iterator();
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "The shell: bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            spec.commandLine().getErr().println("Error: the shell is bash or zsh (see 'flowvault completion --help')");
            return 2;
        }
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
