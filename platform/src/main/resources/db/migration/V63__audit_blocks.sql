-- Audit records stored in blocks (issue 12: the writer's cost per record). A row per record,
-- however narrow, cost the writer about as much CPU as the resolution it recorded (H2's
-- transactional insert). Each append of the writer is now one block: the consecutive records of
-- one batch packed 64 bytes each (template id, record id, time in microseconds, raw MAC; the seq
-- of the i-th is first_seq + i). What records say stays in audit_templates; audit_uses says which
-- blocks use a template, so a list reads only the blocks of the templates it matches.
CREATE TABLE audit_blocks (
    first_seq bigint NOT NULL PRIMARY KEY,
    last_seq  bigint NOT NULL,
    -- the oldest and newest time in the block: time filters and purges skip whole blocks
    first_at  timestamp with time zone NOT NULL,
    last_at   timestamp with time zone NOT NULL,
    records   bytea  NOT NULL
);
CREATE INDEX audit_blocks_last_at ON audit_blocks (last_at);

-- One row per template and block using it (a warm block of 500 records uses a handful).
CREATE TABLE audit_uses (
    template bigint NOT NULL,
    block    bigint NOT NULL,
    PRIMARY KEY (template, block)
);

-- The view joined links and templates; blocks are read by the platform (ChainStore). The links
-- table stays: records a V62 node wrote there are moved into blocks when a node opens the trail.
DROP VIEW audit_records;
