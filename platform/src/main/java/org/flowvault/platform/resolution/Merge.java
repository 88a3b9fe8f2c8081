package org.flowvault.platform.resolution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.reference.Reference;
import org.flowvault.platform.reference.ReferenceTemplate;

/** Steps 1-4 of the pipeline over secrets already read. Stateless. */
final class Merge {
    private Merge() {
    }

    static Resolution merge(Prepared p, Resolver.Read[] reads, Map<String, ?> overrides) {
        Prepared.Derived d = derived(p, reads);
        int size = p.entries.size() + (overrides == null ? 0 : overrides.size());
        for (int i = 0; i < p.attached; i++) {
            size += reads[i].secret.data().size();
        }
        // a capacity that holds size entries without rehashing at the default load factor
        Map<String, Object> inputs = new LinkedHashMap<>(size * 4 / 3 + 1);
        Map<String, Source> sources = new LinkedHashMap<>(size * 4 / 3 + 1);
        // 1. the value (references are placeholders until step 3, but keep their position)
        for (Prepared.Entry e : p.entries) {
            inputs.put(e.key(), e.node() instanceof Prepared.Lit lit ? lit.value() : null);
            sources.put(e.key(), Source.VALUE);
        }
        // 2. every key of every attached secret, later paths over earlier ones
        boolean stale = false;
        for (int i = 0; i < p.attached; i++) {
            Resolver.Read r = reads[i];
            stale |= r.stale;
            Source s = d.attachedSources()[i];
            for (Map.Entry<String, Object> e : r.secret.data().entrySet()) {
                inputs.put(e.getKey(), e.getValue());
                sources.put(e.getKey(), s);
            }
        }
        // 3. references, in the value fields no secret key replaced
        for (int x = 0; x < p.entries.size(); x++) {
            Prepared.Entry e = p.entries.get(x);
            if (e.node() instanceof Prepared.Lit) {
                continue;
            }
            if (sources.get(e.key()) != Source.VALUE) {
                // a secret key replaced the field, but its references must still resolve: a typo
                // such as vault.secret(passwd) is an error, never silently hidden by the merge
                render(e.node(), p, reads);
                continue;
            }
            inputs.put(e.key(), render(e.node(), p, reads));
            sources.put(e.key(), d.entrySources()[x]);
        }
        for (int i = p.attached; i < reads.length; i++) {
            stale |= reads[i].stale;
        }
        // 4. the flow's overrides
        if (overrides != null) {
            for (Map.Entry<String, ?> e : overrides.entrySet()) {
                inputs.put(e.getKey(), e.getValue());
                sources.put(e.getKey(), Source.OVERRIDE);
            }
        }
        return new Resolution(p.connection.id(), p.connection.name(), p.connection.type(), Collections.unmodifiableMap(inputs),
                Collections.unmodifiableMap(sources), d.secretValues(), stale, used(reads));
    }

    /** Each distinct read once, in order: configuration, path as written, version read. */
    private static List<SecretVersion> used(Resolver.Read[] reads) {
        List<SecretVersion> out = new ArrayList<>(reads.length);
        for (int i = 0; i < reads.length; i++) {
            Resolver.Read r = reads[i];
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++) {
                seen = reads[j] == r;
            }
            if (!seen && r.secret != null) {
                out.add(new SecretVersion(r.config.name(), r.path, r.secret.version()));
            }
        }
        return out;
    }

    /** The provenance and masker values of this resolution: the memo when its configurations and secrets are the same objects. */
    private static Prepared.Derived derived(Prepared p, Resolver.Read[] reads) {
        Prepared.Derived d = p.derived;
        if (d != null && sameObjects(d, reads)) {
            return d;
        }
        Object[] configs = new Object[reads.length];
        Object[] secrets = new Object[reads.length];
        for (int i = 0; i < reads.length; i++) {
            configs[i] = reads[i].config;
            secrets[i] = reads[i].secret;
        }
        Source[] attachedSources = new Source[p.attached];
        for (int i = 0; i < p.attached; i++) {
            attachedSources[i] = new Source(Source.Kind.VAULT, List.of(reads[i].origin()));
        }
        Source[] entrySources = new Source[p.entries.size()];
        for (int x = 0; x < entrySources.length; x++) {
            Prepared.Entry e = p.entries.get(x);
            if (e.node() instanceof Prepared.Lit) {
                continue;
            }
            List<Source.SecretOrigin> origins = new ArrayList<>(2);
            for (int t : e.targets()) {
                origins.add(reads[t].origin());
            }
            if (hasAttachedKey(e.node())) {
                for (int i = 0; i < p.attached; i++) {
                    origins.add(reads[i].origin());
                }
            }
            entrySources[x] = new Source(Source.Kind.REFERENCE, origins.stream().distinct().toList());
        }
        d = new Prepared.Derived(configs, secrets, attachedSources, entrySources, Resolver.union(reads));
        p.derived = d;
        return d;
    }

    private static boolean sameObjects(Prepared.Derived d, Resolver.Read[] reads) {
        if (d.configs().length != reads.length) {
            return false;
        }
        for (int i = 0; i < reads.length; i++) {
            if (d.configs()[i] != reads[i].config || d.secrets()[i] != reads[i].secret) {
                return false;
            }
        }
        return true;
    }

    private static Object render(Prepared.Node node, Prepared p, Resolver.Read[] reads) {
        return switch (node) {
            case Prepared.Lit lit -> lit.value();
            case Prepared.Tmpl t -> renderTemplate(t, p, reads);
            case Prepared.MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, Prepared.Node> e : m.entries()) {
                    out.put(e.getKey(), render(e.getValue(), p, reads));
                }
                yield Collections.unmodifiableMap(out);
            }
            case Prepared.ListNode l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (Prepared.Node n : l.items()) {
                    out.add(render(n, p, reads));
                }
                yield Collections.unmodifiableList(out);
            }
        };
    }

    private static Object renderTemplate(Prepared.Tmpl t, Prepared p, Resolver.Read[] reads) {
        List<Reference> refs = t.template().references();
        Reference whole = t.template().whole();
        if (whole != null) {
            return lookup(whole, t.slots()[0], t.field(), p, reads);
        }
        StringBuilder sb = new StringBuilder();
        int ref = 0;
        for (Object part : t.template().parts()) {
            if (part instanceof String s) {
                sb.append(s);
            } else {
                sb.append(ReferenceTemplate.stringify(lookup(refs.get(ref), t.slots()[ref], t.field(), p, reads)));
                ref++;
            }
        }
        return sb.toString();
    }

    private static Object lookup(Reference r, int slot, String field, Prepared p, Resolver.Read[] reads) {
        if (slot >= 0) {
            Resolver.Read read = reads[slot];
            Map<String, Object> data = read.secret.data();
            if (!data.containsKey(r.key())) {
                throw PlatformException.notFound("connection \"" + p.connection.name() + "\", field \"" + field + "\": vault configuration \""
                        + read.config.name() + "\", path \"" + read.path + "\" has no key \"" + r.key() + "\"");
            }
            return data.get(r.key());
        }
        // vault.secret(KEY): the last attached secret holding the key wins, as in step 2
        for (int i = p.attached - 1; i >= 0; i--) {
            Map<String, Object> data = reads[i].secret.data();
            if (data.containsKey(r.key())) {
                return data.get(r.key());
            }
        }
        if (p.attached == 0) {
            throw PlatformException.notFound("connection \"" + p.connection.name() + "\", field \"" + field + "\": vault.secret(" + r.key()
                    + ") needs an attached secret, and none is attached; attach one (vault_secrets) or write vault.secret(CONFIG:PATH.KEY)");
        }
        List<String> attached = new ArrayList<>(p.attached);
        for (int i = 0; i < p.attached; i++) {
            attached.add(reads[i].origin().toString());
        }
        throw PlatformException.notFound("connection \"" + p.connection.name() + "\", field \"" + field + "\": key \"" + r.key()
                + "\" is in none of the attached secrets " + attached.stream().distinct().toList());
    }

    private static boolean hasAttachedKey(Prepared.Node node) {
        return switch (node) {
            case Prepared.Lit lit -> false;
            case Prepared.Tmpl t -> {
                for (int s : t.slots()) {
                    if (s < 0) {
                        yield true;
                    }
                }
                yield false;
            }
            case Prepared.MapNode m -> m.entries().stream().anyMatch(e -> hasAttachedKey(e.getValue()));
            case Prepared.ListNode l -> l.items().stream().anyMatch(Merge::hasAttachedKey);
        };
    }
}
