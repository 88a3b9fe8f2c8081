package org.flowvault.sdk.identity;

import org.flowvault.sdk.Secret;

/** An API key just created: the key is shown only now. */
public record IssuedApiKey(String id, String name, String prefix, Secret key) {
}
