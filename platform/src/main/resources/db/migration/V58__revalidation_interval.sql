-- How often a cached KV v2 secret is checked against Vault's current_version; null: only when its TTL has passed.
ALTER TABLE vault_configs ADD COLUMN revalidation_interval_seconds bigint;
