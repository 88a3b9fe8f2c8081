-- The leases of dynamic secrets (database credentials) issued for one run each: kept so that the
-- node ending the run, or any node recovering it after its node died, can revoke them. The lease
-- id names the credentials in Vault; no credential is stored. No foreign key to runs: a lease row
-- must outlive a run deleted before its lease could be revoked.
CREATE TABLE run_leases (
    lease_id        varchar(1024) NOT NULL PRIMARY KEY,
    run_id          uuid          NOT NULL,
    project_id      uuid          NOT NULL,
    config_name     varchar(256)  NOT NULL,
    path            varchar(2048) NOT NULL,
    run_as          uuid          NOT NULL,
    run_as_name     varchar(256)  NOT NULL,
    run_as_role     varchar(16)   NOT NULL,
    issued_at       timestamp with time zone NOT NULL,
    expires_at      timestamp with time zone NOT NULL
);
CREATE INDEX run_leases_run ON run_leases (run_id);
