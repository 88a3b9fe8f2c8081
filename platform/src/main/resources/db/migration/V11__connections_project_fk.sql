-- A project's connections go with it (V10 left the key out so it would not depend on V1's order).
ALTER TABLE connections ADD CONSTRAINT connections_project_fk
    FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
