-- Login settings of vault configurations: the namespace logins happen in (null: the data namespace),
-- the Kubernetes/JWT/certificate role, and where a KUBERNETES or JWT identity's JWT comes from (an
-- absolute file path, or the name of an environment variable of the server). Admin-set only.
ALTER TABLE vault_configs ADD COLUMN auth_namespace varchar(255);
ALTER TABLE vault_configs ADD COLUMN auth_role varchar(255);
ALTER TABLE vault_configs ADD COLUMN jwt_file varchar(1024);
ALTER TABLE vault_configs ADD COLUMN jwt_env_variable varchar(255);
