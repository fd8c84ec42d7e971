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
- a sentence or clause opening with a command ("tell the rest of the guys", "don't be late to the
  bus") speaks to its reader as "you" does, on a staff member's own account (a district account's
  "Check the athletics page for the game schedule" is to the public);
- the author's own class handed to the reader ("can you watch my 4th period", "let my kids in",
  "unlock my room") is a favour asked of a colleague, an adult cue;
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
from companion.language.address import is_addressed, is_spoken_of
from companion.language.matching import PhraseSet
from companion.language.mentions import declined
from companion.language.name_words import reads_as_word

# Tags of the evidence `find` collects for `decide`.
INVITE, AUDIENCE, ADDRESS, SCHOOL, ADULT, ABOUT = "invite", "audience", "address", "school", "adult", "about"
PARENT = "parent"  # a child of the reader's: "your son", "anyone's kid"
NEWS = "news"  # school life told as news: "The game was moved Tuesday"
STUDENT = "student"  # a roster student spoken to: "congrats @hunter_bishop24!!", "marco!!"
COMMAND = "command"  # a clause opening with a command: "tell the rest of the guys", "don't be late"
# "our transportation team", "our practice schedule": the speaker's, not the reader's school life.
_OURS = {"our", "the district's"}
# Words that may come before a command at the start of a clause: "yep, tell the guys", "pls bring…".
_BEFORE_COMMAND = {",", ";", "-", "then", "so", "pls", "plz", "please", "just", "also", "ok", "okay", "k", "yep",
                   "yes", "yeah", "ya", "oh", "and", "but"}
# Commands that are wishes or courtesies to anyone ("have fun at the game", "enjoy the concert",
# "let's go"), not instructions to the reader.
_NOT_COMMANDS = {"have", "enjoy", "thank", "let", "welcome", "excuse", "pardon", "imagine", "guess", "mind",
                 "congratulate", "wish", "say", "please"}
# A school's students, after its name ("Tyee kids", "Highline HS students"): spoken of (`groups`).
_MEMBERS = {"kid", "kids", "student", "students", "scholars", "athletes", "players", "seniors", "juniors",
            "sophomores", "freshmen", "graders"}
# What a colleague is asked to handle for the author ("watch my 4th period", "let my kids in",
# "unlock my room"): the author's group of students or room, the object of a verb.
_HANDED_OVER = {"class", "classes", "period", "kid", "kids", "kiddo", "kiddos", "room", "students", "homeroom"}


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
                             "speak to a student (\"thank you\", \"thanks for your patience\")."),
        "not_in": Field("phrases", [], "Phrases in which a school-life word means something else and does not "
                        "count (\"the meet\" in \"the meet and greet\")."),
        "not_in_lists": Field("lists", [], "Names of lists of such phrases (a team's game: \"the Mariners game\")."),
        "not_invitation": Field("phrases", [], "Phrases in which an invitation asks for a sale, not a conversation "
                                "(\"DM me for rates\", \"message me for pricing\"): the invitation does not count "
                                "(the vested-interest rule weighs it)."),
        "not_invitation_lists": Field("lists", [], "Names of lists of such phrases."),
        "groups": Field("phrases", [], "Names a group of students goes by (\"HS\", \"middle school\"); kids or students "
                        "right after one (\"Highline HS kids\", \"Tyee students\") are a school's students spoken "
                        "of, not to: \"what are you talking about, Tyee kids work harder than anyone\"."),
        "group_lists": Field("lists", [], "Names of lists of such names (schools, mascots)."),
        "commands": Field("yes/no", False, "A sentence or clause opening with a command (\"tell the rest of the "
                          "guys\", \"don't be late to the bus\", \"pass it on to the cast\") speaks to the reader as "
                          "\"you\" does, on a personal account (a district account's \"Check the athletics page for "
                          "the game schedule\" is to the public). Wishes are not commands (\"have fun at the game\", "
                          "\"enjoy the concert\").", needs_model=True),
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
        self.not_in = PhraseSet(env, options.get("not_in", []), options.get("not_in_lists", []))
        self.commands = options.get("commands", False)
        self.not_invitation = PhraseSet(env, options.get("not_invitation", []),
                                        options.get("not_invitation_lists", []), plurals=False)
        self.groups = PhraseSet(env, options.get("groups", []), options.get("group_lists", []), plurals=False)

    def find(self, doc: Doc) -> list[Hit]:
        hits = []
        skip = {i for sp in self.not_address.matches(doc) for i in range(sp.start, sp.end)}
        matched = {tag: phrases.matches(doc) for tag, phrases in self.sets.items()}
        refusals = self.refusals.matches(doc)
        if refusals:
            # "I won't discuss any student's grades on here": school life declined, not spoken of.
            matched[SCHOOL] = [sp for sp in matched[SCHOOL] if not any(declined(doc, r, sp) for r in refusals)]
        if self.not_in and matched[SCHOOL]:
            # "the meet and greet": no meet.
            idioms = self.not_in.matches(doc)
            matched[SCHOOL] = [sp for sp in matched[SCHOOL]
                               if not any(i.start < sp.end and sp.start < i.end for i in idioms)]
        if self.not_invitation and matched[INVITE]:
            # "DM me for rates": a sale asked about (vested-interest), not a conversation.
            sales = self.not_invitation.matches(doc)
            matched[INVITE] = [sp for sp in matched[INVITE]
                               if not any(i.start < sp.end and sp.start < i.end for i in sales)]
        if self.groups:
            # "Highline HS kids", "Tyee students": a school's students spoken of.
            members = [doc[g.end:g.end + 1] for g in self.groups.matches(doc)
                       if g.end < len(doc) and doc[g.end].lower_ in _MEMBERS]
            for m in members:
                matched[SCHOOL] = [sp for sp in matched[SCHOOL] if not (sp.start < m.end and m.start < sp.end)]
                matched[ABOUT].append(m)
        if matched[ADULT]:
            # A word inside a grown-up's phrase is theirs: "class" in "my pottery class for grown-ups".
            for tag in (SCHOOL, AUDIENCE):
                matched[tag] = [sp for sp in matched[tag]
                                if not any(a.start < sp.end and sp.start < a.end for a in matched[ADULT])]
        addressed = [sp for sp in matched[ADDRESS] if sp.start not in skip]
        commands = _commands(doc) if self.commands else []
        # Sentences that speak to no one and open with school life as their subject: news told by
        # its organiser ("The game moved to Thursday because of the field closure"). In a public
        # reply or comment that is no sign the reader is a student; in a DM it still is ("Practice
        # got moved to 4. See you there!"): `decide` weighs it.
        news = {_sent_start(sp) for sp in matched[SCHOOL]
                if _is_subject(sp) and not _addressed_in_sentence(sp, addressed + commands)}
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
                    if _handed_over(sp):
                        # "can you watch my 4th period", "unlock my room": a colleague's favour.
                        hits.append(Hit(sp.start_char, sp.end_char, ADULT))
                        continue
                    sp = _with_address(sp, addressed)
                    if _sent_start(sp) in news:
                        tag = NEWS
                hits.append(Hit(sp.start_char, sp.end_char, tag))
        # From the sentence's start: a command speaks of what its sentence and the ones after it
        # say ("practice is moved to 4, tell the guys"; "don't be late!! we leave for the meet at 6").
        hits += [Hit(0, c.end_char, COMMAND) for c in commands]
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
        # A command speaks to the reader on a staff member's own account (a district account's
        # instructions, "Check the athletics page…", are to the public), about the school life in
        # its sentence and after it: not the author's day before it ("the sub never showed and i
        # covered 3 classes. pick up tacos on the way home?").
        commands = [h for h in hits if h.tag == COMMAND] if draft.context.account == "personal" else []
        hits = [h for h in hits if h.tag != COMMAND]
        if commands and not any(h.tag == ADDRESS for h in hits):
            first = min(h.start for h in commands)
            if any(h.tag == SCHOOL and h.start >= first for h in hits):
                hits = [h for h in hits if h.tag != SCHOOL or h.start >= first] + [
                    Hit(h.start, h.end, ADDRESS) for h in commands]
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


def _commands(doc: Doc) -> list[Span]:
    """Verbs opening a sentence or clause as commands: "tell the rest of the guys", "bring cleats",
    "yep, pass it on", "don't be late". Read from the tagger (a base-form verb, "VB"), so none
    without one. "we meet at 4 and practice" is no command: a word other than those that may
    precede one (`_BEFORE_COMMAND`) comes before it in its clause."""
    if not doc.has_annotation("TAG"):
        return []
    out = []
    for tok in doc:
        i, verb = tok.i, None
        if tok.lower_ in ("do", "dont", "don't") and i + 1 < len(doc):
            k = i + 1
            if doc[k].lower_ in ("n't", "not", "nt"):
                k += 1
            if k < len(doc) and doc[k].tag_ == "VB" and (k > i + 1 or tok.lower_ != "do"):
                verb = doc[k]  # "don't be late", "do not forget"
        elif tok.tag_ == "VB" and tok.is_alpha and tok.lower_ not in _NOT_COMMANDS:
            if not (i + 1 < len(doc) and doc[i + 1].lower_ in ("'s", "us")):  # "let's go"
                verb = tok
        if verb is None:
            continue
        j = i
        while j > 0 and (doc[j - 1].lower_ in _BEFORE_COMMAND
                         or not any(c.isalnum() or c in ",;" for c in doc[j - 1].text)):
            if doc[j - 1].text in ",;":
                break
            j -= 1
        if j == 0 or doc[j - 1].text in ",;":
            out.append(doc[i:verb.i + 1])
    return out


def _handed_over(span: Span) -> bool:
    """The author's class or room as the object of a verb: "watch my 4th period", "let my kids
    in", "unlock my room" (a favour asked of a colleague); not "come by my room", "in my class"."""
    doc = span.doc
    if span[-1].lower_ not in _HANDED_OVER:
        return False
    i = span.start
    if doc[i].lower_ != "my":
        # "my 4th period": back over describing words to the owner.
        while i > 0 and doc[i - 1].pos_ in ("ADJ", "NUM") and span.start - i < 3:
            i -= 1
        if i == 0 or doc[i - 1].lower_ != "my":
            return False
        i -= 1
    return i > 0 and doc[i - 1].tag_ == "VB"


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
