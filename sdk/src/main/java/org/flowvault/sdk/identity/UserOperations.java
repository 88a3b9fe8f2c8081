package org.flowvault.sdk.identity;

import java.util.List;
import org.flowvault.sdk.Secret;

/** Platform users ({@code /api/v1/users}); changing them is for admins. Thread-safe. */
public interface UserOperations {
    List<User> list();

    User get(String username);

    /** Creates a user; a null {@code password} has the server generate one, shown once in the answer. */
    NewUser create(String username, Role role, Secret password);

    User setRole(String username, Role role);

    User setPassword(String username, Secret password);

    void delete(String username);
}
