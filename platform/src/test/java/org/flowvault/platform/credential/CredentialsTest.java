package org.flowvault.platform.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CredentialsTest {
    private static final String DOMAIN = "https://portal.example.com";

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void entriesAreStoredAsTheClientsCiphertextsAndFoundByDomainAndUser(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            Caller alice = f.tp.member(f.project);
            EntryInput in = EntryInput.builder().domain(DOMAIN).permissionedUserId("user-123").userAlias("Alice at the portal")
                    .userName(f.encrypt(DOMAIN, "user-123", "user_name", "alice@example.com"))
                    .password(f.encrypt(DOMAIN, "user-123", "password", "hunter2-portal"))
                    .allowMultipleSessions(true).maxConcurrency(3).persistCookies(true).expireAfterLastUseDays(30).build();
            CredentialEntry created = f.credentials.create(alice, f.project, in);
            assertThat(created.userName()).isEqualTo(in.userName());
            assertThat(created.password()).isEqualTo(in.password());
            assertThat(created.concurrencyLimit()).isEqualTo(3);

            assertThat(f.credentials.list(alice, f.project, DOMAIN, "user-123")).extracting(CredentialEntry::id).containsExactly(created.id());
            assertThat(f.credentials.list(alice, f.project, null, null)).hasSize(1);
            assertThat(f.credentials.list(alice, f.project, DOMAIN, "someone-else")).isEmpty();
            CredentialEntry got = f.credentials.get(alice, f.project, created.id());
            assertThat(got.password()).isEqualTo(in.password());
            assertThat(got.userAlias()).isEqualTo("Alice at the portal");
            assertThat(got.persistCookies()).isTrue();
            assertThat(got.expireAfterLastUseDays()).isEqualTo(30);

            String newPassword = f.encrypt(DOMAIN, "user-123", "password", "new-password-9");
            CredentialEntry updated = f.credentials.update(alice, f.project, EntryInput.builder().domain(DOMAIN).permissionedUserId("user-123")
                    .userName(in.userName()).password(newPassword).build());
            assertThat(updated.password()).isEqualTo(newPassword);
            assertThat(updated.userAlias()).as("fields not given keep their values").isEqualTo("Alice at the portal");
            assertThat(updated.maxConcurrency()).isEqualTo(3);

            f.credentials.delete(alice, f.project, created.id());
            assertThat(f.credentials.list(alice, f.project, null, null)).isEmpty();
            assertThatThrownBy(() -> f.credentials.get(alice, f.project, created.id())).extracting(e -> ((PlatformException) e).reason())
                    .isEqualTo(Reason.NOT_FOUND);
            assertThat(f.dump()).doesNotContain("alice@example.com", "hunter2-portal", "new-password-9", f.key.key().toHex());
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aSecondEntryForTheSameDomainAndUserIsAConflictEvenWhenCreatedAtOnce(Database.Dialect dialect) throws Exception {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            f.credentials.create(f.admin, f.project, f.login(DOMAIN, "u1", "a", "b"));
            assertThatThrownBy(() -> f.credentials.create(f.admin, f.project, f.login(DOMAIN, "u1", "c", "d")))
                    .isInstanceOf(PlatformException.class).extracting(e -> ((PlatformException) e).reason()).isEqualTo(Reason.CONFLICT);
            // eight clients racing for one new entry: exactly one wins, the others get CONFLICT (not a 500)
            AtomicInteger won = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        f.credentials.create(f.admin, f.project, f.login(DOMAIN, "racer", "a", "b"));
                        won.incrementAndGet();
                    } catch (PlatformException e) {
                        if (e.reason() == Reason.CONFLICT) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(won.get()).isEqualTo(1);
            assertThat(conflicts.get()).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void malformedFieldsAreRefusedNamingTheFieldNeverTheValue(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            String good = f.encrypt(DOMAIN, "u", "password", "pw");
            Map<String, EntryInput> bad = new java.util.LinkedHashMap<>();
            bad.put("password", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").password("plaintext-Secret-99").build());
            bad.put("user_name", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").userName("abc").build());
            bad.put("tfa_secret", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").tfaSecret(good + "0").build());
            bad.put("proxy", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").proxy("v2:x:" + good.substring(5)).build());
            bad.put("'password' is too long", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").password("ab".repeat(9000)).build());
            bad.put("domain", EntryInput.builder().domain("ftp://files.example.com").permissionedUserId("u").build());
            bad.put("'domain' must be printable", EntryInput.builder().domain("https://a b.example.com").permissionedUserId("u").build());
            bad.put("'domain' must be an absolute", EntryInput.builder().domain("https://secret-user:pw@example.com").permissionedUserId("u").build());
            bad.put("permissioned_user_id", EntryInput.builder().domain(DOMAIN).permissionedUserId("has space").build());
            bad.put("max_concurrency", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").maxConcurrency(0).build());
            bad.put("expire_after_last_use_days", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").expireAfterLastUseDays(-1).build());
            bad.put("key version 7", EntryInput.builder().domain(DOMAIN).permissionedUserId("u")
                    .password(f.encrypt(f.key.key(), 7, DOMAIN, "u", "password", "pw")).build());
            bad.put("'vault' replaces", EntryInput.builder().domain(DOMAIN).permissionedUserId("u").password(good)
                    .vault(new VaultSource(null, "secret/x", Map.of())).build());
            bad.forEach((expected, in) -> assertThatThrownBy(() -> f.credentials.create(f.admin, f.project, in)).as(expected)
                    .isInstanceOf(PlatformException.class)
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.INVALID))
                    .hasMessageContaining(expected)
                    .hasMessageNotContaining("plaintext-Secret-99").hasMessageNotContaining("secret-user")
                    .hasMessageNotContaining("abababab").hasMessageNotContaining(good.substring(10, 40)));
            assertThat(f.credentials.list(f.admin, f.project, null, null)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void onlyOneOfTheTwoFiltersIsRefused(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            assertThatThrownBy(() -> f.credentials.list(f.admin, f.project, DOMAIN, null)).hasMessageContaining("'domain' and 'permissioned_user_id'");
            assertThatThrownBy(() -> f.credentials.list(f.admin, f.project, "", "u")).hasMessageContaining("together");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void decryptedValuesNeedThePermissionAndEveryFieldIsAudited(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            Caller member = f.tp.member(f.project);
            CredentialEntry e = f.credentials.create(member, f.project, f.login(DOMAIN, "u1", "alice@example.com", "pw-of-alice"));
            assertThatThrownBy(() -> f.credentials.decrypt(member, f.project, List.of(e))).isInstanceOf(PlatformException.class)
                    .satisfies(x -> assertThat(((PlatformException) x).reason()).isEqualTo(Reason.FORBIDDEN))
                    .hasMessageContaining("credentials:decrypt");
            f.credentials.setDecryptPermission(f.admin, f.project, member.username(), true);
            DecryptedEntry d = f.credentials.decrypt(member, f.project, List.of(e)).getFirst();
            assertThat(d.values()).containsEntry("user_name", "alice@example.com").containsEntry("password", "pw-of-alice");
            assertThat(d.toString()).doesNotContain("pw-of-alice");
            assertThat(f.credentials.decrypt(f.admin, f.project, List.of(e)).getFirst().values()).containsEntry("password", "pw-of-alice");
            f.credentials.setDecryptPermission(f.admin, f.project, member.username(), false);
            assertThatThrownBy(() -> f.credentials.decrypt(member, f.project, List.of(e))).hasMessageContaining("credentials:decrypt");

            List<Map<String, Object>> audit = org.flowvault.platform.audit.StoredBlocks.records(f.tp.audit).stream()
                    .filter(r -> e.id().equals(r.entryId()))
                    .map(r -> { // the columns as the table had them
                        Map<String, Object> row = new java.util.HashMap<>();
                        row.put("field", r.field());
                        row.put("action", r.action().label());
                        row.put("actor_user_id", r.userId());
                        row.put("outcome", r.outcome().label());
                        return row;
                    }).toList();
            // one record per decryption, naming the fields it opened
            assertThat(audit).filteredOn(r -> "ok".equals(r.get("outcome")) && "credential.decrypt".equals(r.get("action")))
                    .extracting(r -> r.get("field")).hasSize(2).allSatisfy(fields ->
                            assertThat(List.of(((String) fields).split(","))).containsExactlyInAnyOrder("password", "user_name"));
            assertThat(audit).filteredOn(r -> "denied".equals(r.get("outcome"))).hasSize(2)
                    .allSatisfy(r -> assertThat(r.get("actor_user_id")).isEqualTo(member.userId()));
            assertThat(f.dump()).doesNotContain("alice@example.com", "pw-of-alice");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aTamperedMovedOrForeignCiphertextIsAClearErrorNeverAPlaintextOrCiphertext(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            String pw = f.encrypt(DOMAIN, "u1", "password", "the-real-password");
            char last = pw.charAt(pw.length() - 1);
            String tampered = pw.substring(0, pw.length() - 1) + (last == '0' ? '1' : '0');
            String moved = f.encrypt(DOMAIN, "u1", "user_name", "the-real-user");    // valid, but for another field
            String otherEntry = f.encrypt(DOMAIN, "u2", "password", "other-password"); // valid, but for another entry
            String foreign = f.encrypt(CredentialKey.generate(), f.key.version(), DOMAIN, "u1", "password", "foreign-password");
            Map<String, String> cases = Map.of("tampered", tampered, "moved", moved, "otherEntry", otherEntry, "foreign", foreign);
            cases.forEach((what, ciphertext) -> {
                String user = "x-" + what;
                // ciphertexts are stored as given: the server does not decrypt on the way in
                CredentialEntry e = f.credentials.create(f.admin, f.project, EntryInput.builder().domain(DOMAIN).permissionedUserId(user)
                        .password(ciphertext).build());
                assertThatThrownBy(() -> f.credentials.decrypt(f.admin, f.project, List.of(e))).as(what)
                        .isInstanceOf(PlatformException.class)
                        .satisfies(x -> assertThat(((PlatformException) x).reason()).isEqualTo(Reason.CONFLICT))
                        .hasMessageContaining("field password").hasMessageContaining(user).hasMessageContaining(DOMAIN)
                        .hasMessageNotContaining("the-real").hasMessageNotContaining("other-password").hasMessageNotContaining("foreign-password")
                        .hasMessageNotContaining(ciphertext.substring(8, 40));
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void keysAreShownOnceStoredWrappedAndImportedKeysReadTheSeedFormat(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            assertThat(f.dump()).doesNotContain(f.key.key().toHex());
            assertThat(f.credentials.keys().versions(f.tp.member(f.project), f.project))
                    .containsExactly(new KeyVersion(1, f.credentials.keys().versions(f.admin, f.project).getFirst().createdAt(), false, true));
            Caller member = f.tp.member(f.project);
            assertThatThrownBy(() -> f.credentials.keys().generate(member, f.project)).hasMessageContaining("only admins");
            assertThatThrownBy(() -> f.credentials.keys().importKey(f.admin, f.project, "abcd")).isInstanceOf(PlatformException.class)
                    .hasMessageContaining("'import'").hasMessageContaining("64 hex").hasMessageNotContaining("abcd");
            assertThatThrownBy(() -> f.credentials.keys().importKey(f.admin, f.project, "zz" + "0".repeat(62)))
                    .hasMessageContaining("'import'").hasMessageContaining("not a hex digit");

            // the seed product's key and its bare-hex ciphertexts
            CredentialKey seedKey = CredentialKey.generate();
            KeyVersion imported = f.credentials.keys().importKey(f.admin, f.project, seedKey.toHex());
            assertThat(imported.version()).isEqualTo(2);
            String v1 = FieldCipher.encryptV1(seedKey, CredentialFixture.json("seed-password"));
            CredentialEntry e = f.credentials.create(f.admin, f.project, EntryInput.builder().domain(DOMAIN).permissionedUserId("seed-user")
                    .password(v1).build());
            assertThat(f.credentials.decrypt(f.admin, f.project, List.of(e)).getFirst().values()).containsEntry("password", "seed-password");
            assertThat(f.dump()).doesNotContain(seedKey.toHex(), "seed-password");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void reencryptionMovesEveryFieldToTheCurrentKeyAndRetiresTheOldWhileReadsKeepWorking(Database.Dialect dialect) throws Exception {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            CredentialKey k1 = f.key.key();
            List<CredentialEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                entries.add(f.credentials.create(f.admin, f.project, f.login(DOMAIN, "u" + i, "user" + i, "pass-" + i)));
            }
            entries.add(f.credentials.create(f.admin, f.project, EntryInput.builder().domain(DOMAIN).permissionedUserId("seed")
                    .password(FieldCipher.encryptV1(k1, CredentialFixture.json("seed-pass"))).build()));
            NewKey k2 = f.credentials.keys().rotate(f.admin, f.project);
            assertThat(k2.version()).isEqualTo(2);
            // old version 1 still decrypts after the rotation, and new entries may use version 2
            assertThat(f.credentials.decrypt(f.admin, f.project, List.of(entries.getFirst())).getFirst().values()).containsEntry("password", "pass-0");

            AtomicReference<Throwable> readFailure = new AtomicReference<>();
            AtomicInteger reads = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = Thread.ofVirtual().start(() -> {
                while (!done.get()) {
                    try {
                        for (CredentialEntry e : f.credentials.list(f.admin, f.project, null, null)) {
                            Map<String, Object> v = f.credentials.decrypt(f.admin, f.project, List.of(e)).getFirst().values();
                            if (!v.get("password").toString().startsWith("pass") && !v.get("password").equals("seed-pass")) {
                                throw new AssertionError("wrong value");
                            }
                            reads.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        readFailure.compareAndSet(null, t);
                        return;
                    }
                }
            });
            Reencryption.Result r = f.credentials.reencrypt(f.admin, f.project);
            done.set(true);
            reader.join();
            assertThat(readFailure.get()).isNull();
            assertThat(reads.get()).isPositive();
            assertThat(r.reencrypted()).isEqualTo(21);
            assertThat(r.retiredVersions()).containsExactly(1);
            for (CredentialEntry e : f.credentials.list(f.admin, f.project, null, null)) {
                for (String field : EntryFields.SECRET) {
                    if (e.ciphertext(field) != null) {
                        assertThat(e.ciphertext(field)).startsWith("v2:2:");
                        FieldCipher.decrypt(k2.key(), new FieldId(f.project, e.domain(), e.permissionedUserId(), field), e.ciphertext(field));
                    }
                }
            }
            assertThat(f.credentials.keys().versions(f.admin, f.project)).extracting(KeyVersion::retired).containsExactly(true, false);
            // version 1 is retired: a client still encrypting with it is told so
            assertThatThrownBy(() -> f.credentials.create(f.admin, f.project, EntryInput.builder().domain(DOMAIN).permissionedUserId("late")
                    .password(f.encrypt(k1, 1, DOMAIN, "late", "password", "x")).build())).hasMessageContaining("key version 1");
            assertThat(f.dump()).doesNotContain("pass-1", "seed-pass", k1.toHex(), k2.key().toHex());
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void anotherProjectsMemberSeesNothingAndIsToldNotFound(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            CredentialEntry e = f.credentials.create(f.admin, f.project, f.login(DOMAIN, "u1", "a", "b"));
            String other = f.tp.project();
            Caller outsider = f.tp.member(other);
            f.credentials.setDecryptPermission(f.admin, other, outsider.username(), true);
            for (Runnable call : List.<Runnable>of(
                    () -> f.credentials.list(outsider, f.project, null, null),
                    () -> f.credentials.get(outsider, f.project, e.id()),
                    () -> f.credentials.delete(outsider, f.project, e.id()),
                    () -> f.credentials.totp(outsider, f.project, DOMAIN, "u1"),
                    () -> f.credentials.keys().versions(outsider, f.project))) {
                assertThatThrownBy(call::run).isInstanceOf(PlatformException.class)
                        .satisfies(x -> assertThat(((PlatformException) x).reason()).isEqualTo(Reason.NOT_FOUND));
            }
            // an entry id of one project is not found through another
            assertThatThrownBy(() -> f.credentials.get(outsider, other, e.id())).hasMessageContaining("no such credential entry");
            assertThat(f.credentials.list(outsider, other, null, null)).isEmpty();
            assertThatThrownBy(() -> f.credentials.get(f.admin, f.project, UUID.randomUUID())).hasMessageContaining("no such credential entry");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void theTotpEndpointGivesTheCodeNeverTheSecret(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // RFC 6238's SHA-1 seed
            f.credentials.create(f.admin, f.project, EntryInput.builder().domain(DOMAIN).permissionedUserId("u1")
                    .tfaSecret(f.encrypt(DOMAIN, "u1", "tfa_secret", secret)).build());
            TotpCode expected = TotpSecret.parse(secret).current(f.tp.clock.instant()); // the test clock stands still
            TotpCode code = f.credentials.totp(f.admin, f.project, DOMAIN, "u1");
            assertThat(code).isEqualTo(expected);
            assertThat(code.digits()).isEqualTo(6);
            assertThat(f.credentials.get(f.admin, f.project, f.credentials.list(f.admin, f.project, null, null).getFirst().id()).tfaMethod())
                    .isEqualTo(TfaMethod.AUTHENTICATOR);
            Caller member = f.tp.member(f.project);
            assertThatThrownBy(() -> f.credentials.totp(member, f.project, DOMAIN, "u1")).hasMessageContaining("credentials:decrypt");
            f.credentials.create(f.admin, f.project, f.login(DOMAIN, "no-tfa", "a", "b"));
            assertThatThrownBy(() -> f.credentials.totp(f.admin, f.project, DOMAIN, "no-tfa")).hasMessageContaining("no TOTP secret");
            long totpAudits = org.flowvault.platform.audit.StoredBlocks.records(f.tp.audit).stream()
                    .filter(r -> r.action().label().equals("credential.totp") && r.outcome().label().equals("ok")).count();
            assertThat(totpAudits).isEqualTo(1);
            assertThat(f.dump()).doesNotContain(secret, code.code());
        }
    }
}
