#!/usr/bin/python3
"""Drives the database secrets engine and the lease API with hvac 0.11 (Debian's python3-hvac).

One line per check ("ok" or "FAIL" with the reason), then "PASSED n/m"; exits non-zero when any
check fails. Run by HvacDatabaseCompatibilityTest once per database, with:

  VAULT_ADDR, VAULT_TOKEN       a dev server and its root token
  DB_PLUGIN                     postgresql-database-plugin or mysql-database-plugin
  DB_CONNECTION_URL             Vault's connection_url, with {{username}} and {{password}}
  DB_USERNAME, DB_PASSWORD      root credentials the engine may create users with
  DB_ROTATE_USER, DB_ROTATE_PASSWORD  a second root user whose password rotate-root changes
  DB_CREATION_STATEMENT         SQL creating {{name}} with {{password}}

Every lease the script obtains is revoked by it: the Java test compares the database's users
before and after the run.
"""

import importlib.metadata
import os
import sys
import uuid

import hvac
from checks import check, eq, finish, raises, true
from hvac import exceptions


ADDR = os.environ["VAULT_ADDR"]
ROOT_TOKEN = os.environ["VAULT_TOKEN"]
PLUGIN = os.environ["DB_PLUGIN"]
URL = os.environ["DB_CONNECTION_URL"]
USER = os.environ["DB_USERNAME"]
PASSWORD = os.environ.get("DB_PASSWORD", "")
ROTATE_USER = os.environ["DB_ROTATE_USER"]
ROTATE_PASSWORD = os.environ["DB_ROTATE_PASSWORD"]
CREATE = os.environ["DB_CREATION_STATEMENT"]

MOUNT = "db-" + uuid.uuid4().hex[:8]
print("hvac %s on Python %s, %s" % (importlib.metadata.version("hvac"), sys.version.split()[0], PLUGIN))
state = {}


root = hvac.Client(url=ADDR, token=ROOT_TOKEN)
db = root.secrets.database


@check("sys: the database engine mounts with type 'database'")
def _():
    root.sys.enable_secrets_engine("database", path=MOUNT)
    true(MOUNT + "/" in root.sys.list_mounted_secrets_engines()["data"], "mount listed")


@check("database.configure: a reachable database is verified and stored")
def _():
    r = db.configure(name="main", plugin_name=PLUGIN, allowed_roles=["app", "other"], connection_url=URL,
                     username=USER, password=PASSWORD, mount_point=MOUNT)
    eq(r.status_code, 204, "status")


@check("database.read_connection: connection details without the password")
def _():
    data = db.read_connection(name="main", mount_point=MOUNT)["data"]
    eq(data["plugin_name"], PLUGIN, "plugin_name")
    eq(data["connection_details"]["connection_url"], URL, "connection_url")
    true("password" not in data["connection_details"], "no password in %r" % data["connection_details"])
    eq(sorted(data["allowed_roles"]), ["app", "other"], "allowed_roles")


@check("database.list_connections")
def _():
    eq(db.list_connections(mount_point=MOUNT)["data"]["keys"], ["main"], "keys")


@check("database.configure: an unknown plugin is InvalidRequest")
def _():
    raises(exceptions.InvalidRequest, lambda: db.configure(name="x", plugin_name="nosuch-database-plugin",
                                                           connection_url=URL, mount_point=MOUNT), "unknown plugin")


@check("database.configure: a refused login is InvalidRequest that does not echo the password")
def _():
    secret = "Never-Echo-" + uuid.uuid4().hex
    e = raises(exceptions.InvalidRequest, lambda: db.configure(name="bad", plugin_name=PLUGIN, connection_url=URL,
                                                               username="nobody-" + MOUNT, password=secret,
                                                               mount_point=MOUNT), "bad login")
    true(secret not in str(e), "the password is not in the error")
    true("verifying connection" in str(e), "says the connection was verified: %s" % e)


@check("database.create_role / read_role / list_roles")
def _():
    db.create_role(name="app", db_name="main", creation_statements=[CREATE], default_ttl="1h", max_ttl="2h",
                   mount_point=MOUNT)
    data = db.read_role(name="app", mount_point=MOUNT)["data"]
    eq(data["db_name"], "main", "db_name")
    eq(data["default_ttl"], 3600, "default_ttl")
    eq(data["max_ttl"], 7200, "max_ttl")
    eq(data["creation_statements"], [CREATE], "creation_statements")
    eq(db.list_roles(mount_point=MOUNT)["data"]["keys"], ["app"], "keys")


@check("database.generate_credentials: a new user under a renewable lease")
def _():
    r = db.generate_credentials(name="app", mount_point=MOUNT)
    true(r["data"]["username"].startswith("v-"), "username %r" % r["data"]["username"])
    eq(len(r["data"]["password"]), 20, "password length")
    true(r["lease_id"].startswith(MOUNT + "/creds/app/"), "lease_id %r" % r["lease_id"])
    eq(r["lease_duration"], 3600, "lease_duration")
    eq(r["renewable"], True, "renewable")
    state["lease"] = r["lease_id"]


@check("sys.read_lease: id, times and renewability")
def _():
    data = root.sys.read_lease(lease_id=state["lease"])["data"]
    eq(data["id"], state["lease"], "id")
    eq(data["renewable"], True, "renewable")
    true(3590 <= data["ttl"] <= 3600, "ttl %r" % data["ttl"])
    true(data["issue_time"] and data["expire_time"], "times")


@check("sys.list_leases: the lease under its prefix")
def _():
    keys = root.sys.list_leases(prefix=MOUNT + "/creds/app/")["data"]["keys"]
    eq(keys, [state["lease"].rsplit("/", 1)[1]], "keys")


@check("sys.renew_lease and the legacy renew_secret: capped at max_ttl")
def _():
    r = root.sys.renew_lease(lease_id=state["lease"], increment=600)
    eq(r["lease_id"], state["lease"], "lease_id")
    eq(r["lease_duration"], 600, "lease_duration")
    r = root.renew_secret(state["lease"], increment=99999)
    true(7190 <= r["lease_duration"] <= 7200, "capped duration %r" % r["lease_duration"])


@check("sys.revoke_lease: the lease is gone (read_lease is InvalidRequest)")
def _():
    root.sys.revoke_lease(lease_id=state["lease"])
    raises(exceptions.InvalidRequest, lambda: root.sys.read_lease(lease_id=state["lease"]), "lookup after revoke")
    raises(exceptions.InvalidRequest, lambda: root.sys.renew_lease(lease_id=state["lease"]), "renew after revoke")


@check("legacy revoke_secret, sys.revoke_prefix and sys.revoke_force")
def _():
    a = db.generate_credentials(name="app", mount_point=MOUNT)["lease_id"]
    b = db.generate_credentials(name="app", mount_point=MOUNT)["lease_id"]
    c = db.generate_credentials(name="app", mount_point=MOUNT)["lease_id"]
    root.revoke_secret(a)
    raises(exceptions.InvalidRequest, lambda: root.sys.read_lease(lease_id=a), "a revoked")
    root.sys.revoke_prefix(prefix=MOUNT + "/creds/app")
    raises(exceptions.InvalidRequest, lambda: root.sys.read_lease(lease_id=b), "b revoked")
    d = db.generate_credentials(name="app", mount_point=MOUNT)["lease_id"]
    root.sys.revoke_force(prefix=MOUNT + "/creds")
    raises(exceptions.InvalidRequest, lambda: root.sys.read_lease(lease_id=d), "d revoked")
    true(c != d, "distinct leases")


@check("database.generate_credentials: a role the config does not allow, and an unknown role, are InvalidRequest")
def _():
    db.create_role(name="outsider", db_name="main", creation_statements=[CREATE], mount_point=MOUNT)
    e = raises(exceptions.InvalidRequest, lambda: db.generate_credentials(name="outsider", mount_point=MOUNT), "outsider")
    true("is not an allowed role" in str(e), "says why: %s" % e)
    raises(exceptions.InvalidRequest, lambda: db.generate_credentials(name="nosuch", mount_point=MOUNT), "unknown role")


@check("database.generate_credentials: failing creation statements are InvalidRequest")
def _():
    db.create_role(name="other", db_name="main", creation_statements=[CREATE, "THIS IS NOT SQL"], mount_point=MOUNT)
    e = raises(exceptions.InvalidRequest, lambda: db.generate_credentials(name="other", mount_point=MOUNT), "broken")
    true("THIS IS NOT SQL" not in str(e), "no SQL text in the error")


@check("database.rotate_root_credentials: the engine keeps working with the new password")
def _():
    db.configure(name="rotating", plugin_name=PLUGIN, allowed_roles=["*"], connection_url=URL,
                 username=ROTATE_USER, password=ROTATE_PASSWORD, mount_point=MOUNT)
    eq(db.rotate_root_credentials(name="rotating", mount_point=MOUNT).status_code, 204, "status")
    db.create_role(name="rot", db_name="rotating", creation_statements=[CREATE], mount_point=MOUNT)
    lease = db.generate_credentials(name="rot", mount_point=MOUNT)["lease_id"]
    root.sys.revoke_lease(lease_id=lease)


@check("database.delete_role / delete_connection / reset_connection")
def _():
    db.reset_connection(name="main", mount_point=MOUNT)
    db.delete_role(name="other", mount_point=MOUNT)
    true("other" not in db.list_roles(mount_point=MOUNT)["data"]["keys"], "role deleted")
    db.delete_connection(name="rotating", mount_point=MOUNT)
    raises(exceptions.InvalidPath, lambda: db.read_connection(name="rotating", mount_point=MOUNT), "connection deleted")


finish()
