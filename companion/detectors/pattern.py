"""`pattern`: marks text matching a pattern written by the rules' authors (phone numbers,
masked profanity, shouting).

Patterns run on RE2, which matches in linear time: a pattern such as `(a+)+b` cannot hang the
companion, whatever the draft. RE2 has no look-arounds or back-references; the loader reports
a pattern that RE2 refuses, with its line.
"""

from __future__ import annotations

import re
from dataclasses import replace

import re2
from spacy.tokens import Doc

from companion.detectors.base import Detector, Draft, Env, Hit, OptionError
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet
from companion.language.text import doc_text


# Tags for `roster_nearby`: a match with no nearby word, and a roster student's full name.
PENDING, STUDENT = "pending", "student"


class PatternError(OptionError):
    """A pattern that is not valid RE2 (reported at the `patterns:` line)."""


def compile_pattern(pattern: str, case_sensitive: bool = False):
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(f"pattern {pattern!r} is not valid: {detail}") from None


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


class PatternDetector(Detector):
    kind = "pattern"
    summary = "Marks text matching a pattern (RE2 regular expression, linear time)."
    FIELDS = {
        "patterns": Field("patterns", [], "The patterns; a match is marked.", required=True),
        "case_sensitive": Field("yes/no", False, "Whether upper and lower case must match exactly."),
        "ignore": Field("phrases", [], "Matches equal to one of these (ignoring spaces, dashes, "
                        "dots and case) are not marked, e.g. the district's own phone numbers."),
        "ignore_lists": Field("lists", [], "Names of lists whose entries are ignored too."),
        "ignore_endings": Field("phrases", [], "Matches ending with one of these are not marked, e.g. "
                                "`@highlineschools.org` for staff addresses."),
        "ignore_beginnings": Field("phrases", [], "Matches beginning with one of these (ignoring spaces, dashes, "
                                   "dots and case) are not marked, e.g. `206-631-` for every district line."),
        "nearby": Field("phrases", [], "If given, a match counts only when one of these is in the same sentence."),
        "nearby_lists": Field("lists", [], "Names of lists whose words count as nearby words."),
        "roster_nearby": Field("yes/no", False, "A roster student's full name in the draft counts as a nearby "
                               "word (\"Zainab Hassan's family just moved into 1420 SW 116th St\")."),
        "roster_names": Field("yes/no", False, "A match that spells a roster student's full name "
                              "(\"hunterbishop09@gmail.com\") counts even without a nearby word."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        case = options.get("case_sensitive", False)
        self.patterns = [compile_pattern(p, case) for p in options.get("patterns", [])]
        ignore = list(options.get("ignore", []))
        for name in options.get("ignore_lists", []):
            ignore += env.lists.get(name, [])
        self.ignore = {_key(i) for i in ignore}
        self.endings = tuple(e.lower() for e in options.get("ignore_endings", []))
        self.beginnings = tuple(k for k in (_key(b) for b in options.get("ignore_beginnings", [])) if k)
        self.nearby = PhraseSet(env, options.get("nearby", []), options.get("nearby_lists", []))
        self.roster = env.roster if options.get("roster_names") else None
        self.roster_nearby = env.roster if options.get("roster_nearby") else None
        self.tokenizer = env.nlp.tokenizer

    def _spells_student(self, found: str) -> bool:
        """The part before any "@" read as a handle: "hunterbishop09@gmail.com" -> "@hunterbishop09"."""
        local = found.split("@", 1)[0].strip()
        if not local:
            return False
        return any(entry.full for _, entry in self.roster.find(self.tokenizer("@" + local)))

    def find(self, doc: Doc) -> list[Hit]:
        text = doc_text(doc)
        nearby = not self.nearby or bool(self.nearby.spans(doc))
        hits = []
        pending = False
        if self.roster_nearby is not None:
            # A roster student's full name anywhere in the draft will do: `decide` weighs it.
            students = [sp for sp, entry in self.roster_nearby.find(doc) if getattr(entry, "full", False)]
            hits += [Hit(sp.start_char, sp.end_char, STUDENT) for sp in students]
            if not nearby:
                nearby = pending = True
        if not nearby and self.roster is None:
            return []
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                found = m.group(0)
                key = _key(found)
                if (m.end() > m.start() and key not in self.ignore and not found.lower().endswith(self.endings)
                        and not (self.beginnings and key.startswith(self.beginnings))
                        and (nearby or self._spells_student(found))):
                    hits.append(Hit(m.start(), m.end(), PENDING if pending else "hit"))
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        student = any(h.tag == STUDENT for h in hits)
        return [replace(h, tag="hit") for h in hits if h.tag == "hit" or (h.tag == PENDING and student)]
