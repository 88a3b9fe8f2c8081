package org.flowvault.vault.server.policy;

/**
 * What a request does, as Vault's logical layer sees it. GET is READ (LIST with {@code list=true}),
 * POST and PUT are CREATE or UPDATE depending on whether the target exists, PATCH, DELETE and LIST
 * map one to one. ACL capabilities are named after these (plus sudo and deny).
 */
public enum Operation {
    READ("read"),
    CREATE("create"),
    UPDATE("update"),
    PATCH("patch"),
    DELETE("delete"),
    LIST("list");

    private final String capability;

    Operation(String capability) {
        this.capability = capability;
    }

    /** The ACL capability that grants this operation. */
    public String capability() {
        return capability;
    }
}
