"""`near`: marks a word only when a target word is close by, within `within` words.

This is how "negative about the district" differs from "negative about traffic": "hopeless"
fires near "district" or "principal", not near "traffic". A negation just before the word
("not", "never", "can't say enough") silences it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import MaskedWords, PhraseSet


class NearDetector(Detector):
    kind = "near"
    summary = "Marks a word when a target word is within a few words of it."
    FIELDS = {
        "phrases": Field("phrases", [], "The words to mark."),
        "lists": Field("lists", [], "Names of lists whose words are marked too."),
        "targets": Field("phrases", [], "The words that must be nearby."),
        "target_lists": Field("lists", [], "Names of lists whose words count as targets."),
        "within": Field("whole number", 6, "How many words apart the word and a target may be."),
        "negations": Field("phrases", [], "Words that, just before the marked word, cancel it "
                           "(\"not bad\", \"never rude\")."),
        "negation_window": Field("whole number", 3, "How many words before the marked word a negation is looked for."),
        "mark": Field("text", "word", "What to underline: `word`, `target`, or `both` (the whole stretch)."),
        "masked": Field("yes/no", False, "Also mark masked spellings of the words (\"f***\", \"sh1t\")."),
        "names_are_targets": Field("yes/no", False, "A person's name (on the roster, or found in the text) "
                                   "counts as a target too: \"Marco's IEP\", \"Kai Yamamoto broke his wrist\"."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.words = PhraseSet(env, options.get("phrases", []), options.get("lists", []))
        self.targets = PhraseSet(env, options.get("targets", []), options.get("target_lists", []))
        self.negations = PhraseSet(env, options.get("negations", []), plurals=False)
        self.within = options.get("within", 6)
        self.window = options.get("negation_window", 3)
        self.mark = options.get("mark", "word")
        self.masked = MaskedWords(self.words.phrases) if options.get("masked") else None
        self.people = None
        if options.get("names_are_targets"):
            from companion.language.people import PeopleFinder
            self.people = PeopleFinder(env.nlp, [], env.roster, env.model_ok)

    def find(self, doc: Doc) -> list[Hit]:
        targets = self.targets.matches(doc)
        if self.people is not None and (self.words.matches(doc) or self.masked):
            targets = targets + [p.span for p in self.people.candidates(doc)]
        if not targets:
            return []
        negations = self.negations.matches(doc)
        words = self.words.matches(doc)
        if self.masked:
            words += [sp for s, e in self.masked.spans(doc.text)
                      if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None]
        hits = []
        for word in words:
            if any(word.start - self.window <= n.end <= word.start for n in negations):
                continue
            near = [t for t in targets
                    if (t.start >= word.end and t.start - word.end < self.within)
                    or (t.end <= word.start and word.start - t.end < self.within)]
            if not near:
                continue
            target = min(near, key=lambda t: abs(t.start - word.start))
            if self.mark == "target":
                hits.append(Hit(target.start_char, target.end_char))
            elif self.mark == "both":
                hits.append(Hit(min(word.start_char, target.start_char), max(word.end_char, target.end_char)))
            else:
                hits.append(Hit(word.start_char, word.end_char))
        return hits
