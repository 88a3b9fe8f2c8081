package org.flowvault.vault.server.config;

import java.io.Serial;

/**
 * A server configuration file that cannot be used. The message names the file, the offending key and
 * how to fix it, for example
 * {@code vault.hcl: listener "tcp" address: "localhost" has no port; write host:port, e.g. "127.0.0.1:8200"}.
 * Messages never contain the values of keys Flowvault ignores (a seal block may hold a token).
 */
public final class ConfigException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
