"""Fleet configuration: IT's machine-wide file, the user's file, environment variables.

Each case is the files as IT and a staff member would write them, and what must come out."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.config import ConfigError, load_config, machine_config_path
from companion.settings import DEFAULTS, SETTINGS

ROOT = Path(__file__).resolve().parents[2]

# (name, machine file, user file, environment, expected values)
GOOD = [
    ("nothing configured: the defaults", None, None, {}, DEFAULTS),
    ("IT sets the fleet's values",
     "port: 4310\nrules: https://www.highlineschools.org/second-look/policy_rules.yaml\n"
     "district_equipment: yes\nworking_hours: Mon-Fri 07:30-16:00\n"
     "student_email_domains: [students.highlineschools.org]\n"
     "pairing_token: Zr8Kq2Lm9Xv4Tn7Pw3Hs6Jd1\nlog_level: warning\n",
     None, {},
     {"port": 4310, "rules": "https://www.highlineschools.org/second-look/policy_rules.yaml",
      "district_equipment": True, "working_hours": "Mon-Fri 07:30-16:00",
      "student_email_domains": ("students.highlineschools.org",),
      "pairing_token": "Zr8Kq2Lm9Xv4Tn7Pw3Hs6Jd1", "log_level": "warning"}),
    ("a single domain may be written without a list", "student_email_domains: '@Students.Example.org'\n", None, {},
     {"student_email_domains": ("students.example.org",)}),
    ("the user may change the log level by default", "port: 4310\n", "log_level: debug\n", {},
     {"port": 4310, "log_level": "debug"}),
    ("IT can allow more", "port: 4310\nuser_may_override: [port, log_level]\n", "port: 5000\n", {},
     {"port": 5000}),
    ("without an IT file the user's file may set anything", None, "port: 5001\ndistrict_equipment: true\n", {},
     {"port": 5001, "district_equipment": True}),
    ("environment variables come last", "port: 4310\n", None, {"SECOND_LOOK_PORT": "4400"}, {"port": 4400}),
    ("a list in an environment variable", None, None,
     {"SECOND_LOOK_STUDENT_EMAIL_DOMAINS": "a.example.org, b.example.org"},
     {"student_email_domains": ("a.example.org", "b.example.org")}),
    ("a file of comments only (the shipped template) changes nothing", "# port: 4310\n\n# rules: x\n", None, {},
     DEFAULTS),
    ("an empty value means 'not set'", "working_hours:\nport: 4310\n", None, {}, {"working_hours": "", "port": 4310}),
    ("a share path is kept as written", r"rules: \\fileserver\comms\policy_rules.yaml" + "\n", None, {},
     {"rules": r"\\fileserver\comms\policy_rules.yaml"}),
    ("a local URL for trials", "rules: http://127.0.0.1:8080/rules.yaml\n", None, {},
     {"rules": "http://127.0.0.1:8080/rules.yaml"}),
]


@pytest.mark.parametrize("name, machine, user, env, expected", GOOD, ids=[c[0] for c in GOOD])
def test_good_configuration(fleet, monkeypatch, name, machine, user, env, expected):
    fleet.write(machine, user)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    settings = load_config(fleet.paths)
    for key, value in expected.items():
        assert getattr(settings, key) == value, key


# (name, machine file, user file, environment, the problem as printed: FILE:LINE: key: message part)
BAD = [
    ("a misspelt key gets a did-you-mean with its line", "port: 4310\nrule: https://x.example.org/r.yaml\n", None, {},
     "machine:2: rule: 'rule' is not a setting; did you mean 'rules'?"),
    ("a key nothing like a setting lists the known ones", "colour: blue\n", None, {},
     "machine:1: colour: 'colour' is not a setting; known settings:"),
    ("a port out of range", "port: 80\n", None, {}, "machine:1: port: must be from 1,024 to 65,535, not 80"),
    ("a port that is not a number", "port: four\n", None, {}, "machine:1: port: must be a whole number"),
    ("yes/no settings", "district_equipment: maybe\n", None, {}, "district_equipment: must be true or false"),
    ("working hours in another shape", "working_hours: 9 to 5\n", None, {}, "working hours must look like 'Mon-Fri 07:30-16:00'"),
    ("plain http to a real server", "rules: http://www.highlineschools.org/r.yaml\n", None, {}, "must start with https://"),
    ("a short shared token", "pairing_token: secret\n", None, {}, "pairing_token: must be 20 to 200"),
    ("a token with a space", "pairing_token: 'abcdefghij klmnopqrstu'\n", None, {}, "cannot have spaces"),
    ("an unknown log level", "log_level: loud\n", None, {}, "log_level: must be one of debug, info, warning, error"),
    ("a bad domain", "student_email_domains: [not a domain]\n", None, {}, "is not an e-mail domain"),
    ("a pinned hash of the wrong length", "rules_sha256: abc123\n", None, {}, "rules_sha256: must be 64 hexadecimal"),
    ("a public key that is not minisign's", "rules_public_key: c2VjcmV0\n", None, {}, "not a minisign public key"),
    ("a key given twice", "port: 4310\nport: 4311\n", None, {}, "'port' is given twice in the same place (lines 1 and 2)"),
    ("YAML tags are refused", "port: !!python/object:os.system 1\n", None, {}, "is not allowed here"),
    ("broken YAML names its line", "port: 4310\n  rules: [x\n", None, {}, "machine:2: file: not valid YAML"),
    ("a list where one value belongs", "port: [1, 2]\n", None, {}, "must be a single value"),
    ("not key: value lines", "- port\n", None, {}, "the file must be `key: value` lines"),
    ("a user overriding what IT manages", "district_equipment: true\n", "port: 4000\ndistrict_equipment: false\n", {},
     "user:2: district_equipment: IT manages this setting on this computer"),
    ("a user's file cannot widen what it may set", "port: 4310\n", "user_may_override: [port]\n", {},
     "belongs in IT's machine-wide file"),
    ("user_may_override names settings", "user_may_override: [prot]\n", None, {},
     "'prot' is not a setting; did you mean 'port'?"),
    ("a bad environment variable names itself", None, None, {"SECOND_LOOK_PORT": "http"},
     "environment:1: SECOND_LOOK_PORT: must be a whole number"),
]


@pytest.mark.parametrize("name, machine, user, env, message", BAD, ids=[c[0] for c in BAD])
def test_bad_configuration_is_refused_with_its_line(fleet, monkeypatch, name, machine, user, env, message):
    fleet.write(machine, user)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as caught:
        load_config(fleet.paths)
    printed = "\n".join(str(p).replace(str(fleet.machine), "machine").replace(str(fleet.user), "user")
                        for p in caught.value.problems)
    assert message in printed


def test_every_problem_in_both_files_is_reported_at_once(fleet):
    fleet.write("prot: 1\nlog_level: loud\n", "colour: red\n")
    with pytest.raises(ConfigError) as caught:
        load_config(fleet.paths)
    assert [(Path(p.file).name, p.line, p.where) for p in caught.value.problems] == [
        ("config.yaml", 1, "prot"), ("config.yaml", 2, "log_level"), ("config.yaml", 1, "colour")]


def test_sources_say_where_each_value_came_from(fleet, monkeypatch):
    fleet.write("port: 4310\nlog_level: info\n", "log_level: debug\n")
    monkeypatch.setenv("SECOND_LOOK_DISTRICT_EQUIPMENT", "true")
    settings = load_config(fleet.paths)
    assert settings.sources["port"] == f"IT's config {fleet.machine}:1"
    assert settings.sources["log_level"] == f"your config {fleet.user}:1"
    assert settings.sources["district_equipment"] == "environment (SECOND_LOOK_DISTRICT_EQUIPMENT)"


def test_a_relative_rules_path_is_relative_to_the_file(fleet):
    fleet.write("rules: rules/policy_rules.yaml\n")
    assert load_config(fleet.paths).rules == str(fleet.machine.parent / "rules" / "policy_rules.yaml")


@pytest.mark.parametrize("platform, expected", [
    ("win32", str(Path("C:/ProgramData/SecondLook/config.yaml"))),
    ("darwin", "/Library/Application Support/SecondLook/config.yaml"),
    ("linux", "/etc/second-look/config.yaml"),
])
def test_machine_file_location_per_system(monkeypatch, platform, expected):
    monkeypatch.delenv("SECOND_LOOK_MACHINE_CONFIG", raising=False)
    monkeypatch.setenv("ProgramData", "C:/ProgramData")
    assert str(machine_config_path(platform)).replace("\\", "/") == expected.replace("\\", "/")


def test_every_setting_is_documented_in_the_it_guide():
    guide = (ROOT / "docs" / "it-guide.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in guide]
    assert not missing, f"docs/it-guide.md does not document: {missing}"


def test_the_template_in_scripts_policies_loads_and_names_every_setting(fleet):
    template = ROOT / "scripts" / "policies" / "config.yaml"
    text = template.read_text(encoding="utf-8")
    fleet.write(text)
    assert load_config(fleet.paths) is not None  # all commented out: loads as the defaults
    for s in SETTINGS:
        assert f"# {s.name}:" in text, s.name
    # Uncommented, every line is a valid setting (IT edits by removing the '# ').
    uncommented = "\n".join(ln[2:] if ln.startswith("# ") and ":" in ln and not ln.startswith("# #") else ln
                            for ln in text.splitlines() if not ln.startswith("##"))
    fleet.write(uncommented)
    load_config(fleet.paths)


def test_a_broken_config_stops_the_command_with_the_line(fleet, tmp_path):
    fleet.write("prot: 4310\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECOND_LOOK_")}
    env.update(SECOND_LOOK_MACHINE_CONFIG=str(fleet.machine), SECOND_LOOK_HOME=str(tmp_path / "home"))
    proc = subprocess.run([sys.executable, "-m", "companion", "token"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert f"{fleet.machine}:1: prot: 'prot' is not a setting; did you mean 'port'?" in proc.stderr
