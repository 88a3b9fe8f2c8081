package org.flowvault.vault.client.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * How the client's packages reach each other's package-private parts without making them public:
 * an operations class registers its constructor here, and {@code Authentication} its login, from
 * their static initializers (the JDK's "shared secrets" pattern). A registration is accepted
 * only from the registered class itself (for operations) or from a class of this library (for the
 * login), and only the first one counts: on the class path, where {@code internal} is not
 * protected by the module system, other code can neither add nor replace one. Thread-safe. Not
 * public API.
 */
public final class Access {
    /** Logs in with an {@code Authentication} (typed as Object: this package must not depend on {@code auth}). */
    public interface Login {
        LoginResult login(Object authentication, VaultTransport transport);
    }

    /** Makes a type whose constructor takes more than the calls and a mount; the arguments are the type's own contract. */
    public interface Maker<T> {
        T make(Object... arguments);
    }

    private static final Map<Class<?>, BiFunction<VaultCalls, String, ?>> OPERATIONS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Maker<?>> MAKERS = new ConcurrentHashMap<>();
    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static volatile Login login;

    private Access() {
    }

    /** Registers how {@code type} is made from the client's calls and a mount (null for types without one). */
    public static <T> void operations(Class<T> type, BiFunction<VaultCalls, String, T> factory) {
        if (CALLER.getCallerClass() != type) {
            throw new IllegalStateException("only " + type.getName() + " registers its own factory");
        }
        OPERATIONS.putIfAbsent(type, Objects.requireNonNull(factory, "factory"));
    }

    /** A new {@code type} on {@code calls} at {@code mount}; initializes {@code type} first so that it registered. */
    public static <T> T operations(Class<T> type, VaultCalls calls, String mount) {
        BiFunction<VaultCalls, String, ?> factory = OPERATIONS.get(type);
        if (factory == null) {
            initialize(type);
            factory = OPERATIONS.get(type);
            if (factory == null) {
                throw new IllegalStateException(type.getName() + " registered no factory with " + Access.class.getName());
            }
        }
        return type.cast(factory.apply(calls, mount));
    }

    /** Registers how {@code type} is made from its own arguments; only {@code type} itself registers. */
    public static <T> void maker(Class<T> type, Maker<T> maker) {
        if (CALLER.getCallerClass() != type) {
            throw new IllegalStateException("only " + type.getName() + " registers its own maker");
        }
        MAKERS.putIfAbsent(type, Objects.requireNonNull(maker, "maker"));
    }

    /** A new {@code type} made from {@code arguments}; initializes {@code type} first so that it registered. */
    public static <T> T make(Class<T> type, Object... arguments) {
        Maker<?> maker = MAKERS.get(type);
        if (maker == null) {
            initialize(type);
            maker = MAKERS.get(type);
            if (maker == null) {
                throw new IllegalStateException(type.getName() + " registered no maker with " + Access.class.getName());
            }
        }
        return type.cast(maker.make(arguments));
    }

    /** Registers the login of every {@code Authentication}; the first registration wins. */
    public static synchronized void login(Login bridge) {
        Class<?> caller = CALLER.getCallerClass();
        if (!caller.getPackageName().startsWith("org.flowvault.vault.client.")
                || !Objects.equals(caller.getProtectionDomain().getCodeSource(), Access.class.getProtectionDomain().getCodeSource())) {
            throw new IllegalStateException("only the client's Authentication registers the login");
        }
        if (login == null) {
            login = Objects.requireNonNull(bridge, "bridge");
        }
    }

    /**
     * Logs in with {@code authentication}. An instance exists, so its base class was initialized
     * and registered the bridge.
     */
    public static LoginResult login(Object authentication, VaultTransport transport) {
        Objects.requireNonNull(authentication, "authentication");
        return login.login(authentication, transport);
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
