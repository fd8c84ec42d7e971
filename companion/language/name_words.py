"""Whether a roster first name standing alone is used as a word or as a name: "chase your
dreams", "Hunter green uniforms" and "summer was fun" are words; "hey sam,", "this weld bead is
CLEAN hunter!!" and "sam was absent again today" are names. Shared by the detectors that weigh a
roster first name alone (`student_names`, `missing`, `near`, `conversation`)."""

from __future__ import annotations

from spacy.tokens import Span

from companion.language.address import OPENING_GREETINGS
from companion.language.people import is_common_word


def reads_as_word(span: Span, cues: list[Span] = (), news: list[Span] = ()) -> bool:
    """Whether a roster first name alone is used as a word: "chase your dreams", "Grace under
    pressure", "Jasmine tea", "Hunter green uniforms", "'Amazing Grace'"."""
    doc = span.doc
    tok = span[0]
    nxt = doc[span.end] if span.end < len(doc) else None
    # Followed by a noun or adjective it qualifies: "Jasmine tea", "Lily pads", "Hunter green"; an
    # adjective only after a name that is a word too ("hey Jaylen good luck" is a greeting).
    if (nxt is not None and nxt.is_lower and (nxt.pos_ == "NOUN" or (nxt.pos_ == "ADJ" and is_common_word(span.text)))
            and nxt.lower_ not in _TIME_WORDS):
        return True
    if not is_common_word(span.text):
        return False
    if tok.tag_ == "MD" and tok.text.isupper():
        return True  # "i WILL forget": the verb, shouted
    if not tok.text[:1].isupper():
        # Greeted or called by name in lower case, as chat is typed ("hey sam,", "hi grace!",
        # "this weld bead is CLEAN hunter!!"), or the subject of school news told right after
        # ("sam was absent again today"), or whose school news it is ("rose's IEP meeting"): a name.
        return not (_greeted(span) or _called(span) or _told_of(span, news) or _owns_news(span, news))
    if _starts_sentence(span):
        # "Grace crushed her senior speech", "Oscar in my class lost…": a subject, or a cue
        # right after; "Chase your dreams" is a verb.
        while nxt is not None and nxt.pos_ == "ADV" and nxt.i + 1 < len(doc):
            nxt = doc[nxt.i + 1]  # "Joy absolutely nailed her solo"
        return not ((nxt is not None and nxt.pos_ in ("VERB", "AUX") and tok.pos_ != "VERB")
                    or any(0 <= c.start - span.end <= 1 for c in cues))
    prev = doc[span.start - 1]
    # Part of a capitalised phrase: "Amazing Grace", "The Hunter Games".
    return (prev.text[:1].isupper() and is_common_word(prev.text)
            and prev.lower_ not in _BEFORE_NAMES and not prev.text.endswith("."))


def _told_of(span: Span, news: list[Span]) -> bool:
    """A subject, a finite verb, then school news about a student within four words (`close_cues`:
    attendance, eligibility, discipline, health): "diego is academically ineligible", "sam was
    absent again", "chase still needs his physical"; not "summer was fun" nor "joy was everywhere
    in my class" (a class is no news about anyone)."""
    doc = span.doc
    if span[0].pos_ == "AUX" or span[0].tag_ == "MD":
        return False  # "if your student will be absent"
    i = span.end
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    # A finite verb: "sam was absent", not "pure joy watching my class".
    if not (i < len(doc) and doc[i].tag_ in ("VBD", "VBZ", "VBP", "MD")):
        return False
    return any(0 < c.start - i <= 4 for c in news)


def _owns_news(span: Span, news: list[Span]) -> bool:
    """Followed by "'s" and school news about a student (`close_cues`) within two words: "rose's
    IEP meeting got moved", "jordan's inhaler authorization expired"; not "summer's almost here"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in _NOT_OWNER_BEFORE:
        return False  # "this summer's attendance numbers", "last summer's reading project"
    return (span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s")
            and any(0 < c.start - span.end <= 2 for c in news))


# Before a word with "'s", these make it a thing or a time, not a person: "this summer's".
_NOT_OWNER_BEFORE = {"this", "that", "last", "next", "the", "a", "every", "each", "all"}


# Capitalised words that often come right before a name: "Congrats Grace!", "Happy Birthday Joy".
_BEFORE_NAMES = {"hi", "hey", "hello", "dear", "congrats", "congratulations", "thanks", "thank", "welcome",
                 "go", "happy", "birthday", "proud", "love", "shoutout", "yay", "and", "with", "to", "for"}
# Words after a name that the tagger may call nouns but that qualify nothing: "Mateo right by the door".
_TIME_WORDS = {"today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night",
               "week", "everyone", "too", "again", "yet", "right"}


def _greeted(span) -> bool:
    """Right after a greeting that opens the sentence, and before punctuation, an emoji or the end:
    "hey sam, don't forget…", "yo chase!!"; not "hey, will you…" or "hi summer reading fans"."""
    doc = span.doc
    i = span.start
    if i == 0 or doc[i - 1].lower_ not in OPENING_GREETINGS or not (i == 1 or _starts_sentence(doc[i - 1:i])):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is None or (nxt.text in ",!?.…" or not any(ch.isalnum() for ch in nxt.text))


# Words that make an adjective before a lower-case word predicative ("so clean hunter!!"), but not
# quantities ("so much joy!!").
_INTENSIFIERS = {"so", "super", "really", "very", "too", "soo", "sooo", "hella", "mad"}
_QUANTITIES = {"much", "many", "more", "most", "little", "few", "less", "enough"}
# Adjectives that only ever describe the noun after them: "this is PURE joy!!".
_ATTRIBUTIVE = {"pure", "sheer", "utter", "total", "absolute", "true", "real", "complete", "mere", "such", "what"}
_NOT_NAME_BEFORE = frozenset(_QUANTITIES | _ATTRIBUTIVE)  # built once, not per name
_COPULAS = {"is", "was", "are", "were", "'s", "'re", "looks", "look", "looked", "sounds", "sounded", "be", "being"}


def _called(span) -> bool:
    """A lower-case name closing its sentence, where only a name spoken to fits: after a comma
    ("nice work on the brake job, will!"), after an adjective said of something ("this weld bead
    is CLEAN hunter!!", "that weld is so clean hunter!!"), or after a noun or adverb in a sentence
    that opens with praise ("great game tonight chase!!"). Not after a determiner, a possessive,
    a plain adjective or one that only describes ("what a summer!!", "hope you had a great
    summer!!", "this is PURE joy!!"), nor closing a list ("peace, hope, joy!"). Right after "you"
    ("so proud of you chase!!!") it is spoken to."""
    doc = span.doc
    i = span.start
    if i == 0:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and not (nxt.text in ",!?.…" or not any(ch.isalnum() for ch in nxt.text)):
        return False
    prev = doc[i - 1]
    sentence = doc[:i - 1]
    for k in range(i - 2, -1, -1):
        if doc[k].text in (".", "!", "?"):
            sentence = doc[k + 1:i - 1]
            break
    if prev.text == ",":
        # "thanks for the help, grace!"; not "bye bye, summer!" nor "peace, hope, joy!".
        return sum(t.is_alpha for t in sentence) >= 3 and not any(t.text == "," for t in sentence)
    shouted = prev.is_alpha and prev.text.isupper() and len(prev.text) > 1 and is_common_word(prev.lower_)
    if (shouted or prev.pos_ == "ADJ") and prev.lower_ not in _NOT_NAME_BEFORE:
        # Said of something, after "is" (maybe "so"): "CLEAN hunter" is praise shouted at the name.
        k = i - 2
        if k >= 0 and doc[k].lower_ in _INTENSIFIERS:
            k -= 1
        return k >= 0 and doc[k].lower_ in _COPULAS and (shouted or doc[k + 1].lower_ in _INTENSIFIERS)
    if span[0].tag_ == "MD" or span[0].pos_ in ("AUX", "VERB"):
        return False  # "i know you will!", "thank you will"
    words = [t.lower_ for t in sentence if t.is_alpha]
    if prev.lower_ in ("you", "u"):
        # Praised right after "you": "so proud of you chase!!!"; not "miss you summer!!".
        return any(w in _PRAISE_OPENERS or w in _PRAISE_WORDS for w in words)
    if prev.pos_ in ("NOUN", "PROPN", "ADV") and prev.is_alpha:
        # Praise spoken to someone: "great game tonight chase!!", "you were AMAZING tonight paris!!!"
        return bool(words) and (words[0] in _PRAISE_OPENERS
                                or (prev.lower_ in _TIME_WORDS and words[0] in ("you", "u")))
    return False


# Praise anywhere in a sentence that ends "you <name>": "so proud of you chase!!!".
_PRAISE_WORDS = {"proud", "congrats", "congratulations", "thank", "thanks", "amazing", "awesome", "great"}
# Words that open a sentence of praise spoken to someone: "great job today lily!!".
_PRAISE_OPENERS = {"great", "nice", "good", "awesome", "amazing", "congrats", "congratulations", "way", "well",
                   "beautiful", "excellent", "fantastic", "incredible", "sick", "clean", "solid", "huge", "proud"}


def _starts_sentence(span) -> bool:
    i = span.start
    return i == 0 or span.doc[i - 1].text in {".", "!", "?", ":", '"', "'"}
