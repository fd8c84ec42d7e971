"""`student_names`: marks a student's name — a name on the imported roster, or a person's name
with a student cue nearby ("my student", "junior", "good luck to … at state").

Not marked: a name after a title or role (that is a colleague: see `titled_names`; "our
custodian Luis" too), a famous person, a roster surname alone, a roster first name without a cue
("a rose by any other name", "Hunter green uniforms"), or a word of a school's name after "at",
"in" or "vs" (`place_word_lists`: "my classroom at Cascade").

A roster first name alone needs more than the roster: a cue in its sentence or the next
("Jalen's check came back. He's ineligible until his grades come up"), or, in a reply, comment
or DM, being spoken to ("Congrats, Imani!"). One that is also a word, typed in lower case, is a
name when greeted, called, or told of: a finite verb, then school news (`close_cues`) within four
words ("sam was absent again today"; not "summer was fun"). `find` leaves the evidence (tags
`cue`, `first`, `addressed`) and `decide` weighs it over the whole draft.

A name spoken to in a reply, comment or DM that goes on to speak of a student in the third person
("Denise, he's missing 4 assignments in my class") is the reader's, a parent's or colleague's: the
student is "he". For a roster first name only when it is greeted plainly, not praised, and the
draft says "you" to no one else ("Thanks for asking, Grace! He's doing much better"; not
"Congrats, Imani! She earned it").

A roster first name alone that makes a student's full name with a surname after a title elsewhere
in the draft is that student, and the titled name a parent ("Thank you so much Mrs. Alvarez!!
Summer was such a joy to have in the library").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from companion.detectors.base import Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.language.address import is_addressed, is_praised, is_spoken_of, speaks_to_reader
from companion.language.matching import PhraseSet, place_words, word_set
from companion.language.name_words import reads_as_word
from companion.language.people import (NOT_NAME_ENDINGS, PeopleFinder, Person, after_role, in_group, is_common_word,
                                       name_like, past_role, with_role)

# Tags of the evidence `find` leaves for `decide`.
CUE, FIRST, ADDRESSED, ADULT = "cue", "first", "addressed", "adult"
# A roster first name called out alone ("grace!!!"): a name only when it opens the draft.
CALLED = "called"
# Before a school's word alone, these make it the place ("at Cascade"); not "to" or "from",
# which come before people as often ("congrats to Daniel", "a card from Gregory").
_PLACE_PREPOSITIONS = frozenset({"at", "in", "near", "vs", "vs.", "against"})
# A roster first name alone with a cue; the author's own family (`family_cues`) and school life
# (`first_name_cues`) anywhere in the draft, weighed by `decide`.
FIRST_CUED, FAMILY, SCHOOL = "first-cued", "family", "school"
# Words the author may use for their own children or for a class ("my kids", "my kiddos"), and
# cues about school that make them a class wherever they are in the draft ("reading challenge").
KIDS, CLASS = "kids", "class"
# A one-word name off the roster with a student cue near it ("So proud of you Emma"): a student's,
# unless the draft is about the author's own family with nothing about school ("My baby graduated
# from WSU today! … So proud of you Emma").
NAME_CUED = "name-cued"
# A name spoken to that may be the reader's (a parent or colleague told about a student), a
# student spoken of in the third person ("he", "your son"), and "you" said outside such a phrase.
# A roster first name spoken to is the reader's only when greeted plainly (`READER_FIRST`).
READER, READER_FIRST, THIRD, YOU = "reader", "reader-first", "third", "you"
# A colleague's working day ("cover my", "lunch duty"): a name spoken to beside one is a colleague's.
COLLEAGUE = "colleague"
# A roster first name that a reply, comment or direct message speaks to is a student's:
# "Congrats, Imani!", "marco!! you did so good at the spelling bee".
ADDRESS_SURFACES = ("dm", "reply", "comment")
# A surname after a title ("Mrs. Alvarez"): with a roster first name elsewhere in the draft that
# makes a student's full name with it ("Summer"), the parent and the student.
SURNAME = "surname"
# The tags a roster first name alone may carry.
FIRST_TAGS = (FIRST_CUED, FIRST, ADDRESSED, READER_FIRST, CALLED)


class StudentNamesDetector(Detector):
    kind = "student_names"
    summary = "Marks a student's name: on the roster, or a name with a student cue nearby."
    needs_model = True
    FIELDS = {
        "cues": Field("phrases", [], "Words that show a name is a student's (\"my student\", \"junior\")."),
        "cue_lists": Field("lists", [], "Names of lists whose words are cues too."),
        "within": Field("whole number", 8, "How many words from the name a cue may be."),
        "titles": Field("phrases", [], "Titles and roles; a name after one is not a student's."),
        "title_lists": Field("lists", [], "Names of lists of titles."),
        "not_students": Field("phrases", [], "Names that are never students (famous people)."),
        "not_student_lists": Field("lists", [], "Names of lists of such names."),
        "place_word_lists": Field("lists", [], "Names of lists of places (the district's schools) whose words, alone "
                                  "after \"at\", \"in\" or \"vs\", name the place: \"my classroom at Cascade\"."),
        "travel_words": Field("phrases", [], "Single words of a trip (\"heading\", \"flew\", \"vacation\"): a name right "
                              "after one and \"to\" or \"in\" is where the trip goes, even a roster first name "
                              "(\"heading to Paris\", \"flew to Jordan\"); not before \"'s\" (\"going to Maya's "
                              "recital\")."),
        "travel_word_lists": Field("lists", [], "Names of lists of such words."),
        "reading_words": Field("phrases", [], "Single words for reading (\"reading\", \"annotating\"): a name "
                               "off the roster right after one is an author (\"reading Dickens with my seniors\", "
                               "\"we read Hemingway in AP Lang\")."),
        "reading_word_lists": Field("lists", [], "Names of lists of such words."),
        "first_name_cues": Field("phrases", [], "More cues that count only for a roster first name alone: "
                                 "school life around it (\"Marco's IEP\", \"kai from my 2nd period\")."),
        "first_name_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "close_cues": Field("phrases", [], "Words that make any name a student's when they follow it closely "
                            "as its owner or subject (\"Jalen's eligibility\", \"Jayden has missed 6 days\")."),
        "close_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "before_first_names": Field("phrases", [], "Words that, right before a roster first name, show it is a "
                                    "student's (\"our Nia\": staff speak of their students as ours)."),
        "roles": Field("phrases", [], "Roles that, right after a name, make it a colleague's or parent's (\"beth "
                       "and raul from the science dept\", \"Tomasz, the dad who…\"); such a name is not a student's "
                       "unless it is a full roster name."),
        "role_lists": Field("lists", [], "Names of lists of such roles."),
        "group_lists": Field("lists", [], "Names of lists of grown-ups' groups (\"band parents\", \"volunteers\"): a "
                             "name picked out of one named earlier in its sentence by \"esp\", \"especially\" or "
                             "\"including\" is a parent's or colleague's, unless it is on the roster (\"thanks to "
                             "the band parents, esp Tomasz and Renee Kowalczyk\")."),
        "adult_cues": Field("phrases", [], "Words showing the person spoken to is an adult (\"dinner\", \"sis\"): "
                            "a roster first name spoken to without a cue is not a student's then (\"Hey Joy, dinner "
                            "at 7?\")."),
        "adult_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "colleague_cues": Field("phrases", [], "Words of a colleague's working day (\"cover my\", \"lunch duty\", "
                                "\"sub plans\"): in a reply, comment or DM, a first name greeted plainly in a draft "
                                "with one is a colleague's, even beside school life that is the author's (\"Hey "
                                "Priya, can you cover my 3rd period?\")."),
        "colleague_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "family_cues": Field("phrases", [], "Words showing a name is the author's own child or grandchild (\"my son\", "
                             "\"my grandbaby\", \"turned one\"): a roster first name alone near one is not a "
                             "student's, and a cue that is part of one does not count, unless "
                             "school life is near too (a `first_name_cues` word: \"my son Noah's IEP\")."),
        "family_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "class_family_cues": Field("phrases", [], "Words the author may use for their own children or for a class "
                                   "(\"my kids\", \"my kiddos\"): like `family_cues`, but a `class_cues` word "
                                   "anywhere in the draft makes them the class (\"so proud of my kiddos, Marco and "
                                   "Elena, for finishing the reading challenge\"); with none, and no `first_name_cues` "
                                   "word, a roster first name is the author's child (\"Sunday soccer with my kiddos. "
                                   "Mason scored his first goal\")."),
        "class_family_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "class_cues": Field("phrases", [], "Words about school that make `class_family_cues` a class (\"reading "
                            "challenge\", \"grader\", \"for the sub\"); praise (\"proud of\") is no such word: "
                            "parents say it too."),
        "class_cue_lists": Field("lists", [], "Names of lists whose words are such cues."),
        "third_person": Field("phrases", [], "Words that speak of a student in the third person (\"he\", \"her\", "
                              "\"your son\"): in a reply, comment or DM, a name spoken to in a draft with one is the "
                              "reader, a parent or colleague, not a student (\"Denise, he's missing 4 assignments\"). "
                              "A roster first name only when greeted plainly, not praised, and with no other \"you\" "
                              "(\"Thanks for asking, Grace! He's doing much better\"; not \"Congrats, Imani! She "
                              "earned it\")."),
        "third_person_lists": Field("lists", [], "Names of lists whose words are such words."),
        "opted_out_only": Field("yes/no", False, "Mark only roster students on the Photo Opt-Out list."),
        "severity": Field("text", None, "Raise the findings to this severity (`stop`), e.g. for an opted-out student."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        titles = PhraseSet(env, options.get("titles", []), options.get("title_lists", []), plurals=False)
        self.people = PeopleFinder.shared(env.nlp, titles.phrases, env.roster, env.model_ok)
        self.cues = PhraseSet(env, options.get("cues", []), options.get("cue_lists", []))
        self.famous = PhraseSet(env, options.get("not_students", []), options.get("not_student_lists", []),
                                plurals=False)
        self._place_words = place_words(env, options.get("place_word_lists", []))
        self._travel_words = word_set(env, options.get("travel_words", []), options.get("travel_word_lists", []))
        self._reading_words = word_set(env, options.get("reading_words", []), options.get("reading_word_lists", []))
        self.first_cues = PhraseSet(env, options.get("first_name_cues", []), options.get("first_name_cue_lists", []))
        self.close_cues = PhraseSet(env, options.get("close_cues", []), options.get("close_cue_lists", []))
        self.before_first = PhraseSet(env, options.get("before_first_names", []), plurals=False)
        self.roles = PhraseSet(env, options.get("roles", []), options.get("role_lists", []))
        self.groups = PhraseSet(env, [], options.get("group_lists", []))
        self.adult = PhraseSet(env, options.get("adult_cues", []), options.get("adult_cue_lists", []))
        self.colleague = PhraseSet(env, options.get("colleague_cues", []), options.get("colleague_cue_lists", []))
        self.family = PhraseSet(env, options.get("family_cues", []), options.get("family_cue_lists", []))
        self.kids = PhraseSet(env, options.get("class_family_cues", []), options.get("class_family_cue_lists", []))
        self.class_cues = PhraseSet(env, options.get("class_cues", []), options.get("class_cue_lists", []))
        self.third = PhraseSet(env, options.get("third_person", []), options.get("third_person_lists", []),
                               plurals=False)
        self.within = options.get("within", 8)
        self.opted_out_only = options.get("opted_out_only", False)
        self.severity = options.get("severity")

    def find(self, doc: Doc) -> list[Hit]:
        titled_people = self.people.titled(doc)
        titled = {p.span.start for p in titled_people}
        famous = self.famous.matches(doc)
        cues = self.cues.matches(doc)
        first_cues = self.first_cues.matches(doc)
        family = self.family.matches(doc)
        kids = self.kids.matches(doc) if self.kids else []
        class_cues = self.class_cues.matches(doc) if self.class_cues else []
        if family or kids:
            # "my kiddos": the author's own children (or class), not a student cue of its own.
            inside = {i for f in family + kids for i in range(f.start, f.end)}
            cues = [c for c in cues if not inside.intersection(range(c.start, c.end))]
            first_cues = [c for c in first_cues if not inside.intersection(range(c.start, c.end))]
            class_cues = [c for c in class_cues if not inside.intersection(range(c.start, c.end))]
        # Evidence for `decide`: a roster first name alone in one sentence may be cued in the next
        # ("Jalen's eligibility check came back. He's ineligible until his grades come up").
        hits = [Hit(c.start_char, c.end_char, CUE) for c in cues + first_cues]
        if self.people.roster is not None:
            hits += [Hit(p.span[-1].idx, p.span[-1].idx + len(p.span[-1].text), SURNAME) for p in titled_people]
        hits += [Hit(s, e, ADULT) for s, e in self.adult.spans(doc)]
        hits += [Hit(s, e, COLLEAGUE) for s, e in self.colleague.spans(doc)]
        hits += [Hit(c.start_char, c.end_char, SCHOOL) for c in first_cues]
        hits += [Hit(f.start_char, f.end_char, FAMILY) for f in family]
        hits += [Hit(k.start_char, k.end_char, KIDS) for k in kids]
        hits += [Hit(c.start_char, c.end_char, CLASS) for c in class_cues]
        if self.third:
            third = self.third.matches(doc)
            hits += [Hit(t.start_char, t.end_char, THIRD) for t in third]
            # "you" inside "your son" is the parent's; any other "you" may be the student's.
            in_third = {i for t in third for i in range(t.start, t.end)}
            hits += [Hit(y.start_char, y.end_char, YOU) for y in speaks_to_reader(doc) if y.start not in in_third]
        people = self.people.candidates(doc)
        seen = {i for p in people for i in range(p.span.start, p.span.end)}
        # A name right after a cue is a name even when nothing else finds it: "our junior Aiyana".
        for c in cues:
            span = _name_after(doc, c.end)
            if span is not None and not seen.intersection(range(span.start, span.end)):
                people.append(Person(span, "cue"))
        # And right after "my kiddos", which `decide` weighs as a class or as family: "Huge shoutout to
        # my kiddos Aiyana and Keoni".
        for k in kids:
            span = _name_after(doc, k.end)
            if span is not None and not seen.intersection(range(span.start, span.end)):
                people.append(Person(span, KIDS))
        roles = self.roles.matches(doc)
        groups = self.groups.matches(doc) if self.groups else []
        owned = {sp.end for sp in self.before_first.matches(doc)}
        close = self.close_cues.matches(doc)
        if close:
            # A single capitalised word no finder took, spoken of with school business right
            # after it: "Noticed Kaden has been tardy every day".
            people += self.people.single_subjects(doc, people)
        for person in people:
            span = person.span
            entry = person.roster_entry
            if span.start in titled and entry is not None and getattr(entry, "full", False):
                # "Hi Ms. Alvarez, Summer had…": the roster read "Alvarez, Summer" as "Last,
                # First", but the surname is the parent's; the given name stands alone.
                after = [t.i for t in span if t.text == ","]
                if not after or after[0] + 1 >= span.end:
                    continue
                span = span.doc[after[0] + 1:span.end]
                person = Person(span, person.source, roster_entry=replace(entry, full=False))
            # A full roster name is a student even when it is also a famous one ("Harper Lee").
            full = person.roster_entry is not None and getattr(person.roster_entry, "full", False)
            if span.start in titled or (not full and any(f.start <= span.start < f.end for f in famous)) or (
                    entry is None and len(span) == 1 and span.text.lower() in self._place_words
                    and span.start > 0 and doc[span.start - 1].lower_ in _PLACE_PREPOSITIONS) or (
                    len(span) == 1 and span.start > 1 and doc[span.start - 1].lower_ in ("to", "in")
                    and doc[span.start - 2].lower_ in self._travel_words
                    and not (span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s", "'"))):
                continue
            entry = person.roster_entry
            if self.opted_out_only and not (entry is not None and getattr(entry, "opt_out", False)):
                continue
            confidence = 0.95 if entry is not None else self.confidence
            hit = Hit(span.start_char, span.end_char, confidence=confidence, severity=self.severity)
            if entry is not None and getattr(entry, "full", False):
                hits.append(hit)
                continue
            first_alone = entry is not None
            if (self.third or self.colleague) and is_addressed(span) and not (first_alone and is_praised(span)):
                # Maybe the reader: `decide` looks for a student spoken of in the third person, or
                # for a colleague's working day around the name.
                hits.append(Hit(span.start_char, span.end_char, READER_FIRST if first_alone else READER))
            # The object of a cue's verb is a name, even a common word in lower case: "such a joy to
            # have grace in my class", "a joy to teach hunter this year".
            # Not when it qualifies the noun after it: "so fun to have summer break".
            after = doc[span.end] if span.end < len(doc) else None
            object_of_cue = (any(c.end == span.start and c[-1].pos_ in ("VERB", "AUX") for c in first_cues)
                             and not (after is not None and after.is_lower and after.pos_ in ("NOUN", "ADJ")))
            if first_alone and not object_of_cue and (reads_as_word(span, cues + first_cues, close) or _runs_on(span)):
                if _called_out(span):
                    # "grace!!! so proud of you": a name called out on its own, not the word;
                    # opening the draft, with a cue somewhere in it, it counts (not "… food
                    # drive. Joy!!!").
                    hits.append(replace(hit, tag=CALLED))
                continue  # a word, or part of someone else's name ("Grace Community Church", "Sam Smith")
            if roles and (with_role(span, roles) or after_role(past_role(span, roles), roles)):
                # A colleague or parent: "shoutout to beth and raul from the science dept", "our custodian Luis".
                continue
            if entry is None and (self._read(span) or (groups and in_group(span, groups))):
                continue  # an author read ("reading Dickens with my seniors"), a parent picked out of a group
            near = cues + (first_cues if first_alone else [])
            if first_alone and _near(span, family, self.within) and not _near(span, first_cues, self.within):
                continue  # the author's own child or grandchild: "my grandson Noah", "my kiddos. Mason scored"
            if person.source == KIDS:
                hits.append(replace(hit, tag=NAME_CUED))
            elif person.source == "cue" or (first_alone and span.start in owned) or any(
                    abs(c.start - span.start) <= self.within or abs(span.end - c.end) <= self.within for c in near):
                if first_alone:
                    hits.append(replace(hit, tag=FIRST_CUED))
                elif len(span) == 1 and person.source != "cue":
                    hits.append(replace(hit, tag=NAME_CUED))
                else:
                    hits.append(hit)
            elif is_spoken_of(span) and any(0 <= c.start - span.end <= 3 for c in close):
                # Spoken of with school business right after it: "Jayden has missed 6 days",
                # "Jalen's eligibility".
                hits.append(hit)
            elif first_alone and is_addressed(span):
                hits.append(replace(hit, tag=ADDRESSED))
            elif first_alone:
                hits.append(replace(hit, tag=FIRST))
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        # "my kiddos" with something about school is the class, and a cue itself ("my kiddos were
        # angels for the sub today, Omar even left me a note").
        kids_class = any(h.tag == KIDS for h in hits) and any(h.tag == CLASS for h in hits)
        cued = any(h.tag == CUE for h in hits) or kids_class
        # Spoken to, with nothing about school but something about grown-up life: a friend or
        # colleague who shares a student's first name ("Hey Joy, dinner at 7?").
        spoken_to = draft.context.surface in ADDRESS_SURFACES and not any(h.tag == ADULT for h in hits)
        # The author's own child or grandchild, with nothing about school: "My first grandbaby turned
        # one today! … so proud of her little Ruby".
        # "my kids", "my kiddos" are the author's own too, unless something about school says they
        # are a class ("so proud of my kiddos, Marco and Elena, for finishing the reading challenge").
        family = any(h.tag == FAMILY for h in hits) or (any(h.tag == KIDS for h in hits) and not kids_class)
        family = family and not any(h.tag == SCHOOL for h in hits)
        readers = self._readers(hits, draft)
        kin = self._kin(hits, draft)
        out = []
        for h in hits:
            if (h.start, h.end) in kin and h.tag in FIRST_TAGS:
                # "Thank you so much Mrs. Alvarez!! Summer was such a joy…": the parent and the child.
                out.append(replace(h, tag="hit"))
                continue
            if family and h.tag in (FIRST_CUED, FIRST, ADDRESSED, NAME_CUED, CALLED):
                continue
            if (h.start, h.end) in readers:
                continue  # the parent or colleague spoken to: "Denise, he's missing 4 assignments"
            if (h.tag in ("hit", FIRST_CUED, NAME_CUED) or (h.tag in (FIRST, ADDRESSED) and cued)
                    or (h.tag == ADDRESSED and spoken_to)
                    or (h.tag == CALLED and cued and not draft.text[:h.start].strip())):
                out.append(replace(h, tag="hit"))
        return out

    def _read(self, span: Span) -> bool:
        """A name right after a reading verb (`reading_words`): an author, when the name is not on
        the roster."""
        return span.start > 0 and span.doc[span.start - 1].lower_ in self._reading_words

    def _kin(self, hits: list[Hit], draft: Draft) -> set[tuple[int, int]]:
        """Roster first names alone that make a student's full name with a surname after a title
        in the same draft: the student and a parent ("Thanks for the cookies Mr. Moreno!! Chase
        was a pleasure to have in robotics")."""
        surnames = {draft.text[h.start:h.end] for h in hits if h.tag == SURNAME}
        roster = self.people.roster
        if not surnames or roster is None:
            return set()
        return {(h.start, h.end) for h in hits if h.tag in FIRST_TAGS
                and any(roster.is_full_name(draft.text[h.start:h.end], last) for last in surnames)}

    @staticmethod
    def _readers(hits: list[Hit], draft: Draft) -> set[tuple[int, int]]:
        """Names spoken to that are the reader's, not a student's: in a reply, comment or DM, with a
        student spoken of in the third person ("Denise, he's missing 4 assignments"), or with a
        colleague's working day in the draft, even beside the author's own school life ("Hey
        Priya, can you cover my 3rd period?"). A roster first name only when greeted plainly
        (`find` leaves none for a praised one: "Congrats, Imani! She earned it"), and beside "he"
        only with no other "you" in the draft."""
        if draft.context.surface not in ADDRESS_SURFACES:
            return set()
        third = any(h.tag == THIRD for h in hits)
        colleague = any(h.tag == COLLEAGUE for h in hits)
        you = any(h.tag == YOU for h in hits)
        return {(h.start, h.end) for h in hits if (h.tag == READER and (third or colleague))
                or (h.tag == READER_FIRST and ((third and not you) or colleague))}


def _near(span: Span, spans: list[Span], within: int) -> bool:
    return any(abs(c.start - span.start) <= within or abs(span.end - c.end) <= within for c in spans)




def _called_out(span: Span) -> bool:
    """A one-word name that is all its segment (sentence) says, but for punctuation and emoji:
    "grace!!!", "JOY 🎉!!"."""
    doc = span.doc
    return (len(span) == 1 and span.start == 0 and len(doc) > 1
            and not any(ch.isalnum() for t in doc[1:] for ch in t.text))


def _runs_on(span: Span) -> bool:
    """Followed by another capitalised word, maybe after "of": part of a longer name ("Grace
    Community Church", "Sam Smith", "Joy of Reading Night"). Not "I" ("Hey Sam I need…"), an
    acronym ("Marco IEP"), a small word of Title Cased Text ("Proud Of Marco And Imani")."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    # "Joy of Reading Night": a name that is a word, opening an event's title with "of" in it
    # (not "Imani of Room 12").
    if nxt.lower_ == "of" and is_common_word(span.text):
        j = span.end + 1
        while j < len(doc) and doc[j].is_title:
            j += 1
        if j > span.end + 1 and doc[j - 1].lower_ in NOT_NAME_ENDINGS:
            return True
    return name_like(nxt) and not nxt.is_stop


def _name_after(doc: Doc, i: int) -> Span | None:
    """One or two capitalised words at `i` that are not common words."""
    j = i
    while j < len(doc) and j - i < 2 and name_like(doc[j]) and not is_common_word(doc[j].text):
        j += 1
    return doc[i:j] if j > i else None
