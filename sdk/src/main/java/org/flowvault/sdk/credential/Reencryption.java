package org.flowvault.sdk.credential;

import java.util.List;

/**
 * The outcome of re-encrypting every entry of a project under its current key version.
 *
 * @param reencrypted     how many entries were re-encrypted (v1 fields became v2)
 * @param retiredVersions the key versions retired afterwards
 */
public record Reencryption(int reencrypted, List<Integer> retiredVersions) {
    public Reencryption {
        retiredVersions = List.copyOf(retiredVersions);
    }
}
