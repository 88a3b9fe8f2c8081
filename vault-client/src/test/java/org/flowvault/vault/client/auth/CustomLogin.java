package org.flowvault.vault.client.auth;

import java.util.function.Function;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * A login the test writes itself (a stand-in for a login method with behaviour Vault's methods
 * cannot easily be made to show, such as non-renewable tokens). Lives in {@code auth} because the
 * set of authentications is closed to other packages.
 */
public final class CustomLogin extends Authentication {
    private final boolean canLogIn;
    private final Function<VaultTransport, LoginResult> login;

    private CustomLogin(boolean canLogIn, Function<VaultTransport, LoginResult> login) {
        super(null);
        this.canLogIn = canLogIn;
        this.login = login;
    }

    /** A login method that obtains fresh tokens with {@code login}. */
    public static CustomLogin loggingIn(Function<VaultTransport, LoginResult> login) {
        return new CustomLogin(true, login);
    }

    /** A given token: {@code login} validates it, and it cannot be obtained again. */
    public static CustomLogin given(Function<VaultTransport, LoginResult> login) {
        return new CustomLogin(false, login);
    }

    @Override
    LoginResult login(VaultTransport transport) {
        return login.apply(transport);
    }

    @Override
    public boolean canLogIn() {
        return canLogIn;
    }
}
