package org.flowvault.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The expected status of every (action, target, user) of the access-control matrix, written as
 * grids a reviewer can check against DESIGN §5 line by line. Each grid starts with a header line
 * (the action, then the users of {@link AccessWorld#USERS}); each following line is a target and one
 * status per user ({@code -}: not asked). Targets use the logical names of {@link AccessWorld}:
 * {@code project/connection}, a configuration, or {@code configuration/project/team} for writes;
 * {@code nope}, {@code ghost}: names that do not exist.
 *
 * <p>Why each answer: members use only their projects' connections (others: 404, names do not
 * leak); a configuration is visible only in scope of a member's projects (404 otherwise); secrets
 * are read with the caller's own registered token (none: 401 naming the configuration; Vault
 * denies: 403) or the configuration's AppRole; only admins create, change (auto-renewal included),
 * delete or refresh configurations and see every user's token status (members: 403); without a
 * credential everything is 401.
 */
final class AccessGrids {
    /** One cell: what {@code user} gets for {@code action} on {@code target}. */
    record Case(String action, String target, String user, int status) {
        @Override
        public String toString() {
            return user + " " + action + " " + target + " -> " + status;
        }
    }

    private AccessGrids() {
    }

    static final String GRIDS = """
            list-connections   admin alice bob carol anon
            A                   200   200  404  200  401
            B                   200   404  200  200  401
            nope                404   404  404  404  401

            get-connection     admin alice bob carol anon
            A/conn-a            200   200  404  200  401
            A/conn-a-only       200   200  404  200  401
            B/conn-b            200   404  200  200  401
            B/conn-b-approle    200   404  200  200  401
            A/conn-b            404   404  404  404  401
            B/conn-a            404   404  404  404  401
            nope/conn-a         404   404  404  404  401

            resolve            admin alice bob carol anon
            A/conn-a            401   200  404  403  401
            A/conn-a-only       401   200  404  401  401
            B/conn-b            401   404  200  403  401
            B/conn-b-approle    200   404  200  200  401
            A/conn-b            404   404  404  404  401
            B/conn-a            404   404  404  404  401
            A/ghost             404   404  404  404  401
            A/steal-attached    404   404  404  404  401
            A/steal-ref         404   404  404  404  401

            preview            admin alice bob carol anon
            A/conn-a            401   200  404  403  401
            A/conn-a-only       401   200  404  401  401
            B/conn-b            401   404  200  403  401
            B/conn-b-approle    200   404  200  200  401
            A/conn-b            404   404  404  404  401
            B/conn-a            404   404  404  404  401
            A/steal-attached    404   404  404  404  401
            A/steal-ref         404   404  404  404  401

            refresh-connection admin alice bob carol anon
            A/conn-a            200   200  404  200  401
            A/conn-a-only       200   200  404  200  401
            B/conn-b            200   404  200  200  401
            B/conn-b-approle    200   404  200  200  401
            A/conn-b            404   404  404  404  401

            get-config         admin alice bob carol anon
            platform-wide       200   200  200  200  401
            only-a              200   200  404  200  401
            approle-b           200   404  200  200  401
            nope                404   404  404  404  401

            test-config        admin alice bob carol anon
            platform-wide       200   200  200  200  401
            only-a              200   200  404  200  401
            approle-b           200   404  200  200  401
            nope                404   404  404  404  401

            own-token          admin alice bob carol anon
            platform-wide       404   200  200  200  401
            only-a              404   200  404  404  401
            approle-b           404   404  404  404  401
            nope                404   404  404  404  401

            all-tokens         admin alice bob carol anon
            platform-wide       200   403  403  403  401
            only-a              200   403  403  403  401
            approle-b           200   403  403  403  401
            nope                404   403  403  403  401

            write-secret       admin alice bob carol anon
            platform-wide/A/team-a  401  200  404  403  401
            platform-wide/A/team-b  401  403  404  403  401
            platform-wide/B/team-b  401  404  200  403  401
            only-a/A/team-a         401  200  404  401  401
            only-a/B/team-b         404  404  404  404  401
            approle-b/B/team-b      403  404  403  403  401
            approle-b/A/team-a      404  404  404  404  401
            nope/A/team-a           404  404  404  404  401

            register-bogus-token admin alice bob carol anon
            platform-wide       400   400  400  400  401
            only-a              400   400  404  400  401
            approle-b           400   404  400  400  401
            nope                404   404  404  404  401

            register-token     admin alice bob carol anon
            spare               200   200  200  200  401

            create-config      admin alice bob carol anon
            new                 201   403  403  403  401

            update-config      admin alice bob carol anon
            platform-wide       200   403  403  403  401
            only-a              200   403  403  403  401
            approle-b           200   403  403  403  401
            nope                404   403  403  403  401

            toggle-auto-renew  admin alice bob carol anon
            platform-wide       200   403  403  403  401
            only-a              200   403  403  403  401
            approle-b           200   403  403  403  401
            nope                404   403  403  403  401

            refresh-config     admin alice bob carol anon
            platform-wide       200   403  403  403  401
            only-a              200   403  403  403  401
            approle-b           200   403  403  403  401
            nope                404   403  403  403  401

            set-credentials    admin alice bob carol anon
            approle-b           200   403  403  403  401
            platform-wide        -    403  403  403  401
            nope                404   403  403  403  401

            clear-credentials  admin alice bob carol anon
            throwaway           200   403  403  403  401
            approle-b            -    403  403  403  401
            nope                404   403  403  403  401

            remove-token       admin alice bob carol anon
            spare               204   204  204  204  401
            only-a              204   -    404  204  401
            nope                404   404  404  404  401

            list-members       admin alice bob carol anon
            A                   200   403  403  403  401
            nope                404   403  403  403  401

            add-member         admin alice bob carol anon
            A                   204   403  403  403  401
            B                   204   403  403  403  401

            create-project     admin alice bob carol anon
            new                 201   403  403  403  401

            list-users         admin alice bob carol anon
            all                 200   403  403  403  401

            get-user           admin alice bob carol anon
            alice               200   200  404  404  401
            bob                 200   404  200  404  401

            set-role           admin alice bob carol anon
            bob                 200   403  403  403  401

            set-password       admin alice bob carol anon
            bob                 200   403   -   403  401

            delete-config      admin alice bob carol anon
            throwaway           204   403  403  403  401
            platform-wide        -    403  403  403  401
            only-a               -    403  403  403  401
            approle-b            -    403  403  403  401
            nope                404   403  403  403  401
            """;

    /** Every cell of {@link #GRIDS}, grid by grid, row by row, user by user. */
    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String action = null;
        List<String> users = null;
        for (String raw : GRIDS.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                action = null;
                continue;
            }
            String[] cells = line.split("\\s+");
            if (action == null) {
                action = cells[0];
                users = List.of(cells).subList(1, cells.length);
                if (!users.equals(AccessWorld.USERS)) {
                    throw new IllegalStateException("grid " + action + " must list the users " + AccessWorld.USERS);
                }
                continue;
            }
            if (cells.length != users.size() + 1) {
                throw new IllegalStateException("grid " + action + ", row " + cells[0] + ": one status per user expected");
            }
            for (int i = 0; i < users.size(); i++) {
                if (!cells[i + 1].equals("-")) {
                    out.add(new Case(action, cells[0], users.get(i), Integer.parseInt(cells[i + 1])));
                }
            }
        }
        return out;
    }
}
