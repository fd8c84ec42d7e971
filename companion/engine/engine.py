"""The engine: `check(text, context) -> Result` over a loaded rule set.

It knows nothing of HTTP. The server, the command line, the rule examples, the tests and the
benchmarks all call this one method.

How a check runs:
1. The draft is normalised (same length) and cut into segments (sentences and lines).
2. Segments seen before reuse their cached hits; the others go through spaCy together, once,
   and every detector's `find` runs on each new segment's Doc.
3. Each rule whose context conditions hold lets its detectors `decide` over the draft's hits.
4. Hits become findings, with offsets converted to UTF-16 code units.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from companion.context import Context
from companion.detectors.base import FALLBACK, SILENCE, Detector, Draft, Hit, context_matches
from companion.engine.result import SEVERITIES, Finding, Result
from companion.language.text import Segment, Utf16Index, normalise, segments

if TYPE_CHECKING:
    from companion.rules.schema import RuleSpec


@dataclass
class Rule:
    """A rule as the engine runs it: what the rules file says, and its built detectors."""

    spec: "RuleSpec"
    detectors: list[Detector]

    @property
    def id(self) -> str:
        return self.spec.id


class SegmentCache:
    """Hits per segment text, most recently used kept; safe across server threads."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._data: OrderedDict[str, list[list[Hit]]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> list[list[Hit]] | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: list[list[Hit]]) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Forget every segment: for when detectors' options change under a running engine."""
        with self._lock:
            self._data.clear()


class Engine:
    def __init__(self, rules: list[Rule], nlp, *, version: str, settings: dict[str, Any] | None = None,
                 cache_size: int = 4096) -> None:
        self.rules = rules
        self.nlp = nlp
        self.version = version
        self.settings = settings or {}
        self.cache = SegmentCache(cache_size)
        # One flat list of detectors, so each segment's Doc is visited once per detector.
        self._detectors: list[Detector] = [d for r in rules for d in r.detectors]
        # Rules whose detectors weigh other rules' findings (`mention_rules`) are decided after the
        # others, and see which of those fired.
        first: list[tuple[int, Rule]] = []
        last: list[tuple[int, Rule]] = []
        k = 0
        for rule in rules:
            (last if any(d.after_rules for d in rule.detectors) else first).append((k, rule))
            k += len(rule.detectors)
        self._order = first + last

    # -- analysis -------------------------------------------------------------------------
    def _segment_hits(self, segs: list[Segment]) -> list[list[list[Hit]]]:
        found: list[list[list[Hit]] | None] = [self.cache.get(s.text) for s in segs]
        todo = [i for i, f in enumerate(found) if f is None]
        if todo:
            docs = list(self.nlp.pipe([segs[i].text for i in todo]))
            by_detector = [d.find_all_many(docs) for d in self._detectors]
            for doc in docs:
                # The detectors' memos (matches, names) hold Spans of the Doc in the Doc: emptied,
                # the Doc is freed at once instead of waiting for the garbage collector.
                doc.user_data.clear()
            for n, i in enumerate(todo):
                per_detector = [hits[n] for hits in by_detector]
                self.cache.put(segs[i].text, per_detector)
                found[i] = per_detector
        return found  # type: ignore[return-value]

    def check(self, text: str, context: Context | None = None) -> Result:
        started = time.perf_counter()
        context = context or Context()
        norm = normalise(text)
        segs = segments(norm)
        per_segment = self._segment_hits(segs)
        # Hits of each detector over the whole draft, offsets relative to the draft.
        draft_hits: list[list[Hit]] = [[] for _ in self._detectors]
        for seg, hits in zip(segs, per_segment):
            for k, detector_hits in enumerate(hits):
                draft_hits[k].extend(h.shifted(seg.start) for h in detector_hits)
        index = Utf16Index(text)
        findings: list[Finding] = []
        fired: set[str] = set()
        for k, rule in self._order:
            rule_hits: list[Hit] = []
            rule_on = context_matches(rule.spec.when, context)
            for detector in rule.detectors:
                hits = draft_hits[k]
                k += 1
                if not rule_on or not detector.applies(context):
                    continue
                draft = Draft(norm, context, hits, self.settings, frozenset(fired))
                rule_hits.extend(detector.run(hits, draft))
            found = self._findings(rule, rule_hits, index)
            if found:
                fired.add(rule.id)
            findings.extend(found)
        findings.sort(key=lambda f: (f.offset is None, f.offset or 0, -SEVERITIES.index(f.severity), f.rule_id))
        return Result(findings, self.version, (time.perf_counter() - started) * 1000)

    def _findings(self, rule: Rule, hits: list[Hit], index: Utf16Index) -> list[Finding]:
        if any(h.tag == SILENCE.tag for h in hits):
            return []  # a classifier is sure the rule does not apply (the reader's `silence_below`)
        # Underline the exact words: a hit that contains a smaller hit of the same rule (a
        # classifier's whole sentence around a listed word) gives way to it, and hits that
        # partly overlap ("discount code" and "code HPS20") become one underline.
        spanned = [h for h in hits if h.start >= 0]
        spanned = [h for h in spanned if not any(
            h.start <= o.start and o.end <= h.end and (o.start, o.end) != (h.start, h.end) for o in spanned)]
        groups: list[tuple[int, int, list[Hit]]] = []
        for h in sorted(spanned, key=lambda h: (h.start, h.end)):
            if groups and h.start < groups[-1][1]:
                start, end, group = groups[-1]
                groups[-1] = (start, max(end, h.end), group + [h])
            else:
                groups.append((h.start, h.end, [h]))
        out = [self._finding(rule, group, index.span(start, end)) for start, end, group in groups]
        # A fallback finding gives way to any other finding of its rule, underlined or not.
        whole = [h for h in hits if h.start < 0 and h.tag != FALLBACK.tag]
        if not out and not whole:
            whole = [h for h in hits if h.tag == FALLBACK.tag]
        if whole:
            out.append(self._finding(rule, whole, (None, None)))
        return out

    @staticmethod
    def _finding(rule: Rule, hits: list[Hit], where: tuple[int | None, int | None]) -> Finding:
        r = rule.spec
        severity = max([r.severity] + [h.severity for h in hits if h.severity], key=SEVERITIES.index)
        confidences = [h.confidence for h in hits if h.confidence is not None]
        confidence = max(confidences) if confidences else _detector_confidence(rule)
        return Finding(r.id, severity, r.title, r.message, where[0], where[1], list(r.suggestions),
                       {"section": r.section, "quote": r.quote}, round(float(confidence), 2))


def _detector_confidence(rule: Rule) -> float:
    # A detector whose hits carry their own confidence (the reader's probability) says nothing of
    # the confidence of the others' hits.
    return max((d.confidence for d in rule.detectors if not d.scores_hits), default=0.8)

