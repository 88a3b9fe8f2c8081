-- Flow runs, claimed by engine nodes. A QUEUED run is claimed with SELECT ... FOR UPDATE SKIP LOCKED
-- (plain FOR UPDATE on H2) by one node, which holds it RUNNING under a lease it renews by heartbeat;
-- a run whose lease expired belongs to a node that stopped and is failed or re-queued by policy
-- (attempt < max_attempts). Sensitive inputs, secret step outputs and secret form values are
-- stored only sealed (AES-256-GCM, bound to the run id); everything else shown is masked.
CREATE TABLE runs (
    id                uuid PRIMARY KEY,
    project_id        uuid          NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    flow_kind         varchar(8)    NOT NULL,
    flow_name         varchar(128)  NOT NULL,
    flow_id           uuid,
    flow_version      integer,
    run_as            uuid          NOT NULL,
    run_as_name       varchar(64)   NOT NULL,
    run_as_role       varchar(16)   NOT NULL,
    status            varchar(24)   NOT NULL,
    inputs            varchar(524288) NOT NULL,
    sealed_inputs     varchar(1048576),
    outputs           varchar(524288),
    sensitive_outputs varchar(8192),
    sealed_outputs    varchar(1048576),
    message           varchar(8192),
    error             varchar(8192),
    form              varchar(65536),
    current_step      varchar(256),
    attempt           integer       NOT NULL,
    max_attempts      integer       NOT NULL,
    cancel_requested  boolean       NOT NULL,
    claimed_by        varchar(128),
    lease_until       timestamp with time zone,
    created_at        timestamp with time zone NOT NULL,
    started_at        timestamp with time zone,
    finished_at       timestamp with time zone,
    updated_at        timestamp with time zone NOT NULL,
    CONSTRAINT runs_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'WAITING_FOR_INPUT', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    CONSTRAINT runs_kind_check CHECK (flow_kind IN ('DEFINED', 'CODE'))
);

CREATE INDEX runs_queue ON runs (status, created_at);
CREATE INDEX runs_lease ON runs (status, lease_until);
CREATE INDEX runs_claimed ON runs (claimed_by);
CREATE INDEX runs_project ON runs (project_id, created_at);

-- The journal of a run: every completed step (task, write, answered message) in order, so that a
-- resumed or retried run replays results instead of repeating work.
CREATE TABLE run_steps (
    run_id      uuid         NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq         integer      NOT NULL,
    step_key    varchar(256) NOT NULL,
    outputs     varchar(524288) NOT NULL,
    sensitive   varchar(8192),
    sealed      varchar(1048576),
    finished_at timestamp with time zone NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Step logs: append-only, every line masked before it is written.
CREATE TABLE run_logs (
    run_id uuid          NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq    integer       NOT NULL,
    step   varchar(256),
    at     timestamp with time zone NOT NULL,
    line   varchar(8192) NOT NULL,
    PRIMARY KEY (run_id, seq)
);
