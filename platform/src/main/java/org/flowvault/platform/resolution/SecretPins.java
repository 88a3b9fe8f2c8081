package org.flowvault.platform.resolution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions a resolution must read instead of the latest, by configuration name and path as
 * written: what a rerun "with the same secret versions" takes from the run it repeats. A path
 * with its own {@code @N} keeps it. Immutable.
 */
public final class SecretPins {
    /** No pins: every path reads its latest version (or its own {@code @N}). */
    public static final SecretPins NONE = new SecretPins(Map.of());

    private final Map<String, Long> versions;

    private SecretPins(Map<String, Long> versions) {
        this.versions = Map.copyOf(versions);
    }

    /** Pins for the versions a run recorded (versions 0, from KV v1, pin nothing). */
    public static SecretPins of(List<SecretVersion> used) {
        Map<String, Long> m = new HashMap<>();
        for (SecretVersion v : used) {
            if (v.version() > 0) {
                m.put(key(v.config(), v.path()), v.version());
            }
        }
        return m.isEmpty() ? NONE : new SecretPins(m);
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** The version to read for {@code path} of configuration {@code config}, or 0 for no pin. */
    long version(String config, String path) {
        return versions.getOrDefault(key(config, path), 0L);
    }

    private static String key(String config, String path) {
        return config + "\u0000" + path;
    }

    @Override
    public String toString() {
        return "SecretPins[" + versions.size() + "]";
    }
}
