"""Finding people's names in a segment: the part of name detection shared by the kinds that
decide *whose* name it is (`student_names`, `titled_names`).

spaCy's small model finds only about a quarter of person names in social-media text, so it is
one source among several:
- PERSON entities from the model, when it is loaded;
- capitalised runs of two or three words that are not common English words (checked against
  `wordfreq`), which catches "Imani Wells" after "my student" even when the model does not;
- the student roster (keyed hashes; see `companion.roster`), in any case;
- names after a title or role ("Ms. Okoro", "Coach Bell"), found with spaCy's `Matcher`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from wordfreq import zipf_frequency

# A capitalised word more frequent than this (Zipf scale: 4 = once per 10,000 words, a common
# word) is only a name when the model or the roster says so: "Hunter green", "Grace under".
COMMON_WORD_ZIPF = 4.3
# Words that start sentences or fill posts in title case and are never names.
_NEVER_NAMES = {
    "i", "we", "our", "my", "the", "a", "an", "and", "or", "but", "congrats", "congratulations",
    "thanks", "thank", "happy", "good", "great", "proud", "shoutout", "shout", "welcome", "hey",
    "hi", "hello", "dear", "please", "today", "tomorrow", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "student",
    "students", "class", "school", "team", "coach", "teacher", "principal", "district",
}


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    w = word.lower()
    return w in _NEVER_NAMES or zipf_frequency(w, "en") >= COMMON_WORD_ZIPF


def _name_like(token) -> bool:
    text = token.text
    return (len(text) > 1 and text[0].isupper() and text.replace("-", "").replace("'", "").isalpha()
            and not text.isupper())


@dataclass(frozen=True)
class Person:
    span: Span  # the name itself, without a title
    source: str  # "model", "shape", "roster", "title"
    title: Span | None = None  # "Ms.", "Coach"...
    roster_entry: object | None = None


class PeopleFinder:
    """Finds candidate person names in a Doc; built once per rule set."""

    def __init__(self, nlp, titles: list[str], roster=None, model_ok: bool = True) -> None:
        self.roster = roster
        self.model_ok = model_ok
        self.title_matcher = Matcher(nlp.vocab)
        titles = [t.lower().rstrip(".") for t in titles]
        if titles:
            # spaCy keeps "Ms." as one token, "Coach" without a dot: match both spellings.
            title_tok = {"LOWER": {"IN": titles + [t + "." for t in titles]}}
            dot = {"TEXT": ".", "OP": "?"}
            name = {"IS_TITLE": True, "IS_ALPHA": True}
            self.title_matcher.add("TITLED", [[title_tok, dot, name], [title_tok, dot, name, name]],
                                   greedy="LONGEST")
        self._titles = set(titles)

    def titled(self, doc: Doc) -> list[Person]:
        out = []
        for _, start, end in self.title_matcher(doc):
            # The title is one token, maybe followed by "." (or "Mr." is one token).
            name_start = start + 1
            if name_start < end and doc[name_start].text == ".":
                name_start += 1
            out.append(Person(doc[name_start:end], "title", title=doc[start:name_start]))
        return out

    def candidates(self, doc: Doc) -> list[Person]:
        people: list[Person] = []
        if self.model_ok:
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                ent = self._trim(ent)
                # Handles, hashtags, links and "RT" are the model's usual mistakes on posts.
                if ent is None or any(t.text.startswith(("@", "#")) or t.like_url for t in ent):
                    continue
                if any(_name_like(t) or t.is_lower for t in ent):
                    people.append(Person(ent, "model"))
        people += self._shape(doc)
        # The roster knows best: its full-name spans win over anything they overlap. A roster
        # first name alone yields to a longer name ("Rosa" in "Rosa Parks" is someone else).
        roster = [Person(sp, "roster", roster_entry=entry)
                  for sp, entry in (self.roster.find(doc) if self.roster is not None else [])]
        full = [p for p in roster if p.roster_entry.full]
        taken = {i for p in full for i in range(p.span.start, p.span.end)}
        rest = [p for p in people + [p for p in roster if not p.roster_entry.full]
                if not taken.intersection(range(p.span.start, p.span.end))]
        rank = {"roster": 3, "model": 2, "shape": 1, "title": 0}
        best: dict[tuple[int, int], Person] = {}
        for p in rest:
            key = (p.span.start, p.span.end)
            if key not in best or rank[p.source] > rank[best[key].source]:
                best[key] = p
        spans = filter_spans([p.span for p in best.values()])
        return full + [best[(s.start, s.end)] for s in spans]

    def _trim(self, span: Span) -> Span | None:
        """Drop a leading title ("Principal Haddad" -> "Haddad") or "RT", and trailing
        punctuation; None if nothing is left."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and (doc[start].lower_.rstrip(".") in self._titles or doc[start].text in {"RT", ".", "'"}):
            start += 1
        while end > start and not doc[end - 1].text[0].isalnum():
            end -= 1
        return doc[start:end] if end > start else None

    def _shape(self, doc: Doc) -> list[Person]:
        """Two or three capitalised, uncommon words in a row: "Imani Wells", "Rafael Ortega"."""
        out = []
        i = 0
        n = len(doc)
        while i < n:
            j = i
            while j < n and j - i < 3 and _name_like(doc[j]) and doc[j].lower_ not in self._titles:
                j += 1
            if j - i >= 2:
                words = doc[i:j]
                # A first name is rarely a frequent English word; "Great Job Team" and
                # "Hunter Green" are left to the model and the roster.
                if not is_common_word(words[0].text):
                    out.append(Person(words, "shape"))
                i = j
            else:
                i += 1
        return out

    def person_spans(self, doc: Doc) -> list[Span]:
        """Every person name found, without titles: what `scripts/evaluate.py names` measures."""
        spans = [p.span for p in self.candidates(doc)] + [p.span for p in self.titled(doc)]
        return filter_spans(spans)
