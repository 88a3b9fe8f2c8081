-- Users' own Vault tokens (encrypted, associated data "user_token:<config id>:<user id>") and their
-- renewal state. expires_epoch repeats expires_at in epoch seconds so that "expires within the
-- configuration's threshold" is plain integer arithmetic in both H2 and PostgreSQL.
CREATE TABLE user_tokens (
    config_id         uuid          NOT NULL REFERENCES vault_configs (id) ON DELETE CASCADE,
    user_id           uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ciphertext        varchar(8192) NOT NULL,
    state             varchar(16)   NOT NULL,
    policies          varchar(4096) NOT NULL,
    renewable         boolean       NOT NULL,
    creation_ttl_seconds bigint     NOT NULL,
    expires_at        timestamp with time zone,
    expires_epoch     bigint,
    hard_expires_at   timestamp with time zone,
    registered_at     timestamp with time zone NOT NULL,
    last_renewal_at   timestamp with time zone,
    last_error        varchar(1024),
    warning           varchar(1024),
    attempts          integer       NOT NULL,
    next_attempt_at   timestamp with time zone,
    claimed_until     timestamp with time zone,
    claimed_by        varchar(64),
    PRIMARY KEY (config_id, user_id),
    CONSTRAINT user_tokens_state_check CHECK (state IN ('ACTIVE', 'CAPPED', 'NOT_RENEWABLE', 'REVOKED', 'EXPIRED'))
);

CREATE INDEX user_tokens_due ON user_tokens (state, expires_epoch);
CREATE INDEX user_tokens_user ON user_tokens (user_id);
