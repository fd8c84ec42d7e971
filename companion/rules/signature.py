"""Checking a detached minisign signature on a fetched rules file.

minisign is a small, widely packaged signing tool (Ed25519). Communications signs the rules file
once per edit with `minisign -Sm policy_rules.yaml`, which writes `policy_rules.yaml.minisig`;
IT puts the public key (the second line of `minisign.pub`) in the `rules_public_key` setting. A
web server or share that is taken over cannot then push rules: it has no secret key.

Format (from minisign's documentation): the public key is base64 of `Ed` + 8-byte key id +
32-byte Ed25519 key. The signature file has four lines: an untrusted comment, base64 of the
algorithm (`ED`: the file's BLAKE2b-512 is signed; `Ed`: the file itself) + key id + 64-byte
signature, a `trusted comment:` line, and base64 of a global signature over the signature bytes
followed by the trusted comment, so the comment cannot be swapped either.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SUFFIX = ".minisig"
MAX_SIGNATURE_BYTES = 4096
TRUSTED_PREFIX = "trusted comment: "


class SignatureError(ValueError):
    pass


def parse_public_key(text: str) -> tuple[bytes, Ed25519PublicKey]:
    """(key id, key) from the base64 line of `minisign.pub`, or from the whole file's text."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    line = lines[-1] if lines else ""
    try:
        raw = base64.b64decode(line, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the public key is not base64; copy the second line of minisign.pub") from None
    if len(raw) != 42 or raw[:2] != b"Ed":
        raise SignatureError("this is not a minisign public key (expected the line starting with RW… "
                             "from minisign.pub)")
    return raw[2:10], Ed25519PublicKey.from_public_bytes(raw[10:])


def verify(data: bytes, signature_text: str, public_key: str) -> str:
    """Check `data` against a `.minisig` file's text; return its trusted comment, or raise."""
    key_id, key = parse_public_key(public_key)
    lines = signature_text.replace("\r\n", "\n").split("\n")
    if len(lines) < 4 or not lines[2].startswith(TRUSTED_PREFIX):
        raise SignatureError("the signature file is not in minisign's format")
    try:
        sig = base64.b64decode(lines[1].strip(), validate=True)
        global_sig = base64.b64decode(lines[3].strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the signature file is damaged (not base64)") from None
    if len(sig) != 74 or len(global_sig) != 64:
        raise SignatureError("the signature file is damaged (wrong length)")
    algorithm, sig_key_id, signature = sig[:2], sig[2:10], sig[10:]
    if sig_key_id != key_id:
        raise SignatureError("the rules were signed with a different key than the one configured "
                             "(rules_public_key)")
    if algorithm == b"ED":
        message = hashlib.blake2b(data, digest_size=64).digest()
    elif algorithm == b"Ed":
        message = data
    else:
        raise SignatureError("the signature uses an algorithm this companion does not know")
    trusted = lines[2][len(TRUSTED_PREFIX):]
    try:
        key.verify(signature, message)
        key.verify(global_sig, signature + trusted.encode("utf-8"))
    except InvalidSignature:
        raise SignatureError("the signature does not match the rules file: it was changed after "
                             "signing, or signed with another key") from None
    return trusted
