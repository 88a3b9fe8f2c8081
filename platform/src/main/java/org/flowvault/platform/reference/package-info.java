/**
 * References: how a connection's value points at Vault secrets. This is the one place the
 * grammar is defined (the user guide {@code docs/references.md} says the same with examples).
 *
 * <h2>Where references are recognised</h2>
 * Only in string values of a connection's value (at any depth of maps and lists), never in map
 * keys, numbers or booleans, never in secrets read from Vault and never in a flow's overrides.
 * A reference is data: it names a key and, optionally, a configuration and a path. Nothing is
 * ever evaluated.
 *
 * <h2>Grammar</h2>
 * <pre>
 * value      = fullPath                       ; the whole string, nothing before or after
 *            | text
 * fullPath   = "vault://" [ name ":" ] name 1*( "/" name )       ; the last name is the key
 * text       = *( literal / reference )
 * reference  = "vault.secret(" argument ")"
 * argument   = name                           ; a key of the connection's attached secrets
 *            | [ name ] ":" path "." name     ; CONFIG:PATH.KEY (no CONFIG: the default configuration)
 * path       = name *( "/" name ) [ pin ]       ; the same path rule as attached secrets ([config:]path[pin])
 * pin        = "@" 1*DIGIT                    ; version N (from 1) of a KV v2 secret, at the very end of the path
 *            | "@latest"                      ; the latest version: names a secret whose own name ends in "@" DIGITS
 * name       = 1*( plain / "\" special )
 * special    = "\" / "." / "/" / ":" / "(" / ")"
 * plain      = any character but special and control characters   ; inside vault://, "." "(" ")" are plain too
 * </pre>
 *
 * <ul>
 *   <li>{@code vault.secret(password)} — key {@code password} of the attached secrets (a later
 *       attached path wins over an earlier one).</li>
 *   <li>{@code vault.secret(prod:secret/data/oracle.password)} — key {@code password} at
 *       {@code secret/data/oracle} read through configuration {@code prod};
 *       {@code vault.secret(:secret/oracle.password)} uses the project's default configuration.</li>
 *   <li>{@code vault://secret/data/mysec/api_key} — the Activepieces-style full path, picked per
 *       field: a string value that <em>begins</em> with {@code vault://} is a reference as a whole;
 *       {@code vault://prod:secret/data/mysec/api_key} names the configuration. It cannot be
 *       embedded in a larger string (use {@code vault.secret(...)} there). The {@code vault://}
 *       scheme was chosen because no Vault address, host name or ordinary text begins with it
 *       ({@code vault:8200} or {@code https://vault/...} are plain text).</li>
 * </ul>
 *
 * <h2>Pinned versions</h2>
 * A path ending in {@code @N} (N digits, from 1) is version N of the KV v2 secret before it, in
 * attached secrets ({@code secret/db@3}), references ({@code vault.secret(cfg:secret/db@3.password)})
 * and full paths ({@code vault://cfg:secret/data/db@3/password}). Only the very end of the path
 * counts, and only {@code @} followed by digits alone: {@code secret/user@example.com},
 * {@code secret/team@corp/db}, {@code secret/db@v3} and {@code secret/@3} are plain paths. A
 * secret whose own name ends in {@code @} and digits is written with {@code @latest}
 * ({@code secret/build@5@latest}) or pinned on top ({@code secret/build@5@2}). {@code @0} and
 * versions over 18 digits are refused; a pin on a KV v1 mount is refused when resolving. The rule
 * is {@link org.flowvault.platform.reference.VaultPaths#pin}.
 *
 * <h2>Escaping</h2>
 * Inside a reference a backslash makes the next special character literal:
 * {@code vault.secret(db\.password)} is the key {@code db.password}; a backslash before any
 * other character is an error. Outside references backslashes are ordinary characters, except
 * directly before a marker:
 * <ul>
 *   <li>{@code vault.secret(} anywhere: a run of <i>n</i> backslashes right before it stands for
 *       <i>n</i>/2 backslashes; when <i>n</i> is odd the marker itself is literal text, so
 *       {@code \vault.secret(x)} is the text {@code vault.secret(x)}.</li>
 *   <li>{@code vault://} at the start: a value that starts with backslashes followed by
 *       {@code vault://} is literal text with one leading backslash removed.</li>
 * </ul>
 * A marker followed by a malformed reference is an error when the connection is saved (the
 * message names the column, never the value), so a typo never silently becomes text.
 *
 * <h2>Types</h2>
 * A reference that is the whole value keeps the secret's JSON type (number, boolean, object,
 * list); references embedded in text are stringified (strings as they are, other values as JSON).
 */
package org.flowvault.platform.reference;
