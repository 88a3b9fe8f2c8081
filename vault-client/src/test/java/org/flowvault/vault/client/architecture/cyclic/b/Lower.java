package org.flowvault.vault.client.architecture.cyclic.b;

import org.flowvault.vault.client.architecture.cyclic.a.Upper;

/** The other half: depends back on the package that depends on it. */
public class Lower {
    public Upper upper() {
        return null;
    }
}
