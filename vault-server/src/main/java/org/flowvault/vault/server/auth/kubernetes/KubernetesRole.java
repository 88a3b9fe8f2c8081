package org.flowvault.vault.server.auth.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.Glob;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * A role under {@code role/<name>}: the service-account names and namespaces it admits (exact
 * names or globs, {@code *} for any), the audience the JWT must carry, how the token's alias is
 * named, and the token parameters.
 */
record KubernetesRole(
        @JsonProperty("bound_service_account_names") List<String> names,
        @JsonProperty("bound_service_account_namespaces") List<String> namespaces,
        @JsonProperty("audience") String audience,
        @JsonProperty("alias_name_source") String aliasNameSource,
        @JsonProperty("token") TokenParams token) {

    static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "ttl", "token_ttl",
            "max_ttl", "token_max_ttl", "period", "token_period", "num_uses", "token_num_uses",
            "bound_cidrs", "token_bound_cidrs");
    static final KubernetesRole NEW = new KubernetesRole(List.of(), List.of(), "", "serviceaccount_uid", TokenParams.NONE);

    KubernetesRole {
        names = List.copyOf(names);
        namespaces = List.copyOf(namespaces);
    }

    /**
     * This role updated by the fields present in {@code r}.
     *
     * @throws VaultError 400 with Vault's text when the role would bind nothing
     */
    KubernetesRole update(Request r) {
        List<String> newNames = r.has("bound_service_account_names") ? r.stringList("bound_service_account_names") : names;
        List<String> newNamespaces = r.has("bound_service_account_namespaces")
                ? r.stringList("bound_service_account_namespaces") : namespaces;
        if (newNames.isEmpty()) {
            throw VaultError.badRequest("\"bound_service_account_names\" can not be empty");
        }
        if (newNamespaces.isEmpty()) {
            throw VaultError.badRequest("\"bound_service_account_namespaces\" can not be empty");
        }
        if (newNames.size() > 1 && newNames.contains("*")) {
            throw VaultError.badRequest("can not mix \"*\" with values");
        }
        if (newNamespaces.size() > 1 && newNamespaces.contains("*")) {
            throw VaultError.badRequest("can not mix \"*\" with values");
        }
        String source = r.has("alias_name_source") ? r.string("alias_name_source") : aliasNameSource;
        if (source.isEmpty()) {
            source = "serviceaccount_uid";
        }
        if (!source.equals("serviceaccount_uid") && !source.equals("serviceaccount_name")) {
            throw VaultError.badRequest("invalid 'alias_name_source': use serviceaccount_uid or serviceaccount_name");
        }
        return new KubernetesRole(newNames, newNamespaces, r.has("audience") ? r.string("audience") : audience, source,
                token.update(r, LEGACY));
    }

    boolean admitsName(String name) {
        return names.stream().anyMatch(p -> Glob.matches(p, name));
    }

    boolean admitsNamespace(String namespace) {
        return namespaces.stream().anyMatch(p -> Glob.matches(p, namespace));
    }

    void render(Map<String, Object> out) {
        out.put("alias_name_source", aliasNameSource);
        out.put("audience", audience);
        out.put("bound_service_account_names", names);
        out.put("bound_service_account_namespace_selector", "");
        out.put("bound_service_account_namespaces", namespaces);
        token.render(out, LEGACY);
    }
}
