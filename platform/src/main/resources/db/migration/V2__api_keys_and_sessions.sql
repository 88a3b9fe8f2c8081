-- API keys (SDK/CLI) and login sessions (UI/API). The public prefix finds the row; the secret part
-- is stored only as its SHA-256, compared in constant time.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    user_id      uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         varchar(128) NOT NULL,
    prefix       varchar(32)  NOT NULL UNIQUE,
    key_hash     varchar(64)  NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone
);

CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE sessions (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    prefix     varchar(32) NOT NULL UNIQUE,
    token_hash varchar(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
