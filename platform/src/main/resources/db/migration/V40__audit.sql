-- The audit trail (DESIGN §5): every use of a secret, never a value. Records form one HMAC chain
-- in seq order across all nodes: each mac covers the record's canonical content and the previous
-- record's mac. No foreign keys: a record outlives the user, project, connection or run it names.
CREATE TABLE audit_records (
    seq             bigint       NOT NULL PRIMARY KEY,
    id              uuid         NOT NULL,
    at              timestamp with time zone NOT NULL,
    node            varchar(128) NOT NULL,
    action          varchar(32)  NOT NULL,
    outcome         varchar(16)  NOT NULL,
    user_id         uuid,
    username        varchar(256),
    api_key_id      uuid,
    run_id          uuid,
    flow_id         uuid,
    project_id      uuid,
    config_name     varchar(256),
    namespace       varchar(1024),
    mount           varchar(1024),
    path            varchar(2048),
    kv_version      bigint,
    connection_id   uuid,
    connection_name varchar(256),
    entry_id        uuid,
    field           varchar(256),
    detail          varchar(512),
    mac             varchar(64)  NOT NULL,
    CONSTRAINT audit_records_id UNIQUE (id)
);

CREATE INDEX audit_records_at ON audit_records (at);
CREATE INDEX audit_records_path ON audit_records (path, at);
CREATE INDEX audit_records_run ON audit_records (run_id);
CREATE INDEX audit_records_project ON audit_records (project_id, seq);
CREATE INDEX audit_records_entry ON audit_records (entry_id, at);
CREATE INDEX audit_records_action ON audit_records (action, seq);

-- The chain's head: the last seq and mac. Writers lock this row, so appends from every node are
-- serialised into one chain; verify compares its end with it (records deleted from the end).
CREATE TABLE audit_chain (
    id  varchar(16) NOT NULL PRIMARY KEY,
    seq bigint      NOT NULL,
    mac varchar(64) NOT NULL
);

INSERT INTO audit_chain (id, seq, mac) VALUES ('head', 0, '');
