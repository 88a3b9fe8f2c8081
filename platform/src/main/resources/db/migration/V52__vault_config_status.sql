-- How each configuration's machine or shared identity is doing, shared by every node: the last
-- login, renewal and error (time and text, never a token), and for SHARED_TOKEN configurations the
-- token's renewal state, claimed by one node at a time as user_tokens rows are (see RenewalJob).
-- token_state: UNCHECKED (not looked up since set), ACTIVE, NO_EXPIRY, CAPPED, NOT_RENEWABLE, REVOKED, EXPIRED.
CREATE TABLE vault_config_status (
    config_id            uuid         NOT NULL PRIMARY KEY REFERENCES vault_configs (id) ON DELETE CASCADE,
    last_login_at        timestamp with time zone,
    last_renewal_at      timestamp with time zone,
    last_error_at        timestamp with time zone,
    last_error           varchar(1024),
    token_state          varchar(16)  NOT NULL,
    token_expires_at     timestamp with time zone,
    token_expires_epoch  bigint,
    hard_expires_at      timestamp with time zone,
    creation_ttl_seconds bigint,
    warning              varchar(1024),
    attempts             integer      NOT NULL,
    next_attempt_at      timestamp with time zone,
    claimed_until        timestamp with time zone,
    claimed_by           varchar(64)
);

INSERT INTO vault_config_status (config_id, token_state, attempts) SELECT id, 'UNCHECKED', 0 FROM vault_configs;
