package org.flowvault.sdk.identity;

import java.util.List;

/** The caller's API keys ({@code /api/v1/api-keys}), for the SDK and scripts. Thread-safe. */
public interface ApiKeyOperations {
    List<ApiKey> list();

    /** Creates a key; the answer holds it, shown only now. */
    IssuedApiKey create(String name);

    void revoke(String id);
}
