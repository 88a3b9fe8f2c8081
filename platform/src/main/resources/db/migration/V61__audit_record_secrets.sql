-- One record per audited action (issue 12): a connection resolution names every path it read in
-- one record. secrets holds them as text lines (see SecretList); the single-location columns
-- repeat the first. Path filters match either, so the (path, at) index can no longer serve them:
-- dropping it saves an index update per record on the writer's hot path.
ALTER TABLE audit_records ADD COLUMN secrets varchar(1048576);
DROP INDEX audit_records_path;
