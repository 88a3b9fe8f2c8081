package org.flowvault.platform.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.resolution.Resolution;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;

/**
 * Turns an entry's stored fields into their values: ciphertexts decrypted with the project's
 * usable keys (the entry's identity as associated data for format v2), a provider-backed entry's
 * fields read from Vault with the given identity through the platform's resolution and cache.
 * Every field handed out is audited first; a field that does not decrypt is an error naming the
 * entry and field, audited as failed, and never a ciphertext posing as a value.
 */
final class FieldOpener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final org.flowvault.platform.db.Database db;
    private final CredentialKeys keys;
    private final Resolver resolver;
    private final CredentialAudit audit;

    FieldOpener(org.flowvault.platform.db.Database db, CredentialKeys keys, Resolver resolver, CredentialAudit audit) {
        this.db = db;
        this.keys = keys;
        this.resolver = resolver;
        this.audit = audit;
    }

    /** A field's value: what the client encrypted, as the JSON value it wrote (a string for user names and passwords). */
    record Opened(Map<String, Object> values, Set<String> secretTexts) {
        @Override
        public String toString() {
            return "Opened" + values.keySet();
        }
    }

    /**
     * The values of {@code fields} of {@code e} that are set.
     *
     * @param runAs the identity Vault is read with for a provider-backed entry
     * @throws PlatformException CONFLICT naming the entry and field when a field does not decrypt
     *         or is not JSON text; the resolution's errors for a provider-backed entry
     */
    Opened open(CredentialEntry e, List<String> fields, Caller runAs, CredentialAudit.Actor actor) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> texts = new java.util.HashSet<>();
        List<String> opened = new ArrayList<>();
        if (e.vault() != null && fields.stream().anyMatch(EntryFields.FROM_VAULT::contains)) {
            Resolution r;
            try {
                r = resolver.resolve(vaultConnection(e), runAs, Map.of());
            } catch (PlatformException x) {
                audit.record(e.projectId(), e.id(), null, CredentialAudit.Action.DECRYPT, actor, CredentialAudit.FAILED);
                throw new PlatformException(x.reason(), e.describe() + " reads Vault secret '" + e.vault().attachment() + "': " + x.getMessage());
            }
            texts.addAll(r.secretValues());
            for (String f : fields) {
                Object v = EntryFields.FROM_VAULT.contains(f) ? r.inputs().get(e.vault().keyOf(f)) : null;
                if (v != null) {
                    values.put(f, v);
                    opened.add(f);
                }
            }
        }
        Keyring ring = null;
        for (String f : fields) {
            String stored = e.vault() != null && EntryFields.FROM_VAULT.contains(f) ? null : e.ciphertext(f);
            if (stored == null) {
                continue;
            }
            if (ring == null) {
                ring = keys.keyring(e.projectId());
            }
            FieldId id = new FieldId(e.project(), e.domain(), e.permissionedUserId(), f);
            String text;
            try {
                text = FieldCipher.decrypt(ring.keys(), id, stored);
            } catch (CredentialDecryptionException x) {
                // A re-encryption may have moved the field and retired its version since the entry
                // was read: the stored field, read again after the keys, decrypts with them.
                ring = keys.keyring(e.projectId());
                String again = db.jdbi().withHandle(h -> EntryStore.byId(h, e.projectId(), e.id())).map(n -> n.ciphertext(f)).orElse(null);
                try {
                    if (again == null || again.equals(stored)) {
                        throw x;
                    }
                    text = FieldCipher.decrypt(ring.keys(), id, again);
                } catch (CredentialDecryptionException y) {
                    audit.record(e.projectId(), e.id(), f, CredentialAudit.Action.DECRYPT, actor, CredentialAudit.FAILED);
                    throw PlatformException.conflict(y.getMessage() + "; store it again, encrypted with the project's current key");
                }
            }
            Object value = parse(e, f, text);
            values.put(f, value);
            collect(value, texts);
            opened.add(f);
        }
        if (!opened.isEmpty()) {
            audit.recordAll(e.projectId(), e.id(), opened, CredentialAudit.Action.DECRYPT, actor, CredentialAudit.OK);
        }
        return new Opened(values, texts);
    }

    private static Object parse(CredentialEntry e, String field, String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException x) {
            throw PlatformException.conflict("field " + field + " of " + e.describe() + " decrypts, but not to JSON text: clients encrypt "
                    + "the JSON text of a value (a string with its quotes); store it again with the SDK");
        }
    }

    private static void collect(Object v, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        } else if (v != null && !(v instanceof Boolean)) {
            out.add(v.toString());
        }
    }

    /**
     * The entry's Vault secret as a connection without a value, so that reading it goes through
     * the resolution every connection uses: the identity the configuration prescribes for the
     * user, the secret cache, the same errors.
     */
    private static Connection vaultConnection(CredentialEntry e) {
        return new Connection(e.id(), e.projectId(), "credential (" + e.domain() + ", " + e.permissionedUserId() + ")", "CREDENTIAL",
                Map.of(), "{}", List.of(AttachedSecret.parse(e.vault().attachment())), "",
                e.createdAt(), e.updatedAt());
    }
}
