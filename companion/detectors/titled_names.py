"""`titled_names`: marks a colleague or parent named with a title or role ("Ms. Okoro",
"Coach Bell", "Principal Haddad", "Jenna in the front office", "Maria Gonzalez, our PTA
president", "Tomás's mom, Claudia Reyes"), and @handles that tag a person.

Not marked: famous or fictional people with titles (`not_names`: Dr. Seuss, Mr. Rogers), a titled
name that opens the title of a book or film ("Mr. Holland's Opus", "Mr. Popper's Penguins": a
possessive, then a capitalised word, in a draft that is not Title Cased), handles
of organisations (the district's own, listed in `ignore_handles`, and handles that end in an
acronym or are all capitals: @KCLS, @SoundersFC, @HighlineIT, or end in a word of
`org_handle_endings`: @seattletimes, @komonews), and the author's own handle ("follow me on snap
@mr.dlee"; "my" or "our", a few words, then an `account_words` word: "follow my classroom acct
@mrsvtechclass", "our robotics club page is @…"; or such a word "for my …": "a separate account for
my classroom stuff: @…"; "I'm @mspatty.prek on insta too"). A handle right after "to", "by",
"with", "and" or "thanks" is someone else's even then ("my page has a shoutout to @…").

Not marked either: the author introducing themselves ("hi Priya, it's ms. halvorsen!", "I'm Jenna
in the front office"; "This is Coach Delgado" in a DM or after a greeting, but "This is Ms. Park,
our new librarian!" introduces someone else), and a school's or team's handle made only of its
names, team words and initials, maybe run together (`org_handle_word_lists`: "@tyee_hoops",
"@mrhs_rams", "@tyeepta"; not "@coachb_rams", which has a person in it); a titled name signing
the post off after a dash ("— Ms. Ferreira, Room 8"); a handle in a draft that sells
(`business_cues`: "#ad", "use code") or after "at" ("the best birria is at @…"): a shop's.

A first name the model misses still counts with a role right after it or someone's role right
before it ("Deb from the kitchen", "our secretary deb"), unless it is a word of a school's name
(`place_word_lists`: "the new Cascade front office team"); so does one in lower case that the
tagger reads as a common word but that is a name once capitalised ("big ups to marcus from our
tech team"), and the first of two names joined by "and" ("jen and marcus from the
transportation office"). A role of two words needs no owner ("PTA president Renee Caldwell").
A handle the draft asks readers to follow, after announcing the author's own new account ("new
classroom account! follow @mspark_reads"), is the author's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from companion.detectors.base import Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet, place_words, word_set
from companion.language.mentions import HANDLE_WORDS
from companion.language.people import PeopleFinder, after_role, in_group, lone_names, past_role, title_cased, with_role
from companion.language.text import doc_text

_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}[A-Za-z0-9_]")
# What separates the words of a handle: "tyee_hoops" -> tyee hoops, "mrs.nakamura.reads".
_HANDLE_SEPARATORS = re.compile(r"[_.\d]+")
# "@HighlineIT", "@SoundersFC", "@KCLS": an organisation, not a person to ask.
_ORG_HANDLE = re.compile(r"^(?:[A-Z0-9_]+|.*[a-z][A-Z]{2,})$")
# Words for an account when the rules file gives none: "my insta is @…", "my page @…".
_ACCOUNT_WORDS = ("insta", "instagram", "ig", "snap", "snapchat", "tiktok", "twitter", "x", "account", "handle",
                  "page", "profile")
# Between "my"/"our" and the account word: up to three words, none of them someone else's ("my
# favorite page @…", "my friend's account": a possessive never matches a word here) nor opening
# another noun phrase ("my students made a page for @…", "my kids loved the page").
_OWN_MIDDLE = (r"(?:\s+(?!(?:favou?rites?|faves?|favs?|friends?|besties?|coworkers?|colleagues?|a|an|the|this|that|"
               r"his|her|their|your)\b)[\w-]+){0,3}?")
# The author introducing themselves right before a name or handle: "hi Priya, it's ms. halvorsen!",
# "I'm @mspatty.prek on insta too", "my name is Coach Delgado". A possessive after the name makes
# it someone else's ("it's Ms. Okoro's last day").
_SELF_INTRO = re.compile(r"\b(?:i'?m|i am|it'?s|it is|my name is)(?:\s+(?:also|just))?\s*$", re.IGNORECASE)
# "This is Coach Delgado, …" introduces the author in a message that opens with a greeting or in a
# DM ("Hello Evergreen families! This is Coach Delgado"), and someone else in a caption ("This is
# Ms. Park, our new librarian!"): `decide` tells them apart.
_THIS_IS = re.compile(r"\bthis is\s*$", re.IGNORECASE)
# A dash opening a line or following a sentence signs the post off: "Thank you, Hilltop families!
# — Ms. Ferreira, Room 8" is the author's own name.
_SIGN_OFF = re.compile(r"(?:^|[.!?)\n])\s*(?:[-\u2013\u2014~]{1,2})\s*$")
_GREETING_OPENING = re.compile(r"^\W*(?:hi|hey|hello|heyy|hiya|dear|good (?:morning|afternoon|evening))\b",
                               re.IGNORECASE)
INTRO = "intro"
HANDLE, BUSINESS, FOLLOW = "handle", "business", "follow"
# Paid right at a handle, the author's own: "$60/hr, venmo @alex_tutors". Not a teacher's handle,
# which names whom to pay ("Team dinner is $15, venmo @coach.dre"), nor after "her"/"him".
_PAYMENT = re.compile(r"\b(?:venmo|cash\s?app|paypal|zelle)\s*:?\s*$", re.IGNORECASE)
_TITLED_HANDLE = re.compile(r"(?:that|the)?(?:mr|mrs|ms|miss|mx|coach|dr|prof)", re.IGNORECASE)
# A handle where something is, not who: "the best birria in White Center is at @tacoslaguera".
_AT_PLACE = re.compile(r"\bat\s*$", re.IGNORECASE)
# Asked to follow right after the draft announces the author's own account: "new year, new
# classroom account! follow @mspark_reads", "our new class page is LIVE!! … follow @mrs.t.teaches".
# Before "new", an owner other than the author: "the new art page our PTA made".
_SOMEONE_ELSES = re.compile(r"\b(?:the|a|an|his|her|their|its)\s+$", re.IGNORECASE)
_FOLLOW = re.compile(r"\bfollow(?:\s+(?:us|me|along|it))*(?:\s+(?:at|on|here|with))?\W*$", re.IGNORECASE)
# Right before a handle, these make it someone else's whatever came earlier: "a shoutout to @…",
# "made by @…", "with @…", "a page for @…", "follow me and @…", "thanks @…".
_OTHERS_BEFORE = re.compile(r"(?:\b(?:to|by|with|and|via|from|for|of|about|thanks|thank you|ft|feat)|&|w/)\W*$",
                            re.IGNORECASE)


class TitledNamesDetector(Detector):
    kind = "titled_names"
    summary = "Marks a name with a title or role, and @handles that tag a person."
    needs_model = False
    FIELDS = {
        "titles": Field("phrases", [], "Titles and roles that come before a name (\"Ms.\", \"Coach\")."),
        "title_lists": Field("lists", [], "Names of lists of titles."),
        "roles": Field("phrases", [], "Roles that, right after a name, make it a colleague or parent "
                       "(\"Jenna in the front office\", \"Tomasz Nowak, the dad who…\")."),
        "role_lists": Field("lists", [], "Names of lists of such roles."),
        "roles_before": Field("phrases", [], "Roles that, someone's and right before a name, make it a colleague or "
                              "parent (\"Tomás's mom, Claudia Reyes\", \"our PTA president, Maria Gonzalez\").",
                              needs_model=True),
        "roles_before_lists": Field("lists", [], "Names of lists of such roles.", needs_model=True),
        "group_lists": Field("lists", [], "Names of lists of grown-ups' groups (\"band parents\", \"volunteers\"): a "
                             "name picked out of one named earlier in its sentence by \"esp\", \"especially\" or "
                             "\"including\" is a parent or colleague (\"thanks to the band parents who fed 80 kids, "
                             "esp Tomasz and Renee Kowalczyk\").", needs_model=True),
        "not_names": Field("phrases", [], "Titled names that are not people to ask (Dr. Seuss, Mr. Rogers)."),
        "not_name_lists": Field("lists", [], "Names of lists of such names."),
        "thing_words": Field("phrases", [], "Single words for a colleague's own page or class (\"page\", \"site\", "
                             "\"classroom\"): after a titled name, \"'s\" and a capitalised word, one of them makes "
                             "it a person to ask (\"Ms. Faleolo's Schoology page\"), where anything else is the title "
                             "of a book or film (\"Mr. Holland's Opus\")."),
        "thing_word_lists": Field("lists", [], "Names of lists of such words."),
        "place_word_lists": Field("lists", [], "Names of lists of places (the district's schools) whose words, alone, "
                                  "are no colleague's first name before a role: \"the new Cascade front office team\"."),
        "handles": Field("yes/no", True, "Also mark @handles."),
        "ignore_handles": Field("phrases", [], "Handles not to mark (the district's own accounts), with the @."),
        "ignore_handle_lists": Field("lists", [], "Names of lists of handles not to mark."),
        "business_cues": Field("phrases", [], "Words that, anywhere in the draft, make its tagged handles a business's "
                               "(\"use code\", \"#ad\", \"% off\"): a shop or a food truck is no person to ask."),
        "business_cue_lists": Field("lists", [], "Names of lists whose words count as `business_cues:`."),
        "org_handle_endings": Field("phrases", [], "Words that, ending a handle, make it an organisation's "
                                    "(\"news\", \"times\": @seattletimes, @komonews): not a person to ask."),
        "org_handle_ending_lists": Field("lists", [], "Names of lists of such words."),
        "account_words": Field("phrases", [], "Words for an account (\"insta\", \"acct\", \"page\", \"channel\"): "
                               "\"my\" or \"our\" and one of them, up to three words apart, before a handle make it "
                               "the author's own and not marked (\"follow my classroom acct @mrsvtechclass\", \"our "
                               "robotics club page is @…\"), as does one \"for my …\" (\"a separate account for my "
                               "classroom stuff: @…\"); not right after \"to\", \"by\", \"with\", \"and\" "
                               "(\"my page has a shoutout to @…\"). Without any, the common ones (insta, snap, "
                               "tiktok, account, page…)."),
        "account_word_lists": Field("lists", [], "Names of lists of such words."),
        "org_handle_words": Field("phrases", [], "Words of a school's or team's handle (\"athletics\", \"hoops\", "
                                  "\"pta\"): a handle made only of these, of `org_handle_word_lists` words and of those "
                                  "words' initials (\"@tyee_hoops\", \"@mrhs_rams\" for Mount Rainier High School) is an "
                                  "organisation's, not a person to ask; one with anything else in it is a person's "
                                  "(\"@CoachMendozaTyee\", \"@coachb_rams\")."),
        "org_handle_word_lists": Field("lists", [], "Names of lists of the district's own names (schools, mascots) "
                                       "that may make up such a handle, with their initials (\"mrhs\", \"ehs\")."),
        "skip_student_handles": Field("yes/no", False, "Do not mark a handle that spells a roster student's "
                                      "name, in full or in part (\"@amara.osei_\", \"@lucia_v09\"): a student is "
                                      "not a colleague to ask, and the student-name rule covers them."),
        "student_rules": Field("rules", [], "Rules whose firing shows that a reply or comment speaks to a student "
                               "(`student-conversation`): the handle it speaks to (opening the draft, or right after "
                               "a greeting or praise) is then the student's, not a colleague to ask (\"@tyee_hoops_kid "
                               "see you at open gym thursday\", \"so proud @lil_b_draws\"), unless it is a teacher's: "
                               "it opens with a title or holds a `teacher_handle_word_lists` word (\"@mrs.lee\", "
                               "\"@jlee_teaches\"). Other handles still count (\"thanks @sarah.whitman for "
                               "chaperoning\")."),
        "teacher_handle_word_lists": Field("lists", [], "Names of lists of words that make a handle a teacher's "
                                           "(\"teaches\", \"counsels\")."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        titles = PhraseSet(env, options.get("titles", []), options.get("title_lists", []), plurals=False)
        self.people = PeopleFinder.shared(env.nlp, titles.phrases, None, env.model_ok)
        self.roles = PhraseSet(env, options.get("roles", []), options.get("role_lists", []))
        self.roles_before = PhraseSet(env, options.get("roles_before", []), options.get("roles_before_lists", []))
        self.groups = PhraseSet(env, [], options.get("group_lists", []))
        self.not_names = PhraseSet(env, options.get("not_names", []), options.get("not_name_lists", []),
                                   plurals=False)
        self._place_words = place_words(env, options.get("place_word_lists", []))
        self.things = word_set(env, options.get("thing_words", []), options.get("thing_word_lists", []))
        self.handles = options.get("handles", True)
        ignored = list(options.get("ignore_handles", []))
        for name in options.get("ignore_handle_lists", []):
            ignored += env.lists.get(name, [])
        self.ignored = {h.lower().lstrip("@") for h in ignored}
        self.business = PhraseSet(env, options.get("business_cues", []), options.get("business_cue_lists", []))
        self.roster = env.roster if options.get("skip_student_handles") else None
        self.student_rules = set(options.get("student_rules", []))
        self.teacher_words = tuple(w.lower() for n in options.get("teacher_handle_word_lists", [])
                                   for w in env.lists.get(n, []))
        endings = list(options.get("org_handle_endings", []))
        for name in options.get("org_handle_ending_lists", []):
            endings += env.lists.get(name, [])
        self.org_endings = tuple(e.lower().replace(" ", "") for e in endings if e.strip())
        accounts = list(options.get("account_words", []))
        for name in options.get("account_word_lists", []):
            accounts += env.lists.get(name, [])
        words = "|".join(re.escape(w.strip()) for w in sorted(set(accounts or _ACCOUNT_WORDS), key=len, reverse=True)
                         if w.strip())
        # The author pointing to their own account: "follow me on snap @…", "my classroom acct @…",
        # "our club page is @…", "an account for my classroom: @…".
        def account(owners: str) -> str:  # "my classroom acct", "our club page", "new class ig"
            return rf"\b(?:{owners})\b{_OWN_MIDDLE}\s+(?:{words})s?\b"

        self.own_handle = re.compile(
            rf"(?:\b(?:me|hmu)\b|{account('my|our')}|\b(?:{words})s?\s+for\s+(?:my|our)\b)"
            r"[^.!?@\n]{0,50}$", re.IGNORECASE)
        # "new classroom ig", "my new class page", "our class account": the author's own account announced.
        self.announced = re.compile(account("my|our|new"), re.IGNORECASE)
        self.tokenizer = env.nlp.tokenizer
        self.org_words = _org_words(list(options.get("org_handle_words", [])),
                                    [w for n in options.get("org_handle_word_lists", []) for w in env.lists.get(n, [])])
        self.own_intro = re.compile(
            rf"\b(?:i'?m|i am)(?:\s+also)?(?:\s+on\s+(?:{words})(?:\s+(?:as|too|at))?)?\s*$", re.IGNORECASE)

    def find(self, doc: Doc) -> list[Hit]:
        not_names = self.not_names.matches(doc)
        skip = {i for sp in not_names for i in range(sp.start, sp.end)}
        hits = []
        for p in self.people.titled(doc):
            if p.span.start in skip or p.title.start in skip or _work_title(p.span, self.things):
                continue
            intro = _intro(doc, p.title.start_char, p.span.end)
            if intro != "self":
                hits.append(Hit(p.title.start_char, p.span.end_char, INTRO if intro else "hit"))
        if self.roles or self.roles_before or self.groups:
            hits += self._with_role(doc, skip)
        if self.handles:
            for m in _HANDLE.finditer(doc_text(doc)):
                handle = m.group(0)[1:]
                if (handle.lower() in self.ignored or (_ORG_HANDLE.match(handle) and not _titled_name_handle(handle))
                        or self._org_ending(handle) or self._org_words(handle)):
                    continue
                before = doc_text(doc)[max(0, m.start() - 100):m.start()]
                if (self._own(before) or self.own_intro.search(before) or _AT_PLACE.search(before)
                        or (_PAYMENT.search(before) and not _TITLED_HANDLE.match(handle))):
                    continue
                if self.roster is not None and self._student_handle(handle):
                    continue
                hits.append(Hit(m.start(), m.end(), FOLLOW if _FOLLOW.search(before) else HANDLE))
            if self.business:
                hits += [Hit(s, e, BUSINESS) for s, e in self.business.spans(doc)]
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        # "This is Coach Delgado": the author in a DM or a message that opens with a greeting.
        self_intro = draft.context.surface == "dm" or bool(_GREETING_OPENING.match(draft.text))
        # "#ad obsessed with this planner from @plumpaper, code TEACHJEN": the handle is a business's;
        # not a teacher's credited for something ("…the ticket giveaway! Special thanks to
        # @jlee_teaches for coordinating"), though a seller's own may be one ("Shop link in bio @jen_teaches").
        business = any(h.tag == BUSINESS for h in hits)
        # A reply or comment spoken to a student: the handle it speaks to is the student's.
        students = draft.context.surface in ("reply", "comment") and bool(self.student_rules & draft.fired)
        return [replace(h, tag="hit") for h in hits
                if not (students and h.tag in (HANDLE, FOLLOW) and _spoken_to(draft.text, h.start)
                        and not self._teachers(draft.text[h.start + 1:h.end]))
                and (h.tag == "hit" or (h.tag == INTRO and not self_intro) or (h.tag == HANDLE and (not business or self._credited_teacher(draft.text, h)))
                     or (h.tag == FOLLOW and not business and not self._announced(draft.text, h.start)))]

    def _credited_teacher(self, text: str, h: Hit) -> bool:
        """A teacher's handle right after "thanks to", "by", "with"…: someone else credited."""
        return self._teachers(text[h.start + 1:h.end]) and bool(_OTHERS_BEFORE.search(text[:h.start]))

    def _teachers(self, handle: str) -> bool:
        """A teacher's handle: "@mrs.lee", "@CoachDre", "@jlee_teaches"."""
        return bool(_TITLED_HANDLE.match(handle)) or any(w in handle.lower() for w in self.teacher_words)

    def _announced(self, text: str, at: int) -> bool:
        """"new classroom account! follow @mspark_reads": the draft announces the author's own
        account before the handle to follow, with no other handle between ("… follow @mspark_reads
        and follow @coachbell" asks for a colleague too), and "new" is the author's ("the new art page
        our PTA made" is not)."""
        last = None
        for m in self.announced.finditer(text, 0, at):
            if not (m.group(0).lower().startswith("new") and _SOMEONE_ELSES.search(text, 0, m.start())):
                last = m
        return last is not None and "@" not in text[last.end():at]

    def _org_words(self, handle: str) -> bool:
        """"@tyee_hoops", "@mrhs_rams", "@ehs_athletics": made only of a school's or team's words and
        initials, with at least one word besides initials."""
        if not self.org_words:
            return False
        phrases, initials = self.org_words
        words = []
        for w in HANDLE_WORDS.findall(handle):
            # Run together in lower case: "@tyeepta" -> tyee pta.
            w = w.lower()
            words += (w,) if (w,) in phrases or w in initials else _split_run(w, phrases, initials)
        i, named = 0, False
        while i < len(words):
            for n in range(min(4, len(words) - i), 0, -1):
                if tuple(words[i:i + n]) in phrases:
                    i, named = i + n, True
                    break
            else:
                if words[i] not in initials:
                    return False
                i += 1
        return named

    def _own(self, before: str) -> bool:
        """The text before a handle points to the author's own account ("follow my classroom acct ")."""
        return bool(self.own_handle.search(before)) and not _OTHERS_BEFORE.search(before)

    def _org_ending(self, handle: str) -> bool:
        """"@seattletimes", "@KOMO_News", "@kuownews": an outlet's handle, by its last word."""
        words = _HANDLE_SEPARATORS.sub("", handle).lower()
        return bool(self.org_endings) and words.endswith(self.org_endings)

    def _student_handle(self, handle: str) -> bool:
        """"@amara.osei_", "@lucia_v09": the handle's words include a roster name."""
        words = " ".join(w for w in _HANDLE_SEPARATORS.split(handle) if w)
        if not words:
            return False
        return bool(self.roster.find(self.tokenizer(words)) or self.roster.find(self.tokenizer("@" + handle)))

    def _with_role(self, doc: Doc, skip: set[int]) -> list[Hit]:
        roles = self.roles.matches(doc)
        before = self.roles_before.matches(doc)
        groups = self.groups.matches(doc) if self.groups else []
        if not roles and not before and not groups:
            return []
        hits = []
        titled = {p.span.start: p.title.start_char for p in self.people.titled(doc)}
        spans = [past_role(p.span, before) for p in self.people.candidates(doc)]
        if roles or before:
            # A first name the model did not take for a person, with a role right after it ("jen
            # from the front office and miguel our night custodian", "Deb from the kitchen") or
            # someone's role right before it ("our secretary deb").
            taken = {i for sp in spans for i in range(sp.start, sp.end)}
            spans += [sp for sp in lone_names(doc)
                      if sp.start not in taken and sp.text.lower() not in self._place_words
                      and (with_role(sp, roles, gap=3) or after_role(sp, before))]
            taken = {i for sp in spans for i in range(sp.start, sp.end)}
            spans += [sp for sp in self.people.lower_first_names(doc, roles)
                      if sp.start not in taken and sp.text.lower() not in self._place_words]
        named = [sp for sp in spans
                 if with_role(sp, roles) or after_role(sp, before) or (groups and in_group(sp, groups))]
        if named:
            named += _sharing_role(doc, named, [sp for sp in spans + lone_names(doc)
                                                if sp.text.lower() not in self._place_words])
        for span in sorted(named, key=lambda sp: sp.start):
            if span.start in skip or span[0].text.startswith(("@", "#")):
                continue
            # "it's Mr. Castillo from the front office", "I'm Jenna in the front office": the author.
            intro = _intro(doc, titled.get(span.start, span.start_char), span.end)
            if intro != "self":
                hits.append(Hit(span.start_char, span.end_char, INTRO if intro else "hit"))
        return hits


# Right before the handle a draft speaks to: "congrats @mel_runs_fast", "so proud @lil_b_draws",
# "let's gooo @jay.bell10". Not "thanks @…", "shoutout @…", "tell your mom @…": someone else.
_SPOKEN_TO = re.compile(r"\b(?:congrats|congratulations|proud|hey|hi|hello|yo|go+)\W*$", re.IGNORECASE)


def _spoken_to(text: str, at: int) -> bool:
    """Whether the handle at `at` is the one the draft speaks to: it opens the draft, or comes
    right after a greeting or praise."""
    before = text[:at]
    return not any(ch.isalnum() for ch in before) or bool(_SPOKEN_TO.search(before[-40:]))


def _sharing_role(doc: Doc, named: list[Span], names: list[Span]) -> list[Span]:
    """The names listed before a named one that share its role: "jen and marcus from the
    transportation office", "jen and marcus and kenji from…", "Jen, Marcus and Kenji from…". A
    comma joins only inside such a list, before a name that "and" or another comma follows ("Great
    job Priya, Marcus from IT fixed it" speaks to Priya)."""
    by_start = {sp.start: sp for sp in named}
    shared: list[Span] = []
    grew = True
    while grew:
        grew = False
        for sp in names:
            nxt = by_start.get(sp.end + 1)
            if sp.start in by_start or nxt is None:
                continue
            joiner = doc[sp.end].lower_
            if joiner in ("and", "&") or (joiner == "," and nxt.end < len(doc)
                                           and doc[nxt.end].lower_ in (",", "and", "&")):
                by_start[sp.start] = sp
                shared.append(sp)
                grew = True
    return shared


def _intro(doc: Doc, start_char: int, end: int) -> str | None:
    """"self" when the text before a name introduces the author ("it's ms. halvorsen!", "I'm Coach
    Delgado"), "this" after "This is", which `decide` weighs, else None. A possessive after the
    name makes it someone else's ("it's Ms. Okoro's last day")."""
    if end < len(doc) and doc[end].text in ("'s", "\u2019s", "'"):
        return None
    before = doc_text(doc)[max(0, start_char - 40):start_char]
    if _SELF_INTRO.search(before) or _SIGN_OFF.search(before):
        return "self"
    return "this" if _THIS_IS.search(before) else None


def _split_run(word: str, phrases: set[tuple[str, ...]], initials: set[str], parts: int = 3) -> list[str]:
    """A word run together from one-word org names and initials, each at least two letters:
    "tyeepta" -> ["tyee", "pta"]; the word itself when it is not made of them."""
    for k in range(2, len(word) - 1):
        head, rest = word[:k], word[k:]
        if (head,) in phrases or head in initials:
            if (rest,) in phrases or rest in initials:
                return [head, rest]
            if parts > 2:
                tail = _split_run(rest, phrases, initials, parts - 1)
                if len(tail) > 1:
                    return [head] + tail
    return [word]


def _org_words(words: list[str], names: list[str]) -> tuple[set[tuple[str, ...]], set[str]]:
    """Phrases (as word tuples) and initials an organisation's handle may be made of: "Mount
    Rainier High School" gives ("mount", "rainier", "high", "school") and "mrhs"; "Mt Rainier HS"
    gives "mrhs" too."""
    phrases: set[tuple[str, ...]] = set()
    initials: set[str] = set()
    for phrase in words + names:
        parts = [w for w in re.split(r"[\s.\-]+", phrase) if w]
        if not parts:
            continue
        phrases.add(tuple(w.lower() for w in parts))
        if len(parts) >= 2:
            initials.add("".join(w.lower() if w.isupper() and len(w) <= 3 else w[0].lower() for w in parts))
    return phrases, initials


def _titled_name_handle(handle: str) -> bool:
    """A title, then a capitalised name: "@CoachRamirezHHS" is a coach's own account, even ending
    in the school's initials (not "@Coachella", not "@TYEEHS")."""
    m = _TITLED_HANDLE.match(handle)
    return bool(m) and m.end() < len(handle) and handle[m.end()].isupper() and handle[:m.end()] != handle[:m.end()].upper()


def _work_title(span, things: frozenset[str]) -> bool:
    """"Mr. Holland's Opus", "Escape from Mr. Lemoncello's Library": a possessive, then a capitalised
    word that is no acronym ("Dr. Okafor's AP class" is a colleague's) nor a name for a thing of
    hers ("Ms. Faleolo's Schoology page"), in a draft whose capitals are not mere style ("Thank You
    Ms. Okoro's Class")."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text.lower() not in ("'s", "\u2019s"):
        return False
    nxt = doc[i + 1]
    if not (nxt.is_alpha and nxt.text[0].isupper() and not nxt.text.isupper()):
        return False
    # A named thing of hers: "Ms. Faleolo's Schoology page", "Mr. Kim's Canvas site".
    after = doc[i + 2] if i + 2 < len(doc) else None
    if after is not None and after.lower_ in things:
        return False
    return not title_cased(doc)
