-- One run at a time in the login step of an entry with prevent_concurrency_during_login. A lock
-- whose run is no longer RUNNING or WAITING_FOR_INPUT (it ended, or its node stopped and the
-- recovery re-queued or failed it) is stale and taken over.
CREATE TABLE credential_login_locks (
    entry_id    uuid PRIMARY KEY REFERENCES credential_entries (id) ON DELETE CASCADE,
    run_id      uuid NOT NULL,
    acquired_at timestamp with time zone NOT NULL
);
