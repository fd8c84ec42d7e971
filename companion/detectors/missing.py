"""`missing`: fires about the whole draft when it mentions something but lacks a required
phrase — a post about district work without a "views are my own" disclaimer.

A mention may also be inside an @handle or #hashtag ("@CoachMendozaTyee", "#TyeePride", with
`handle_word_lists`), or be another rule firing (`mention_rules`: a draft that names a student or
speaks to one is about district work whatever words it uses).

Two kinds of mention count only when the draft does not say they mean something else
(`SenseCues`, shared with `reminder`): a school named after a place ("Mount Rainier") is the
place when the outdoors is in the draft ("Summit views from Mount Rainier") and no school event
is; "class" and "school" are the author's own school days in a reunion post ("20 years since
the Class of 2006 graduated. Reunion planning group is up"); "my kids", "my kiddos" are the
author's own children in a post about family time ("Sunday soccer with my kiddos").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from companion.detectors.base import WHOLE_DRAFT, Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet, word_set
from companion.language.mentions import HANDLE_WORDS, other_name, owned_elsewhere
from companion.language.name_words import reads_as_word
from companion.language.people import is_common_word
from companion.language.text import doc_text


PLACE, PLACE_CUE, SCHOOL_CUE = "place", "place_cue", "school_cue"
PAST, PAST_CUE, STATE_CUE = "past", "past_cue", "state_cue"
# "my kids", "my kiddos": the author's class, or in a post about family time their own children.
KIDS, FAMILY_CUE = "kids", "family_cue"
# Words as true of any district's schools as of the author's ("kids", "teachers", "the principal"),
# and another district or the state named anywhere in the draft: with one, those words (unless
# "my" or "our" owns them) are read as about that place ("My nephew's school in Tacoma STILL
# hasn't fixed their heat. Kids in coats all day.").
GENERAL, ELSEWHERE = "general", "elsewhere"
# Something sold in the draft ("use code MSREYES10", "full disclosure, I own this shop"): words
# true of any district ("teachers", "staff") are its customers, not the author's work.
SELLING = "selling"
# "school" or "class" the author owns ("my class", "our school"): unlike a bare "school", still
# the author's own work in a draft that names another district.
PAST_OWN = "past_own"

SENSE_FIELDS = {
    "not_mentions": Field("phrases", [], "Phrases in which a mention word does not count (\"a kid in the "
                          "crosswalk\", \"this school year\")."),
    "not_mention_lists": Field("lists", [], "Names of lists of such phrases."),
    "describing": Field("phrases", [], "Mention words that do not count when they only describe the noun right "
                        "after them: a product or a group, not the author's work (\"teacher planners\", "
                        "\"teacher outfits\", \"teacher friends\").", needs_model=True),
    "nouns_only": Field("phrases", [], "Mention words that count only as nouns: \"coach\" is a role, \"I coach for "
                        "this program\" is not the author's school work.", needs_model=True),
    "elsewhere_lists": Field("lists", [], "Names of lists of other places (other districts): in a sentence naming "
                             "one, mention words are about that place (\"Kent's new school calendar\")."),
    "general_mention_lists": Field("lists", [], "Names of lists among the mentions whose words are as true of any "
                                   "district (\"kids\", \"teachers\", \"principal\"): in a draft that names another "
                                   "district (`elsewhere_lists`) or the state (`state_lists`) anywhere, they are about "
                                   "that place and do not count (\"My nephew's school in Tacoma STILL hasn't fixed "
                                   "their heat. Kids in coats all day.\"), nor do `own_school_days_words` "
                                   "(\"vote yes on your school levies\"). The district's own names and schools, and such words "
                                   "after \"my\" or \"our\" (\"our principal\", \"my 5th graders\", \"my "
                                   "class\"), still count. A place counts only standing alone, not inside another "
                                   "name (\"the Tacoma Dome\", \"Clark Kent\")."),
    "general_words": Field("phrases", [], "Single mention words that, wherever they are and not after \"my\" or \"our\", "
                           "are about schools in general, not the author's work: \"districts\" (\"districts all "
                           "over the state are cutting buses\")."),
    "other_place_lists": Field("lists", [], "Names of lists of places with schools of their own whose name alone is "
                               "usually the place (\"Seattle\", \"Bellevue\"): a mention right after one, maybe "
                               "after \"'s\" or a describing word, is that place's (\"the Seattle school board\", "
                               "\"Bellevue's new superintendent\", \"the lake washington school district\"), and "
                               "does not count; the place alone (\"my class's trip to the Seattle Aquarium\") changes "
                               "nothing."),
    "place_lists": Field("lists", [], "Names of lists of schools named after a place (\"Mount Rainier\"): such a "
                         "name alone is the place, not the school, when a `place_cue_lists` word is in the draft "
                         "and no `school_cue_lists` word is (\"Summit views from Mount Rainier\"). A longer name "
                         "(\"Mount Rainier High School\") always counts.", needs_model=True),
    "place_cue_lists": Field("lists", [], "Names of lists of words about the place itself: the outdoors (\"summit\", "
                             "\"hike\", \"trail\", \"views\")."),
    "school_cue_lists": Field("lists", [], "Names of lists of words that make a place-named school the school again "
                              "(\"game\", \"homecoming\")."),
    "own_school_days_lists": Field("lists", [], "Names of lists of words showing the draft is about the author's own "
                                   "school days (\"reunion\"): then `own_school_days_words` do not count."),
    "own_school_days_words": Field("phrases", [], "Mention words that, with an `own_school_days_lists` word in the "
                                   "draft, are the author's own school days (\"Class of 2006\", \"high school\"); "
                                   "with a `state_lists` word, schools across the state."),
    "selling_lists": Field("lists", [], "Names of lists of words showing the draft sells something (a code, a shop, "
                           "a stated interest): then `general_mention_lists` words are its customers and do not "
                           "count (\"teachers!! this is THE lanyard, use code MSREYES10\"). The district's names, "
                           "its schools and \"my students\" still count."),
    "state_lists": Field("lists", [], "Names of lists of words showing the draft is about schools across the state "
                         "(\"statewide\", \"the legislature\", \"OSPI\"): then `own_school_days_words` do not "
                         "count (\"Worth a read on statewide school funding\")."),
    "school_name_lists": Field("lists", [], "Names of lists of words that may follow a place-named school's name and "
                               "keep it the school (\"High\", \"Elementary\", a mascot). Any other capitalised "
                               "word right after it makes it another business's or place's name (\"Evergreen Yard "
                               "Co\", \"Madrona Bakery\"), which does not count."),
    "family_lists": Field("lists", [], "Names of lists of words showing the draft is about the author's own family "
                          "life (\"my son\", \"Sunday\", \"spring break\"): then `family_words` do not count "
                          "(\"Sunday soccer with my kiddos\")."),
    "family_words": Field("phrases", [], "Mention words that, with a `family_lists` word in the draft, are the "
                          "author's own children, not a class (\"my kids\", \"my kiddos\"): \"Spring break road "
                          "trip with my kids!\"; without one they count (\"the bell rang and my kids sprinted "
                          "out\")."),
    "family_word_lists": Field("lists", [], "Names of lists of such words."),
}


class SenseCues:
    """How `missing` and `reminder` read a mention. `mentions` drops the words that are not about
    the author's school work at all (inside a `not_mentions` phrase, describing a product, a verb,
    in a sentence about another district); the rest count only when the draft does not show they
    mean something else: a school named after a place, with the outdoors around it; "class",
    "school" in a reunion post. `hits` tags a segment's mention spans; `counts` decides over the
    whole draft's tags."""

    def __init__(self, env: Env, options) -> None:
        self.not_mentions = PhraseSet(env, options.get("not_mentions", []), options.get("not_mention_lists", []))
        self.describing = PhraseSet(env, options.get("describing", []))
        self.nouns_only = PhraseSet(env, options.get("nouns_only", []))
        self.elsewhere = PhraseSet(env, [], options.get("elsewhere_lists", []))
        self.general = PhraseSet(env, [], options.get("general_mention_lists", []))
        self.general_words = word_set(env, options.get("general_words", []))
        self.other_places = PhraseSet(env, [], options.get("other_place_lists", []))
        self.places = PhraseSet(env, [], options.get("place_lists", []))
        self.place_cues = PhraseSet(env, [], options.get("place_cue_lists", []))
        self.school_cues = PhraseSet(env, [], options.get("school_cue_lists", []))
        self.past_cues = PhraseSet(env, [], options.get("own_school_days_lists", []))
        self.past_words = PhraseSet(env, options.get("own_school_days_words", []))
        self.state_cues = PhraseSet(env, [], options.get("state_lists", []))
        self.selling_cues = PhraseSet(env, [], options.get("selling_lists", []))
        self.school_names = PhraseSet(env, [], options.get("school_name_lists", []))
        self.family_cues = PhraseSet(env, [], options.get("family_lists", []))
        self.family_words = PhraseSet(env, options.get("family_words", []), options.get("family_word_lists", []))

    def mentions(self, doc: Doc, found: list) -> list:
        """The mention words that count: not in a sentence about another district, not inside a
        `not_mentions` phrase, not a `describing` word right before the noun it describes."""
        if self.elsewhere and self.elsewhere.matches(doc):
            return []
        if self.other_places:
            owned = owned_elsewhere(doc, found, self.other_places.matches(doc))
            found = [sp for sp in found if (sp.start, sp.end) not in owned]
        outside = self.not_mentions.matches(doc)
        describing = {(sp.start, sp.end) for sp in self.describing.matches(doc)}
        nouns_only = {(sp.start, sp.end) for sp in self.nouns_only.matches(doc)} if self.nouns_only else set()
        out = []
        for sp in found:
            if (sp.start, sp.end) in nouns_only and sp.root.pos_ in ("VERB", "AUX"):
                continue
            if any(o.start <= sp.start and sp.end <= o.end for o in outside):
                continue
            if (sp.start, sp.end) in describing and _describes_next(doc, sp):
                continue
            out.append(sp)
        return out

    def hits(self, doc: Doc, mentions: list) -> list[Hit]:
        """One hit per mention span ("mention", or "place"/"past" for those that may mean something
        else), plus the cues found in the segment."""
        places = {(sp.start, sp.end) for sp in self.places.matches(doc)} if self.places else set()
        past = self.past_words.matches(doc) if (self.past_cues or self.state_cues) else []
        kids = self.family_words.matches(doc) if (self.family_cues and self.family_words) else []
        general = {(sp.start, sp.end) for sp in self.general.matches(doc)} if self.general else set()
        out = []
        for sp in mentions:
            if (sp.start, sp.end) in places:
                if self._other_name(doc, sp):
                    continue
                tag = PLACE
            elif any(p.start <= sp.start and sp.end <= p.end for p in past):
                tag = PAST_OWN if _owned(doc, sp) else PAST
            elif any(k.start <= sp.start and sp.end <= k.end for k in kids):
                tag = KIDS
            elif ((sp.start, sp.end) in general or sp[-1].lower_ in self.general_words) and not _owned(doc, sp):
                tag = GENERAL
            else:
                tag = "mention"
            out.append(Hit(sp.start_char, sp.end_char, tag))
        if self.general:
            out += [Hit(sp.start_char, sp.end_char, ELSEWHERE) for sp in self.elsewhere.matches(doc)
                    if _stands_alone(doc, sp)]
        for cues, tag in ((self.place_cues, PLACE_CUE), (self.school_cues, SCHOOL_CUE), (self.past_cues, PAST_CUE),
                          (self.state_cues, STATE_CUE), (self.family_cues, FAMILY_CUE),
                          (self.selling_cues, SELLING)):
            out += [Hit(s, e, tag) for s, e in cues.spans(doc)]
        return out

    def _other_name(self, doc: Doc, span) -> bool:
        if not self.school_names:
            return False
        return other_name(doc, span, (self.school_names, self.school_cues))

    @staticmethod
    def counts(tags: set[str]) -> bool:
        """Whether the draft's mentions count: a plain one, a place-named school without the outdoors
        (or with a school event), "class" or "school" outside a reunion post or a post about the
        state's schools, "my kids" outside a post about family time, a word true of any district
        outside a draft about another district or the state (a bare "school" or "class" too) or one
        that sells."""
        return ("mention" in tags
                or (GENERAL in tags and ELSEWHERE not in tags and STATE_CUE not in tags and SELLING not in tags)
                or (PLACE in tags and (PLACE_CUE not in tags or SCHOOL_CUE in tags))
                or (PAST in tags and PAST_CUE not in tags and STATE_CUE not in tags and ELSEWHERE not in tags)
                or (PAST_OWN in tags and PAST_CUE not in tags and STATE_CUE not in tags)
                or (KIDS in tags and FAMILY_CUE not in tags))


class MissingDetector(Detector):
    kind = "missing"
    summary = "Fires when the draft mentions something but lacks a required phrase."
    FIELDS = {
        "mentions": Field("phrases", [], "Any of these makes the requirement apply (leave empty: always applies)."),
        "mention_lists": Field("lists", [], "Names of lists whose words count as mentions."),
        "required": Field("phrases", [], "Phrases of which at least one must be present."),
        "required_lists": Field("lists", [], "Names of lists whose phrases count as present too."),
        "roster_names": Field("yes/no", False, "A student's full name from the roster counts as a mention."),
        "first_name_cue_lists": Field("lists", [], "With `roster_names`, a roster first name alone counts as a "
                                      "mention too when a word from these lists is in the draft (\"Siosaia needs a "
                                      "ride to the away game\"); not when it is used as a word or is part of "
                                      "another name (\"Paris in the spring\", \"Marco Polo\")."),
        "mention_rules": Field("rules", [], "Rules whose firing counts as a mention: a draft that names a student "
                               "(`student-name`) is about district work. The rules named must not have `mention_rules` "
                               "of their own."),
        "handle_word_lists": Field("lists", [], "Names of lists whose words, spelled inside an @handle or #hashtag, "
                                   "count as mentions (\"@CoachMendozaTyee\", \"#TyeePride\"): names of the district's "
                                   "own schools and teams, not everyday words (\"@TeacherMemes\" is anyone's). A tag "
                                   "run together in lower case counts when it opens or ends with such a name and "
                                   "the rest is an English word, or one before a `school_cue_lists` word "
                                   "(\"#tyeebasketball\", \"#gototems\", \"#tyeegirlsbasketball\"; not "
                                   "\"#piratesofthecaribbean\"); a school named after a place needs a "
                                   "`school_name_lists` or `school_cue_lists` word after it (\"#madronabakery\" is "
                                   "the bakery, \"#evergreenwolverines\" the school)."),
        "handle_title_lists": Field("lists", [], "Names of lists of titles (\"Mrs\", \"Coach\"): an @handle that opens "
                                    "with one, its end shown by a capital, \".\" or \"_\", then a name and at least one "
                                    "more word, is a teacher's handle and names a colleague (\"@mrs.nakamura.reads\", "
                                    "\"@MrsDelgadoReads\"); a title and one word (\"@MrBeast\") may be anyone's."),
        **SENSE_FIELDS,
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.mentions = PhraseSet(env, options.get("mentions", []), options.get("mention_lists", []))
        self.required = PhraseSet(env, options.get("required", []), options.get("required_lists", []), plurals=False)
        self.roster = env.roster if options.get("roster_names") else None
        self.first_cues = PhraseSet(env, [], options.get("first_name_cue_lists", []))
        self.mention_rules = set(options.get("mention_rules", []))
        self.handle_words = PhraseSet(env, [], options.get("handle_word_lists", []))
        # The names a run-together lower-case tag may open or end with, longest first.
        self.run_names = sorted({"".join(ch for ch in p.lower() if ch.isalnum()) for p in self.handle_words.phrases}
                                - {""}, key=len, reverse=True)
        self.handle_titles = {t.lower().rstrip(".") for t in
                              PhraseSet(env, [], options.get("handle_title_lists", []), plurals=False).phrases}
        self.make_doc = env.nlp.make_doc
        self.senses = SenseCues(env, options)
        # School events a run-together tag's rest may end with: "#tyeegirlsbasketball".
        self.run_events = {"".join(ch for ch in p.lower() if ch.isalnum())
                           for p in self.senses.school_cues.phrases} - {""}

    def find(self, doc: Doc) -> list[Hit]:
        hits = (self.senses.hits(doc, self.senses.mentions(doc, self.mentions.matches(doc)))
                + [Hit(s, e, "required") for s, e in self.required.spans(doc)])
        if self.roster is not None:
            for sp, entry in self.roster.find(doc):
                if entry.full:
                    hits.append(Hit(sp.start_char, sp.end_char, "mention"))
                elif self.first_cues and _first_name_alone(sp):
                    hits.append(Hit(sp.start_char, sp.end_char, "first"))
            hits += [Hit(s, e, "cue") for s, e in self.first_cues.spans(doc)]
        if self.handle_words or self.handle_titles:
            hits += self._in_handles(doc)
        return hits

    def _in_handles(self, doc: Doc) -> list[Hit]:
        """Mentions spelled inside @handles and #hashtags, their words split at capitals, digits,
        dots and underscores: "@CoachMendozaTyee", "#TyeePride", "@tyee_athletics"; a tag run
        together in lower case split after or before a name it opens or ends with ("#tyeebasketball",
        "#gototems"); and a teacher's handle, a title, a name and another word ("@mrs.nakamura.reads")."""
        out = []
        for m in _HANDLE.finditer(doc_text(doc)):
            parts = HANDLE_WORDS.findall(m.group(1))
            if (m.group(0).startswith("@") and len(parts) >= 3 and parts[0].lower() in self.handle_titles
                    and _title_end_shown(m.group(1), len(parts[0]))):
                out.append(Hit(m.start(), m.end(), "mention"))
                continue
            if not self.handle_words:
                continue
            if len(parts) == 1:
                parts = self._split_run(parts[0])
            if len(parts) > 1 and self._names_school(self.make_doc(" ".join(parts))):
                out.append(Hit(m.start(), m.end(), "mention"))
        return out

    def _split_run(self, run: str) -> list[str]:
        """A lower-case run split after a name it opens with, or before one it ends with, the rest at
        least two letters and an English word, or one before a school event ("girlsbasketball"):
        "tyeebasketball" -> tyee basketball, "gototems" -> go totems; not "piratesofthecaribbean",
        a title that only opens with a mascot."""
        low = run.lower()
        for name in self.run_names:
            if len(low) - len(name) >= 2:
                if low.startswith(name) and self._words(low[len(name):]):
                    return [low[:len(name)], low[len(name):]]
                if low.endswith(name) and self._words(low[:-len(name)]):
                    return [low[:-len(name)], low[-len(name):]]
        return [run]

    def _words(self, rest: str) -> bool:
        """Whether the rest of a run-together tag is an English word, or one before a school event
        ("girlsbasketball")."""
        if zipf_frequency(rest, "en") >= 1.5:
            return True
        return any(rest.endswith(e) and len(rest) > len(e) and zipf_frequency(rest[:-len(e)], "en") >= 1.5
                   for e in self.run_events)

    def _names_school(self, words: Doc) -> bool:
        """Whether a tag's words hold a mention read as in the text: not inside a `not_mentions`
        phrase, and a place-named school only when nothing but a school word follows it
        ("Madrona Bakery" is the bakery, "Evergreen Wolverines" the school)."""
        found = self.senses.mentions(words, self.handle_words.matches(words))
        places = {(sp.start, sp.end) for sp in self.senses.places.matches(words)} if self.senses.places else set()
        keep = {sp.start for ps in (self.senses.school_names, self.senses.school_cues) if ps for sp in ps.matches(words)}
        return any((sp.start, sp.end) not in places or sp.end == len(words) or sp.end in keep for sp in found)

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        tags = {h.tag for h in hits}
        mentioned = (SenseCues.counts(tags) or not self.mentions or {"first", "cue"} <= tags
                     or bool(self.mention_rules & draft.fired))
        return [WHOLE_DRAFT] if mentioned and "required" not in tags else []


# Before a word true of any district, these make it the author's own: "my 5th graders", "our
# principal", "my own classroom".
_OWN = {"my", "our", "mine"}


def _owned(doc: Doc, span) -> bool:
    """The author's own, up to two describing words or numbers before: "our principal", "my 5th
    graders", "my lesson plans", "our season"."""
    if span[0].lower_ in _OWN:
        return True  # the list's own "my lesson", "my room"
    i = span.start - 1
    while i >= 0 and span.start - i <= 3 and (doc[i].pos_ in ("ADJ", "NUM", "NOUN") or doc[i].lower_ == "own"
                                              or doc[i].like_num):
        i -= 1
    return i >= 0 and doc[i].lower_ in _OWN


def _stands_alone(doc: Doc, span) -> bool:
    """A place named on its own, not the start or end of a longer name: "Kent is closing schools",
    not "the Tacoma Art Museum", "the Tacoma Dome", "Clark Kent"."""
    prev = doc[span.start - 1] if span.start > 0 else None
    return not (other_name(doc, span, ()) or (prev is not None and prev.text[:1].isupper() and prev.pos_ == "PROPN"))


_HANDLE = re.compile(r"(?<![\w@#])[@#]([A-Za-z0-9_.]*[A-Za-z0-9_])")


def _title_end_shown(handle: str, length: int) -> bool:
    """Whether the handle's title ends where its first word does, shown by a capital, "." or "_"
    ("@MrsDelgadoReads", "@mrs.nakamura.reads"), not inside a run of letters ("@mrbeast")."""
    nxt = handle[length:length + 1]
    return nxt in (".", "_") or nxt.isupper()


def _describes_next(doc: Doc, span) -> bool:
    """Whether the word only describes the noun right after it ("teacher planners"). A plural
    noun after "of" is read as one even when tagged as a verb ("tons of teacher outfits")."""
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or nxt.text.startswith(("@", "#")):
        return False
    if nxt.pos_ in ("NOUN", "PROPN"):
        return True
    return nxt.tag_ == "VBZ" and span.start > 0 and doc[span.start - 1].pos_ == "ADP"


def _first_name_alone(span) -> bool:
    """A roster first name standing for a person: not an everyday word ("Paris in the spring"),
    nor part of another name ("Marco Polo", "Noah's Ark", "Lily of the valley")."""
    if is_common_word(span.text) or reads_as_word(span):
        return False
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if nxt is not None and (nxt.text[:1].isupper() or nxt.lower_ == "of"
                            or (nxt.text in ("'s", "'") and after is not None and after.text[:1].isupper())):
        return False
    return True
