package org.flowvault.vault.server.core;

/**
 * The endpoints that answer while sealed and without a token ({@code sys/init}, {@code sys/unseal},
 * {@code sys/seal-status}, {@code sys/health}, {@code sys/leader}); the pipeline hands them over
 * before namespace and mount routing. The {@code sys} package implements it.
 */
public interface SealApi {

    /** Answers one of the seal paths; bodies are raw JSON, not Vault's usual envelope. */
    ApiReply handle(ApiRequest request);

    /** The operator key paths (rekey, root generation): answered without a token, but audited. */
    java.util.Set<String> operatorKeyPaths();

    /** Answers one of {@link #operatorKeyPaths()}. */
    ApiReply handleOperatorKeys(ApiRequest request);
}
