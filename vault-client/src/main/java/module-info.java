/**
 * The Flowvault Vault client: a typed Java client for the Vault HTTP API. Only the API packages are
 * exported; {@code internal} (the HTTP/1.1 transport, JSON, TLS, the token session and the bridges
 * between packages) is not, so no embedder can come to depend on it. Jackson is used inside only:
 * no API signature exposes it, hence a plain {@code requires}.
 */
module org.flowvault.vault.client {
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports org.flowvault.vault.client;
    exports org.flowvault.vault.client.approle;
    exports org.flowvault.vault.client.auth;
    exports org.flowvault.vault.client.core;
    exports org.flowvault.vault.client.database;
    exports org.flowvault.vault.client.events;
    exports org.flowvault.vault.client.kv;
    exports org.flowvault.vault.client.lease;
    exports org.flowvault.vault.client.logical;
    exports org.flowvault.vault.client.sys;
    exports org.flowvault.vault.client.token;
}
