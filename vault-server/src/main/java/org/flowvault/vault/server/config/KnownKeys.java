package org.flowvault.vault.server.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Vault settings Flowvault accepts without using, so that a real Vault config file loads unchanged,
 * and the warnings for keys that are ignored. A key outside these sets is probably a typo, so its
 * warning suggests the closest key.
 */
final class KnownKeys {
    /** Top-level keys Flowvault reads. */
    static final Set<String> TOP_LEVEL_USED = Set.of(
            "storage", "backend", "listener", "default_lease_ttl", "max_lease_ttl");

    /** Top-level keys of Vault's server configuration that Flowvault ignores. */
    static final Set<String> TOP_LEVEL_IGNORED = Set.of(
            "administrative_namespace_path", "api_addr", "cache_size", "cluster_addr", "cluster_cipher_suites",
            "cluster_name", "default_max_request_duration", "detect_deadlocks", "disable_cache",
            "disable_clustering", "disable_indexing", "disable_mlock", "disable_performance_standby",
            "disable_printable_check", "disable_sealwrap", "disable_sentinel_trace", "enable_multiseal",
            "enable_post_unseal_trace", "enable_response_header_hostname",
            "enable_response_header_raft_node_id", "enable_ui", "entropy", "experiments", "ha_backend",
            "ha_storage", "hcp_link", "imprecise_lease_role_tracking", "introspection_endpoint",
            "kms_library", "license_path", "log_file", "log_format", "log_level", "log_requests_level",
            "log_rotate_bytes", "log_rotate_duration", "log_rotate_max_files", "pid_file",
            "plugin_directory", "plugin_file_permissions", "plugin_file_uid", "plugin_tmpdir",
            "post_unseal_trace_directory", "raw_storage_endpoint", "replication", "seal", "sentinel",
            "service_registration", "telemetry", "ui", "user_lockout");

    /** Keys of a {@code listener "tcp"} block that Flowvault reads. */
    static final Set<String> TCP_USED = Set.of("address", "tls_disable", "tls_cert_file", "tls_key_file");

    /** Keys of Vault's {@code listener "tcp"} block that Flowvault ignores. */
    static final Set<String> TCP_IGNORED = Set.of(
            "agent_api", "chroot_namespace", "cluster_address", "custom_response_headers",
            "disable_replication_status_endpoints", "http_idle_timeout", "http_read_header_timeout",
            "http_read_timeout", "http_write_timeout", "inflight_requests_logging", "max_request_duration",
            "max_request_size", "profiling", "proxy_protocol_authorized_addrs", "proxy_protocol_behavior",
            "redact_addresses", "redact_cluster_name", "redact_version", "replication_status_endpoints",
            "role", "telemetry", "tls_cipher_suites", "tls_client_ca_file", "tls_disable_client_certs",
            "tls_max_version", "tls_min_version", "tls_prefer_server_cipher_suites",
            "tls_require_and_verify_client_cert", "unauthenticated_metrics_access",
            "x_forwarded_for_authorized_addrs", "x_forwarded_for_client_cert_header",
            "x_forwarded_for_client_cert_header_decoders", "x_forwarded_for_hop_skips",
            "x_forwarded_for_reject_not_authorized", "x_forwarded_for_reject_not_present");

    private KnownKeys() {
    }

    /**
     * The warning for an ignored key.
     *
     * @param scope   {@code config} or a block such as {@code listener "tcp"}
     * @param ignored the Vault keys of that scope that Flowvault ignores
     * @param used    the keys of that scope that Flowvault reads, for suggestions
     */
    static String ignoredWarning(String scope, String key, Set<String> ignored, Set<String> used) {
        String subject = scope + " key \"" + key + "\"";
        if (ignored.contains(key)) {
            return subject + " is not used by the Flowvault embedded server and was ignored";
        }
        String warning = subject + " is not a known Vault setting and was ignored";
        return closest(key, used).or(() -> closest(key, ignored))
                .map(suggestion -> warning + "; did you mean \"" + suggestion + "\"?")
                .orElse(warning);
    }

    /** The candidate within two edits of {@code key} (ignoring case), if any. */
    static Optional<String> closest(String key, Collection<String> candidates) {
        String lower = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate);
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // "ui" is two edits from any two-letter word; only suggest when the key is long enough to be a typo
        return bestDistance <= Math.max(0, Math.min(2, key.length() / 3)) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
