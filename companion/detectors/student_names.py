"""`student_names`: marks a student's name — a name on the imported roster, or a person's name
with a student cue nearby ("my student", "junior", "good luck to … at state").

Not marked: a name after a title or role (that is a colleague: see `titled_names`), a famous
person, a roster surname alone, or a roster first name without a cue ("a rose by any other
name", "Hunter green uniforms").
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet
from companion.language.people import PeopleFinder, is_common_word


class StudentNamesDetector(Detector):
    kind = "student_names"
    summary = "Marks a student's name: on the roster, or a name with a student cue nearby."
    needs_model = True
    FIELDS = {
        "cues": Field("phrases", [], "Words that show a name is a student's (\"my student\", \"junior\")."),
        "cue_lists": Field("lists", [], "Names of lists whose words are cues too."),
        "within": Field("whole number", 8, "How many words from the name a cue may be."),
        "titles": Field("phrases", [], "Titles and roles; a name after one is not a student's."),
        "title_lists": Field("lists", [], "Names of lists of titles."),
        "not_students": Field("phrases", [], "Names that are never students (famous people)."),
        "not_student_lists": Field("lists", [], "Names of lists of such names."),
        "first_name_cues": Field("phrases", [], "More cues that count only for a roster first name alone: "
                                 "school life around it (\"Marco's IEP\", \"kai from my 2nd period\")."),
        "first_name_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "opted_out_only": Field("yes/no", False, "Mark only roster students on the Photo Opt-Out list."),
        "severity": Field("text", None, "Raise the findings to this severity (`stop`), e.g. for an opted-out student."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        titles = PhraseSet(env, options.get("titles", []), options.get("title_lists", []), plurals=False)
        self.people = PeopleFinder(env.nlp, titles.phrases, env.roster, env.model_ok)
        self.cues = PhraseSet(env, options.get("cues", []), options.get("cue_lists", []))
        self.famous = PhraseSet(env, options.get("not_students", []), options.get("not_student_lists", []),
                                plurals=False)
        self.first_cues = PhraseSet(env, options.get("first_name_cues", []), options.get("first_name_cue_lists", []))
        self.within = options.get("within", 8)
        self.opted_out_only = options.get("opted_out_only", False)
        self.severity = options.get("severity")

    def find(self, doc: Doc) -> list[Hit]:
        titled = {p.span.start for p in self.people.titled(doc)}
        famous = self.famous.matches(doc)
        cues = None
        hits = []
        for person in self.people.candidates(doc):
            span = person.span
            if span.start in titled or any(f.start <= span.start < f.end for f in famous):
                continue
            entry = person.roster_entry
            if self.opted_out_only and not (entry is not None and getattr(entry, "opt_out", False)):
                continue
            full_roster_name = entry is not None and getattr(entry, "full", False)
            if not full_roster_name:
                first_alone = entry is not None
                if first_alone and is_common_word(span.text) and (not span.text[:1].isupper() or _starts_sentence(span)):
                    # "chase your dreams", "Grace under pressure": a word before it is a name.
                    continue
                if cues is None:
                    cues = self.cues.matches(doc)
                near = cues + (self.first_cues.matches(doc) if first_alone else [])
                if not any(abs(c.start - span.start) <= self.within or abs(span.end - c.end) <= self.within
                           for c in near):
                    continue
            confidence = 0.95 if entry is not None else self.confidence
            hits.append(Hit(span.start_char, span.end_char, confidence=confidence, severity=self.severity))
        return hits


def _starts_sentence(span) -> bool:
    i = span.start
    return i == 0 or span.doc[i - 1].text in {".", "!", "?", ":", '"'}
