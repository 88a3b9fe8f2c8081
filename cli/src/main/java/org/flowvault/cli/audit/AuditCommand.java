package org.flowvault.cli.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.Output;
import org.flowvault.sdk.audit.AuditFilter;
import org.flowvault.sdk.audit.AuditPage;
import org.flowvault.sdk.audit.AuditRecord;
import org.flowvault.sdk.audit.UsedBy;
import org.flowvault.sdk.audit.Verification;
import org.flowvault.sdk.core.Flowvault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowvault audit ...}: the audit trail of secret use, through the SDK. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit trail: who used which secret, when and with what outcome (never a value).",
        subcommands = {AuditCommand.ListCmd.class, AuditCommand.Export.class, AuditCommand.Verify.class, AuditCommand.UsedByCmd.class})
public final class AuditCommand {
    /** The exit code of {@code audit verify} when the chain is broken (1 stays "the command failed"). */
    public static final int BROKEN = 3;

    private AuditCommand() {
    }

    /** The filters shared by list and export. */
    abstract static class Filtered extends ApiCommand {
        @Option(names = "--path", paramLabel = "[CONFIG:]PATH", description = "Only records of this Vault secret path.")
        String path;

        @Option(names = "--user", paramLabel = "USER", description = "Only records of this user (name or id).")
        String user;

        @Option(names = "--run", paramLabel = "RUN_ID", description = "Only records of this run.")
        String run;

        @Option(names = "--since", paramLabel = "TIME", description = "At or after this time (ISO-8601, e.g. 2026-01-31T12:00:00Z, or a date).")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Before this time (ISO-8601 or a date).")
        String until;

        @Option(names = "--action", paramLabel = "ACTION",
                description = "Only this action, e.g. connection.resolve, secret.write, credential.decrypt, token.renew.")
        String action;

        AuditFilter filter() {
            return new AuditFilter(path, user, run, action, time("--since", since), time("--until", until));
        }

        private static Instant time(String option, String v) {
            if (v == null || v.isBlank()) {
                return null;
            }
            String s = v.strip();
            try {
                return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new CliError(option + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z, or a date such as 2026-01-31");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists audit records, newest first.")
    static final class ListCmd extends Filtered {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "How many records at most (1-1000, default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--before", paramLabel = "SEQ", description = "Only records older than this seq (the 'next' cursor a previous page printed).")
        Long before;

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or json.")
        String output;

        @Override
        protected int run(Flowvault flowvault) {
            if (!output.equals("table") && !output.equals("json")) {
                throw new CliError("--output must be table or json");
            }
            AuditPage page = flowvault.audit().list(filter(), before, limit);
            if (output.equals("json")) {
                Output.printJson(System.out, page);
                return 0;
            }
            System.out.printf("%-7s %-27s %-20s %-16s %-7s %-24s %s%n", "SEQ", "AT", "ACTION", "WHO", "OUTCOME", "CONFIG:PATH", "RUN");
            for (AuditRecord r : page.records()) {
                String who = r.username() != null ? r.username() : r.userId() != null ? r.userId() : "-";
                String where = r.path() == null ? (r.config() == null ? "-" : r.config()) : (r.config() == null ? "" : r.config() + ":") + r.path();
                System.out.printf("%-7d %-27s %-20s %-16s %-7s %-24s %s%n", r.seq(), r.at(), r.action(), who, r.outcome(), where,
                        r.runId() == null ? "-" : r.runId());
            }
            if (page.nextBefore() != null) {
                System.out.println("(more: --before " + page.nextBefore() + ")");
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Prints every matching audit record, oldest first, as JSON lines (one object a line).")
    static final class Export extends Filtered {
        @Override
        protected int run(Flowvault flowvault) {
            flowvault.audit().export(filter(), r -> Output.printJsonLine(System.out, r));
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verifies the audit chain (admins): exits 0 when intact, " + BROKEN
                    + " naming the first edited, deleted or reordered record.")
    static final class Verify extends ApiCommand {
        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
        String output;

        @Override
        protected int run(Flowvault flowvault) {
            Verification v = flowvault.audit().verify();
            if (output.equals("json")) {
                Output.printJson(System.out, v);
            } else if (v.intact()) {
                System.out.println("The audit chain is intact: " + v.checked() + " records verified.");
            } else {
                System.err.println("The audit chain is BROKEN at record " + v.brokenAt() + ": " + v.problem()
                        + " (" + v.checked() + " records verified before it).");
            }
            return v.intact() ? 0 : BROKEN;
        }
    }

    @Command(name = "used-by", mixinStandardHelpOptions = true,
            description = "Which connections and flows of the project reference a Vault secret (--path) or a credential entry "
                    + "(--domain and --permissioned-user-id), and when it was last used.")
    static final class UsedByCmd extends ApiCommand {
        @Option(names = "--path", paramLabel = "[CONFIG:]PATH", description = "The Vault secret, e.g. secret/app or prod:secret/app.")
        String path;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "The credential entry's domain.")
        String domain;

        @Option(names = "--permissioned-user-id", paramLabel = "ID", description = "The credential entry's permissioned user id.")
        String userId;

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or json.")
        String output;

        @Override
        protected int run(Flowvault flowvault) {
            UsedBy u;
            if (path != null && domain == null && userId == null) {
                u = flowvault.audit().usedBy(api.project(), path);
            } else if (path == null && domain != null && userId != null) {
                u = flowvault.audit().usedByCredential(api.project(), domain, userId);
            } else {
                throw new CliError("give --path, or --domain with --permissioned-user-id");
            }
            if (output.equals("json")) {
                Output.printJson(System.out, u);
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            u.connections().forEach(c -> rows.add(new String[] {"connection", c.name(), c.lastUsed() == null ? "never" : c.lastUsed().toString()}));
            u.flows().forEach(f -> rows.add(new String[] {"flow", f.name(), f.lastUsed() == null ? "never" : f.lastUsed().toString()}));
            System.out.printf("%-11s %-32s %s%n", "KIND", "NAME", "LAST USED");
            rows.forEach(r -> System.out.printf("%-11s %-32s %s%n", r[0], r[1], r[2]));
            System.out.println("Last used: " + (u.lastUsed() == null ? "never (per the audit trail)" : u.lastUsed()));
            return 0;
        }
    }
}
