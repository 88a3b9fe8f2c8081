package org.flowvault.sdk.vaultconfig;

/** The KV secrets engine version of a configuration's mount: detected, 1 or 2. */
public enum KvVersion {
    AUTO("auto"),
    V1("1"),
    V2("2");

    private final String wire;

    KvVersion(String wire) {
        this.wire = wire;
    }

    /** As the API writes it: {@code auto}, {@code 1}, {@code 2}. */
    public String wireName() {
        return wire;
    }

    /**
     * {@code auto}, {@code 1}/{@code v1} or {@code 2}/{@code v2}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static KvVersion fromWire(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "1", "v1" -> V1;
            case "2", "v2" -> V2;
            default -> throw new IllegalArgumentException("a KV version is auto, 1 or 2");
        };
    }
}
