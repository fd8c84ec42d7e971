"""What the detector tests share: an environment with a small roster, and a detector run over a
whole draft, segment by segment, as the engine runs it."""

from __future__ import annotations

import pytest

from companion.context import Context
from companion.detectors import KINDS
from companion.detectors.base import Draft, Env
from companion.language.text import segments
from companion.roster.model import Roster, Student


def roster_env(model, students: list[tuple[str, str]], *, needs_model: bool = True) -> Env:
    if needs_model and model.degraded_reason:
        pytest.skip("no language model")
    roster = Roster.from_students([Student(first, last) for first, last in students])
    return Env(model.nlp, {}, {}, roster, model_ok=model.degraded_reason is None)


def marks(env: Env, kind: str, options: dict, text: str, **context) -> list[str]:
    """The words a detector of `kind` marks in `text` ("<draft>" for the whole draft)."""
    detector = KINDS[kind](options, env)
    found = detector.find_all_many([env.nlp(seg.text) for seg in segments(text)])
    hits = [h.shifted(seg.start) for seg, seg_hits in zip(segments(text), found) for h in seg_hits]
    return [text[h.start:h.end] if h.start >= 0 else "<draft>"
            for h in detector.run(hits, Draft(text, Context(**context), hits))]
