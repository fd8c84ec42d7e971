"""The engine's contract: offsets in UTF-16 units, whole-draft findings, verdict and score,
per-sentence caching, one spaCy pass per check."""

from __future__ import annotations

import pytest

from companion.context import Context
from companion.engine.result import Finding, score, verdict
from tests.clear_cases import CLEAR_CASES, PERSONAL_USE


def utf16_slice(text: str, offset: int, length: int) -> str:
    return text.encode("utf-16-le")[2 * offset:2 * (offset + length)].decode("utf-16-le")


@pytest.mark.parametrize("rule_id,text,context,marked", CLEAR_CASES, ids=[c[0] for c in CLEAR_CASES])
def test_every_rule_fires_on_its_clear_case(bundled_engine, rule_id, text, context, marked):
    result = bundled_engine.check(text, Context.parse(context))
    mine = [f for f in result.findings if f.rule_id == rule_id]
    assert mine, f"{rule_id} did not fire; fired: {result.rule_ids}"
    if marked is None:
        assert any(f.offset is None and f.length is None for f in mine)
    else:
        assert marked in [utf16_slice(text, f.offset, f.length) for f in mine if f.offset is not None]


def test_personal_use_fires_on_district_time_only(bundled_engine):
    rule_id, text, context, _ = PERSONAL_USE
    on = bundled_engine.check(text, Context.parse(context, district_time=True))
    off = bundled_engine.check(text, Context.parse(context, district_time=False))
    assert rule_id in on.rule_ids and rule_id not in off.rule_ids
    district = bundled_engine.check(text, Context.parse({"account": "district"}, district_time=True))
    assert rule_id not in district.rule_ids


PREFIXES = [
    ("no prefix", ""),
    ("one emoji", "😀 "),
    ("three emoji and a flag", "🎉🎉 🇺🇸 "),
    ("accents and CJK", "Café 学校 — "),
    ("line breaks and paragraphs", "Big week!\n\nAnd then:\n"),
    ("emoji inside a word run", "Go 🦅team🦅! "),
]


@pytest.mark.parametrize("label,prefix", PREFIXES, ids=[p[0] for p in PREFIXES])
def test_offsets_count_utf16_units_whatever_comes_before(bundled_engine, label, prefix):
    text = prefix + "Congratulations to my student Imani Wells on winning the spelling bee!"
    result = bundled_engine.check(text, Context())
    expected = len(prefix.encode("utf-16-le")) // 2 + len("Congratulations to my student ")
    names = {(f.offset, f.length) for f in result.findings if f.rule_id == "student-name"}
    assert (expected, len("Imani Wells")) in names, names
    assert utf16_slice(text, expected, len("Imani Wells")) == "Imani Wells"


def test_curly_apostrophes_match_straight_ones(bundled_engine):
    straight = bundled_engine.check("Teachers: my shop has new decor, link in bio", Context())
    curly = bundled_engine.check("Teachers: my shop\u2019s got new decor, link in bio", Context())
    assert "vested-interest" in straight.rule_ids and "vested-interest" in curly.rule_ids


VERDICTS = [
    ([], "ok", 0),
    (["info"], "ok", 5),
    (["warning"], "review", 25),
    (["info", "warning"], "review", 29),
    (["stop"], "stop", 60),
    (["stop", "stop"], "stop", 84),
    (["warning", "stop", "info"], "stop", 72),
]


@pytest.mark.parametrize("severities,expected_verdict,expected_score", VERDICTS)
def test_verdict_and_score(severities, expected_verdict, expected_score):
    findings = [Finding("r", s, "t", "m", None, None, [], {"section": "", "quote": ""}, 1.0) for s in severities]
    assert verdict(findings) == expected_verdict
    assert score(findings) == expected_score


def test_score_grows_with_number_and_severity():
    def f(s):
        return Finding("r", s, "t", "m", None, None, [], {"section": "", "quote": ""}, 1.0)

    assert score([f("info")]) < score([f("warning")]) < score([f("stop")])
    assert score([f("warning")]) < score([f("warning"), f("warning")]) < score([f("warning")] * 3) <= 100


class CountingNlp:
    """Wraps the spaCy pipeline to count how often, and on how many texts, it runs."""

    def __init__(self, nlp):
        self._nlp = nlp
        self.calls = 0
        self.texts = 0

    def pipe(self, texts):
        texts = list(texts)
        self.calls += 1
        self.texts += len(texts)
        return self._nlp.pipe(texts)

    def __getattr__(self, name):
        return getattr(self._nlp, name)


@pytest.fixture
def counting_engine(model):
    from companion.rules.build import build_engine
    from companion.rules.schema import parse
    from tests.conftest import BUNDLED_RULES

    engine = build_engine(parse(BUNDLED_RULES.read_text(), str(BUNDLED_RULES)), model)
    engine.nlp = CountingNlp(engine.nlp)
    return engine


DRAFT = ("So proud of our robotics team this weekend. They built a robot that sorts recycling! "
         "Next up: the regional finals in Tacoma. Thank you to every family who drove")


def test_spacy_runs_once_per_check_not_once_per_rule(counting_engine):
    counting_engine.check(DRAFT, Context())
    assert counting_engine.nlp.calls == 1
    assert counting_engine.nlp.texts == 4  # four sentences, one batch


def test_one_keystroke_reanalyses_only_the_sentence_it_touched(counting_engine):
    counting_engine.check(DRAFT, Context())
    before = counting_engine.nlp.texts
    counting_engine.check(DRAFT + "s", Context())
    assert counting_engine.nlp.texts - before == 1
    # The same draft again costs no spaCy pass at all.
    calls = counting_engine.nlp.calls
    counting_engine.check(DRAFT + "s", Context(account="district"))
    assert counting_engine.nlp.calls == calls


def test_cached_and_fresh_results_are_identical(bundled_engine, model):
    from companion.rules.build import build_engine
    from companion.rules.schema import parse
    from tests.conftest import BUNDLED_RULES

    fresh = build_engine(parse(BUNDLED_RULES.read_text(), str(BUNDLED_RULES)), model)
    for rule_id, text, context, _ in CLEAR_CASES:
        ctx = Context.parse(context)
        bundled_engine.check(text, ctx)
        assert bundled_engine.check(text, ctx).to_dict()["findings"] == fresh.check(text, ctx).to_dict()["findings"]


def test_empty_and_whitespace_drafts_are_ok(bundled_engine):
    for text in ["", " ", "\n\n", "\u200b"]:
        result = bundled_engine.check(text, Context())
        assert result.verdict == "ok" and result.findings == []
