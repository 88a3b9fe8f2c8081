-- A browser's local or session storage for entries with persist_local_storage or
-- persist_session_storage: saved when a run using the entry ends, loaded by the next one (for
-- browser tasks). Sealed (SecretBox) with the entry's identity and the kind as associated data
-- ("credential_storage:<kind>:<project id>:<entry id>"), so a saved storage copied to another
-- entry, or from local to session, does not open.
CREATE TABLE credential_web_storage (
    entry_id   uuid NOT NULL REFERENCES credential_entries (id) ON DELETE CASCADE,
    kind       varchar(16) NOT NULL,
    sealed     varchar(1048576) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    PRIMARY KEY (entry_id, kind)
);
