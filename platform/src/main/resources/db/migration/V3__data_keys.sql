-- The data key that encrypts secrets at rest, wrapped (AES-256-GCM) by the platform master key.
-- One row, written once by whichever node starts first.
CREATE TABLE data_keys (
    id          varchar(32)  NOT NULL PRIMARY KEY,
    wrapped_key varchar(256) NOT NULL,
    created_at  timestamp with time zone NOT NULL
);
