package org.flowvault.platform.vaultconfig;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.identity.Caller;

/**
 * The seam between vault configurations (with users' tokens and machine identities) and the
 * code that reads or writes secrets: it answers which configurations a project may use and hands
 * out a client acting as the identity a configuration prescribes for a user.
 */
public interface VaultAccess {

    /**
     * The enabled configurations in scope for {@code projectId}, oldest first; the first is the
     * default for paths attached without a configuration name.
     */
    List<VaultConfiguration> usableIn(UUID projectId);

    /** The enabled configuration named {@code name} if it exists and is in scope for the project. */
    Optional<VaultConfiguration> find(String name, UUID projectId);

    /**
     * The identity that reads and writes secrets through {@code config} for a run as {@code runAs}:
     * the user's own registered token for {@link VaultConfiguration.AuthMethod#USER_TOKEN}, the
     * configuration's machine or shared identity otherwise.
     *
     * @throws org.flowvault.platform.error.PlatformException UNAUTHENTICATED/INVALID with a message that
     *         names the configuration and says what to do (e.g. register a token) when the user has
     *         no usable token; UNAVAILABLE when a login fails
     */
    VaultIdentity identity(VaultConfiguration config, Caller runAs);
}
