-- Which credential entries each run uses: written before the run is queued. A run holds a lease
-- on its entries while it is RUNNING or WAITING_FOR_INPUT, so a lease is released by whatever ends
-- or re-queues the run (finish, cancel, the recovery of a stopped node) without a second write.
-- No foreign key to runs: the rows are written before the run row, so the run is never queued
-- without them.
CREATE TABLE credential_run_entries (
    run_id   uuid NOT NULL,
    entry_id uuid NOT NULL REFERENCES credential_entries (id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, entry_id)
);

CREATE INDEX credential_run_entries_entry ON credential_run_entries (entry_id);
