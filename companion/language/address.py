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


_MARKS = "second_look.address"  # Doc.user_data key: `_marks`, read once a doc


def _marks(doc) -> tuple[int, int, int, int]:
    """Where the doc's first word, first word that is no greeting, first "you" and first praise
    word are (len(doc) when none): read once, so that each name's questions below cost nothing
    however long the draft (scanning everything before each name made long drafts quadratic)."""
    marks = doc.user_data.get(_MARKS)
    if marks is None:
        n = len(doc)
        first_word = first_other = first_you = first_praise = n
        for t in doc:
            word = t.lower_
            if first_word == n and not _filler(t):
                first_word = t.i
            if first_other == n and not _filler(t) and word not in GREETINGS:
                first_other = t.i
            if first_you == n and word in SECOND_PERSON:
                first_you = t.i
            if first_praise == n and word in PRAISE:
                first_praise = t.i
        marks = doc.user_data[_MARKS] = (first_word, first_other, first_you, first_praise)
    return marks


def _word_before(doc, i: int):
    """The last token before position i that is not punctuation or emoji, or None."""
    i -= 1
    while i >= 0 and _filler(doc[i]):
        i -= 1
    return doc[i] if i >= 0 else None


def is_addressed(span: Span) -> bool:
    doc = span.doc
    first_word, first_other, first_you, _ = _marks(doc)
    after = doc[span.end:]
    # Opening: greetings only before it; punctuation, the end, or "you" after it.
    last = _word_before(doc, span.start) if first_word < span.start else None
    if first_other >= span.start and not (last is not None and last.lower_ in ("to", "of")):
        # ("congrats to Lily!" and "proud of Marco" speak of them; "way to go Marco!" ends in "go")
        if span[0].text.startswith("@") and last is None:
            return True
        if not after or _filler(after[0]) or after[0].lower_ in SECOND_PERSON:
            return True
    # Closing a clause that speaks to someone, before a comma: "you were AMAZING tonight Maya, that
    # second act solo…" (not "did you see Maya, …", "you and Maya, …": a verb or "and" before it).
    if (after and after[0].text == "," and span.start > 0 and not _filler(doc[span.start - 1])
            and doc[span.start - 1].lower_ not in ("to", "of") and doc[span.start - 1].pos_ not in _NOT_BEFORE_CLOSING
            and first_you < span.start):
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
    return _marks(span.doc)[3] < span.start


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
