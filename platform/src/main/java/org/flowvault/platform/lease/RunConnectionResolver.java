package org.flowvault.platform.lease;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.ConnectionResolver;
import org.flowvault.platform.execution.ResolvedInputs;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.resolution.Resolution;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretPins;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;

/**
 * The engine's connection resolver: the {@link Resolver}'s pipeline for a connection's value and
 * KV secrets, plus its dynamic secrets issued for the run by {@link DynamicSecrets}. A dynamic
 * secret's keys are merged after the KV secrets' and before the flow's overrides; its values are
 * secrets of the run (masked). Without a run (previews, the API), dynamic paths are refused.
 */
public final class RunConnectionResolver implements ConnectionResolver {
    private final Resolver resolver;
    private final Connections connections;
    private final VaultAccess access;
    private final DynamicSecrets dynamic;

    public RunConnectionResolver(Resolver resolver, Connections connections, VaultAccess access, DynamicSecrets dynamic) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.access = Objects.requireNonNull(access, "access");
        this.dynamic = Objects.requireNonNull(dynamic, "dynamic");
    }

    @Override
    public ResolvedInputs resolve(String connection, UUID projectId, Caller runAs, Map<String, Object> overrides) {
        return resolve(connection, projectId, runAs, overrides, SecretPins.NONE);
    }

    @Override
    public ResolvedInputs resolve(String connection, UUID projectId, Caller runAs, Map<String, Object> overrides, SecretPins pins) {
        Resolution r = resolver.resolve(connection, projectId, runAs, overrides, pins);
        return new ResolvedInputs(r.type(), r.inputs(), r.secretValues(), r.secretsUsed(), List.of());
    }

    @Override
    public ResolvedInputs resolveForRun(UUID runId, String name, UUID projectId, Caller runAs, Map<String, Object> overrides,
                                        SecretPins pins) {
        Connection c = connections.get(runAs, projectId, name);
        List<AttachedSecret> kv = new ArrayList<>();
        List<Dynamic> leased = new ArrayList<>();
        for (AttachedSecret s : c.vaultSecrets()) {
            VaultConfiguration config = config(s, c);
            VaultIdentity identity = access.identity(config, runAs);
            if (dynamic.isDynamic(config, identity, s.path())) {
                leased.add(new Dynamic(config, identity, s.path()));
            } else {
                kv.add(s);
            }
        }
        if (leased.isEmpty()) {
            Resolution r = resolver.resolve(c, runAs, overrides, pins);
            return new ResolvedInputs(r.type(), r.inputs(), r.secretValues(), r.secretsUsed(), List.of());
        }
        Connection withKvOnly = new Connection(c.id(), c.projectId(), c.name(), c.type(), c.value(), c.valueText(), kv,
                c.description(), c.createdAt(), c.updatedAt());
        Resolution r = resolver.resolve(withKvOnly, runAs, null, pins);
        Map<String, Object> inputs = new LinkedHashMap<>(r.inputs());
        Set<String> secrets = new HashSet<>(r.secretValues());
        List<String> leases = new ArrayList<>();
        for (Dynamic d : leased) {
            DynamicSecrets.Issued issued = dynamic.issue(runId, projectId, runAs, d.config(), d.identity(), d.path());
            leases.add(issued.leaseId());
            for (Map.Entry<String, Object> e : issued.data().entrySet()) {
                inputs.put(e.getKey(), e.getValue());
                if (e.getValue() != null) {
                    secrets.add(String.valueOf(e.getValue()));
                }
            }
        }
        if (overrides != null) {
            inputs.putAll(overrides);
        }
        return new ResolvedInputs(r.type(), inputs, secrets, r.secretsUsed(), leases);
    }

    private record Dynamic(VaultConfiguration config, VaultIdentity identity, String path) {
    }

    private VaultConfiguration config(AttachedSecret s, Connection c) {
        if (s.config() == null) {
            List<VaultConfiguration> usable = access.usableIn(c.projectId());
            if (usable.isEmpty()) {
                throw PlatformException.notFound("connection \"" + c.name() + "\" reads \"" + s.path() + "\" from the default vault "
                        + "configuration, but none is enabled for this project; ask an admin to add one, or name one as config:path");
            }
            return usable.getFirst();
        }
        return access.find(s.config(), c.projectId()).orElseThrow(() -> PlatformException.notFound(
                "connection \"" + c.name() + "\" reads \"" + s.path() + "\" from vault configuration \"" + s.config()
                        + "\", which does not exist, is disabled, or is not available to this project"));
    }

    @Override
    public String toString() {
        return "RunConnectionResolver";
    }
}
