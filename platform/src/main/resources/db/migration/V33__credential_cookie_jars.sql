-- The HTTP cookie jar of entries with persist_cookies, saved when a run using the entry ends and
-- loaded by the next one. Sealed (SecretBox) with the entry's identity as associated data
-- ("credential_cookies:<project id>:<entry id>"), so a jar copied to another entry does not open.
CREATE TABLE credential_cookie_jars (
    entry_id   uuid PRIMARY KEY REFERENCES credential_entries (id) ON DELETE CASCADE,
    sealed     varchar(1048576) NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
