-- Audit records split in two (issue 12: the writer's cost per record). What a record says (every
-- field but its id and time) is a template, stored once and shared by every record that says the
-- same: a warm connection resolution records the same template again and again. Each record is a
-- narrow link of the chain: seq, id, time, its template and its mac, with no index but its seq,
-- so appending one costs a fraction of a 24-column row with seven indexes.
-- The view audit_records joins them back: readers (lists, export, used-by, verify) see the same
-- columns as before. No foreign keys, as before: a record outlives what it names.
CREATE TABLE audit_templates (
    id              bigint       NOT NULL PRIMARY KEY,
    -- SHA-256 (hex) of the template's canonical form; the links' macs cover it. NULL for the
    -- templates of records written before this migration (their macs cover every field).
    digest          varchar(64),
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
    secrets         varchar(1048576),
    -- the first and last record using it, and the newest time: used-by reads last_at without
    -- touching the links; a purge deletes the templates whose last record it purged
    first_seq       bigint       NOT NULL,
    last_seq        bigint       NOT NULL,
    last_at         timestamp with time zone NOT NULL,
    CONSTRAINT audit_templates_digest UNIQUE (digest)
);

INSERT INTO audit_templates (id, digest, node, action, outcome, user_id, username, api_key_id, run_id, flow_id, project_id,
        config_name, namespace, mount, path, kv_version, connection_id, connection_name, entry_id, field, detail, secrets,
        first_seq, last_seq, last_at)
    SELECT seq, NULL, node, action, outcome, user_id, username, api_key_id, run_id, flow_id, project_id,
        config_name, namespace, mount, path, kv_version, connection_id, connection_name, entry_id, field, detail, secrets,
        seq, seq, at
    FROM audit_records;

CREATE INDEX audit_templates_run ON audit_templates (run_id);
CREATE INDEX audit_templates_project ON audit_templates (project_id);
CREATE INDEX audit_templates_entry ON audit_templates (entry_id);
CREATE INDEX audit_templates_connection ON audit_templates (connection_id);
CREATE INDEX audit_templates_flow ON audit_templates (flow_id);
CREATE INDEX audit_templates_action ON audit_templates (action);
CREATE INDEX audit_templates_last_seq ON audit_templates (last_seq);

CREATE TABLE audit_links (
    seq      bigint      NOT NULL PRIMARY KEY,
    id       uuid        NOT NULL,
    at       timestamp with time zone NOT NULL,
    template bigint      NOT NULL,
    mac      varchar(64) NOT NULL
);

INSERT INTO audit_links (seq, id, at, template, mac) SELECT seq, id, at, seq, mac FROM audit_records;

DROP TABLE audit_records;

CREATE VIEW audit_records AS
    SELECT l.seq, l.id, l.at, l.template, t.node, t.action, t.outcome, t.user_id, t.username, t.api_key_id, t.run_id,
        t.flow_id, t.project_id, t.config_name, t.namespace, t.mount, t.path, t.kv_version, t.connection_id,
        t.connection_name, t.entry_id, t.field, t.detail, t.secrets, l.mac
    FROM audit_links l JOIN audit_templates t ON t.id = l.template;

-- Where the links' mac form starts: records before it keep the mac over every field.
INSERT INTO audit_chain (id, seq, mac) SELECT 'links', seq + 1, '' FROM audit_chain WHERE id = 'head';

-- Each node's last stored record: a batch whose commit answer was lost is looked for only in the
-- seqs just before it (there is no index on the record id to search).
CREATE TABLE audit_nodes (
    node     varchar(128) NOT NULL PRIMARY KEY,
    last_seq bigint       NOT NULL
);

-- The last template id handed out: ids are never reused after a purge deletes templates, so a
-- writer that remembers a template's id never points a record at another template.
INSERT INTO audit_chain (id, seq, mac) SELECT 'templates', COALESCE(max(id), 0), '' FROM audit_templates;
