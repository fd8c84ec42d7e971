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

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from wordfreq import zipf_frequency

from companion.language.address import OPENING_GREETINGS
from companion.language.text import doc_text

_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")
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
    # Chat words and words for calling someone, which the tagger may read as lower-case names.
    "bro", "bruh", "dude", "fam", "sis", "homie", "buddy", "idk", "ngl", "tbh", "lol", "lmao", "omg",
    "smh", "imo", "fr", "btw", "tmrw", "tmr", "tmw", "pls", "plz", "rn", "u", "ur", "thx", "irl", "asap",
}


# The last word of a capitalised run that names an event, a group or a place, not a person:
# "Kindness Week", "Family Night", "Robotics Club", "Hazel Valley".
NOT_NAME_ENDINGS = {
    "week", "weekend", "day", "days", "night", "month", "year", "fair", "festival", "club", "team",
    "program", "awards", "camp", "party", "drive", "center", "centre", "library", "school",
    "elementary", "academy", "university", "college", "church", "hall", "street", "avenue", "road",
    "cafe", "bakery", "market", "league", "cup", "bowl", "series", "show", "museum", "zoo", "mall",
    "airport", "county", "city", "lake", "beach", "bay", "valley", "heights", "mountain", "river",
    "island", "stadium", "arena", "challenge", "bee", "games", "tournament", "conference", "month",
    "band", "tour", "lyrics", "sessions", "bundle", "edition", "xmas", "christmas", "draft", "release",
    # School events: "our Winter Sing", "the Spring Showcase", "Family Math Potluck".
    "sing", "singalong", "concert", "recital", "showcase", "assembly", "carnival", "gala", "auction", "potluck",
    "musical", "jamboree", "expo", "fest", "parade", "fundraiser", "breakfast",
}
# Chat words the model glues to the end of a name.
_TRAILERS = {"vs", "v", "live", "lol", "lmao", "haha", "wears", "says", "said"}


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    w = word.lower()
    return w in _NEVER_NAMES or zipf_frequency(w, "en") >= COMMON_WORD_ZIPF


_LOWER_NAMES_OK = True


def _foreign(doc: Doc) -> bool:
    """Mostly words English does not have ("zid i hvatam ga da se smirim"): the English model
    reads them as names."""
    words = [t.lower_ for t in doc if t.is_alpha and len(t) > 2 and not t.text[0].isupper()]
    return len(words) >= 4 and sum(zipf_frequency(w, "en") < 2.0 for w in words) >= 0.5 * len(words)


def title_cased(doc: Doc) -> bool:
    """Most words capitalised ("Rockin Out To Guster Live At The Chapel"): capitals are style,
    not names."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 5 and sum(t.text[0].isupper() for t in words) >= 0.6 * len(words)


# Verbs that open a greeting post, glued by the model to the name after them: "Wishing Mariam…".
_GREETING_VERBS = {"wishing", "welcoming", "thanking", "congratulating", "celebrating", "honoring", "honouring",
                   "remembering"}
_NEVER_NAMES |= _GREETING_VERBS
# Verbs that open a request about someone, glued by the model to the name after them: "Tell Omar
# good luck at Cascade next year", "Ask Priya for the key".
_REQUEST_VERBS = frozenset({"tell", "ask", "remind", "wish", "congratulate", "email", "text", "call", "hug", "send",
                            "give", "let", "help", "meet"})


def _describing_words(nlp) -> frozenset[str] | None:
    """English adjectives and adverbs, from the model's own lemmatizer tables (WordNet's index)."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return frozenset(w for pos in ("adj", "adv") for w in index.get(pos, ()))
    except (KeyError, ValueError, AttributeError):
        return None


def _plural_of_word(word: str) -> bool:
    """A plural of a common English word ("prayers", "extras"), not a name ending in "s"."""
    return word.endswith("s") and zipf_frequency(word[:-1], "en") >= 4.0


def _opens_sentence(token) -> bool:
    """First in the draft, or right after ".", "!", "?" or an emoji."""
    if token.i == 0:
        return True
    prev = token.doc[token.i - 1].text
    return prev in (".", "!", "?", "...", "…") or all(not ch.isascii() and not ch.isalnum() for ch in prev)


def _leading_word(token) -> bool:
    """A word the model glues to the front of a name: "lol kai", "Noticed Jayden", "Wishing Mariam",
    "Congrats Siosaia", "Tell Omar"."""
    w = token.lower_
    return ((token.is_lower and zipf_frequency(w, "en") >= 4.8)
            or (len(w) > 4 and w.endswith("ed") and is_common_word(w)) or w in _GREETING_VERBS
            or w in _GREETINGS_BEFORE  # "Congrats Siosaia!!"
            or (w in _REQUEST_VERBS and _opens_sentence(token)))  # "Tell Omar good luck"


# Greetings the model takes into the name after them: the openers chat uses, and thanks or congratulations.
_GREETINGS_BEFORE = OPENING_GREETINGS | {"congrats", "congratulations", "thanks", "welcome"}


def initials(doc: Doc) -> list[Span]:
    """Initials standing for a person: "K.M.", "J.R." (two or three capitals with dots)."""
    return [doc[t.i:t.i + 1] for t in doc if _INITIALS.fullmatch(t.text)]


def name_like(token) -> bool:
    text = token.text
    return (len(text) > 1 and text[0].isupper() and text.replace("-", "").replace("'", "").isalpha()
            and not text.isupper())


_SHARED: dict[tuple, "PeopleFinder"] = {}


@dataclass(frozen=True)
class Person:
    span: Span  # the name itself, without a title
    source: str  # "model", "shape", "roster", "title", "cue"
    title: Span | None = None  # "Ms.", "Coach"...
    roster_entry: object | None = None


class PeopleFinder:
    """Finds candidate person names in a Doc; built once per rule set."""

    def __init__(self, nlp, titles: list[str], roster=None, model_ok: bool = True) -> None:
        self.roster = roster
        self.model_ok = model_ok
        self.nlp = nlp
        self.title_matcher = Matcher(nlp.vocab)
        titles = [t.lower().rstrip(".") for t in titles]
        if titles:
            # spaCy keeps "Ms." as one token, "Coach" without a dot: match both spellings.
            title_tok = {"LOWER": {"IN": titles + [t + "." for t in titles]}}
            dot = {"TEXT": ".", "OP": "?"}
            name = {"IS_TITLE": True, "IS_ALPHA": True}
            # Typed in lower case, a title needs its dot: "ms. rivera's class" (not "coach said").
            low_title = {"LOWER": {"IN": titles}}
            low_name = {"IS_LOWER": True, "IS_ALPHA": True}
            patterns = [[title_tok, dot, name], [title_tok, dot, name, name],
                        [low_title, {"TEXT": "."}, low_name],
                        [{"LOWER": {"IN": [t + "." for t in titles]}}, low_name]]
            self.title_matcher.add("TITLED", patterns, greedy="LONGEST")
        self._titles = set(titles)
        self._describing_words = _describing_words(nlp)

    def _describing(self, word: str) -> bool:
        """A word that describes ("Proud", "Grateful", "Huge") rather than names: "Floors look like
        glass ✨ Proud of this team". Names that are also common nouns or verbs ("Bill", "Harry",
        "Jesus", "Don") opening a sentence stay names."""
        w = word.lower()
        if self._describing_words is None:  # no lemma tables (a degraded model): frequency alone
            return is_common_word(w)
        return w in _NEVER_NAMES or w in self._describing_words

    @classmethod
    def shared(cls, nlp, titles: list[str], roster=None, model_ok: bool = True) -> "PeopleFinder":
        """One finder per configuration, so that detectors with the same titles and roster share
        its per-sentence results (`candidates` and `titled` are worked out once per Doc)."""
        key = (id(nlp.vocab), tuple(sorted(t.lower().rstrip(".") for t in titles)), roster, model_ok)
        finder = _SHARED.get(key)
        if finder is None:
            if len(_SHARED) >= 8:  # rules or roster reloaded many times: start afresh
                _SHARED.clear()
            finder = _SHARED[key] = cls(nlp, titles, roster, model_ok)
        return finder

    def _memo(self, doc: Doc, what: str, compute):
        key = ("people", id(self), what)
        found = doc.user_data.get(key)
        if found is None:
            found = doc.user_data[key] = compute(doc)
        return list(found)  # callers may add to their copy

    def titled(self, doc: Doc) -> list[Person]:
        return self._memo(doc, "titled", self._titled)

    def candidates(self, doc: Doc) -> list[Person]:
        return self._memo(doc, "candidates", self._candidates)

    def _titled(self, doc: Doc) -> list[Person]:
        out = []
        for _, start, end in self.title_matcher(doc):
            # The title is one token, maybe followed by "." (or "Mr." is one token).
            name_start = start + 1
            if name_start < end and doc[name_start].text == ".":
                name_start += 1
            name = doc[name_start:end]
            if name[0].text == "I" or (name[0].is_lower and (
                    is_common_word(name.text) or name[0].lower_ in _NEVER_NAMES
                    or _plural_of_word(name[0].lower_) or doc[start].pos_ == "VERB")):
                continue  # "dr. said", "ms. and", "coach tmrw", "I coach runners", "the fourth principal I've had"
            if name_start - start == 2 and (len(doc[start].text) > 4 or doc[start].lower_ in ("dean", "miss")):
                continue  # a word title, not an abbreviation, ends a sentence: "the new girls soccer coach. Tryouts"
            out.append(Person(name, "title", title=doc[start:name_start]))
        return out

    def _candidates(self, doc: Doc) -> list[Person]:
        people: list[Person] = []
        headline = title_cased(doc)
        if self.model_ok and not _foreign(doc):
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                ent = self._trim(ent)
                # Handles, hashtags, links and "RT" are the model's usual mistakes on posts.
                if ent is None or any(t.text.startswith(("@", "#")) or t.like_url for t in ent):
                    continue
                # In Title Cased Text capitals say nothing: a common word is not a name there.
                if headline and ((len(ent) == 1 and is_common_word(ent.text)) or any(t.is_stop for t in ent)):
                    continue
                # A common word opening a sentence, often after an emoji: "Floors look like glass ✨
                # Proud of this team", "… ⚾🥎 Athletes need a current physical". The roster still
                # finds its own first names there.
                if len(ent) == 1 and _opens_sentence(ent[0]) and (self._describing(ent.text)
                                                                  or _plural_of_word(ent[0].lower_)):
                    continue
                # A lower-case noun after an article: "found a lost kindergartner's shoe".
                if len(ent) == 1 and ent[0].is_lower and ent[0].pos_ == "NOUN" and _after_article(ent[0]):
                    continue
                # A lower-case plural of a common word: "extras are in the front office".
                if len(ent) == 1 and ent[0].is_lower and _plural_of_word(ent[0].lower_):
                    continue
                if not any(name_like(t) for t in ent) and not _LOWER_NAMES_OK:
                    continue
                if any(name_like(t) or t.is_lower for t in ent):
                    people.append(Person(ent, "model"))
        if not headline:
            people += self._shape(doc)
        # The roster knows best: its full-name spans win over anything they overlap. A roster
        # first name alone yields to a longer name ("Rosa" in "Rosa Parks" is someone else).
        roster = [Person(sp, "roster", roster_entry=entry)
                  for sp, entry in (self.roster.find(doc) if self.roster is not None else [])]
        # A roster first name with a surname's initial after it is that name ("Leilani K.", "Ava M."):
        # the longer span the model may find there stays the roster's.
        roster = [Person(ext, "roster", roster_entry=p.roster_entry)
                  if not p.roster_entry.full and (ext := with_initial(p.span)) is not None else p for p in roster]
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
        while start < end and (doc[start].lower_.rstrip(".") in self._titles or doc[start].text in {"RT", ".", "'"}
                               or not doc[start].text[0].isalnum()  # "🏆🏆🏆 congrats"
                               or (end - start > 1 and _leading_word(doc[start]))):
            start += 1
        while end > start and (not doc[end - 1].text[0].isalnum()
                               or (end - start > 1 and (doc[end - 1].is_stop or doc[end - 1].lower_ in _TRAILERS))):
            end -= 1  # "Serena Williams Vs", "Denise Calaman The", "martin lmao"
        if start > span.start and end - start == 1 and doc[start].is_lower and is_common_word(doc[start].text):
            return None  # what is left is a word: "congrats" of "🏆🏆🏆 congrats"
        if end > start and (doc[end - 1].lower_ in NOT_NAME_ENDINGS
                            or any(ch.isdigit() for t in doc[start:end] for ch in t.text)):
            return None  # "Kindness Week", "Bluegrass Sessions 1994", "Mark 14:30"
        return doc[start:end] if end > start else None

    def _shape(self, doc: Doc) -> list[Person]:
        """Two or three capitalised, uncommon words in a row: "Imani Wells", "Rafael Ortega"."""
        out = []
        i = 0
        n = len(doc)
        while i < n:
            j = i
            while j < n and j - i < 3 and name_like(doc[j]) and doc[j].lower_ not in self._titles:
                j += 1
            if j - i >= 2:
                words = doc[i:j]
                # A first name is rarely a frequent English word; "Great Job Team" and
                # "Hunter Green" are left to the model and the roster.
                # After an article it names a thing: "the Perilous Plot of Professor Poopypants".
                if (not is_common_word(words[0].text) and words[-1].lower_ not in NOT_NAME_ENDINGS
                        and not (i > 0 and doc[i - 1].lower_ in ("the", "a", "an"))):
                    out.append(Person(words, "shape"))
                i = j
            else:
                i += 1
        return out

    def single_subjects(self, doc: Doc, found: list[Person], at_start: bool = False) -> list[Person]:
        """Single capitalised, uncommon words no other source took, used as the subject or
        owner of something mid-sentence: "Noticed Kaden has been tardy", "with Jalen's form".
        Only as targets or with a close cue: alone they are too often places or brands. With
        `at_start`, the first word of a sentence too ("Tyler got detention again"), where every
        word is capitalised: only for a caller that also needs a close cue."""
        from companion.language.address import is_spoken_of

        seen = {i for p in found for i in range(p.span.start, p.span.end)}
        return [Person(doc[t.i:t.i + 1], "shape") for t in doc
                if ((t.i > 0 and doc[t.i - 1].text not in ".!?:") or (at_start and _acts(t)))
                and t.i not in seen and name_like(t) and not is_common_word(t.text)
                and t.lower_ not in self._titles and is_spoken_of(doc[t.i:t.i + 1])]

    def lower_first_names(self, doc: Doc, roles: list[Span]) -> list[Span]:
        """Lower-case first names the tagger reads as common words ("big ups to marcus from our
        tech team", "marisol in the front office", "jen and marcus from the transportation
        office"): a word where a name goes (after "to", "for", "and" or opening a sentence, never
        after "a", "the" or "our") with a role at most three words on, which the model takes for
        a proper noun once capitalised ("Marcus", not "Donuts" or "Help"). Only when such a word
        is there does this cost a second pass of the model, over a few words around it."""
        if not self.model_ok or not roles:
            return []
        picked = []
        for t in doc:
            if not (t.is_lower and t.is_alpha and len(t.text) > 2 and not t.is_stop and t.pos_ != "PROPN"
                    and t.lower_ not in _NEVER_NAMES and t.lower_ not in self._titles and not is_common_word(t.text)
                    and len(t.text[0].upper()) == 1  # "ß" -> "SS" would shift the offsets
                    and not _plural_of_word(t.lower_)  # "prayers"
                    and not (len(t.text) > 5 and t.lower_.endswith(_NOUN_ENDINGS))):
                continue
            if t.i > 0 and doc[t.i - 1].lower_ not in _BEFORE_LOWER_NAME and not doc[t.i - 1].is_punct:
                continue
            span = doc[t.i:t.i + 1]
            # "jen and marcus from…": the role follows the last of two names joined by "and".
            nxt = doc[t.i + 2:t.i + 3] if t.i + 2 < len(doc) and doc[t.i + 1].lower_ in ("and", "&") else None
            if with_role(span, roles, gap=3) or (nxt is not None and nxt[0].is_alpha and with_role(nxt, roles, gap=3)):
                picked.append(span)
        picked = [sp for sp in picked if not any(r.start <= sp.start < r.end for r in roles)]
        if not picked:
            return []
        # Each word again, capitalised, in a window of a few words around it: the cost stays that
        # of a short phrase however long the draft.
        windows = []
        for sp in picked:
            first, last = doc[max(0, sp.start - 6)], doc[min(len(doc), sp.end + 6) - 1]
            start, end = first.idx, last.idx + len(last.text)
            at = sp.start_char - start
            text = doc_text(doc)[start:end]
            windows.append((at, text[:at] + text[at].upper() + text[at + 1:]))
        out = []
        for sp, (at, _), again in zip(picked, windows, self.nlp.pipe(w for _, w in windows)):
            hit = again.char_span(at, at + len(sp.text))
            # Capitalised, "Pickup" and "Paperwork" are proper nouns too, but no entity.
            if hit is not None and hit[0].pos_ == "PROPN" and hit[0].ent_type_ in _NAME_ENTITIES:
                out.append(sp)
        return out

    def person_spans(self, doc: Doc) -> list[Span]:
        """Every person name found, without titles: what `scripts/evaluate.py names` measures."""
        spans = [p.span for p in self.candidates(doc)] + [p.span for p in self.titled(doc)]
        return filter_spans(spans)


# Words right before a lower-case first name: "shoutout to marcus", "for marisol", "jen and marcus".
_BEFORE_LOWER_NAME = frozenset({"to", "for", "and", "&", "thanks", "thx", "ty", "shoutout", "congrats", "love", "ups",
                                "kudos", "w/", "with"})


# What the model calls a capitalised first name it does not know: a person, or often an
# organisation or a place ("Marcus" is a GPE to it, "Jen" an ORG).
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC"})
# Endings of common nouns that are no first names: "coverage", "enrollment", "custodial".
_NOUN_ENDINGS = ("age", "ment", "tion", "sion", "ing", "ness", "ity", "ance", "ence", "ship", "work", "ial", "ery")


def _after_article(token) -> bool:
    """An article before the word, maybe with one describing word between: "a lost kindergartner"."""
    doc = token.doc
    i = token.i - 1
    if i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and doc[i].lower_ in ("a", "an", "the", "this", "that", "every", "each")


def _acts(token) -> bool:
    """A sentence's first word followed by a full verb ("Tyler got", "Kayden missed"), not a
    copula ("Cedarhurst is an allergy-aware school"), and not a place or organisation."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (nxt is not None and nxt.pos_ == "VERB" and token.ent_type_ not in ("GPE", "FAC", "LOC")
            and nxt.lower_ not in ("is", "was", "are", "were"))


def with_role(span: Span, roles: list[Span], gap: int = 4) -> bool:
    """A name followed closely by a role in its sentence: "Jenna in the front office", "Maria
    Gonzalez, our amazing PTA president", "sarah and dev from the english dept" (the role's own
    modifiers, "english", "science", belong to the role)."""
    doc = span.doc
    for role in roles:
        start = role.start
        while (start > span.end and role.start - start < 2 and doc[start - 1].pos_ in ("ADJ", "NOUN", "PROPN")
               and (doc[start - 1].is_alpha or doc[start - 1].like_num)):
            start -= 1
        # Not across a sentence, nor from an owner ("Marco's IEP with the special ed department").
        if 0 <= start - span.end <= gap and not any(t.text in (".", "!", "?", ";", "'s", "'") for t in doc[span.end:start]):
            return True
    return False


# Owners that make a role someone else's: "Tomás's mom", "our PTA president"; not "my grandma Grace",
# the author's own family.
_ROLE_OWNERS = {"'s", "’s", "'", "our", "your", "his", "her", "their", "the"}


# Last words of roles that are places or teams, not jobs.
_PLACE_ROLE_ENDS = frozenset({"office", "team", "dept", "department", "kitchen", "crew", "staff", "payroll", "dispatch",
                              "transportation", "hr", "it", "pta", "ptsa"})


def after_role(span: Span, roles: list[Span]) -> bool:
    """A name right after someone's role, maybe set off by a comma: "Tomás's mom, Claudia Reyes",
    "our PTA president, Maria Gonzalez", "Kenji's dad Hiro", "PTA president Renee Caldwell". A
    one-word role needs an owner before it (or in it: "our counselor"), so "Thanks mom, Claudia and
    I loved it" is no parent named."""
    doc = span.doc
    for role in roles:
        end = role.end
        if end < span.start and doc[end].text == ",":
            end += 1
        if end != span.start:
            continue
        owner = role[0].lower_ in _ROLE_OWNERS or (role.start > 0 and doc[role.start - 1].lower_ in _ROLE_OWNERS)
        # A job of two words or more names a grown-up by itself ("PTA president Renee Caldwell"); a
        # place, a team or "dad to" does not ("stopped by main office Omar was crying").
        if owner or (len(role) > 1 and role[-1].pos_ != "ADP" and role[-1].lower_ not in _PLACE_ROLE_ENDS):
            return True
    return False


# Words that pick people out of a group named before them: "the band parents who fed 80 kids…,
# esp Tomasz and Renee Kowalczyk", "our PTA volunteers, especially Lorena".
_GROUP_PICKS = frozenset({"esp", "esp.", "especially", "including", "incl", "incl.", "particularly"})


def in_group(span: Span, groups: list[Span]) -> bool:
    """A name picked out of a group named earlier in its sentence by "esp", "especially" or
    "including", maybe after other names of the same pick ("esp Tomasz and Renee Kowalczyk")."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].text in (",", "&") or doc[i].lower_ == "and" or name_like(doc[i])):
        i -= 1
    if i < 0 or doc[i].lower_ not in _GROUP_PICKS:
        return False
    return any(g.end <= i and not any(t.text in (".", "!", "?", ";") for t in doc[g.end:i]) for g in groups)


# A lower-case proper noun this frequent is a word, not a name ("mom"); "maria" (4.3) is a name.
_LOWER_NAME_ZIPF = 5.0


def past_role(span: Span, roles: list[Span]) -> Span:
    """The name without a role the model read into it: "our custodian Luis" is tagged "custodian
    Luis", and the role "our custodian" ends inside it, so the name is "Luis"."""
    for role in roles:
        if role.start <= span.start < role.end < span.end:
            return span.doc[role.end:span.end]
    return span


def lone_names(doc: Doc) -> list[Span]:
    """Single capitalised words the tagger reads as proper nouns that are no common English word,
    and `lower_names`: "Deb", "Marcus" in "Deb from the kitchen", "Marcus in the kitchen", which
    the model does not always take for people. Only for callers that need more evidence beside
    them (a role right after)."""
    capitalised = [doc[t.i:t.i + 1] for t in doc if t.is_title and t.is_alpha and len(t.text) > 2
                   and t.pos_ == "PROPN" and not is_common_word(t.text)]
    return sorted(capitalised + lower_names(doc), key=lambda sp: sp.start)


def lower_names(doc: Doc) -> list[Span]:
    """Single lower-case words the tagger reads as proper nouns and that are no very common English
    word (a looser bar than `is_common_word`, so that "maria" passes; chat words such as "bro" and
    "idk" are never names): "jen", "miguel" in "jen from the front office and miguel our night custodian". Only
    for callers that need more evidence beside them (a role right after)."""
    return [doc[t.i:t.i + 1] for t in doc if t.is_lower and t.is_alpha and len(t.text) > 2 and t.pos_ == "PROPN"
            and t.lower_ not in _NEVER_NAMES and zipf_frequency(t.lower_, "en") < _LOWER_NAME_ZIPF
            and not _plural_of_word(t.lower_)]


# A capital and maybe a dot after a first name: "Leilani K.", "Ava M." (a surname's initial).
_INITIAL = re.compile(r"[A-Z]\.?")


def with_initial(span: Span) -> Span | None:
    """The span with the surname's initial after it ("Leilani K."), or None when none follows."""
    doc = span.doc
    j = span.end
    if j < len(doc) and _INITIAL.fullmatch(doc[j].text) and doc[j].text != "I":  # "Bao I saw": the pronoun
        bare = not doc[j].text.endswith(".") and not (j + 1 < len(doc) and doc[j + 1].text == ".")
        if bare and j + 1 < len(doc) and doc[j + 1].is_lower:
            return None  # "Ava A great job": the article, not an initial
        j += 1
        if j < len(doc) and doc[j].text == "." and not doc[j - 1].text.endswith("."):
            j += 1
        return doc[span.start:j]
    return None
