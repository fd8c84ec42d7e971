"""The wrapper scripts and the policy templates IT edits: they parse, name the extension's real
id and only managed settings the extension declares, and the wrappers stay thin."""

from __future__ import annotations

import base64
import hashlib
import json
import plistlib
import re
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

POLICIES = ROOT / "scripts" / "policies"
MANIFEST = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "extension" / "schema.json").read_text(encoding="utf-8"))
MANAGED = set(SCHEMA["properties"])


def chrome_id() -> str:
    digest = hashlib.sha256(base64.b64decode(MANIFEST["key"])).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


FIREFOX_ID = MANIFEST["browser_specific_settings"]["gecko"]["id"]


def test_the_guide_names_the_real_extension_ids():
    guide = (ROOT / "docs" / "it-guide.md").read_text(encoding="utf-8")
    assert chrome_id() in guide and FIREFOX_ID in guide


def test_registry_template():
    text = (POLICIES / "chrome-edge.reg").read_text(encoding="utf-8")
    assert text.startswith("Windows Registry Editor Version 5.00")
    keys = re.findall(r"^\[(.+)\]$", text, re.M)
    for browser in (r"Google\Chrome", r"Microsoft\Edge"):
        assert rf"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\{browser}\ExtensionInstallForcelist" in keys
        assert rf"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\{browser}\3rdparty\extensions\{chrome_id()}\policy" in keys
    values = re.findall(r'^"([^"]+)"=(dword:[0-9a-f]{8}|"[^"]*")$', text, re.M)
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith((";", "[", "Windows Registry"))]
    assert len(values) == len(lines), "every value line is a well-formed string or dword"
    names = {n for n, _ in values} - {"4309", "facebook", "x", "instagram"}
    assert names <= MANAGED and "pairingToken" in names
    assert f'"4309"="{chrome_id()};' in text
    assert dict(values)["companionPort"] == f"dword:{4309:08x}"


def test_mobileconfig_template():
    profile = plistlib.loads((POLICIES / "second-look.mobileconfig").read_bytes())
    assert profile["PayloadType"] == "Configuration"
    by_type = {p["PayloadType"]: p for p in profile["PayloadContent"]}
    assert len({p["PayloadUUID"] for p in profile["PayloadContent"]}) == len(profile["PayloadContent"])
    for browser in ("com.google.Chrome", "com.microsoft.Edge"):
        assert by_type[browser]["ExtensionInstallForcelist"][0].startswith(chrome_id() + ";")
        settings = by_type[f"{browser}.extensions.{chrome_id()}"]
        managed = {k for k in settings if not k.startswith("Payload")}
        assert managed == MANAGED
        assert settings["companionPort"] == 4309


def test_firefox_policies_template():
    policies = json.loads((POLICIES / "firefox-policies.json").read_text(encoding="utf-8"))["policies"]
    assert policies["ExtensionSettings"][FIREFOX_ID]["installation_mode"] == "force_installed"
    assert set(policies["3rdparty"]["Extensions"][FIREFOX_ID]) == MANAGED


@pytest.mark.parametrize("script, most_lines", [("install.sh", 100), ("install.ps1", 80)])
def test_wrappers_stay_small_enough_to_review(script, most_lines):
    text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
    assert len(text.splitlines()) <= most_lines
    assert "--require-hashes --no-deps" in text and "requirements" in text  # the model, pinned by hash
    assert re.search(r"second-look(\.exe)?\"? install|\$SecondLook install", text)


def test_install_sh_parses_and_dry_runs(tmp_path):
    subprocess.run(["sh", "-n", str(ROOT / "scripts" / "install.sh")], check=True)
    if shutil.which("shellcheck"):
        subprocess.run(["shellcheck", "-S", "warning", str(ROOT / "scripts" / "install.sh")], check=True)
    # Without a wheel beside it, it stops with a clear message and a non-zero exit.
    proc = subprocess.run(["sh", str(ROOT / "scripts" / "install.sh"), "--prefix", str(tmp_path / "p")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "no second_look-*.whl" in proc.stderr
    assert not (tmp_path / "p").exists()
    proc = subprocess.run(["sh", str(ROOT / "scripts" / "install.sh"), "--bogus"], capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown option --bogus" in proc.stderr


@pytest.mark.slow
def test_build_companion_makes_a_wheel_with_the_rules_inside(tmp_path):
    import zipfile
    proc = subprocess.run([shutil.which("python3") and __import__("sys").executable,
                           str(ROOT / "scripts" / "build_companion"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    folder = next(tmp_path.iterdir())
    wheel = next(folder.glob("second_look-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "companion/data/policy_rules.yaml" in names
    # Every model the companion loads travels in the wheel (the trained reader is a folder of files).
    data = ROOT / "companion" / "data"
    shipped = {f"companion/data/{p.relative_to(data).as_posix()}" for p in data.rglob("*") if p.is_file()
               and "__pycache__" not in p.parts}
    assert shipped - names == set()
    pins = (folder / "constraints.txt").read_text()
    assert re.search(r"^spacy==3\.8\.\d+$", pins, re.M) and "en-core-web-sm" not in pins
    assert (folder / "requirements" / "model.txt").read_text().count("--hash=sha256:") == 1
    sums = (folder / "SHA256SUMS").read_text()
    assert wheel.name in sums and "install.sh" in sums
