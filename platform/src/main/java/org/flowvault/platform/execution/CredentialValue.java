package org.flowvault.platform.execution;

import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.flow.Form;
import org.flowvault.platform.masking.Masker;

/**
 * What {@code inputs.NAME} is for a credential input while a run executes: a read-only map whose
 * {@code user_name} and {@code password} are the entry's values and whose {@code totp} is computed
 * at the moment an expression reads it (for an entry whose second factor comes by e-mail or text
 * message, the run pauses for a person to enter the code). Every value is registered with the
 * run's masker before it is handed out. {@link #toString()} shows no value.
 */
final class CredentialValue extends AbstractMap<String, Object> {
    static final List<String> KEYS = List.of("user_name", "password", "totp", "domain", "permissioned_user_id");

    private final String input;
    private final CredentialInputs.Credential credential;
    private final Execution execution;
    private final Masker masker;
    private int codesAsked;
    private boolean inLogin;

    CredentialValue(String input, CredentialInputs.Credential credential, Execution execution, Masker masker) {
        this.input = input;
        this.credential = credential;
        this.execution = execution;
        this.masker = masker;
        register(credential.userName());
        register(credential.password());
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String k) || !KEYS.contains(k)) {
            throw new Execution.StepFailure("inputs." + input + " is a credential: it has " + String.join(", ", KEYS)
                    + (key instanceof String k2 && k2.length() <= 64 ? ", not '" + k2 + "'" : ""));
        }
        if (k.equals("password") || k.equals("totp")) {
            enterLogin();
        }
        return switch (k) {
            case "user_name" -> credential.userName();
            case "password" -> credential.password();
            case "totp" -> totp();
            case "domain" -> credential.domain();
            default -> credential.permissionedUserId();
        };
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && KEYS.contains(k);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> out = new LinkedHashSet<>();
        for (String k : KEYS) {
            out.add(new SimpleImmutableEntry<>(k, get(k)));
        }
        return out;
    }

    /** A step that reads the password or a code is the login step: serialised per entry when the entry asks for it. */
    private void enterLogin() {
        if (inLogin) {
            return;
        }
        Runnable release = credential.enterLogin(execution::isCancelled);
        execution.checkCancelled();
        if (release != null) {
            inLogin = true;
            execution.afterStep(() -> {
                inLogin = false;
                release.run();
            });
        }
    }

    private String totp() {
        if (credential.codeFromPerson()) {
            // numbered, so a replay of the run asks the same questions in the same order and finds the answers
            String key = "credential:" + input + ":code:" + (++codesAsked);
            Map<String, Object> answer = execution.ask(key, "inputs." + input + ".totp", new Form(
                    "Enter the sign-in code sent for " + credential.domain() + " (user " + credential.permissionedUserId() + ")",
                    "The website sent a one-time code by e-mail or text message; the run continues when it is entered.",
                    List.of(Form.Field.secret("code", "Code", true))));
            Object code = answer.get("code");
            return register(code == null ? null : code.toString());
        }
        return register(credential.totp());
    }

    private String register(String value) {
        if (value != null) {
            masker.register(value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "CredentialValue[" + input + "]";
    }
}
