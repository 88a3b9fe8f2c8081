package org.flowvault.sdk.architecture.cyclic.b;

import org.flowvault.sdk.architecture.cyclic.a.Upper;

/** The other half: depends back on the package that depends on it. */
public class Lower {
    public Upper upper() {
        return null;
    }
}
