-- Admin-registered Vault servers. Credentials of machine/shared identities live apart, encrypted.
CREATE TABLE vault_configs (
    id                        uuid PRIMARY KEY,
    name                      varchar(64)   NOT NULL UNIQUE,
    url                       varchar(2048) NOT NULL,
    enabled                   boolean       NOT NULL,
    ca_certificate_pem        varchar(65536),
    namespace                 varchar(255),
    auth_method               varchar(16)   NOT NULL,
    auth_mount                varchar(255),
    kv_mount                  varchar(255)  NOT NULL,
    kv_version                varchar(8)    NOT NULL,
    platform_scope            boolean       NOT NULL,
    auto_renew                boolean       NOT NULL,
    renewal_threshold_seconds bigint        NOT NULL,
    cache_ttl_seconds         bigint        NOT NULL,
    serve_stale_on_error      boolean       NOT NULL,
    revision                  bigint        NOT NULL,
    created_at                timestamp with time zone NOT NULL,
    updated_at                timestamp with time zone NOT NULL
);

CREATE TABLE vault_config_projects (
    config_id  uuid NOT NULL REFERENCES vault_configs (id) ON DELETE CASCADE,
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (config_id, project_id)
);

CREATE INDEX vault_config_projects_project ON vault_config_projects (project_id);

-- One row per credential field (role_id, secret_id, username, password, token); the ciphertext's
-- associated data is "vault_config:<config id>:<field>".
CREATE TABLE vault_config_credentials (
    config_id  uuid        NOT NULL REFERENCES vault_configs (id) ON DELETE CASCADE,
    field      varchar(16) NOT NULL,
    ciphertext varchar(8192) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    PRIMARY KEY (config_id, field)
);
