#!/usr/bin/python3
"""Drives the Flowvault server's operator key management, token roles and tuning with hvac 0.11
(Debian's python3-hvac), a client nobody here wrote.

One line per check ("ok" or "FAIL" with the reason), then "PASSED n/m". Exits non-zero when any
check fails. Run by HvacOperatorCompatibilityTest with:

  VAULT_ADDR, VAULT_TOKEN, VAULT_UNSEAL_KEY  a dev server, its root token and its single unseal key
  FRESH_VAULT_ADDR                           a second, non-dev server that is still uninitialized

Checks run in order and share state; a failure is reported and the run goes on.
"""

import base64
import importlib.metadata
import os
import sys
import uuid

import hvac
from checks import check, eq, finish, raises, true
from hvac import exceptions


ADDR = os.environ["VAULT_ADDR"]
ROOT_TOKEN = os.environ["VAULT_TOKEN"]
UNSEAL_KEY = os.environ["VAULT_UNSEAL_KEY"]
FRESH_ADDR = os.environ["FRESH_VAULT_ADDR"]

RUN = uuid.uuid4().hex[:8]
print("hvac %s on Python %s" % (importlib.metadata.version("hvac"), sys.version.split()[0]))
state = {}


def decode_root_token(encoded, otp):
    """Vault 1.10+: the encoded token is base64 (no padding) of token XOR otp."""
    raw = base64.b64decode(encoded + "=" * (-len(encoded) % 4))
    return bytes(a ^ b for a, b in zip(raw, otp.encode())).decode()


root = hvac.Client(url=ADDR, token=ROOT_TOKEN)

# ---------------------------------------------------------------------------------------------
# Barrier key: status and rotation (dev server)
# ---------------------------------------------------------------------------------------------


@check("sys.get_encryption_key_status: term 1 with an install time")
def _():
    s = root.sys.get_encryption_key_status()
    eq(s["data"]["term"], 1, "term")
    true(s["data"]["install_time"].endswith("Z"), "RFC 3339 install_time: %r" % s["data"]["install_time"])
    true(isinstance(s["data"]["encryptions"], int), "encryptions is an integer")


@check("sys.rotate_encryption_key: the term advances and old data still reads")
def _():
    root.secrets.kv.v2.create_or_update_secret("keys-%s/old" % RUN, {"v": "before"}, mount_point="secret")
    r = root.sys.rotate_encryption_key()
    eq(r.status_code, 204, "rotate status")
    eq(root.sys.get_encryption_key_status()["data"]["term"], 2, "term after rotate")
    eq(root.secrets.kv.v2.read_secret_version("keys-%s/old" % RUN, mount_point="secret")["data"]["data"],
       {"v": "before"}, "data written before the rotation")


@check("sys.rotate_encryption_key without sudo is Forbidden")
def _():
    root.sys.create_or_update_policy("rotate-%s" % RUN, 'path "sys/rotate" { capabilities = ["update"] }')
    t = root.auth.token.create(policies=["rotate-%s" % RUN])["auth"]["client_token"]
    raises(exceptions.Forbidden, lambda: hvac.Client(url=ADDR, token=t).sys.rotate_encryption_key(), "no sudo")

# ---------------------------------------------------------------------------------------------
# Root token generation (dev server, one unseal key)
# ---------------------------------------------------------------------------------------------


@check("sys.read_root_generation_progress: idle, with otp_length")
def _():
    s = root.sys.read_root_generation_progress()
    eq(s["started"], False, "started")
    eq(s["otp_length"], 28, "otp_length")
    state["otp_length"] = s["otp_length"]


@check("sys.start_root_token_generation + generate_root: the decoded token is a root token")
def _():
    otp = ("hvac" + uuid.uuid4().hex + uuid.uuid4().hex)[:state.get("otp_length", 28)]
    s = root.sys.start_root_token_generation(otp=otp)
    eq(s["started"], True, "started")
    eq(s["required"], 1, "required")
    r = root.sys.generate_root(key=UNSEAL_KEY, nonce=s["nonce"])
    eq(r["complete"], True, "complete")
    token = decode_root_token(r["encoded_root_token"], otp)
    true(token.startswith("hvs."), "decoded token looks like a Vault token")
    me = hvac.Client(url=ADDR, token=token).auth.token.lookup_self()
    eq(me["data"]["policies"], ["root"], "policies of the generated token")


@check("sys.start_root_token_generation without an OTP returns a generated one; cancel clears it")
def _():
    s = root.sys.start_root_token_generation()
    eq(len(s["otp"]), 28, "generated otp length")
    e = raises(exceptions.InvalidRequest, lambda: root.sys.start_root_token_generation(), "second attempt")
    true("already in progress" in str(e), "already in progress: %s" % e)
    eq(root.sys.cancel_root_generation().status_code, 204, "cancel status")
    eq(root.sys.read_root_generation_progress()["started"], False, "started after cancel")


@check("sys.start_root_token_generation with a pgp_key is refused clearly (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest, lambda: root.sys.start_root_token_generation(pgp_key="bm90LWEta2V5"), "pgp")
    true("pgp_key" in str(e), "names pgp_key: %s" % e)

# ---------------------------------------------------------------------------------------------
# Token roles (dev server)
# ---------------------------------------------------------------------------------------------
ROLE = "ci-%s" % RUN


@check("auth.token.create_or_update_role + read_role: Vault's fields")
def _():
    root.auth.token.create_or_update_role(ROLE, allowed_policies=["deploy", "read"], orphan=True, path_suffix="v1")
    r = root.auth.token.read_role(ROLE)["data"]
    eq(r["allowed_policies"], ["deploy", "read"], "allowed_policies")
    eq(r["orphan"], True, "orphan")
    eq(r["renewable"], True, "renewable")
    eq(r["path_suffix"], "v1", "path_suffix")
    eq(r["token_type"], "default-service", "token_type")
    eq(r["period"], 0, "period")


@check("legacy create_token_role + token_role + list_token_roles")
def _():
    root.create_token_role("legacy-%s" % RUN, allowed_policies="read", period="1h", explicit_max_ttl=7200)
    r = root.token_role("legacy-%s" % RUN)["data"]
    eq(r["period"], 3600, "period")
    eq(r["explicit_max_ttl"], 7200, "explicit_max_ttl")
    keys = root.list_token_roles()["data"]["keys"]
    true(ROLE in keys and "legacy-%s" % RUN in keys, "both roles listed: %r" % keys)


@check("auth.token.create(role_name=...): role policies, orphan and path")
def _():
    a = root.auth.token.create(role_name=ROLE, policies=["read"])["auth"]
    eq(sorted(a["policies"]), ["default", "read"], "policies")
    eq(a["orphan"], True, "orphan")
    me = hvac.Client(url=ADDR, token=a["client_token"]).auth.token.lookup_self()["data"]
    eq(me["path"], "auth/token/create/%s/v1" % ROLE, "path")


@check("legacy create_token(role=...) beyond the allowed policies is InvalidRequest")
def _():
    e = raises(exceptions.InvalidRequest, lambda: root.create_token(role=ROLE, policies=["admin"]), "beyond allowed")
    true("allowed policies" in str(e), "message: %s" % e)


@check("legacy create_token(role=...) with a periodic role yields a periodic token")
def _():
    a = root.create_token(role="legacy-%s" % RUN)["auth"]
    eq(a["lease_duration"], 3600, "lease_duration")
    me = hvac.Client(url=ADDR, token=a["client_token"]).auth.token.lookup_self()["data"]
    eq(me["period"], 3600, "period")


@check("auth.token.delete_role: the role is gone")
def _():
    root.auth.token.delete_role(ROLE)
    raises(exceptions.InvalidPath, lambda: root.auth.token.read_role(ROLE), "read after delete")

# ---------------------------------------------------------------------------------------------
# Tuning (dev server)
# ---------------------------------------------------------------------------------------------


@check("sys.tune_mount_configuration + read_mount_configuration: integer TTLs")
def _():
    root.sys.tune_mount_configuration("secret", default_lease_ttl="1h", max_lease_ttl=7200)
    c = root.sys.read_mount_configuration("secret")["data"]
    eq(c["default_lease_ttl"], 3600, "default_lease_ttl")
    eq(c["max_lease_ttl"], 7200, "max_lease_ttl")


@check("sys.tune_auth_method + read_auth_method_tuning: token_type answered")
def _():
    root.sys.enable_auth_method("userpass", path="up-%s" % RUN)
    root.sys.tune_auth_method("up-%s" % RUN, default_lease_ttl=600, token_type="service")
    c = root.sys.read_auth_method_tuning("up-%s" % RUN)["data"]
    eq(c["default_lease_ttl"], 600, "default_lease_ttl")
    eq(c["token_type"], "service", "token_type")

# ---------------------------------------------------------------------------------------------
# Leases: none exist here; the answers are Vault's for an unknown lease
# ---------------------------------------------------------------------------------------------


@check("sys.read_lease / renew_lease of an unknown lease are InvalidRequest; revoke_lease is 204")
def _():
    e = raises(exceptions.InvalidRequest, lambda: root.sys.read_lease("secret/creds/%s/x" % RUN), "lookup")
    true("invalid lease" in str(e), "message: %s" % e)
    e = raises(exceptions.InvalidRequest, lambda: root.sys.renew_lease("secret/creds/%s/x" % RUN, increment=60), "renew")
    true("lease not found" in str(e), "message: %s" % e)
    eq(root.sys.revoke_lease("secret/creds/%s/x" % RUN).status_code, 204, "revoke")

# ---------------------------------------------------------------------------------------------
# Rekey on an initialized, non-dev server
# ---------------------------------------------------------------------------------------------
fresh = hvac.Client(url=FRESH_ADDR)


@check("fresh server: initialize 3/2 and unseal")
def _():
    r = fresh.sys.initialize(secret_shares=3, secret_threshold=2)
    state["keys"] = r["keys"]
    state["fresh_root"] = r["root_token"]
    fresh.sys.submit_unseal_keys(r["keys"][:2])
    eq(fresh.sys.is_sealed(), False, "sealed")


@check("sys.start_rekey + read_rekey_progress")
def _():
    s = fresh.sys.start_rekey(secret_shares=5, secret_threshold=3)
    eq(s["started"], True, "started")
    eq(s["n"], 5, "n")
    eq(s["t"], 3, "t")
    eq(s["required"], 2, "required")
    state["rekey_nonce"] = s["nonce"]
    eq(fresh.sys.read_rekey_progress()["nonce"], s["nonce"], "nonce")


@check("sys.rekey_multi with the current shares hands out five new ones")
def _():
    r = fresh.sys.rekey_multi(state["keys"][1:3], nonce=state["rekey_nonce"])
    eq(r["complete"], True, "complete")
    eq(len(r["keys"]), 5, "new keys")
    eq(len(r["keys_base64"]), 5, "new keys_base64")
    state["new_keys"] = r["keys"]


@check("after rekey: old shares fail, three new ones unseal")
def _():
    fresh.token = state["fresh_root"]
    fresh.sys.seal()
    # The threshold is now 3: the third old share completes a combination that no longer unseals.
    fresh.sys.submit_unseal_key(state["keys"][0])
    fresh.sys.submit_unseal_key(state["keys"][1])
    raises(exceptions.InvalidRequest, lambda: fresh.sys.submit_unseal_key(state["keys"][2]), "old shares")
    eq(fresh.sys.is_sealed(), True, "sealed after the old shares")
    fresh.sys.submit_unseal_keys(state["new_keys"][2:5])
    eq(fresh.sys.is_sealed(), False, "sealed")


@check("sys.start_rekey(require_verification=True) + rekey + rekey_verify_multi")
def _():
    s = fresh.sys.start_rekey(secret_shares=2, secret_threshold=2, require_verification=True)
    r = fresh.sys.rekey_multi(state["new_keys"][:3], nonce=s["nonce"])
    eq(r["verification_required"], True, "verification_required")
    v = fresh.sys.read_rekey_verify_progress()
    eq(v["nonce"], r["verification_nonce"], "verification nonce")
    done = fresh.sys.rekey_verify_multi(r["keys"], nonce=r["verification_nonce"])
    eq(done["complete"], True, "verified")
    fresh.sys.seal()
    fresh.sys.submit_unseal_keys(r["keys"])
    eq(fresh.sys.is_sealed(), False, "sealed after unsealing with the verified keys")


@check("sys.start_rekey with pgp_keys is refused clearly; cancel_rekey is 204")
def _():
    e = raises(exceptions.InvalidRequest, lambda: fresh.sys.start_rekey(secret_shares=1, secret_threshold=1,
                                                                          pgp_keys=["a2V5"]), "pgp")
    true("pgp_keys" in str(e), "names pgp_keys: %s" % e)
    eq(fresh.sys.cancel_rekey().status_code, 204, "cancel")


@check("sys.read_backup_keys without a backup is InvalidPath (404)")
def _():
    raises(exceptions.InvalidPath, lambda: fresh.sys.read_backup_keys(), "no backup")


@check("sealed: key endpoints answer 503 (VaultDown)")
def _():
    fresh.sys.seal()
    raises(exceptions.VaultDown, lambda: fresh.sys.read_rekey_progress(), "rekey while sealed")
    raises(exceptions.VaultDown, lambda: fresh.sys.read_root_generation_progress(), "generate-root while sealed")


finish()
