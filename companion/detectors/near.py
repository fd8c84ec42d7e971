"""`near`: marks a word only when a target word is close by, within `within` words.

This is how "negative about the district" differs from "negative about traffic": "hopeless"
fires near "district" or "principal", not near "traffic". A negation just before the word
("not", "never", "can't say enough") silences it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.language.address import OPENING_GREETINGS, speaks_to_reader
from companion.language.matching import MaskedWords, PhraseSet
from companion.language.people import initials, reads_as_word

ADDRESS = "address"  # evidence that the draft speaks to someone (for `needs_address_on`)


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
                                   "or initials (\"K.M.\") count as a target too: \"Marco's IEP\", \"Kai "
                                   "Yamamoto broke his wrist\"."),
        "needs_address_on": Field("phrases", [], "Surfaces (`comment`, `reply`, `dm`, `post`) on which a mark "
                                  "counts only when the draft speaks to someone: \"you\", \"your\", \"u\", a "
                                  "greeting opening a sentence (\"Hi Ms. Vargas,\"), an @handle opening it. A comment "
                                  "among colleagues (\"Marco's IEP meeting moved, can anyone cover my duty?\") has "
                                  "none; a direct message or reply always speaks to its reader."),
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
        self.address_surfaces = set(options.get("needs_address_on", []))
        self.people = None
        if options.get("names_are_targets"):
            from companion.language.people import PeopleFinder
            self.people = PeopleFinder.shared(env.nlp, [], env.roster, env.model_ok)

    def find(self, doc: Doc) -> list[Hit]:
        hits = self._address(doc) if self.address_surfaces else []
        targets = self.targets.matches(doc)
        if self.people is not None and (self.words.matches(doc) or self.masked):
            # A roster first name used as a word ("it will be at the front table") is no one.
            people = self.people.candidates(doc)
            # A close sensitive word is the cue, so a sentence's first word counts too.
            people += self.people.single_subjects(doc, people, at_start=True)
            targets = targets + [p.span for p in people
                                 if p.roster_entry is None or p.roster_entry.full or not reads_as_word(p.span)]
            targets += initials(doc)
        if not targets:
            return hits
        negations = self.negations.matches(doc)
        words = self.words.matches(doc)
        if self.masked:
            words += [sp for s, e in self.masked.spans(doc.text)
                      if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None]
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
        # An emoji ("🙄", "🙃") is not underlined on its own beside words that fired: one remark,
        # one underline. Alone it still counts.
        def letters(h: Hit) -> bool:
            return any(ch.isalnum() for ch in doc.text[h.start:h.end])
        if any(h.tag == "hit" and letters(h) for h in hits):
            hits = [h for h in hits if h.tag != "hit" or letters(h)]
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        if draft.context.surface in self.address_surfaces and not any(h.tag == ADDRESS for h in hits):
            return []
        return [h for h in hits if h.tag == "hit"]

    @staticmethod
    def _address(doc: Doc) -> list[Hit]:
        found = speaks_to_reader(doc)
        if len(doc) and (doc[0].lower_ in OPENING_GREETINGS or doc[0].text.startswith("@")):
            found.append(doc[0:1])
        return [Hit(sp.start_char, sp.end_char, ADDRESS) for sp in found]
