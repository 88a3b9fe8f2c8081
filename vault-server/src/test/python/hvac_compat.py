#!/usr/bin/python3
"""Drives the Flowvault server with hvac 0.11 (Debian's python3-hvac), a client nobody here wrote.

One line per check ("ok" or "FAIL" with the reason), then "PASSED n/m". Exits non-zero when any
check fails. Run by HvacCompatibilityTest with:

  VAULT_ADDR, VAULT_TOKEN  a dev server (initialized, unsealed, KV v2 at secret/) and its root token
  FRESH_VAULT_ADDR         a second, non-dev server that is still uninitialized

Checks run in order and share state (a token created by one is looked up by the next); a failure
is reported and the run goes on, so one discrepancy does not hide the others.
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
FRESH_ADDR = os.environ["FRESH_VAULT_ADDR"]

RUN = uuid.uuid4().hex[:8]
print("hvac %s on Python %s" % (importlib.metadata.version("hvac"), sys.version.split()[0]))
state = {}


def client(token=ROOT_TOKEN, addr=ADDR):
    return hvac.Client(url=addr, token=token)


root = client()
kv2 = root.secrets.kv.v2

# ---------------------------------------------------------------------------------------------
# KV v2 at secret/
# ---------------------------------------------------------------------------------------------
P = "compat-%s/app/db" % RUN


@check("kv2: create with cas=0 writes version 1")
def _():
    r = kv2.create_or_update_secret(P, {"user": "app", "password": "s1"}, cas=0, mount_point="secret")
    eq(r["data"]["version"], 1, "version")
    eq(r["data"]["destroyed"], False, "destroyed")
    eq(r["data"]["deletion_time"], "", "deletion_time")
    true(r["data"]["created_time"], "created_time is set")


@check("kv2: create with cas=0 on an existing key is rejected (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest,
               lambda: kv2.create_or_update_secret(P, {"user": "x"}, cas=0, mount_point="secret"), "cas=0 again")
    true("check-and-set" in str(e), "a check-and-set error: %s" % e)


@check("kv2: update with the current version as cas writes version 2")
def _():
    r = kv2.create_or_update_secret(P, {"user": "app", "password": "s2"}, cas=1, mount_point="secret")
    eq(r["data"]["version"], 2, "version")


@check("kv2: update with a stale cas is rejected (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest,
               lambda: kv2.create_or_update_secret(P, {"user": "late"}, cas=1, mount_point="secret"), "stale cas")
    true("check-and-set" in str(e), "a check-and-set error: %s" % e)


@check("kv2: read returns the latest version's data and metadata")
def _():
    r = kv2.read_secret_version(P, mount_point="secret")
    eq(r["data"]["data"], {"user": "app", "password": "s2"}, "data")
    eq(r["data"]["metadata"]["version"], 2, "metadata.version")
    eq(r["data"]["metadata"]["destroyed"], False, "metadata.destroyed")


@check("kv2: read of an older version returns that version's data")
def _():
    r = kv2.read_secret_version(P, version=1, mount_point="secret")
    eq(r["data"]["data"], {"user": "app", "password": "s1"}, "data of v1")
    eq(r["data"]["metadata"]["version"], 1, "metadata.version")


@check("kv2: read of a missing key raises InvalidPath")
def _():
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_version("compat-%s/none" % RUN, mount_point="secret"),
           "missing key")


@check("kv2: list shows keys and sub-folders under a folder")
def _():
    kv2.create_or_update_secret("compat-%s/app/api/key" % RUN, {"k": "v"}, mount_point="secret")
    r = kv2.list_secrets("compat-%s/app" % RUN, mount_point="secret")
    eq(sorted(r["data"]["keys"]), ["api/", "db"], "keys")


@check("kv2: list of an empty folder raises InvalidPath")
def _():
    raises(exceptions.InvalidPath, lambda: kv2.list_secrets("compat-%s/empty" % RUN, mount_point="secret"),
           "empty folder")


@check("kv2: patch merges new fields into the latest version (read + cas write)")
def _():
    r = kv2.patch(P, {"password": "s3", "port": "5432"}, mount_point="secret")
    eq(r["data"]["version"], 3, "version")
    data = kv2.read_secret_version(P, mount_point="secret")["data"]["data"]
    eq(data, {"user": "app", "password": "s3", "port": "5432"}, "patched data")


@check("kv2: delete latest version hides it from reads")
def _():
    kv2.delete_latest_version_of_secret(P, mount_point="secret")
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_version(P, mount_point="secret"), "read after delete")
    v3 = kv2.read_secret_metadata(P, mount_point="secret")["data"]["versions"]["3"]
    true(v3["deletion_time"] != "", "version 3 has a deletion_time: %r" % v3)
    eq(v3["destroyed"], False, "version 3 destroyed")


@check("kv2: undelete restores a soft-deleted version")
def _():
    kv2.undelete_secret_versions(P, versions=[3], mount_point="secret")
    r = kv2.read_secret_version(P, mount_point="secret")
    eq(r["data"]["metadata"]["version"], 3, "version")
    eq(r["data"]["data"]["port"], "5432", "data.port")


@check("kv2: delete of specific versions hides only those")
def _():
    kv2.delete_secret_versions(P, versions=[1], mount_point="secret")
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_version(P, version=1, mount_point="secret"), "read v1")
    eq(kv2.read_secret_version(P, version=2, mount_point="secret")["data"]["data"]["password"], "s2", "v2 password")


@check("kv2: destroy removes version data for good; undelete cannot bring it back")
def _():
    kv2.destroy_secret_versions(P, versions=[1, 2], mount_point="secret")
    versions = kv2.read_secret_metadata(P, mount_point="secret")["data"]["versions"]
    eq(versions["1"]["destroyed"], True, "v1 destroyed")
    eq(versions["2"]["destroyed"], True, "v2 destroyed")
    kv2.undelete_secret_versions(P, versions=[1], mount_point="secret")
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_version(P, version=1, mount_point="secret"), "read v1")
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_version(P, version=2, mount_point="secret"), "read v2")


@check("kv2: metadata read reports versions and settings")
def _():
    m = kv2.read_secret_metadata(P, mount_point="secret")["data"]
    eq(m["current_version"], 3, "current_version")
    eq(m["oldest_version"], 0, "oldest_version")
    eq(sorted(m["versions"].keys()), ["1", "2", "3"], "versions")
    eq(m["max_versions"], 0, "max_versions")
    eq(m["cas_required"], False, "cas_required")
    true(m["created_time"] and m["updated_time"], "created_time/updated_time are set")


@check("kv2: metadata update sets max_versions and cas_required, which then binds writes")
def _():
    kv2.update_metadata(P, max_versions=5, cas_required=True, mount_point="secret")
    m = kv2.read_secret_metadata(P, mount_point="secret")["data"]
    eq(m["max_versions"], 5, "max_versions")
    eq(m["cas_required"], True, "cas_required")
    eq(m["delete_version_after"], "0s", "delete_version_after")
    e = raises(exceptions.InvalidRequest,
               lambda: kv2.create_or_update_secret(P, {"a": "b"}, mount_point="secret"), "write without cas")
    true("check-and-set" in str(e), "a check-and-set error: %s" % e)
    eq(kv2.create_or_update_secret(P, {"a": "b"}, cas=3, mount_point="secret")["data"]["version"], 4, "cas write")


@check("kv2: delete metadata removes the key and all its versions")
def _():
    kv2.delete_metadata_and_all_versions(P, mount_point="secret")
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_metadata(P, mount_point="secret"), "metadata read")
    raises(exceptions.InvalidPath, lambda: kv2.read_secret_version(P, mount_point="secret"), "data read")
    eq(kv2.list_secrets("compat-%s/app" % RUN, mount_point="secret")["data"]["keys"], ["api/"], "remaining keys")


@check("kv2: engine configuration can be written and read back")
def _():
    root.sys.enable_secrets_engine("kv", path="kv2cfg-%s" % RUN, options={"version": "2"})
    kv2.configure(max_versions=7, cas_required=False, mount_point="kv2cfg-%s" % RUN)
    c = kv2.read_configuration(mount_point="kv2cfg-%s" % RUN)["data"]
    eq(c["max_versions"], 7, "max_versions")
    eq(c["cas_required"], False, "cas_required")
    eq(c["delete_version_after"], "0s", "delete_version_after")


# ---------------------------------------------------------------------------------------------
# KV v1 at a mount of its own
# ---------------------------------------------------------------------------------------------
KV1 = "kv1-%s" % RUN
kv1 = root.secrets.kv.v1


@check("kv1: a kv version 1 engine mounts via sys/mounts")
def _():
    root.sys.enable_secrets_engine("kv", path=KV1, options={"version": "1"}, description="compat kv v1")
    mount = root.sys.list_mounted_secrets_engines()["data"][KV1 + "/"]
    eq(mount["type"], "kv", "type")
    eq(mount["options"], {"version": "1"}, "options")
    eq(mount["description"], "compat kv v1", "description")


@check("kv1: write (POST, then PUT on update) and read back")
def _():
    kv1.create_or_update_secret("team/db", {"user": "u1", "n": 1}, mount_point=KV1)
    kv1.create_or_update_secret("team/db", {"user": "u2", "n": 2}, mount_point=KV1)
    r = kv1.read_secret("team/db", mount_point=KV1)
    eq(r["data"], {"user": "u2", "n": 2}, "data")


@check("kv1: list shows keys and sub-folders")
def _():
    kv1.create_or_update_secret("team/sub/x", {"a": "b"}, method="POST", mount_point=KV1)
    eq(sorted(kv1.list_secrets("team", mount_point=KV1)["data"]["keys"]), ["db", "sub/"], "keys")


@check("kv1: delete removes the key")
def _():
    kv1.delete_secret("team/db", mount_point=KV1)
    raises(exceptions.InvalidPath, lambda: kv1.read_secret("team/db", mount_point=KV1), "read after delete")
    eq(kv1.list_secrets("team", mount_point=KV1)["data"]["keys"], ["sub/"], "keys after delete")


@check("kv1: generic client.write/read/list/delete work on raw paths")
def _():
    root.write("%s/raw/one" % KV1, foo="bar", count=3)
    eq(root.read("%s/raw/one" % KV1)["data"], {"foo": "bar", "count": 3}, "read")
    eq(root.list("%s/raw" % KV1)["data"]["keys"], ["one"], "list")
    root.delete("%s/raw/one" % KV1)
    eq(root.read("%s/raw/one" % KV1), None, "read after delete")


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------
tok = root.auth.token


@check("token: create returns a renewable service token with the requested policies, ttl and meta")
def _():
    r = tok.create(policies=["default"], ttl="1h", meta={"app": "compat"}, explicit_max_ttl="10h")
    a = r["auth"]
    true(a["client_token"] and a["accessor"], "client_token and accessor are set")
    eq(a["policies"], ["default"], "policies")
    eq(a["lease_duration"], 3600, "lease_duration")
    eq(a["renewable"], True, "renewable")
    eq(a["metadata"], {"app": "compat"}, "metadata")
    eq(a["orphan"], False, "orphan")
    state["token"] = a["client_token"]
    state["accessor"] = a["accessor"]


@check("token: lookup shows id, policies, ttl, meta and parentage")
def _():
    d = tok.lookup(state["token"])["data"]
    eq(d["id"], state["token"], "id")
    eq(d["accessor"], state["accessor"], "accessor")
    eq(d["policies"], ["default"], "policies")
    eq(d["meta"], {"app": "compat"}, "meta")
    eq(d["orphan"], False, "orphan")
    eq(d["renewable"], True, "renewable")
    eq(d["explicit_max_ttl"], 36000, "explicit_max_ttl")
    eq(d["type"], "service", "type")
    true(3590 <= d["ttl"] <= 3600, "ttl near 3600: %r" % d["ttl"])
    # Vault prefixes a requested display name with "token-"; hvac always sends "token".
    eq(d["display_name"], "token-token", "display_name")
    true(d["expire_time"], "expire_time is set")


@check("token: lookup-self as the new token")
def _():
    d = client(state["token"]).auth.token.lookup_self()["data"]
    eq(d["id"], state["token"], "id")
    eq(d["policies"], ["default"], "policies")


@check("token: lookup by accessor hides the id")
def _():
    d = tok.lookup_accessor(state["accessor"])["data"]
    eq(d["accessor"], state["accessor"], "accessor")
    eq(d["id"], "", "id")
    eq(d["policies"], ["default"], "policies")


@check("token: create-orphan makes a parentless token (legacy create_token(orphan=True))")
def _():
    r = root.create_token(orphan=True, policies=["default"], ttl="30m")
    eq(r["auth"]["orphan"], True, "auth.orphan")
    d = tok.lookup(r["auth"]["client_token"])["data"]
    eq(d["orphan"], True, "lookup orphan")
    eq(d["policies"], ["default"], "policies")


@check("token: create with no_parent makes an orphan")
def _():
    r = tok.create(policies=["default"], no_parent=True, ttl="30m")
    eq(r["auth"]["orphan"], True, "auth.orphan")


@check("token: renew by id extends the ttl to the increment")
def _():
    r = tok.renew(state["token"], increment="2h")
    eq(r["auth"]["client_token"], state["token"], "client_token")
    eq(r["auth"]["lease_duration"], 7200, "lease_duration")
    true(7190 <= tok.lookup(state["token"])["data"]["ttl"] <= 7200, "ttl after renew")


@check("token: renew-self by the token itself")
def _():
    r = client(state["token"]).auth.token.renew_self(increment="3h")
    eq(r["auth"]["lease_duration"], 10800, "lease_duration")


@check("token: renew of a non-renewable token is refused")
def _():
    t = tok.create(policies=["default"], ttl="1h", renewable=False)["auth"]["client_token"]
    e = raises(exceptions.InvalidRequest, lambda: tok.renew(t, increment="2h"), "renew non-renewable")
    true("renew" in str(e), "a not-renewable error: %s" % e)


@check("token: revoke kills the token and its children")
def _():
    root.sys.create_or_update_policy("compat-child-maker-%s" % RUN, 'path "auth/token/create" { capabilities = ["update"] }')
    parent = tok.create(policies=["compat-child-maker-%s" % RUN], ttl="1h")["auth"]["client_token"]
    child = client(parent).auth.token.create(policies=["default"], ttl="1h")["auth"]["client_token"]
    eq(tok.lookup(child)["data"]["orphan"], False, "child orphan")
    tok.revoke(parent)
    raises(exceptions.Forbidden, lambda: client(parent).auth.token.lookup_self(), "revoked parent used")
    raises(exceptions.Forbidden, lambda: client(child).auth.token.lookup_self(), "child of revoked parent used")
    raises(exceptions.Forbidden, lambda: tok.lookup(parent), "lookup revoked token")


@check("token: revoke-accessor kills the token behind the accessor")
def _():
    tok.revoke_accessor(state["accessor"])
    raises(exceptions.Forbidden, lambda: client(state["token"]).auth.token.lookup_self(), "revoked token used")


@check("token: revoke-self kills the calling token")
def _():
    t = tok.create(policies=["default"], ttl="1h")["auth"]["client_token"]
    client(t).auth.token.revoke_self()
    raises(exceptions.Forbidden, lambda: client(t).auth.token.lookup_self(), "revoked token used")


@check("token: an unknown token is refused (Forbidden)")
def _():
    raises(exceptions.Forbidden, lambda: client("s.not-a-real-token").auth.token.lookup_self(), "unknown token")


@check("token: is_authenticated tells a live token from a bad one")
def _():
    eq(root.is_authenticated(), True, "root")
    eq(client("s.not-a-real-token").is_authenticated(), False, "bad token")


# ---------------------------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------------------------
POLICY = "compat-read-%s" % RUN
POLICY_HCL = """path "secret/data/compat-%s/shared/*" {
  capabilities = ["read", "list"]
}

path "secret/metadata/compat-%s/shared/*" {
  capabilities = ["list"]
}
""" % (RUN, RUN)


@check("policy: create from HCL and read it back verbatim")
def _():
    root.sys.create_or_update_policy(POLICY, POLICY_HCL)
    r = root.sys.read_policy(POLICY)
    eq(r["data"]["name"], POLICY, "name")
    eq(r["data"]["rules"], POLICY_HCL, "rules")
    eq(root.get_policy(POLICY), POLICY_HCL, "legacy get_policy")


@check("policy: list includes the new policy, default and root")
def _():
    names = root.sys.list_policies()["data"]["policies"]
    for n in (POLICY, "default", "root"):
        true(n in names, "%s in %r" % (n, names))


@check("policy: a token holding it reads what it grants")
def _():
    kv2.create_or_update_secret("compat-%s/shared/conf" % RUN, {"k": "v"}, mount_point="secret")
    t = tok.create(policies=[POLICY], ttl="1h")["auth"]["client_token"]
    state["restricted"] = t
    r = client(t).secrets.kv.v2.read_secret_version("compat-%s/shared/conf" % RUN, mount_point="secret")
    eq(r["data"]["data"], {"k": "v"}, "data")


@check("policy: the same token is denied a write (Forbidden)")
def _():
    c = client(state["restricted"])
    raises(exceptions.Forbidden,
           lambda: c.secrets.kv.v2.create_or_update_secret("compat-%s/shared/conf" % RUN, {"k": "x"},
                                                           mount_point="secret"), "write")


@check("policy: the same token is denied paths outside the grant (Forbidden)")
def _():
    c = client(state["restricted"])
    kv2.create_or_update_secret("compat-%s/private" % RUN, {"k": "v"}, mount_point="secret")
    raises(exceptions.Forbidden,
           lambda: c.secrets.kv.v2.read_secret_version("compat-%s/private" % RUN, mount_point="secret"), "read")
    raises(exceptions.Forbidden, lambda: c.sys.list_mounted_secrets_engines(), "sys/mounts")
    raises(exceptions.Forbidden, lambda: c.sys.create_or_update_policy("evil", POLICY_HCL), "policy write")


@check("policy: delete removes it from the list and from reads")
def _():
    root.sys.create_or_update_policy("compat-tmp-%s" % RUN, 'path "x/*" { capabilities = ["read"] }')
    root.sys.delete_policy("compat-tmp-%s" % RUN)
    true("compat-tmp-%s" % RUN not in root.sys.list_policies()["data"]["policies"], "gone from list")
    raises(exceptions.InvalidPath, lambda: root.sys.read_policy("compat-tmp-%s" % RUN), "read deleted")


@check("policy: invalid HCL is rejected (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest, lambda: root.sys.create_or_update_policy("broken", 'path "x" {'), "bad HCL")
    true("policy" in str(e), "a policy parse error: %s" % e)


# ---------------------------------------------------------------------------------------------
# AppRole
# ---------------------------------------------------------------------------------------------
approle = root.auth.approle


@check("approle: enable the auth method")
def _():
    root.sys.enable_auth_method("approle")
    true("approle/" in root.sys.list_auth_methods()["data"], "approle/ listed")


@check("approle: create a role and read it back")
def _():
    approle.create_or_update_approle("compat-role", token_policies=[POLICY], token_ttl="20m", token_max_ttl="1h",
                                     secret_id_num_uses=0)
    d = approle.read_role("compat-role")["data"]
    eq(d["token_policies"], [POLICY], "token_policies")
    eq(d["token_ttl"], 1200, "token_ttl")
    eq(d["token_max_ttl"], 3600, "token_max_ttl")
    eq(d["bind_secret_id"], True, "bind_secret_id")
    true("compat-role" in approle.list_roles()["data"]["keys"], "listed")


@check("approle: read the role-id")
def _():
    state["role_id"] = approle.read_role_id("compat-role")["data"]["role_id"]
    true(state["role_id"], "role_id is set")


@check("approle: generate a secret-id")
def _():
    d = approle.generate_secret_id("compat-role", metadata={"host": "ci"})["data"]
    true(d["secret_id"] and d["secret_id_accessor"], "secret_id and accessor are set")
    state["secret_id"] = d["secret_id"]


@check("approle: login yields a token with the role's policies and ttl")
def _():
    c = client(None)
    r = c.auth.approle.login(state["role_id"], state["secret_id"])
    a = r["auth"]
    eq(sorted(a["policies"]), sorted(["default", POLICY]), "policies")
    eq(a["lease_duration"], 1200, "lease_duration")
    eq(a["renewable"], True, "renewable")
    eq(a["metadata"].get("role_name"), "compat-role", "metadata.role_name")
    eq(c.token, a["client_token"], "hvac adopted the login token")
    state["approle_client"] = c


@check("approle: the login token reads what its policy grants and nothing else")
def _():
    c = state["approle_client"]
    eq(c.secrets.kv.v2.read_secret_version("compat-%s/shared/conf" % RUN, mount_point="secret")["data"]["data"],
       {"k": "v"}, "granted read")
    raises(exceptions.Forbidden,
           lambda: c.secrets.kv.v2.read_secret_version("compat-%s/private" % RUN, mount_point="secret"), "denied")
    eq(c.auth.token.lookup_self()["data"]["meta"].get("role_name"), "compat-role", "lookup-self meta")


@check("approle: login with a wrong secret-id is refused (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest,
               lambda: client(None).auth.approle.login(state["role_id"], str(uuid.uuid4())), "wrong secret_id")
    true("invalid" in str(e), "a login error: %s" % e)


# ---------------------------------------------------------------------------------------------
# userpass
# ---------------------------------------------------------------------------------------------
@check("userpass: enable, create a user and read it back")
def _():
    root.sys.enable_auth_method("userpass")
    root.auth.userpass.create_or_update_user("alice", password="correct horse", policies=[POLICY])
    d = root.auth.userpass.read_user("alice")["data"]
    eq(d["token_policies"], [POLICY], "token_policies")
    true("password" not in d, "the password is never returned")
    eq(root.auth.userpass.list_user()["data"]["keys"], ["alice"], "users")


@check("userpass: login yields a working token with the user's policies")
def _():
    c = client(None)
    a = c.auth.userpass.login("alice", "correct horse")["auth"]
    eq(sorted(a["policies"]), sorted(["default", POLICY]), "policies")
    eq(a["metadata"], {"username": "alice"}, "metadata")
    eq(c.secrets.kv.v2.read_secret_version("compat-%s/shared/conf" % RUN, mount_point="secret")["data"]["data"],
       {"k": "v"}, "granted read")


@check("userpass: a wrong password is refused (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest, lambda: client(None).auth.userpass.login("alice", "wrong"), "wrong password")
    true("invalid username or password" in str(e), "Vault's login error: %s" % e)


# ---------------------------------------------------------------------------------------------
# Mounts: secrets engines and auth methods
# ---------------------------------------------------------------------------------------------
MNT = "compat-mnt-%s" % RUN


@check("mounts: enable a secrets engine; it is listed with type, description and options")
def _():
    root.sys.enable_secrets_engine("kv", path=MNT, description="compat engine", options={"version": "2"})
    listing = root.sys.list_mounted_secrets_engines()
    m = listing["data"][MNT + "/"]
    eq(m["type"], "kv", "type")
    eq(m["description"], "compat engine", "description")
    eq(m["options"]["version"], "2", "options.version")
    true(m["accessor"], "accessor is set")
    for p in ("secret/", "sys/", "cubbyhole/"):
        true(p in listing["data"], "%s listed" % p)


@check("mounts: enabling on a path in use is refused (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest, lambda: root.sys.enable_secrets_engine("kv", path=MNT), "duplicate mount")
    true("already in use" in str(e), "a path-in-use error: %s" % e)


@check("mounts: retrieve_mount_option reads an engine option")
def _():
    eq(root.sys.retrieve_mount_option(MNT, "version"), "2", "version")


@check("mounts: tune sets lease ttls, read tune returns them in seconds")
def _():
    root.sys.tune_mount_configuration(MNT, default_lease_ttl="1h", max_lease_ttl="2h", description="tuned")
    t = root.sys.read_mount_configuration(MNT)["data"]
    eq(t["default_lease_ttl"], 3600, "default_lease_ttl")
    eq(t["max_lease_ttl"], 7200, "max_lease_ttl")
    eq(t["description"], "tuned", "description")
    eq(root.sys.list_mounted_secrets_engines()["data"][MNT + "/"]["config"]["default_lease_ttl"], 3600,
       "listed config")


@check("mounts: disable removes the engine and its data")
def _():
    root.write("%s/data/x" % MNT, data={"a": "b"})
    root.sys.disable_secrets_engine(MNT)
    true(MNT + "/" not in root.sys.list_mounted_secrets_engines()["data"], "gone from list")
    raises(exceptions.InvalidPath, lambda: root.secrets.kv.v2.read_secret_version("x", mount_point=MNT), "read")


@check("mounts: enable an auth method at a custom path; it is listed")
def _():
    root.sys.enable_auth_method("userpass", path="compat-up-%s" % RUN, description="compat auth")
    a = root.sys.list_auth_methods()["data"]["compat-up-%s/" % RUN]
    eq(a["type"], "userpass", "type")
    eq(a["description"], "compat auth", "description")
    true("token/" in root.sys.list_auth_methods()["data"], "token/ listed")


@check("mounts: tune an auth method and read its tuning")
def _():
    root.sys.tune_auth_method("compat-up-%s" % RUN, default_lease_ttl="30m", max_lease_ttl="1h")
    t = root.sys.read_auth_method_tuning("compat-up-%s" % RUN)["data"]
    eq(t["default_lease_ttl"], 1800, "default_lease_ttl")
    eq(t["max_lease_ttl"], 3600, "max_lease_ttl")


@check("mounts: the tuned auth ttl applies to its logins")
def _():
    root.auth.userpass.create_or_update_user("bob", password="pw-bob", mount_point="compat-up-%s" % RUN)
    a = client(None).auth.userpass.login("bob", "pw-bob", mount_point="compat-up-%s" % RUN)["auth"]
    eq(a["lease_duration"], 1800, "lease_duration")


@check("mounts: disable an auth method")
def _():
    true("compat-up-%s/" % RUN in root.sys.list_auth_methods()["data"], "listed before disable")
    root.sys.disable_auth_method("compat-up-%s" % RUN)
    true("compat-up-%s/" % RUN not in root.sys.list_auth_methods()["data"], "gone from list")
    raises(exceptions.InvalidPath,
           lambda: client(None).auth.userpass.login("bob", "pw-bob", mount_point="compat-up-%s" % RUN), "login")


# ---------------------------------------------------------------------------------------------
# Health
# ---------------------------------------------------------------------------------------------
@check("health: GET reports an initialized, unsealed, active node")
def _():
    h = root.sys.read_health_status(method="GET")
    true(isinstance(h, dict), "a 200 JSON body, got %r" % h)
    eq(h["initialized"], True, "initialized")
    eq(h["sealed"], False, "sealed")
    eq(h["standby"], False, "standby")
    true(h["version"], "version is set")


@check("health: standbyok and a custom activecode are honoured")
def _():
    eq(root.sys.read_health_status(method="GET", standby_ok=True)["sealed"], False, "standbyok")
    r = root.sys.read_health_status(method="GET", active_code=299)
    eq(r.status_code, 299, "activecode")


@check("health: HEAD answers 200 with no body")
def _():
    r = root.sys.read_health_status(method="HEAD")
    eq(r.status_code, 200, "status")
    eq(r.content, b"", "body")


# ---------------------------------------------------------------------------------------------
# init / unseal / seal on a fresh, non-dev server
# ---------------------------------------------------------------------------------------------
fresh = client(None, FRESH_ADDR)


@check("init: a fresh server reports not initialized")
def _():
    eq(fresh.sys.is_initialized(), False, "is_initialized")
    eq(fresh.sys.read_health_status(method="GET").status_code, 501, "health status when uninitialized")


@check("init: initialize with 5 shares and threshold 3")
def _():
    r = fresh.sys.initialize(secret_shares=5, secret_threshold=3)
    eq(len(r["keys"]), 5, "keys")
    eq(len(r["keys_base64"]), 5, "keys_base64")
    eq(len(set(r["keys"])), 5, "distinct keys")
    true(r["root_token"], "root_token is set")
    state["keys"] = r["keys"]
    state["keys_b64"] = r["keys_base64"]
    fresh.token = r["root_token"]
    eq(fresh.sys.is_initialized(), True, "is_initialized")


@check("init: seal status of the initialized server is sealed, t=3, n=5")
def _():
    s = fresh.sys.read_seal_status()
    eq(s["sealed"], True, "sealed")
    eq(s["t"], 3, "t")
    eq(s["n"], 5, "n")
    eq(s["progress"], 0, "progress")
    eq(fresh.sys.is_sealed(), True, "is_sealed")


@check("unseal: two keys make progress, the third unseals")
def _():
    s = fresh.sys.submit_unseal_key(state["keys"][0])
    eq((s["sealed"], s["progress"]), (True, 1), "after key 1")
    s = fresh.sys.submit_unseal_key(state["keys"][1])
    eq((s["sealed"], s["progress"]), (True, 2), "after key 2")
    s = fresh.sys.submit_unseal_key(state["keys"][2])
    eq((s["sealed"], s["progress"]), (False, 0), "after key 3")
    eq(fresh.sys.is_sealed(), False, "is_sealed")


@check("unseal: the root token works and can store data")
def _():
    eq(fresh.auth.token.lookup_self()["data"]["policies"], ["root"], "policies")
    fresh.sys.enable_secrets_engine("kv", path="kv", options={"version": "1"})
    fresh.secrets.kv.v1.create_or_update_secret("survivor", {"v": "kept"}, mount_point="kv")


@check("seal: seal makes the server sealed and refuses requests (VaultDown)")
def _():
    fresh.sys.seal()
    eq(fresh.sys.is_sealed(), True, "is_sealed")
    raises(exceptions.VaultDown, lambda: fresh.secrets.kv.v1.read_secret("survivor", mount_point="kv"), "read")
    eq(fresh.sys.read_health_status(method="GET").status_code, 503, "health status when sealed")


@check("unseal: submit_unseal_keys with other base64 shares unseals again; data survives")
def _():
    s = fresh.sys.submit_unseal_keys(state["keys_b64"][2:5])
    eq(s["sealed"], False, "sealed")
    eq(fresh.secrets.kv.v1.read_secret("survivor", mount_point="kv")["data"], {"v": "kept"}, "data")


@check("unseal: reset discards the progress of a partial unseal")
def _():
    fresh.sys.seal()
    eq(fresh.sys.submit_unseal_key(state["keys"][4])["progress"], 1, "progress after one key")
    eq(fresh.sys.submit_unseal_key(reset=True)["progress"], 0, "progress after reset")
    eq(fresh.sys.submit_unseal_keys(state["keys"][0:3])["sealed"], False, "unsealed with 3 keys")


@check("init: initializing twice is refused (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest, lambda: fresh.sys.initialize(secret_shares=1, secret_threshold=1), "re-init")
    true("already initialized" in str(e), "an already-initialized error: %s" % e)


finish()
