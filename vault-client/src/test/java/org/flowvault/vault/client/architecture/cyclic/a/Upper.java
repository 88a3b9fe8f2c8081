package org.flowvault.vault.client.architecture.cyclic.a;

import org.flowvault.vault.client.architecture.cyclic.b.Lower;

/** Half of a package cycle that PackageCycleTest must catch. */
public class Upper {
    public Lower lower() {
        return new Lower();
    }
}
