-- Platform users, projects and who belongs to which project.
-- Ids are uuids generated in Java; secrets are stored only as hashes (Argon2id for passwords,
-- SHA-256 for the high-entropy API keys and session tokens).
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      varchar(64)  NOT NULL UNIQUE,
    role          varchar(16)  NOT NULL,
    password_hash varchar(256) NOT NULL,
    created_at    timestamp with time zone NOT NULL,
    CONSTRAINT users_role_check CHECK (role IN ('ADMIN', 'MEMBER'))
);

CREATE TABLE projects (
    id         uuid PRIMARY KEY,
    name       varchar(64) NOT NULL UNIQUE,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE project_members (
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

CREATE INDEX project_members_user ON project_members (user_id);
