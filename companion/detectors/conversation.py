"""`conversation`: a draft that talks *to a student*, or invites students to private contact.

Who a message is for is not written in it, so this kind weighs cues over the whole draft:
- an invitation to private contact ("add me on Discord", "text me") fires in a direct message,
  reply or comment (it speaks to its reader), or anywhere when the draft speaks to students or
  of school life ("Seniors!!", "my students keep asking", "help with the essay"); not when a
  student is spoken of instead ("DM me if your child needs a ride"): that is to a parent;
- in a direct message, reply or comment (pick the surfaces with `when`), a draft that speaks to
  someone ("you", "your", "u") about school life ("your lab notebook", "see you at practice",
  "missed you in class") fires, unless it reads as talk between adults: a colleague or family
  word ("sis", "teachers", "dinner"), or a student spoken of in the third person ("he has a
  C+", "your son", "our kids"), which is talk with a parent or a colleague;
- a child of the reader's ("your son", "anyone's kid", "your little one") makes the reader a
  parent, even among student words ("I tutor after school … if anyone's kid needs help, DM me!");
- an @handle opening a reply or comment, praised for school work (`handle_praise`: "nice job on"),
  is spoken to as "you" is ("@marco_d22 nice job on the lab report today!!"); thanks for coming to
  an event ("@jen_m thanks for coming to the concert") are not. A handle that opens with a title
  or speaks of teaching ("@MrsPatelScience", "@jlee_teaches") is a colleague's, an adult cue.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from companion.detectors.base import Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.detectors.near import declined
from companion.language.address import is_addressed, is_spoken_of
from companion.language.matching import PhraseSet
from companion.language.people import reads_as_word

# Tags of the evidence `find` collects for `decide`.
INVITE, AUDIENCE, ADDRESS, SCHOOL, ADULT, ABOUT = "invite", "audience", "address", "school", "adult", "about"
PARENT = "parent"  # a child of the reader's: "your son", "anyone's kid"
NEWS = "news"  # school life told as news: "The game was moved Tuesday"
STUDENT = "student"  # a roster student spoken to: "congrats @hunter_bishop24!!", "marco!!"
# "our transportation team", "our practice schedule": the speaker's, not the reader's school life.
_OURS = {"our", "the district's"}


class ConversationDetector(Detector):
    kind = "conversation"
    summary = "Marks talk addressed to a student, or an invitation for students to contact you privately."
    FIELDS = {
        "invitations": Field("phrases", [], "Invitations to private contact (\"add me on Discord\", \"text me\")."),
        "invitation_lists": Field("lists", [], "Names of lists of invitations."),
        "audience": Field("phrases", [], "Words showing the draft speaks to students (\"students\", \"seniors\"); "
                          "with one of these an invitation fires on any surface."),
        "audience_lists": Field("lists", [], "Names of lists of such words."),
        "address": Field("phrases", ["you", "your", "u", "ur"], "Words that speak to the reader."),
        "address_lists": Field("lists", [], "Names of lists of such words."),
        "school_life": Field("phrases", [], "School-life words that, spoken to the reader, show the reader is a "
                             "student (\"practice\", \"your essay\", \"in class\")."),
        "school_life_lists": Field("lists", [], "Names of lists of such words."),
        "adult": Field("phrases", [], "Words showing the reader is an adult (\"sis\", \"teachers\", \"dinner\"); "
                       "they cancel the finding."),
        "adult_lists": Field("lists", [], "Names of lists of such words."),
        "third_person": Field("phrases", [], "Words that speak of a student to someone else (\"he\", \"your son\", "
                              "\"our kids\"): talk with a parent or colleague, not with the student."),
        "third_person_lists": Field("lists", [], "Names of lists of such words."),
        "address_surfaces": Field("phrases", ["dm", "reply", "comment"], "Surfaces on which speaking to the "
                                  "reader about school life counts, and an invitation alone fires (a public post "
                                  "to \"you\" is to everyone)."),
        "names": Field("yes/no", False, "Weigh names too: a roster student spoken to (\"congrats "
                       "@hunter_bishop24!!\", \"marco!! you did so good\") shows the reader is a student; someone "
                       "greeted by title (\"Hi Ms. Alvarez,\", \"Thank you, Ms. Tran!\") is an adult; a student "
                       "spoken of (\"Sam Okafor was absent\", \"Carlos's mom\") means the reader is someone else."),
        "parent": Field("phrases", [], "A child of the reader's (\"your son\", \"anyone's kid\", \"your little "
                        "one\"): the reader is a parent, so neither an invitation nor school life spoken to them is "
                        "talk with a student, even among student words (\"I tutor after school for $40/hr if "
                        "anyone's kid needs help, DM me!\"), unless a student is spoken to by name."),
        "parent_lists": Field("lists", [], "Names of lists of such phrases."),
        "refusal_lists": Field("lists", [], "Names of lists of phrases that decline to discuss what follows in "
                               "the same clause (\"I won't discuss any student's grades on social media\"): "
                               "school life there is not spoken of, so not talk with a student."),
        "handle_praise": Field("phrases", [], "Praise for a piece of work (\"nice job on\", \"great work on\"): "
                               "after an @handle opening the sentence, it speaks to the handle's owner as \"you\" "
                               "does, so school life there (\"@marco_d22 nice job on the lab report today!!\") is "
                               "talk with a student. Thanks or news after a handle (\"@jen_m thanks for coming to "
                               "the concert\") are not."),
        "handle_praise_lists": Field("lists", [], "Names of lists of such phrases."),
        "title_lists": Field("lists", [], "Names of lists of titles (\"Ms.\", \"Coach\"), for `names`, and for "
                             "@handles: one that opens with a title (\"@MrsPatelScience\", \"@coach_bell\") or "
                             "speaks of teaching (\"@jlee_teaches\") is an adult's."),
        "not_address": Field("phrases", ["thank you", "thank u", "thanks to you"], "Phrases whose \"you\" does not "
                             "speak to a student (\"thank you\")."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.sets = {
            INVITE: PhraseSet(env, options.get("invitations", []), options.get("invitation_lists", [])),
            AUDIENCE: PhraseSet(env, options.get("audience", []), options.get("audience_lists", [])),
            ADDRESS: PhraseSet(env, options.get("address", ["you", "your", "u", "ur"]),
                               options.get("address_lists", []), plurals=False),
            SCHOOL: PhraseSet(env, options.get("school_life", []), options.get("school_life_lists", [])),
            ADULT: PhraseSet(env, options.get("adult", []), options.get("adult_lists", [])),
            ABOUT: PhraseSet(env, options.get("third_person", []), options.get("third_person_lists", []),
                             plurals=False),
            PARENT: PhraseSet(env, options.get("parent", []), options.get("parent_lists", []), plurals=False),
        }
        self.handle_praise = PhraseSet(env, options.get("handle_praise", []), options.get("handle_praise_lists", []),
                                       plurals=False)
        titles = PhraseSet(env, [], options.get("title_lists", []), plurals=False)
        self.handle_titles = tuple(sorted({t.lower().rstrip(".") for t in titles.phrases}, key=len, reverse=True))
        self.people = None
        if options.get("names"):
            from companion.language.people import PeopleFinder
            titles = PhraseSet(env, [], options.get("title_lists", []), plurals=False)
            self.people = PeopleFinder.shared(env.nlp, titles.phrases, env.roster, env.model_ok)
        self.refusals = PhraseSet(env, [], options.get("refusal_lists", []), plurals=False)
        self.address_surfaces = set(options.get("address_surfaces", ["dm", "reply", "comment"]))
        self.not_address = PhraseSet(env, options.get("not_address", ["thank you", "thank u", "thanks to you"]),
                                     plurals=False)

    def find(self, doc: Doc) -> list[Hit]:
        hits = []
        skip = {i for sp in self.not_address.matches(doc) for i in range(sp.start, sp.end)}
        matched = {tag: phrases.matches(doc) for tag, phrases in self.sets.items()}
        refusals = self.refusals.matches(doc)
        if refusals:
            # "I won't discuss any student's grades on here": school life declined, not spoken of.
            matched[SCHOOL] = [sp for sp in matched[SCHOOL] if not any(declined(doc, r, sp) for r in refusals)]
        addressed = [sp for sp in matched[ADDRESS] if sp.start not in skip]
        # Sentences that speak to no one and open with school life as their subject: news told by
        # its organiser ("The game moved to Thursday because of the field closure"). In a public
        # reply or comment that is no sign the reader is a student; in a DM it still is ("Practice
        # got moved to 4. See you there!"): `decide` weighs it.
        news = {_sent_start(sp) for sp in matched[SCHOOL]
                if _is_subject(sp) and not _addressed_in_sentence(sp, addressed)}
        for tag, spans in matched.items():
            for sp in spans:
                if tag == ADDRESS and sp.start in skip:
                    continue
                if tag == SCHOOL and any(doc[max(0, sp.start - 2):sp.start].text.lower().startswith(o) or
                                         doc[sp.start - 1:sp.start].text.lower() == o for o in _OURS):
                    continue
                if tag == INVITE:
                    sp = _with_channel(sp)
                elif tag == SCHOOL:
                    sp = _with_address(sp, addressed)
                    if _sent_start(sp) in news:
                        tag = NEWS
                hits.append(Hit(sp.start_char, sp.end_char, tag))
        if self.people is not None:
            hits += self._names(doc)
        hits += self._opening_handle(doc)
        return hits

    def _opening_handle(self, doc: Doc) -> list[Hit]:
        """An @handle opening a sentence, praised for work, is spoken to ("@marco_d22 nice job on
        the lab report"); a colleague's handle ("@MrsPatelScience", "@jlee_teaches") is an adult cue."""
        if not len(doc) or not doc[0].text.startswith("@") or len(doc[0].text) < 2:
            return []
        tok = doc[0]
        if _adult_handle(tok.text[1:], self.handle_titles):
            return [Hit(tok.idx, tok.idx + len(tok.text), ADULT)]
        if self.handle_praise and self.handle_praise.matches(doc):
            return [Hit(tok.idx, tok.idx + len(tok.text), ADDRESS)]
        return []

    def _names(self, doc: Doc) -> list[Hit]:
        hits = []
        for p in self.people.titled(doc):
            span = doc[p.title.start:p.span.end]
            if is_addressed(span):
                hits.append(Hit(span.start_char, span.end_char, ADULT))
        titled = {i for p in self.people.titled(doc) for i in range(p.span.start, p.span.end)}
        for p in self.people.candidates(doc):
            span = p.span
            if titled.intersection(range(span.start, span.end)):
                continue
            if (p.roster_entry is not None and not p.roster_entry.full and reads_as_word(span)):
                continue  # a word, not a student: "hey, will you bring snacks", "Will you be at the PD?"
            if p.roster_entry is not None and is_addressed(span):
                hits.append(Hit(span.start_char, span.end_char, STUDENT))
            elif is_spoken_of(span):
                hits.append(Hit(span.start_char, span.end_char, ABOUT))
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        by_tag: dict[str, list[Hit]] = {}
        if draft.context.surface == "dm":
            hits = [replace(h, tag=SCHOOL) if h.tag == NEWS else h for h in hits]
        for h in hits:
            by_tag.setdefault(h.tag, []).append(h)
        adult = ADULT in by_tag
        student = STUDENT in by_tag
        invites = by_tag.get(INVITE, [])
        # A child of the reader's ("if anyone's kid needs help") makes the reader a parent, whatever
        # student words are around, unless a student is spoken to by name.
        parent = PARENT in by_tag and not student
        # A student spoken of ("if your child needs a ride") means the invitation is to a parent or
        # colleague, unless students are spoken to as well.
        about = (ABOUT in by_tag and not (AUDIENCE in by_tag or student)) or parent
        # On a DM, reply or comment an invitation speaks to its reader ("add me on snap: mr_h_teaches").
        if invites and not adult and not about and (draft.context.surface in self.address_surfaces | {"dm"}
                                                    or AUDIENCE in by_tag or SCHOOL in by_tag or student):
            return [Hit(h.start, h.end) for h in invites]
        if invites and AUDIENCE in by_tag and SCHOOL in by_tag and not parent:
            # Students addressed about school outweigh a stray adult word ("teachers' notes").
            return [Hit(h.start, h.end) for h in invites]
        if (draft.context.surface not in self.address_surfaces or adult or ABOUT in by_tag or parent
                or not (ADDRESS in by_tag or student) or not (SCHOOL in by_tag or student)):
            return []
        # Underline the words spoken to the student ("see you at practice", "your lab notebook"; `find`
        # stretched each school-life word back to the address before it), or the student's name.
        return [Hit(h.start, h.end) for h in by_tag.get(SCHOOL, []) + by_tag.get(STUDENT, [])]


def _adult_handle(handle: str, titles: tuple[str, ...]) -> bool:
    """A handle that opens with a title, the title's end marked by a capital, digit, "_" or "."
    ("MrsPatelScience", "coach_bell", "ms.rivera"; not "drew_22" or "missy.k"), or that speaks of
    teaching ("jlee_teaches")."""
    low = handle.lower()
    if "teach" in low:
        return True
    for t in titles:
        if " " in t or not low.startswith(t) or len(handle) == len(t):
            continue
        nxt = handle[len(t)]
        if nxt.isupper() or nxt.isdigit() or nxt in "_.":
            return True
    return False


def _is_subject(span: Span) -> bool:
    """The span opens its sentence as its subject, a verb right after it: "The game was moved
    Tuesday", "Practice starts at 6". Read from the tagger (the parser is not loaded), so False
    without one."""
    doc = span.doc
    if not doc.has_annotation("TAG"):
        return False
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    before = [t for t in doc[sent.start:span.start] if not t.is_punct]
    if len(before) > 1 or (before and before[0].pos_ != "DET"):
        return False
    return span.end < len(doc) and doc[span.end].pos_ in ("AUX", "VERB")


def _sent_start(span: Span) -> int:
    return span.sent.start if span.doc.has_annotation("SENT_START") else 0


def _addressed_in_sentence(span: Span, addressed: list[Span]) -> bool:
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    return any(sent.start <= a.start < sent.end for a in addressed)


def _with_channel(span: Span) -> Span:
    """An invitation with the app it names: "hmu on insta", "add me on snap"."""
    doc, end = span.doc, span.end
    if span[-1].lower_ != "on":  # "follow me on" already ends in it
        if not (end < len(doc) and doc[end].lower_ == "on"):
            return span
        end += 1
    if end < len(doc) and not (doc[end].is_punct or doc[end].is_stop):
        end += 1
    return doc[span.start:end]


def _with_address(span: Span, addressed: list[Span]) -> Span:
    """A school-life word with the nearest address before it in its sentence, from the verb that
    governs it: "see you at practice", "your lab notebook", so the underline shows who is spoken to."""
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    before = [a for a in addressed if sent.start <= a.start < span.start]
    if not before:
        return span
    you = before[-1]
    start = you.start
    head = you[0].head
    if head.pos_ in ("VERB", "AUX") and sent.start <= head.i < start and start - head.i <= 3:
        start = head.i
    return span.doc[start:span.end]
