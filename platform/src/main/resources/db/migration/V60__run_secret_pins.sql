-- A rerun "with the same secret versions": the versions its resolutions must read, copied from the
-- original run when the rerun is started (before it is queued). Deleted with the run.
CREATE TABLE run_secret_pins (
    run_id      uuid          NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    config_name varchar(256)  NOT NULL,
    path        varchar(2048) NOT NULL,
    version     bigint        NOT NULL,
    PRIMARY KEY (run_id, config_name, path)
);
