-- A project's own task egress list (issue 9): a JSON array of Egress entries that narrows the
-- operator's allow-list for the project's runs (a destination must be allowed by both). NULL: no
-- narrowing; an empty array: the project's tasks may connect nowhere. Set by admins only.
ALTER TABLE projects ADD COLUMN task_egress text;
