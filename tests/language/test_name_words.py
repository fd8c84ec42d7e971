"""Whether a roster first name standing alone reads as a word or a name
(`companion.language.name_words`), on sentences anyone can read."""

from __future__ import annotations

import pytest

from companion.language.name_words import reads_as_word


@pytest.mark.parametrize("text, name, news, word", [
    ("chase your dreams, class of 2026", "chase", [], True),
    ("the new Hunter green uniforms are in", "Hunter", [], True),        # qualifies the word after it
    ("hey Jaylen good luck at tryouts", "Jaylen", [], False),           # an adjective after a name that is no word
    ("hey sam, bring your lab notebook", "sam", [], False),             # greeted in lower case
    ("this weld bead is CLEAN hunter!!", "hunter", [], False),          # called by name
    ("sam was absent again today", "sam", ["absent"], False),           # school news told of it
    ("summer was fun but now it is back to class", "summer", ["absent"], True),
    ("if your student will be absent, call the office", "will", ["absent"], True),  # a modal
    ("hi ms. tran, rose's IEP meeting got moved", "rose", ["iep"], False),       # whose news it is
    ("jordan's inhaler authorization expired last week", "jordan", ["inhaler"], False),
    ("summer's almost here and IEP season is over", "summer", ["iep"], True),  # news, but not its own
    ("so proud of you chase!!! your essays paid off", "chase", [], False),     # spoken to after "you"
    ("you were AMAZING as Elphaba tonight paris!!!", "paris", [], False),
    ("we flew to paris tonight!!", "paris", [], True),
    ("first day back tomorrow. miss you summer!!", "summer", [], True),     # no praise
    ("front row for the 504s, Mateo right by the door for his breaks", "Mateo", [], False),
    ("so proud of my students this year. i know you will!", "will", [], True),  # a verb
    ("this summer's attendance numbers were great", "summer", ["attendance"], True),  # a time's
    ("note to self bc i WILL forget: the sub needs the plans", "WILL", [], True),  # the verb, shouted
])
def test_reads_as_word(model, text, name, news, word):
    if model.degraded_reason:
        pytest.skip("no language model")
    doc = model.nlp(text)
    start = next(t.i for t in doc if t.text == name)
    found = [doc[t.i:t.i + 1] for t in doc if t.lower_ in news]
    assert reads_as_word(doc[start:start + 1], [], found) is word
