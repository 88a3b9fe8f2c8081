-- Master key rotation: which master key wraps each data key (a public fingerprint, null for rows
-- written before rotation existed), and the rotations with their progress, so that a sweep
-- interrupted by a crash or restart resumes where it stopped, on whichever node takes the lease.
ALTER TABLE data_keys ADD COLUMN master_key_id varchar(32);

CREATE TABLE master_key_rotations (
    id              varchar(36)  NOT NULL PRIMARY KEY,
    target_key_id   varchar(32)  NOT NULL,
    state           varchar(16)  NOT NULL,
    total           integer      NOT NULL,
    rewrapped       integer      NOT NULL DEFAULT 0,
    from_key_ids    varchar(1024) NOT NULL,
    started_at      timestamp with time zone NOT NULL,
    finished_at     timestamp with time zone,
    lease_owner     varchar(128),
    lease_until     timestamp with time zone
);
