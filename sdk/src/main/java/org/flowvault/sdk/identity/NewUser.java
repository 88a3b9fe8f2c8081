package org.flowvault.sdk.identity;

import org.flowvault.sdk.Secret;

/**
 * A user just created.
 *
 * @param generatedPassword the password the server generated (shown only now), or null when one was given
 */
public record NewUser(User user, Secret generatedPassword) {
}
