#!/usr/bin/python3
"""Drives the Flowvault server's machine auth methods with hvac 0.11 (Debian's python3-hvac).

One line per check ("ok" or "FAIL" with the reason), then "PASSED n/m". Exits non-zero when any
check fails. Run by HvacAuthMethodsCompatibilityTest with:

  VAULT_ADDR, VAULT_TOKEN, VAULT_CACERT  a dev server on HTTPS, its root token, the CA of its certificate
  JWT_PUBKEY_FILE, JWT                   a PEM public key and a JWT it signed (sub "pipeline", aud "compat")
  K8S_HOST, K8S_CA_FILE, K8S_JWT         a TokenReview API, its CA, and a service-account JWT it accepts (prod/web)
  CLIENT_CA_FILE, CLIENT_CERT, CLIENT_KEY  a CA for client certificates and a client certificate/key it signed

Checks run in order and share state; a failure is reported and the run goes on.
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
CACERT = os.environ["VAULT_CACERT"]
RUN = uuid.uuid4().hex[:8]
print("hvac %s on Python %s" % (importlib.metadata.version("hvac"), sys.version.split()[0]))


def read(path):
    with open(path) as f:
        return f.read()


def client(token=None, cert=None):
    return hvac.Client(url=ADDR, token=token, verify=CACERT, cert=cert)


root = client(ROOT_TOKEN)
JWT_MOUNT = "jwt-%s" % RUN
K8S_MOUNT = "k8s-%s" % RUN
CERT_MOUNT = "cert-%s" % RUN

# ---------------------------------------------------------------------------------------------
# jwt
# ---------------------------------------------------------------------------------------------


@check("jwt: enable, configure with jwt_validation_pubkeys and read the config back")
def _():
    root.sys.enable_auth_method("jwt", path=JWT_MOUNT)
    root.auth.jwt.configure(jwt_validation_pubkeys=[read(os.environ["JWT_PUBKEY_FILE"])], path=JWT_MOUNT)
    cfg = root.auth.jwt.read_config(path=JWT_MOUNT)["data"]
    eq(len(cfg["jwt_validation_pubkeys"]), 1, "pubkeys")
    eq(cfg["jwks_url"], "", "jwks_url")


@check("jwt: create_role, read_role and list_roles")
def _():
    root.auth.jwt.create_role("ci", user_claim="sub", allowed_redirect_uris=[], role_type="jwt",
                              bound_audiences=["compat"], token_policies=["ci"], token_ttl="30m", path=JWT_MOUNT)
    role = root.auth.jwt.read_role("ci", path=JWT_MOUNT)["data"]
    eq(role["bound_audiences"], ["compat"], "bound_audiences")
    eq(role["user_claim"], "sub", "user_claim")
    eq(role["token_ttl"], 1800, "token_ttl")
    eq(root.auth.jwt.list_roles(path=JWT_MOUNT)["data"]["keys"], ["ci"], "roles")


@check("jwt: jwt_login issues a token with the role's policies")
def _():
    c = client()
    r = c.auth.jwt.jwt_login("ci", os.environ["JWT"], path=JWT_MOUNT)
    eq(r["auth"]["policies"], ["ci", "default"], "policies")
    eq(r["auth"]["metadata"]["role"], "ci", "metadata.role")
    true(c.is_authenticated(), "the client uses the new token")


@check("jwt: a malformed JWT is InvalidRequest (400)")
def _():
    raises(exceptions.InvalidRequest, lambda: client().auth.jwt.jwt_login("ci", "not-a-jwt", path=JWT_MOUNT), "login")


@check("jwt: a role that binds nothing is refused (InvalidRequest)")
def _():
    e = raises(exceptions.InvalidRequest, lambda: root.auth.jwt.create_role(
        "open", user_claim="sub", allowed_redirect_uris=[], role_type="jwt", path=JWT_MOUNT), "create_role")
    true("at least one bound constraint" in str(e), "Vault's message: %s" % e)


# ---------------------------------------------------------------------------------------------
# kubernetes
# ---------------------------------------------------------------------------------------------


@check("kubernetes: enable, configure and read the config back")
def _():
    root.sys.enable_auth_method("kubernetes", path=K8S_MOUNT)
    root.auth.kubernetes.configure(os.environ["K8S_HOST"], kubernetes_ca_cert=read(os.environ["K8S_CA_FILE"]),
                                   mount_point=K8S_MOUNT)
    cfg = root.auth.kubernetes.read_config(mount_point=K8S_MOUNT)
    cfg = cfg["data"] if "data" in cfg else cfg
    eq(cfg["kubernetes_host"], os.environ["K8S_HOST"], "kubernetes_host")


@check("kubernetes: create_role, read_role and list_roles")
def _():
    root.auth.kubernetes.create_role("web", ["web"], ["prod"], policies=["web"], ttl="20m", mount_point=K8S_MOUNT)
    role = root.auth.kubernetes.read_role("web", mount_point=K8S_MOUNT)
    role = role["data"] if "data" in role else role
    eq(role["bound_service_account_names"], ["web"], "names")
    eq(role["bound_service_account_namespaces"], ["prod"], "namespaces")
    roles = root.auth.kubernetes.list_roles(mount_point=K8S_MOUNT)
    roles = roles["data"] if "data" in roles else roles
    eq(roles["keys"], ["web"], "roles")


@check("kubernetes: login with a reviewed service-account token")
def _():
    c = client()
    r = c.auth.kubernetes.login("web", os.environ["K8S_JWT"], mount_point=K8S_MOUNT)
    eq(r["auth"]["policies"], ["default", "web"], "policies")
    eq(r["auth"]["metadata"]["service_account_name"], "web", "metadata")
    eq(r["auth"]["lease_duration"], 1200, "lease_duration")
    true(c.is_authenticated(), "the client uses the new token")


@check("kubernetes: a role without namespaces is refused (InvalidRequest)")
def _():
    raises(exceptions.InvalidRequest,
           lambda: root.auth.kubernetes.create_role("bad", ["web"], [], mount_point=K8S_MOUNT), "create_role")


# ---------------------------------------------------------------------------------------------
# cert
# ---------------------------------------------------------------------------------------------


@check("cert: enable, create_ca_certificate_role, read and list it")
def _():
    root.sys.enable_auth_method("cert", path=CERT_MOUNT)
    # hvac 0.11 opens its `certificate` argument as a file first; PEM text there fails when a
    # '/'-separated piece of its base64 runs past the file system's name limit, so give the path
    root.auth.cert.create_ca_certificate_role("machines", os.environ["CLIENT_CA_FILE"],
                                              token_policies=["machines"], mount_point=CERT_MOUNT)
    role = root.auth.cert.read_ca_certificate_role("machines", mount_point=CERT_MOUNT)
    role = role["data"] if "data" in role else role
    eq(role["token_policies"], ["machines"], "token_policies")
    keys = root.auth.cert.list_certificate_roles(mount_point=CERT_MOUNT)
    keys = keys["data"] if "data" in keys else keys
    eq(keys["keys"], ["machines"], "certs")


@check("cert: configure_tls_certificate")
def _():
    root.auth.cert.configure_tls_certificate(mount_point=CERT_MOUNT, disable_binding=False)


@check("cert: login over mutual TLS")
def _():
    c = client(cert=(os.environ["CLIENT_CERT"], os.environ["CLIENT_KEY"]))
    r = c.auth.cert.login(mount_point=CERT_MOUNT)
    eq(r["auth"]["policies"], ["default", "machines"], "policies")
    eq(r["auth"]["metadata"]["cert_name"], "machines", "metadata.cert_name")
    true(c.is_authenticated(), "the client uses the new token")


@check("cert: login without a client certificate is InvalidRequest (400)")
def _():
    c = client()
    raises(exceptions.InvalidRequest, lambda: c.adapter.post("/v1/auth/%s/login" % CERT_MOUNT, json={}), "login")


finish()
