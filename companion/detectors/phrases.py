"""`phrases`: marks any word or phrase from a list.

Case-insensitive, whole words only, curly and straight apostrophes equal, plurals and
possessives included ("teacher" also marks "teachers" and "teacher's").

With `masked: true`, single words from the lists are also found when masked or spelled with
look-alike symbols ("f***", "sh1t", "$h!t", "a**hole"): each symbol stands for the letter it
looks like, and `*`, `#`, `%`, `_` for any letter. A word needs at least one real letter and one
symbol to be read this way, so "you!!" or "3rd" never are.
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import MaskedWords, PhraseSet
from companion.language.text import doc_text


class PhrasesDetector(Detector):
    kind = "phrases"
    summary = "Marks any word or phrase from a list (and, optionally, masked spellings of its words)."
    FIELDS = {
        "phrases": Field("phrases", [], "The words or phrases to mark."),
        "lists": Field("lists", [], "Names of lists (from `lists:`) whose words are marked too."),
        "masked": Field("yes/no", False, "Also mark masked spellings of single words: \"f***\", \"sh1t\", \"$h!t\"."),
        "not_in": Field("phrases", [], "Phrases in which a marked word means something else and is not marked "
                        "(\"no question is dumb\"); the rest of the sentence still counts."),
        "not_in_lists": Field("lists", [], "Names of lists of such phrases."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.words = PhraseSet(env, options.get("phrases", []), options.get("lists", []))
        self.masked = MaskedWords(self.words.phrases) if options.get("masked") else None
        self.not_in = PhraseSet(env, options.get("not_in", []), options.get("not_in_lists", []))

    def find(self, doc: Doc) -> list[Hit]:
        hits = [Hit(s, e) for s, e in self.words.spans(doc)]
        if self.masked:
            hits += [Hit(s, e) for s, e in self.masked.spans(doc_text(doc))]
        if hits and self.not_in:
            inside = self.not_in.spans(doc)
            hits = [h for h in hits if not any(s <= h.start and h.end <= e for s, e in inside)]
        return hits
