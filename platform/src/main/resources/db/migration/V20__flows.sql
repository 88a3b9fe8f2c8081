-- Flow definitions: a flow is named uniquely per project; each applied document that differs from
-- the latest becomes an immutable version n+1. The document is kept as written (YAML text).
CREATE TABLE flows (
    id             uuid PRIMARY KEY,
    project_id     uuid         NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           varchar(128) NOT NULL,
    latest_version integer      NOT NULL,
    created_at     timestamp with time zone NOT NULL,
    updated_at     timestamp with time zone NOT NULL,
    CONSTRAINT flows_project_name UNIQUE (project_id, name)
);

CREATE TABLE flow_versions (
    flow_id    uuid          NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    version    integer       NOT NULL,
    source     varchar(524288) NOT NULL,
    digest     varchar(64)   NOT NULL,
    created_by uuid,
    created_at timestamp with time zone NOT NULL,
    PRIMARY KEY (flow_id, version)
);
