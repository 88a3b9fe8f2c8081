package org.flowvault.platform.task.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskInputs;
import org.flowvault.platform.task.TaskResult;
import org.flowvault.platform.task.VaultTarget;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.kv.KvLocation;
import org.flowvault.vault.client.kv.KvOperations;
import org.flowvault.vault.client.kv.KvSecret;
import org.flowvault.vault.client.kv.KvV2Operations;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.logical.VaultResponse;

/**
 * Talks to Vault with the run's identity (seed 000's TaskVAULT): the KV v1/v2 interface and
 * generic logical calls.
 *
 * <p>Inputs: {@code command}; {@code path} — a KV path written logically ({@code secret/foo}) or
 * as the API path ({@code secret/data/foo}); the mount and its KV version are asked from Vault;
 * {@code vault_config} (optional configuration name; default: the first usable one);
 * {@code data} (object), {@code version} (number), {@code versions} (list of numbers, or one),
 * {@code cas} (number); for {@code metadata_update}: {@code max_versions}, {@code cas_required},
 * {@code delete_version_after} (seconds), {@code custom_metadata} (object).
 *
 * <p>Commands ({@code -} or space may replace {@code _}): {@code read} → {@code data}*,
 * {@code version}, {@code metadata}; {@code write} (with {@code cas} on KV v2) → {@code version};
 * {@code patch} → {@code version} (KV v1: read, merge, write — not atomic); {@code list} →
 * {@code keys}; {@code delete} (latest, or {@code versions} on KV v2); {@code undelete},
 * {@code destroy} ({@code versions}, KV v2); {@code versions}/{@code metadata} → {@code metadata}
 * (KV v2); {@code metadata_update}, {@code delete_metadata} (KV v2); {@code logical_read} →
 * {@code data}*, {@code lease_id}, {@code lease_duration}, {@code renewable}, {@code warnings};
 * {@code logical_write} (body {@code data}) → the same; {@code logical_list} → {@code keys};
 * {@code logical_delete}. Outputs marked * are sensitive and their values are registered with
 * the run's masker. After every write the context's
 * {@link org.flowvault.platform.task.SecretWriteListener} is told (configuration, path).
 */
public final class VaultTask implements Task {
    public static final String TYPE = "VAULT";
    static final List<String> COMMANDS = List.of("read", "write", "patch", "list", "delete", "undelete", "destroy",
            "versions", "metadata", "metadata_update", "delete_metadata",
            "logical_read", "logical_write", "logical_list", "logical_delete");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
        TaskInputs in = TaskInputs.of(TYPE, inputs, context.masker());
        String command = in.requireString("command", "give one of " + String.join(", ", COMMANDS))
                .strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (command.equals("metadata_read") || command.equals("read_metadata")) {
            command = "metadata";
        }
        if (!COMMANDS.contains(command)) {
            throw in.invalid("command", "must be one of " + String.join(", ", COMMANDS));
        }
        String path = in.requireString("path", "give the secret's path, e.g. secret/oracle (or secret/data/oracle)");
        context.checkActive();
        VaultTarget target = context.vault(in.string("vault_config").orElse(null));
        VaultClient client = target.identity().client();
        String where = TYPE + " " + command + " " + path + " (vault configuration \"" + target.configuration().name() + "\")";
        try {
            TaskResult result;
            if (command.startsWith("logical_")) {
                result = LogicalCommands.run(command, in, client, path, context);
                if (command.equals("logical_read")) {
                    context.secretWrites().read(target.configuration(), trim(path), 0);
                } else if (!command.equals("logical_list")) {
                    context.secretWrites().written(target.configuration(), trim(path));
                }
            } else {
                KvLocation at = client.kv().locate(path, target.configuration().kvMount(), switch (target.configuration().kvVersion()) {
                    case V1 -> KvVersion.V1;
                    case V2 -> KvVersion.V2;
                    case AUTO -> null;
                });
                result = kv(command, in, client, at, context);
                if (command.equals("read")) {
                    context.secretWrites().read(target.configuration(), at.logicalPath(),
                            result.outputs().get("version") instanceof Number n ? n.longValue() : 0);
                } else if (WRITES.contains(command)) {
                    context.secretWrites().written(target.configuration(), at.logicalPath());
                }
            }
            context.log(where + ": done");
            return result;
        } catch (VaultException.NotFound e) {
            throw remote(context, where + ": nothing found there", e);
        } catch (VaultException.PermissionDenied e) {
            throw remote(context, where + ": permission denied; the run's Vault identity needs a policy allowing it", e);
        } catch (VaultException.CasMismatch e) {
            throw remote(context, where + ": check-and-set failed: the current version is not the \"cas\" given", e);
        } catch (VaultException e) {
            throw remote(context, where + " failed (HTTP " + e.status() + ")", e);
        } catch (IllegalArgumentException e) {
            throw TaskException.input(context.mask(where + ": " + e.getMessage()));
        }
    }

    private static final Set<String> WRITES = Set.of("write", "patch", "delete", "undelete", "destroy", "metadata_update", "delete_metadata");

    private static TaskException remote(TaskContext context, String what, VaultException e) {
        String errors = e.errors().isEmpty() ? "" : ": " + String.join("; ", e.errors());
        return new TaskException(TaskException.Kind.REMOTE, context.mask(what + errors));
    }

    private static TaskResult kv(String command, TaskInputs in, VaultClient client, KvLocation at, TaskContext context) {
        KvOperations kv = client.kv(at.mount(), at.version());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mount", at.mount());
        out.put("kv_version", at.version() == KvVersion.V2 ? 2 : 1);
        switch (command) {
            case "read" -> {
                Long version = in.number("version", 1, Long.MAX_VALUE).orElse(null);
                KvSecret secret = version == null ? kv.get(at.path()) : v2(kv, in, command).get(at.path(), version);
                context.masker().registerTree(secret.data());
                out.put("data", secret.data());
                out.put("version", secret.version());
                out.put("metadata", secret.metadata().map(KvJson::version).orElse(null));
                return new TaskResult(out, Set.of("data"));
            }
            case "write" -> {
                Map<String, Object> data = data(in);
                Long cas = in.number("cas", 0, Long.MAX_VALUE).orElse(null);
                out.put("version", cas == null ? kv.put(at.path(), data) : v2(kv, in, "write with cas").put(at.path(), data, cas));
            }
            case "patch" -> {
                Map<String, Object> data = data(in);
                if (kv instanceof KvV2Operations v2) {
                    out.put("version", v2.patch(at.path(), data));
                } else {
                    Map<String, Object> merged = new LinkedHashMap<>(kv.get(at.path()).data());
                    data.forEach((k, v) -> {
                        if (v == null) {
                            merged.remove(k);
                        } else {
                            merged.put(k, v);
                        }
                    });
                    out.put("version", kv.put(at.path(), merged));
                }
            }
            case "list" -> out.put("keys", kv.list(at.path()));
            case "delete" -> {
                long[] versions = versions(in, false);
                if (versions.length > 0) {
                    v2(kv, in, "delete of versions").deleteVersions(at.path(), versions);
                } else {
                    kv.delete(at.path());
                }
            }
            case "undelete" -> v2(kv, in, command).undelete(at.path(), versions(in, true));
            case "destroy" -> v2(kv, in, command).destroy(at.path(), versions(in, true));
            case "versions", "metadata" -> out.put("metadata", KvJson.metadata(v2(kv, in, command).metadata(at.path())));
            case "metadata_update" -> v2(kv, in, command).patchMetadata(at.path(), KvJson.options(in));
            case "delete_metadata" -> v2(kv, in, command).deleteMetadata(at.path());
            default -> throw new IllegalStateException(command);
        }
        return TaskResult.of(out);
    }

    private static KvV2Operations v2(KvOperations kv, TaskInputs in, String what) {
        if (kv instanceof KvV2Operations v2) {
            return v2;
        }
        throw in.invalid("command", "\"" + what + "\" needs a KV version 2 mount, and \"" + kv.mount() + "\" is KV version 1");
    }

    private static Map<String, Object> data(TaskInputs in) {
        return in.map("data").orElseThrow(() -> in.missing("data", "give the key/value pairs to write as an object"));
    }

    private static long[] versions(TaskInputs in, boolean required) {
        List<Object> raw = new ArrayList<>();
        if (in.raw("versions") instanceof List<?> l) {
            raw.addAll(l);
        } else if (in.has("versions")) {
            raw.add(in.raw("versions"));
        } else if (in.has("version")) {
            raw.add(in.raw("version"));
        }
        if (raw.isEmpty() && required) {
            throw in.missing("versions", "give the version numbers, e.g. [1, 2]");
        }
        long[] out = new long[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            if (v instanceof Number n && n.longValue() >= 1) {
                out[i] = n.longValue();
            } else if (v instanceof String s && s.strip().matches("[1-9]\\d{0,17}")) {
                out[i] = Long.parseLong(s.strip());
            } else {
                throw in.wrongType("versions", v, "version numbers from 1");
            }
        }
        return out;
    }

    /** Generic calls at an API path. */
    private static final class LogicalCommands {
        static TaskResult run(String command, TaskInputs in, VaultClient client, String path, TaskContext context) {
            String p = trim(path);
            Map<String, Object> out = new LinkedHashMap<>();
            switch (command) {
                case "logical_read" -> {
                    return response(client.logical().read(p), context);
                }
                case "logical_write" -> {
                    return response(client.logical().write(p, in.map("data").orElse(null)), context);
                }
                case "logical_list" -> out.put("keys", client.logical().list(p));
                case "logical_delete" -> client.logical().delete(p);
                default -> throw new IllegalStateException(command);
            }
            return TaskResult.of(out);
        }

        private static TaskResult response(VaultResponse r, TaskContext context) {
            context.masker().registerTree(r.data());
            context.masker().registerTree(r.auth());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("data", r.data());
            out.put("auth", r.auth());
            out.put("lease_id", r.leaseId().orElse(null));
            out.put("lease_duration", r.leaseDuration() == null ? 0 : r.leaseDuration().toSeconds());
            out.put("renewable", r.renewable());
            out.put("warnings", r.warnings());
            return new TaskResult(out, Set.of("data", "auth"));
        }
    }

    private static String trim(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public String toString() {
        return "VaultTask";
    }
}
