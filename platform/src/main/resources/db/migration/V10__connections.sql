-- Connections (seed 001): stored task inputs per project, with attached Vault secrets.
-- project_id has no foreign key here: projects are created by the identity migrations, and a
-- connection table must not depend on their order; deleting a project deletes its connections
-- in the service that deletes the project.
CREATE TABLE connections (
    id            UUID PRIMARY KEY,
    project_id    UUID NOT NULL,
    name          VARCHAR(200) NOT NULL,
    type          VARCHAR(64) NOT NULL,
    value_text    TEXT NOT NULL,
    vault_secrets TEXT NOT NULL,  -- one [config:]path per line
    description   TEXT NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT connections_project_name UNIQUE (project_id, name)
);
