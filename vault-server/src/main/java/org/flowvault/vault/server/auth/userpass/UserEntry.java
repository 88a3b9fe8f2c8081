package org.flowvault.vault.server.auth.userpass;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.flowvault.vault.server.auth.TokenParams;

/** A user as stored under {@code user/<lower-case name>}; {@code passwordHash} is {@link PasswordHash} text. */
record UserEntry(
        @JsonProperty("password_hash") String passwordHash,
        @JsonProperty("token") TokenParams token) {

    UserEntry withPasswordHash(String hash) {
        return new UserEntry(hash, token);
    }

    UserEntry withToken(TokenParams params) {
        return new UserEntry(passwordHash, params);
    }

    @Override
    public String toString() {
        return "UserEntry[" + token.policies() + "]"; // never the hash
    }
}
