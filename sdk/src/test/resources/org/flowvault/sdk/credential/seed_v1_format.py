"""The seed product's field format (v1), written independently of Flowvault with Debian's
python3-cryptography: AES-256-GCM, a random 12-byte IV, no associated data; the plaintext is
json.dumps(value) in UTF-8; the stored form is hex(iv) + hex(ciphertext) + hex(tag), lowercase.

Reads one JSON object on stdin:
  {"key": "<64 hex>", "encrypt": [value, ...], "decrypt": ["<hex>", ...]}
and prints one JSON object:
  {"cryptography": "<version>", "encrypted": ["<hex>", ...],
   "decrypted": [{"value": value} | {"error": "<exception class>"}, ...]}
"""
import json
import os
import sys

import cryptography
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

IV_BYTES = 12
TAG_BYTES = 16


def encrypt(aead, value):
    iv = os.urandom(IV_BYTES)
    sealed = aead.encrypt(iv, json.dumps(value).encode("utf-8"), None)
    ciphertext, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    return iv.hex() + ciphertext.hex() + tag.hex()


def decrypt(aead, stored):
    iv = bytes.fromhex(stored[: IV_BYTES * 2])
    ciphertext = bytes.fromhex(stored[IV_BYTES * 2 : -TAG_BYTES * 2])
    tag = bytes.fromhex(stored[-TAG_BYTES * 2 :])
    return json.loads(aead.decrypt(iv, ciphertext + tag, None).decode("utf-8"))


def main():
    request = json.load(sys.stdin)
    key = bytes.fromhex(request["key"])
    if len(key) != 32:
        raise SystemExit("the key must be 32 bytes")
    aead = AESGCM(key)
    decrypted = []
    for stored in request.get("decrypt", []):
        try:
            decrypted.append({"value": decrypt(aead, stored)})
        except Exception as e:  # report the failure per value; the Java side asserts on it
            decrypted.append({"error": type(e).__name__})
    json.dump({
        "cryptography": cryptography.__version__,
        "encrypted": [encrypt(aead, v) for v in request.get("encrypt", [])],
        "decrypted": decrypted,
    }, sys.stdout)


if __name__ == "__main__":
    main()
