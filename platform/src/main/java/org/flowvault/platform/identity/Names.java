package org.flowvault.platform.identity;

import java.util.regex.Pattern;
import org.flowvault.platform.PlatformException;

/** Syntax of user and project names, checked in one place so messages are the same everywhere. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private Names() {
    }

    static String require(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PlatformException.invalid(what + " name " + (name == null ? "is missing" : "'" + name + "' is invalid")
                    + ": use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return name;
    }
}
