-- The credential vault (issue 10): website logins encrypted by the client (SDK, CLI), stored here
-- as the ciphertexts the client sent. The server decrypts only for a run that uses an entry or a
-- caller with the credentials:decrypt permission, with the project's credential key, which is
-- stored wrapped (SecretBox, associated data "credential_key:<project id>:<version>").

-- A project's credential key versions. The newest version that is not retired encrypts; every
-- version that is not retired decrypts. Re-encryption retires the older versions.
CREATE TABLE credential_keys (
    project_id  uuid         NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version     integer      NOT NULL,
    wrapped_key varchar(512) NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    retired_at  timestamp with time zone,
    PRIMARY KEY (project_id, version),
    CONSTRAINT credential_keys_version_check CHECK (version >= 1)
);

-- Entries, unique per project by (domain, permissioned_user_id). The secret fields hold the
-- client's ciphertexts (format v2 "v2:<key version>:<hex>", or the seed product's bare hex);
-- a provider-backed entry names a Vault secret (vault_*) instead.
CREATE TABLE credential_entries (
    id                               uuid PRIMARY KEY,
    project_id                       uuid          NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    domain                           varchar(512)  NOT NULL,
    permissioned_user_id             varchar(256)  NOT NULL,
    user_alias                       varchar(256),
    user_name                        varchar(16384),
    password                         varchar(16384),
    tfa_secret                       varchar(16384),
    tfa_method                       varchar(16),
    persist_cookies                  boolean       NOT NULL,
    persist_local_storage            boolean       NOT NULL,
    persist_session_storage          boolean       NOT NULL,
    allow_multiple_sessions          boolean       NOT NULL,
    max_concurrency                  integer,
    prevent_concurrency_during_login boolean       NOT NULL,
    expire_after_last_use_days       integer,
    proxy                            varchar(16384),
    vault_config                     varchar(64),
    vault_path                       varchar(1024),
    vault_keys                       varchar(1024),
    created_at                       timestamp with time zone NOT NULL,
    updated_at                       timestamp with time zone NOT NULL,
    last_used_at                     timestamp with time zone,
    CONSTRAINT credential_entries_identity UNIQUE (project_id, domain, permissioned_user_id),
    CONSTRAINT credential_entries_tfa_check CHECK (tfa_method IS NULL OR tfa_method IN ('AUTHENTICATOR', 'EMAIL', 'SMS'))
);

CREATE INDEX credential_entries_user ON credential_entries (project_id, permissioned_user_id);

-- Members allowed to read decrypted values through the API and TOTP codes (admins always are).
CREATE TABLE credential_decrypt_grants (
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    granted_at timestamp with time zone NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

-- Every decryption, TOTP code and key action: who or which run, which entry and field, when and
-- the outcome, never a value. No foreign keys: the record outlives the entry, user or project.
CREATE TABLE credential_audit (
    id            uuid PRIMARY KEY,
    at            timestamp with time zone NOT NULL,
    project_id    uuid        NOT NULL,
    entry_id      uuid,
    field         varchar(32),
    action        varchar(16) NOT NULL,
    actor_user_id uuid,
    api_key_id    uuid,
    run_id        uuid,
    outcome       varchar(16) NOT NULL,
    CONSTRAINT credential_audit_action_check CHECK (action IN ('decrypt', 'totp', 'key_generate', 'key_import', 'key_rotate', 'reencrypt'))
);

CREATE INDEX credential_audit_project ON credential_audit (project_id, at);
CREATE INDEX credential_audit_entry ON credential_audit (entry_id, at);
