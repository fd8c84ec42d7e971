"""Phrase matchers shared across detectors and builds: the same list builds one matcher, and a
matcher no build asks for again is let go (rules edited all day must not pile up old lists)."""

from __future__ import annotations

import companion.language.matching as matching
from companion.detectors.base import Env
from companion.language.matching import PhraseSet, new_build


def env(model, lists=None):
    return Env(model.nlp, lists or {}, {})


def test_the_same_list_builds_one_matcher(model):
    new_build()
    e = env(model, {"roles": ["front office", "principal"]})
    a, b = PhraseSet(e, [], ["roles"]), PhraseSet(e, ["principal", "front office"])
    assert a._matcher is b._matcher
    assert PhraseSet(e, ["principal"])._matcher is not a._matcher
    doc = model.nlp("Jenna in the front office and our principal")
    assert [sp.text for sp in a.matches(doc)] == [sp.text for sp in b.matches(doc)] == ["front office", "principal"]


def test_a_matcher_no_build_asks_for_again_is_let_go(model):
    new_build()
    old = PhraseSet(env(model), ["an old word"])._matcher
    new_build()                                   # the next build asks for it again: kept
    assert PhraseSet(env(model), ["an old word"])._matcher is old
    new_build()                                   # a build that does not: gone from the cache
    PhraseSet(env(model), ["a new word"])
    new_build()
    assert PhraseSet(env(model), ["an old word"])._matcher is not old
    assert len(matching._MATCHERS) == 1 and not any(k[1] == ("a new word",) for k in matching._MATCHERS)


def test_plurals_and_case_are_part_of_the_key(model):
    new_build()
    e = env(model)
    doc = model.nlp("Two IEPs and one iep")
    assert [sp.text for sp in PhraseSet(e, ["IEP"]).matches(doc)] == ["IEPs", "iep"]
    assert [sp.text for sp in PhraseSet(e, ["IEP"], plurals=False).matches(doc)] == ["iep"]
