"""Makes minisign keys and signatures with `cryptography`, in minisign's own format (checked
against the real `minisign` tool in test_signature.py when it is installed)."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class Key:
    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        self.key_id = os.urandom(8)

    @property
    def public(self) -> str:
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(b"Ed" + self.key_id + raw).decode()

    def sign(self, data: bytes, trusted_comment: str = "timestamp:0\tfile:policy_rules.yaml\thashed",
             prehashed: bool = True) -> bytes:
        message = hashlib.blake2b(data, digest_size=64).digest() if prehashed else data
        signature = self.private.sign(message)
        global_sig = self.private.sign(signature + trusted_comment.encode())
        alg = b"ED" if prehashed else b"Ed"
        return ("untrusted comment: signature from a test key\n"
                + base64.b64encode(alg + self.key_id + signature).decode() + "\n"
                + "trusted comment: " + trusted_comment + "\n"
                + base64.b64encode(global_sig).decode() + "\n").encode()
