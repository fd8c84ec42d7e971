"""`missing`: fires about the whole draft when it mentions something but lacks a required
phrase — a post about district work without a "views are my own" disclaimer.
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import WHOLE_DRAFT, Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet
from companion.language.people import is_common_word, reads_as_word


class MissingDetector(Detector):
    kind = "missing"
    summary = "Fires when the draft mentions something but lacks a required phrase."
    FIELDS = {
        "mentions": Field("phrases", [], "Any of these makes the requirement apply (leave empty: always applies)."),
        "mention_lists": Field("lists", [], "Names of lists whose words count as mentions."),
        "required": Field("phrases", [], "Phrases of which at least one must be present."),
        "required_lists": Field("lists", [], "Names of lists whose phrases count as present too."),
        "roster_names": Field("yes/no", False, "A student's name from the roster counts as a mention: the full "
                              "name, or a first name alone, not an everyday word, as the subject of a verb "
                              "(\"Siosaia needs a ride\"; not \"Paris in the spring\", \"Marco Polo\")."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.mentions = PhraseSet(env, options.get("mentions", []), options.get("mention_lists", []))
        self.required = PhraseSet(env, options.get("required", []), options.get("required_lists", []), plurals=False)
        self.roster = env.roster if options.get("roster_names") else None

    def find(self, doc: Doc) -> list[Hit]:
        hits = ([Hit(s, e, "mention") for s, e in self.mentions.spans(doc)]
                + [Hit(s, e, "required") for s, e in self.required.spans(doc)])
        if self.roster is not None:
            hits += [Hit(sp.start_char, sp.end_char, "mention") for sp, entry in self.roster.find(doc)
                     if entry.full or _first_name_subject(sp)]
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        tags = {h.tag for h in hits}
        mentioned = "mention" in tags or not self.mentions
        return [WHOLE_DRAFT] if mentioned and "required" not in tags else []


def _first_name_subject(span) -> bool:
    """A roster first name alone that does something: "Siosaia needs a ride", "Elijah finally
    turned in…". Not an everyday word, nor part of another name ("Marco Polo", "Noah's Ark")."""
    if is_common_word(span.text) or reads_as_word(span):
        return False
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    return i < len(doc) and doc[i].pos_ in ("VERB", "AUX")
