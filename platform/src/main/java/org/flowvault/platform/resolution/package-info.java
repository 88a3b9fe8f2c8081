/**
 * Resolution: turning a connection into the inputs a task receives (DESIGN §4), the secret cache
 * behind it, and writing secrets.
 *
 * <ul>
 *   <li>{@link org.flowvault.platform.resolution.Resolver} — {@code resolve(connection, runAs, overrides)},
 *       {@code preview}, {@code refresh}.</li>
 *   <li>{@link org.flowvault.platform.resolution.SecretCache} — one per process; Caffeine, keyed by
 *       (configuration, identity, namespace, mount, path, version); cross-node invalidation over
 *       PostgreSQL {@code LISTEN/NOTIFY}.</li>
 *   <li>{@link org.flowvault.platform.resolution.SecretWriter} — {@code write_secret}.</li>
 * </ul>
 *
 * <h2>Paths</h2>
 * Users write the API path ({@code secret/data/oracle}) or the logical one ({@code secret/oracle}).
 * The mount and its KV version come from Vault ({@code sys/internal/ui/mounts/PATH}, asked with the
 * reading identity, in the configuration's namespace, cached per configuration, identity,
 * namespace and path); when that endpoint is denied, the configuration's {@code kvMount} and
 * {@code kvVersion} are used (AUTO then means version 2), and a path that does not start with the
 * mount is taken as relative to it. On KV v2 a first segment {@code data} after the mount marks
 * the API path, so the logical secret {@code data/x} is written {@code secret/data/data/x}.
 */
package org.flowvault.platform.resolution;
