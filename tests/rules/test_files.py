"""Golden files: each `tests/rules/files/*.yaml` but `valid.yaml` is a rules file with one
mistake, and its first line says the problem `rules check` must report (`# expect: LINE: ...`).
Adding a case is adding a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from companion.rules import RulesError
from companion.rules.check import validate

FILES = Path(__file__).parent / "files"
BROKEN = sorted(p for p in FILES.glob("*.yaml") if p.name != "valid.yaml")


def expectation(path: Path) -> tuple[int, str]:
    m = re.match(r"# expect: (\d+): (.+)", path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name} must start with '# expect: LINE: message'"
    return int(m.group(1)), m.group(2).strip()


def test_valid_file_passes(model):
    spec, engine = validate((FILES / "valid.yaml").read_text(), "valid.yaml", model)
    assert [r.id for r in spec.rules] == ["shouting"]
    assert engine.check("How outrageous.").rule_ids == ["shouting"]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_is_refused_with_its_line(model, path):
    line, message = expectation(path)
    with pytest.raises(RulesError) as err:
        validate(path.read_text(encoding="utf-8"), path.name, model)
    said = [str(p) for p in err.value.problems]
    assert f"{path.name}:{line}: {message}" in "\n".join(said), said
