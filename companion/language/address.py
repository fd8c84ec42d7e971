"""Who a sentence speaks to: the person addressed ("Hey Sam,", "congrats @hunter_bishop24!!",
"Thank you, Ms. Tran!", "…tonight, Lily!!!") as opposed to a person spoken of ("Sam Okafor
was absent", "Jalen's eligibility").

A name is addressed when it opens the sentence (after greetings only: "Hi", "Congrats",
"Thank you", "Good luck") and is followed by punctuation, the end, or "you"; or when it closes
the sentence (only punctuation or emoji after it) after a comma, a greeting or a noun
("great game tonight Lily!!!"), never after a preposition or a verb ("congrats to Lily!",
"I love Marco!"); or when it closes a clause before a comma in a sentence that says "you" ("you
were AMAZING tonight Maya, that solo had me in tears"). An @handle that opens a reply addresses its owner whatever follows
("@dhernandez we've marked…").
"""

from __future__ import annotations

from spacy.tokens import Span

# Words that may come before an addressed name at the start of a sentence.
GREETINGS = frozenset({
    "hi", "hey", "hello", "heyy", "hiya", "yo", "dear", "morning", "good", "great", "nice", "awesome",
    "congrats", "congratulations", "congratz", "thanks", "thank", "thx", "ty", "you", "so", "way", "to",
    "go", "job", "luck", "work", "game", "happy", "birthday", "welcome", "proud", "of", "omg", "wow",
    "lol", "well", "done", "amazing", "sorry", "ok", "okay",
})
# A sentence opening with one of these speaks to someone: "Hi Ms. Vargas, …", "Dear families".
OPENING_GREETINGS = frozenset({"hi", "hey", "hello", "dear", "heyy", "hiya", "yo"})
# Before a name spoken to, these praise it ("Congrats, Imani!", "great game tonight Lily!"): the
# student is more likely the one spoken to than a parent greeted ("Thanks for asking, Grace!").
PRAISE = frozenset({
    "congrats", "congratulations", "congratz", "proud", "happy", "birthday", "luck", "job", "way", "go",
    "great", "nice", "awesome", "amazing", "done", "wow", "omg", "bravo", "yay", "love", "incredible",
})
SECOND_PERSON = frozenset({"you", "your", "u", "ur", "yall", "y'all", "youre", "you're"})
# Before a name at the end of a sentence, these make it spoken *of*: "congrats to Lily!".
_NOT_BEFORE_CLOSING = frozenset({"ADP", "VERB", "AUX", "DET", "PART", "CCONJ", "SCONJ", "PRON"})


_SUBJECT_VERBS = frozenset({"is", "was", "has", "had", "were", "are", "got", "gets", "missed", "did", "does",
                            "will", "can", "needs", "said", "turned", "scored", "failed", "left", "came"})


def _filler(token) -> bool:
    """Punctuation, emoji and symbols: what may surround an addressed name."""
    return token.is_punct or token.is_space or not any(ch.isalnum() for ch in token.text)


def is_addressed(span: Span) -> bool:
    doc = span.doc
    before = [t for t in doc[:span.start] if not _filler(t)]
    after = doc[span.end:]
    # Opening: greetings only before it; punctuation, the end, or "you" after it.
    if all(t.lower_ in GREETINGS for t in before) and not (before and before[-1].lower_ in ("to", "of")):
        # ("congrats to Lily!" and "proud of Marco" speak of them; "way to go Marco!" ends in "go")
        if span[0].text.startswith("@") and not before:
            return True
        if not after or _filler(after[0]) or after[0].lower_ in SECOND_PERSON:
            return True
    # Closing a clause that speaks to someone, before a comma: "you were AMAZING tonight Maya, that
    # second act solo…" (not "did you see Maya, …", "you and Maya, …": a verb or "and" before it).
    if (after and after[0].text == "," and span.start > 0 and not _filler(doc[span.start - 1])
            and doc[span.start - 1].lower_ not in ("to", "of") and doc[span.start - 1].pos_ not in _NOT_BEFORE_CLOSING
            and any(t.lower_ in SECOND_PERSON for t in doc[:span.start])):
        return True
    # Closing: only punctuation or emoji after it.
    if all(_filler(t) for t in after) and span.start > 0:
        prev = doc[span.start - 1]
        if prev.text == ",":
            return True
        if prev.lower_ in ("to", "of"):
            return False  # "congrats to Lily!", "so proud of Marco"
        if prev.lower_ in GREETINGS or (not _filler(prev) and prev.pos_ not in _NOT_BEFORE_CLOSING):
            return True
    return False


def is_praised(span: Span) -> bool:
    """A word of praise before the name in its sentence: "Congrats, Imani!", "Great game tonight
    Lily!", "Happy birthday Marco!"."""
    return any(t.lower_ in PRAISE for t in span.doc[:span.start])


def is_spoken_of(span: Span) -> bool:
    """A name used as the subject or owner of something: "Sam Okafor was absent", "Carlos
    Mendoza's mom", "Jayden has missed 6 days"."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if nxt.text in ("'s", "'", "’s"):
        return True
    if not nxt.pos_:  # no tagger (degraded mode): the commonest verbs after a subject
        return nxt.lower_ in _SUBJECT_VERBS
    return nxt.pos_ in ("VERB", "AUX")


def speaks_to_reader(doc) -> list[Span]:
    """Second-person words: the sentence speaks to its reader."""
    return [doc[t.i:t.i + 1] for t in doc if t.lower_ in SECOND_PERSON]
