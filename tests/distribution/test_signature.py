"""The signature check against the real minisign tool, when it is installed (Debian package
`minisign`): what Communications signs with minisign, the companion accepts, and a changed
file is refused."""

import shutil
import subprocess
from pathlib import Path

import pytest

from companion.rules.signature import SignatureError, parse_public_key, verify
from tests.distribution.signing import Key

minisign = shutil.which("minisign")


@pytest.mark.skipif(minisign is None, reason="minisign is not installed (apt-get install minisign)")
@pytest.mark.parametrize("legacy", [False, True], ids=["prehashed (default)", "legacy -l"])
def test_a_file_signed_by_minisign_is_accepted(tmp_path: Path, legacy):
    subprocess.run([minisign, "-G", "-W", "-p", "k.pub", "-s", "k.sec"], cwd=tmp_path, check=True,
                   capture_output=True)
    rules = tmp_path / "policy_rules.yaml"
    rules.write_text("version: 1\n", encoding="utf-8")
    subprocess.run([minisign, "-S", "-W", "-s", "k.sec", "-m", rules.name, "-t", "edition 2027.1"]
                   + (["-l"] if legacy else []), cwd=tmp_path, check=True, capture_output=True)
    public = (tmp_path / "k.pub").read_text()
    signature = (tmp_path / "policy_rules.yaml.minisig").read_text()
    assert verify(rules.read_bytes(), signature, public) == "edition 2027.1"
    assert verify(rules.read_bytes(), signature, public.splitlines()[1]) == "edition 2027.1"
    with pytest.raises(SignatureError, match="changed after signing"):
        verify(b"version: 2\n", signature, public)


@pytest.mark.skipif(minisign is None, reason="minisign is not installed (apt-get install minisign)")
def test_minisign_accepts_what_the_test_signer_makes(tmp_path: Path):
    """So the Python signer the other tests use is a faithful stand-in for minisign."""
    key = Key()
    data = b"version: 1\n"
    (tmp_path / "r.yaml").write_bytes(data)
    (tmp_path / "r.yaml.minisig").write_bytes(key.sign(data))
    subprocess.run([minisign, "-V", "-P", key.public, "-m", "r.yaml"], cwd=tmp_path, check=True, capture_output=True)


@pytest.mark.parametrize("text, message", [
    ("", "not a minisign public key"),
    ("not base64 !!", "not base64"),
    ("c2VjcmV0", "not a minisign public key"),
])
def test_bad_public_keys_are_explained(text, message):
    with pytest.raises(SignatureError, match=message):
        parse_public_key(text)
