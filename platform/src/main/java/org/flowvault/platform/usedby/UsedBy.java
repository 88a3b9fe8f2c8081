package org.flowvault.platform.usedby;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.audit.Audit;
import org.flowvault.platform.audit.AuditQuery;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.credential.Credentials;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.flow.StoredFlow;
import org.flowvault.platform.flow.ValueType;
import org.flowvault.platform.identity.Caller;

/**
 * "Used by": which connections and flows of a project reference a Vault secret or a credential
 * entry, and when it was last used according to the audit trail. Computed from the current
 * connections and latest flow versions at each call, so it follows every change to them.
 *
 * <p>A connection references a path when one of its {@code vault_secrets} is that path (in either
 * KV v2 form, {@code secret/app} or {@code secret/data/app}; an entry without a configuration
 * matches any) or its value mentions it (the full-path reference forms). A flow references it
 * when a step uses such a connection or its source mentions the path; it references a credential
 * entry when it has a credential input for the entry's domain.
 *
 * <p>Thread-safe.
 */
public final class UsedBy {
    private final Connections connections;
    private final FlowStore flows;
    private final Credentials credentials;
    private final Audit audit;

    public UsedBy(Connections connections, FlowStore flows, Credentials credentials, Audit audit) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** A connection or flow that references the target, and when the audit trail last saw it use anything. */
    public record User(String name, Instant lastUsed) {
    }

    /**
     * @param target      what was asked about, as given
     * @param connections the project's connections referencing it, by name
     * @param flows       the project's flows referencing it, by name
     * @param lastUsed    the newest audit record of a use of it in the project, or null
     */
    public record Report(String target, List<User> connections, List<User> flows, Instant lastUsed) {
    }

    /**
     * Who references the Vault secret {@code [config:]path} in the project.
     *
     * @throws PlatformException INVALID for an empty path; NOT_FOUND when the caller may not use the project
     */
    public Report path(Caller caller, UUID projectId, String configAndPath) {
        if (configAndPath == null || configAndPath.isBlank()) {
            throw PlatformException.invalid("path is required: give a Vault secret as [config:]path, e.g. secret/app or prod:secret/app");
        }
        AttachedSecret target = AttachedSecret.parse(configAndPath.strip());
        Set<String> forms = forms(target.path());
        List<Connection> using = new ArrayList<>();
        for (Connection c : connections.list(caller, projectId)) {
            boolean attached = c.vaultSecrets().stream().anyMatch(s -> forms.contains(s.path())
                    && (target.config() == null || s.config() == null || s.config().equals(target.config())));
            if (attached || forms.stream().anyMatch(f -> c.valueText().contains(f))) {
                using.add(c);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        using.forEach(c -> names.add(c.name()));
        List<User> flowUsers = new ArrayList<>();
        for (StoredFlow f : latestFlows(caller, projectId)) {
            boolean viaConnection = f.definition().connections().stream().anyMatch(names::contains);
            if (viaConnection || forms.stream().anyMatch(form -> f.source().contains(form))) {
                flowUsers.add(new User(f.name(), lastUseOfFlow(caller, projectId, f.id())));
            }
        }
        List<User> connectionUsers = using.stream().map(c -> new User(c.name(), lastUseOfConnection(caller, projectId, c.id()))).toList();
        Instant last = null;
        for (String form : forms) {
            last = newest(last, audit.lastUse(caller, query(target.config() == null ? form : target.config() + ":" + form), projectId));
        }
        return new Report(configAndPath.strip(), connectionUsers, flowUsers, last);
    }

    /**
     * Who references the credential entry (domain, permissioned user id) in the project: the flows
     * with a credential input for its domain (connections never hold credential entries).
     *
     * @throws PlatformException NOT_FOUND when there is no such entry visible to the caller
     */
    public Report credential(Caller caller, String project, UUID projectId, String domain, String permissionedUserId) {
        List<CredentialEntry> entries = credentials.list(caller, project, domain, permissionedUserId);
        if (entries.isEmpty()) {
            throw PlatformException.notFound("no credential entry for that domain and permissioned user id in project " + project);
        }
        CredentialEntry e = entries.getFirst();
        List<User> flowUsers = new ArrayList<>();
        for (StoredFlow f : latestFlows(caller, projectId)) {
            if (f.definition().inputs().stream().anyMatch(i -> i.type() == ValueType.CREDENTIAL && sameDomain(i, e.domain()))) {
                flowUsers.add(new User(f.name(), lastUseOfFlow(caller, projectId, f.id())));
            }
        }
        return new Report(e.domain() + " " + e.permissionedUserId(), List.of(), flowUsers, audit.lastUseOfEntry(e.id()));
    }

    private List<StoredFlow> latestFlows(Caller caller, UUID projectId) {
        List<StoredFlow> out = new ArrayList<>();
        for (FlowStore.FlowSummary s : flows.list(caller, projectId)) {
            flows.load(s.id(), s.latestVersion()).ifPresent(out::add);
        }
        return out;
    }

    private Instant lastUseOfConnection(Caller caller, UUID projectId, UUID connectionId) {
        return audit.lastUse(caller, AuditQuery.all(), projectId, Map.of("connection_id", connectionId));
    }

    private Instant lastUseOfFlow(Caller caller, UUID projectId, UUID flowId) {
        return audit.lastUse(caller, AuditQuery.all(), projectId, Map.of("flow_id", flowId));
    }

    private static AuditQuery query(String path) {
        return new AuditQuery(path, null, null, null, null, null, 0, 1);
    }

    private static boolean sameDomain(InputSpec input, String domain) {
        return host(input.domain()).equalsIgnoreCase(host(domain));
    }

    /** The host of a domain given as a URL or a host name. */
    private static String host(String domain) {
        String d = domain.strip();
        int scheme = d.indexOf("://");
        if (scheme >= 0) {
            d = d.substring(scheme + 3);
        }
        int end = 0;
        while (end < d.length() && "/:?#".indexOf(d.charAt(end)) < 0) {
            end++;
        }
        return d.substring(0, end);
    }

    /** The path as written and its other KV v2 form ({@code m/data/p} and {@code m/p}). */
    static Set<String> forms(String path) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(path);
        int slash = path.indexOf('/');
        if (slash > 0) {
            String mount = path.substring(0, slash);
            String rest = path.substring(slash + 1);
            if (rest.startsWith("data/")) {
                forms.add(mount + "/" + rest.substring("data/".length()));
            } else {
                forms.add(mount + "/data/" + rest);
            }
        }
        return forms;
    }

    private static Instant newest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    @Override
    public String toString() {
        return "UsedBy";
    }
}
