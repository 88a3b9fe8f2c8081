package org.flowvault.sdk.architecture.cyclic.a;

import org.flowvault.sdk.architecture.cyclic.b.Lower;

/** Half of a package cycle that PackageCycleTest must catch. */
public class Upper {
    public Lower lower() {
        return new Lower();
    }
}
