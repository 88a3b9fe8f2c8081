package org.flowvault.platform.task.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.platform.task.TaskInputs;
import org.flowvault.vault.client.kv.KvV2Operations.KvMetadata;
import org.flowvault.vault.client.kv.KvV2Operations.KvMetadataOptions;
import org.flowvault.vault.client.kv.KvV2Operations.KvVersionMetadata;

/** KV metadata as JSON-friendly outputs (Vault's own field names), and metadata options from inputs. */
final class KvJson {
    private KvJson() {
    }

    static Map<String, Object> version(KvVersionMetadata m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", m.version());
        out.put("created_time", text(m.createdTime()));
        out.put("deletion_time", text(m.deletionTime()));
        out.put("destroyed", m.destroyed());
        out.put("custom_metadata", m.customMetadata());
        return out;
    }

    static Map<String, Object> metadata(KvMetadata m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current_version", m.currentVersion());
        out.put("oldest_version", m.oldestVersion());
        out.put("max_versions", m.maxVersions());
        out.put("cas_required", m.casRequired());
        out.put("delete_version_after", m.deleteVersionAfter() == null ? 0 : m.deleteVersionAfter().toSeconds());
        out.put("created_time", text(m.createdTime()));
        out.put("updated_time", text(m.updatedTime()));
        out.put("custom_metadata", m.customMetadata());
        Map<String, Object> versions = new LinkedHashMap<>();
        m.versions().forEach((n, v) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("created_time", text(v.createdTime()));
            one.put("deletion_time", text(v.deletionTime()));
            one.put("destroyed", v.destroyed());
            versions.put(Long.toString(n), one);
        });
        out.put("versions", versions);
        return out;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    static KvMetadataOptions options(TaskInputs in) {
        KvMetadataOptions.Builder b = KvMetadataOptions.builder();
        boolean any = false;
        if (in.has("max_versions")) {
            b.maxVersions((int) (long) in.number("max_versions", 0, Integer.MAX_VALUE).orElseThrow());
            any = true;
        }
        if (in.has("cas_required")) {
            b.casRequired(in.bool("cas_required", false));
            any = true;
        }
        if (in.has("delete_version_after")) {
            b.deleteVersionAfter(Duration.ofSeconds(in.number("delete_version_after", 0, Long.MAX_VALUE / 1000).orElseThrow()));
            any = true;
        }
        if (in.has("custom_metadata")) {
            Map<String, String> custom = new LinkedHashMap<>();
            in.map("custom_metadata").orElseThrow().forEach((k, v) -> custom.put(k, v == null ? null : v.toString()));
            b.customMetadata(custom);
            any = true;
        }
        if (!any) {
            throw in.missing("max_versions", "metadata_update needs at least one of max_versions, cas_required, "
                    + "delete_version_after (seconds), custom_metadata");
        }
        return b.build();
    }
}
