-- Which version of each secret a run resolved (never a value): configuration, path as written, KV version (0 on KV v1).
CREATE TABLE run_secret_versions (
    run_id      uuid          NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq         integer       NOT NULL,
    config_name varchar(256)  NOT NULL,
    path        varchar(2048) NOT NULL,
    version     bigint        NOT NULL,
    PRIMARY KEY (run_id, seq)
);
