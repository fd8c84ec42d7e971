"""`near`: marks a word only when a target word is close by, within `within` words.

This is how "negative about the district" differs from "negative about traffic": "hopeless"
fires near "district" or "principal", not near "traffic". A negation just before the word
("not", "never", "can't say enough") silences it.

Two options read a little grammar (spaCy's part-of-speech tags; no parser):
- `about_what_follows`: a feeling ("tired of", "hate", "disappointed in") or "worst part of" is
  about the noun phrase right after it. When that phrase holds no target, and neither does what
  it "is" ("the worst part of summer break is how much I miss my kiddos"), the word is about
  something else: "tired of people blaming teachers", "a kid who hates science".
- `carry_over`: a sentence with no subject of its own ("Truly a menace.", "What a joke."), or
  whose subject is a person's pronoun ("They never listen."), carries on the sentence before it,
  so a target there counts; so does a `refers_back` remark whatever
  its subject ("I'm sure this one will fix everything", "What could possibly go wrong").
- `attacks`: a target someone else runs down ("before u start spewing bs about teachers",
  "people trashing our teachers") is being defended, and is no target.
- `other_place_lists`: a target that is another place's ("the Seattle school board") is no target.
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.language.address import OPENING_GREETINGS, is_addressed, speaks_to_reader
from companion.language.matching import MaskedWords, PhraseSet
from companion.language.mentions import declined, generic, other_name, owned_elsewhere
from companion.language.name_words import reads_as_word
from companion.language.people import initials
from companion.language.text import doc_text

ADDRESS = "address"  # evidence that the draft speaks to someone (for `needs_address_on`)
CARRY = "carry"  # a marked word in a sentence without a subject (for `carry_over`)
TARGETS = "targets"  # a segment that holds a target (for `carry_over`)
SEGMENT = "segment"  # a segment's extent (for `carry_over`)
REQUIRED = "required"  # a `requires_lists` phrase (the draft must hold one)

_OBJECT_PREPOSITIONS = {"of", "with", "about", "in", "by"}
_NOUNS = {"NOUN", "PROPN"}
# Inside a noun phrase: "the new lunch schedule", "our school board members", "Mondays at Tyee".
_PHRASE_POS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "ADP", "ADV"}
_COPULAS = {"is", "was", "are", "were", "'s"}
# Words that open a sentence without being its subject: "What a joke.", "Such a mess."
_EXCLAMATIONS = {"what", "how", "such"}
# Pronouns for people named in the sentence before: "Met with admin again. They never listen."
_STANDS_FOR_BEFORE = {"they", "he", "she"}
_NO_TARGET_PRONOUNS = frozenset(_EXCLAMATIONS | _STANDS_FOR_BEFORE)  # built once, not per token
# What an attack is aimed at comes after these: "spewing bs about teachers", "attacks on our staff".
# Not "at", "for": "blaming teachers for the mess at Tyee" does not defend Tyee.
_AIMED_AT = {"about", "on", "against", "toward", "towards"}
# The author running someone down ("I'm not trashing admin", "not to bash the district") is no defence.
_SELF = {"i", "i'm", "im", "we", "we're", "me"}


class NearDetector(Detector):
    kind = "near"
    summary = "Marks a word when a target word is within a few words of it."
    FIELDS = {
        "phrases": Field("phrases", [], "The words to mark."),
        "lists": Field("lists", [], "Names of lists whose words are marked too."),
        "targets": Field("phrases", [], "The words that must be nearby."),
        "target_lists": Field("lists", [], "Names of lists whose words count as targets."),
        "within": Field("whole number", 6, "How many words apart the word and a target may be."),
        "negations": Field("phrases", [], "Words that, just before the marked word, cancel it "
                           "(\"not bad\", \"never rude\")."),
        "negation_window": Field("whole number", 3, "How many words before the marked word a negation is looked for."),
        "mark": Field("text", "word", "What to underline: `word`, `target`, or `both` (the whole stretch)."),
        "masked": Field("yes/no", False, "Also mark masked spellings of the words (\"f***\", \"sh1t\")."),
        "names_are_targets": Field("yes/no", False, "A person's name (on the roster, or found in the text) "
                                   "or initials (\"K.M.\") count as a target too: \"Marco's IEP\", \"Kai "
                                   "Yamamoto broke his wrist\"."),
        "needs_address_on": Field("phrases", [], "Surfaces (`comment`, `reply`, `dm`, `post`) on which a mark "
                                  "counts only when the draft speaks to someone: \"you\", \"your\", \"u\", a "
                                  "greeting opening a sentence (\"Hi Ms. Vargas,\"), an @handle opening it. A comment "
                                  "among colleagues (\"Marco's IEP meeting moved, can anyone cover my duty?\") has "
                                  "none; a direct message or reply always speaks to its reader."),
        "about_what_follows": Field("phrases", [], "Marked words that are about the noun phrase right after them: a "
                                    "feeling (\"tired of\", \"hate\", \"disappointed in\") or \"worst\" (\"the worst "
                                    "part of\"). When that phrase holds no target, and neither does what it \"is\", the "
                                    "word is about something else and is not marked: \"tired of people blaming "
                                    "teachers\", \"a kid who hates science\", \"the worst part of summer break is how "
                                    "much I miss my kiddos\".", needs_model=True),
        "not_in": Field("phrases", [], "Phrases in which a marked word means something else and is not marked: "
                        "\"homework\" in \"do your homework before you comment\" (an idiom, not an assignment)."),
        "refusals": Field("phrases", [], "Phrases that decline to discuss what follows (\"can't talk about\", "
                          "\"won't discuss\", \"not able to get into\"): a marked word after one in the same clause "
                          "(before a comma, \"but\" or \"so\") is not told, and is not marked: \"I can't really talk "
                          "about your son's grades on here, but shoot me an email\"."),
        "refusal_lists": Field("lists", [], "Names of lists of such phrases."),
        "place_lists": Field("lists", [], "Names of lists of schools named after a place (\"Madrona\"): such a target "
                             "followed by another capitalised word is another name and no target (\"the buns at "
                             "Madrona Bakery are unreal\"), unless the word starts a `school_name_lists` phrase.",
                             needs_model=True),
        "school_name_lists": Field("lists", [], "Names of lists of words that keep a place-named school the school when "
                                   "they follow its name (\"High\", \"Elementary\", a mascot, \"Football\")."),
        "carry_over": Field("yes/no", False, "A sentence with no subject of its own (\"Truly a menace.\", \"What a "
                            "joke.\", \"Leaking since October.\"), or whose subject is a person's pronoun (\"They "
                            "never listen.\", \"Honestly she is clueless\"), carries on the sentence before it: a "
                            "target there counts. Not when the marked word describes a noun right after it "
                            "(\"Absolutely awful traffic.\").", needs_model=True),
        "refers_back": Field("phrases", [], "Marked words that comment on the sentence before them whatever their own "
                             "subject, as sarcasm does (\"I'm sure this one will fix everything\", \"what could "
                             "possibly go wrong\"): with `carry_over`, a target in the sentence before counts.",
                             needs_model=True),
        "refers_back_lists": Field("lists", [], "Names of lists whose words are such remarks."),
        "carry_reach": Field("whole number", 1, "With `carry_over`, how many sentences back a carried word looks "
                             "for a target: 2 lets a sarcastic aside come after a short sentence of its own (\"…can't "
                             "count to four. i'm fine. everything's fine 🔥\")."),
        "closes_sentence": Field("yes/no", False, "A word carried to the sentence before (`carry_over`) counts only "
                                 "when it closes its own sentence, with nothing but punctuation, emoji or its own words again "
                                 "after it: \"…my name spelled wrong. cool. cool cool cool.\" is an aside; \"cool cool cool, see "
                                 "everyone at the send-off friday\" goes on to say something else. Nor does a sentence "
                                 "ending in \"!\" lend its target: \"Snow day at Highline schools today! … Cool cool "
                                 "cool\" shares the joy.", needs_model=True),
        "only_in_questions": Field("yes/no", False, "The words count only in a sentence that asks (ends in \"?\"): "
                                   "\"who decided to put state testing the week after spring break??\" blames; "
                                   "\"whoever decided to bring donuts, you are my hero\" thanks."),
        "attacks": Field("phrases", [], "Words for someone else running a target down (\"trashing\", \"bashing\", "
                         "\"spewing\", \"lies\"): a target they are aimed at, right after a verb (\"trashing our "
                         "teachers\") or after \"about\", \"on\", \"against\" a few words on (\"spewing bs about "
                         "teachers\", \"the garbage people post about our bus drivers\"), is being defended and is "
                         "no target. Not after \"I\", \"we\" or \"not to\" (\"not to bash admin, but…\").",
                         needs_model=True),
        "attack_lists": Field("lists", [], "Names of lists whose words are such attacks."),
        "everyday_lists": Field("lists", [], "Names of lists of everyday things (\"weather\", \"traffic\", "
                                "\"headache\", \"Sunday\"): a marked word right before one, maybe with other describing "
                                "words between, describes it, not a target nearby (\"terrible traffic on the way to "
                                "Chinook\", \"lazy sunday with my kiddos\").", needs_model=True),
        "other_place_lists": Field("lists", [], "Names of lists of places with schools of their own (\"Seattle\", "
                                   "\"Bellevue\"): a target right after one (\"the Seattle school board\", "
                                   "\"Bellevue's new superintendent\") is that place's, and no target."),
        "holds_target": Field("yes/no", False, "A marked word that holds a target itself (\"your grade\", \"his "
                              "transcript\") needs no other target near it."),
        "title_lists": Field("lists", [], "Names of lists of titles (\"Dr.\", \"Ms.\"), for `names_are_targets`: a "
                             "name after a title is a grown-up or a brand (\"Dr. Pepper and a stack of IEP progress "
                             "reports\", \"my Ms. Frizzle mug\"), no target."),
        "carry_clauses": Field("yes/no", False, "A marked word in a clause with no subject of its own, after a "
                               "comma (\"He's doing much better in my 3rd period, just needs to turn in the essay\"), "
                               "carries on the clause before it: a target there counts however far.",
                               needs_model=True),
        "skip_generic": Field("yes/no", False, "A target that speaks of no one in particular is no target: after "
                              "\"any\", \"every\" or \"no\" (\"any student's IEP\"), \"a\" with a possessive "
                              "(\"never once forgot a kid's allergy\") or in a supposition (\"if a kiddo has a 504\"), "
                              "or a plural with no owner (\"keep sick kids home\"). \"A student in my class was "
                              "suspended\" and \"my kids\" still count.", needs_model=True),
        "skip_quoted": Field("yes/no", False, "A marked word in quotation marks is someone else's word, quoted to "
                             "answer it, and is not marked (\"nobody at Tyee 'ignored' your kid\")."),
        "not_target_lists": Field("lists", [], "Names of lists of phrases in which a target is no target: the "
                                  "author's own child (\"my son's IEP meeting\", \"my own kiddo has a nut "
                                  "allergy\"), not a student."),
        "requires_lists": Field("lists", [], "Names of lists of which a phrase must be somewhere in the draft for a "
                                "mark to count (\"my 3rd period\", \"students\": the post speaks to a class)."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.words = PhraseSet(env, options.get("phrases", []), options.get("lists", []))
        self.targets = PhraseSet(env, options.get("targets", []), options.get("target_lists", []))
        self.negations = PhraseSet(env, options.get("negations", []), plurals=False)
        self.within = options.get("within", 6)
        self.window = options.get("negation_window", 3)
        self.mark = options.get("mark", "word")
        self.masked = MaskedWords(self.words.phrases) if options.get("masked") else None
        self.address_surfaces = set(options.get("needs_address_on", []))
        self.about_following = PhraseSet(env, options.get("about_what_follows", []))
        self.carry_over = options.get("carry_over", False)
        self.carry_reach = max(1, options.get("carry_reach", 1))
        self.closes_sentence = options.get("closes_sentence", False)
        self.only_in_questions = options.get("only_in_questions", False)
        self.not_in = PhraseSet(env, options.get("not_in", []))
        self.refusals = PhraseSet(env, options.get("refusals", []), options.get("refusal_lists", []), plurals=False)
        self.places = PhraseSet(env, [], options.get("place_lists", []))
        self.school_names = PhraseSet(env, [], options.get("school_name_lists", []))
        self.refers_back = PhraseSet(env, options.get("refers_back", []), options.get("refers_back_lists", []))
        self.attacks = PhraseSet(env, options.get("attacks", []), options.get("attack_lists", []))
        self.other_places = PhraseSet(env, [], options.get("other_place_lists", []))
        self.everyday = PhraseSet(env, [], options.get("everyday_lists", []))
        self.holds_target = options.get("holds_target", False)
        self.skip_generic = options.get("skip_generic", False)
        self.not_targets = PhraseSet(env, [], options.get("not_target_lists", []))
        self.skip_quoted = options.get("skip_quoted", False)
        self.carry_clauses = options.get("carry_clauses", False)
        self.requires = PhraseSet(env, [], options.get("requires_lists", []))
        self.people = None
        if options.get("names_are_targets"):
            from companion.language.people import PeopleFinder
            titles = PhraseSet(env, [], options.get("title_lists", []), plurals=False).phrases
            self.people = PeopleFinder.shared(env.nlp, titles, env.roster, env.model_ok)

    def find(self, doc: Doc) -> list[Hit]:
        hits = self._address(doc) if self.address_surfaces else []
        if self.requires:
            hits += [Hit(s, e, REQUIRED) for s, e in self.requires.spans(doc)]
        targets = self.targets.matches(doc)
        if self.places and self.school_names:
            # "the buns at Madrona Bakery": a place-named school starting another name is no target.
            places = {(sp.start, sp.end) for sp in self.places.matches(doc)}
            targets = [t for t in targets
                       if (t.start, t.end) not in places or not other_name(doc, t, (self.school_names,))]
        if self.people is not None and (self.words.matches(doc) or self.masked):
            # A roster first name used as a word ("it will be at the front table") is no one.
            people = self.people.candidates(doc)
            # A close sensitive word is the cue, so a sentence's first word counts too.
            people += self.people.single_subjects(doc, people, at_start=True)
            # A name after a title is a grown-up or a brand ("Dr. Pepper", "Ms. Frizzle"), no student.
            # Not a roster name read past the title's ("Hi Ms. Vargas, Lucia's grade": "Vargas, Lucia").
            titled = {i for p in self.people.titled(doc) for i in range(p.span.start, p.span.end)}
            people = [p for p in people if p.span.start not in titled
                      or (p.roster_entry is not None and not titled.issuperset(range(p.span.start, p.span.end)))]
            targets = targets + [p.span for p in people
                                 if p.roster_entry is None or p.roster_entry.full or not reads_as_word(p.span)]
            targets += initials(doc)
        if targets and self.skip_generic:
            targets = [t for t in targets if not generic(doc, t)]
        if targets and self.not_targets:
            mine = self.not_targets.matches(doc)
            targets = [t for t in targets if not any(m.start <= t.start and t.end <= m.end for m in mine)]
        if targets and self.other_places:
            # "the Seattle school board": another place's.
            owned = owned_elsewhere(doc, targets, self.other_places.matches(doc))
            targets = [t for t in targets if (t.start, t.end) not in owned]
        if targets and self.attacks:
            # "before u start spewing bs about teachers": teachers defended, not run down.
            defended = _defended(doc, self.attacks.matches(doc), targets)
            targets = [t for t in targets if (t.start, t.end) not in defended]
        if self.only_in_questions and "?" not in doc_text(doc).rstrip()[-4:]:
            return hits
        if self.carry_over:
            hits.append(Hit(0, len(doc_text(doc)), SEGMENT))
            if targets and not (self.closes_sentence and _exclaims(doc)):
                hits.append(Hit(0, len(doc_text(doc)), TARGETS))
        if not targets and not self.carry_over:
            return hits
        negations = self.negations.matches(doc)
        words = self.words.matches(doc)
        if self.masked:
            words += [sp for s, e in self.masked.spans(doc_text(doc))
                      if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None]
        about_following = {(sp.start, sp.end) for sp in self.about_following.matches(doc)}
        back = self.refers_back.matches(doc) if not targets else []
        idioms = self.not_in.matches(doc)
        words = [w for w in words if not any(i.start <= w.start and w.end <= i.end for i in idioms)]
        if self.skip_quoted:
            words = [w for w in words if not _quoted(doc_text(doc), w.start_char, w.end_char)]
        if self.everyday and words:
            # "terrible traffic", "lazy sunday": the word describes an everyday thing, not a target.
            everyday = {sp.start for sp in self.everyday.matches(doc)}
            words = [w for w in words if not _describes(doc, w, everyday)]
        refusals = self.refusals.matches(doc)
        if refusals:
            words = [w for w in words if not any(declined(doc, r, w) for r in refusals)]
        for word in words:
            if any(word.start - self.window <= n.end <= word.start for n in negations):
                continue
            if not targets:
                refers_back = any(b.start <= word.start and word.end <= b.end for b in back)
                own = {t.lower_ for t in word}
                if self.closes_sentence and any((t.is_alpha or t.like_num) and t.lower_ not in own
                                                for t in doc[word.end:]):
                    continue  # "cool cool cool, see everyone friday": not an aside; "cool cool cool cool." is
                if (refers_back or _without_subject(doc, word)) and any(ch.isalnum() for ch in word.text):
                    hits.append(Hit(word.start_char, word.end_char, CARRY))
                continue
            near = [t for t in targets
                    if (t.start >= word.end and t.start - word.end < self.within)
                    or (t.end <= word.start and word.start - t.end < self.within)
                    or (self.holds_target and word.start <= t.start and t.end <= word.end)]
            if not near and self.carry_clauses:
                near = _clause_before(doc, word, targets)
            if near and any(s <= word.start and word.end <= e for s, e in about_following):
                near = _about_what_follows(doc, word, near)
            if not near:
                continue
            target = min(near, key=lambda t: abs(t.start - word.start))
            if len(word) > 1 and word[-1].is_punct:
                word = word[:-1]  # "oh good," is underlined without its comma
            if self.mark == "target":
                hits.append(Hit(target.start_char, target.end_char))
            elif self.mark == "both":
                hits.append(Hit(min(word.start_char, target.start_char), max(word.end_char, target.end_char)))
            else:
                hits.append(Hit(word.start_char, word.end_char))
        # An emoji ("🙄", "🙃") is not underlined on its own beside words that fired: one remark,
        # one underline. Alone it still counts.
        def letters(h: Hit) -> bool:
            return any(ch.isalnum() for ch in doc_text(doc)[h.start:h.end])
        if any(h.tag == "hit" and letters(h) for h in hits):
            hits = [h for h in hits if h.tag != "hit" or letters(h)]
        return hits

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        if draft.context.surface in self.address_surfaces and not any(h.tag == ADDRESS for h in hits):
            return []
        if self.requires and not any(h.tag == REQUIRED for h in hits):
            return []
        out = [h for h in hits if h.tag == "hit"]
        carried = [h for h in hits if h.tag == CARRY]
        if carried:
            segs = sorted((h.start, h.end) for h in hits if h.tag == SEGMENT)
            with_targets = {(h.start, h.end) for h in hits if h.tag == TARGETS}
            for h in carried:
                k = next((i for i, (s, e) in enumerate(segs) if s <= h.start < e), 0)
                if any(segs[k - j] in with_targets for j in range(1, min(k, self.carry_reach) + 1)):
                    out.append(Hit(h.start, h.end, "hit", h.confidence, h.severity))
        return out

    def _address(self, doc: Doc) -> list[Hit]:
        found = speaks_to_reader(doc)
        if len(doc) and (doc[0].lower_ in OPENING_GREETINGS or doc[0].text.startswith("@")):
            found.append(doc[0:1])
        if self.people is not None:
            # A name closing its sentence after a comma speaks to that person: "Thanks for asking,
            # Grace!", "No worries at all, Mike."
            names = [p.span for p in self.people.candidates(doc)]
            names += [doc[p.title.start:p.span.end] for p in self.people.titled(doc)]
            found += [sp for sp in names if sp.start > 0 and doc[sp.start - 1].text == "," and is_addressed(sp)]
            # A capitalised word closing the sentence after a comma, that no finder knows: "Good
            # question, Tasha!"
            found += [doc[t.i:t.i + 1] for t in doc if t.i > 0 and doc[t.i - 1].text == "," and t.is_alpha
                      and t.is_title and all(not any(c.isalnum() for c in u.text) for u in doc[t.i + 1:])]
        return [Hit(sp.start_char, sp.end_char, ADDRESS) for sp in found]


def _phrase(doc: Doc, i: int) -> tuple[int, int]:
    """The noun phrase starting at token `i` (possessives such as "our" included): its end."""
    j = i
    while j < len(doc) and (doc[j].pos_ in _PHRASE_POS or doc[j].tag_ == "PRP$"):
        j += 1
    return i, j


def _about_what_follows(doc: Doc, word, near: list) -> list:
    """Targets a feeling word is about: those in the noun phrase after it (or in what that phrase
    "is"), or all of them when no noun phrase follows ("I hate how…", "admin is the worst")."""
    i = word.end
    last = doc[word.end - 1]
    if last.pos_ == "ADP" or last.pos_ == "VERB":
        start = i
    elif i < len(doc) and doc[i].lower_ in _OBJECT_PREPOSITIONS:
        start = i + 1
    elif i + 1 < len(doc) and doc[i].pos_ == "NOUN" and doc[i + 1].lower_ in ("of", "about"):
        start = i + 2  # "the worst part of", "the worst thing about"
    else:
        return near
    start, end = _phrase(doc, start)
    if not any(doc[k].pos_ in _NOUNS for k in range(start, end)):
        return near
    spans = [(start, end)]
    if end < len(doc) and doc[end].lower_ in _COPULAS:
        spans.append(_phrase(doc, end + 1))
    return [t for t in near if any(s <= t.start and t.end <= e for s, e in spans)]


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands in quotation marks of its own: "'ignored'", '"support"'."""
    return (start > 0 and end < len(text) and text[start - 1] in "'\"" and text[end] == text[start - 1]
            and (start < 2 or not text[start - 2].isalnum()))


def _defended(doc: Doc, attacks: list, targets: list) -> set[tuple[int, int]]:
    """Targets someone else runs down: in the phrase right after an attack verb ("trashing our
    teachers online", "bashing Highline teachers"), or after "about", "on", "against" within a
    few words of an attack ("spewing bs about teachers", "the garbage people keep posting about our
    bus drivers"). The author's own ("I'm not trashing admin", "not to bash the district") are not."""
    out: set[tuple[int, int]] = set()
    for a in attacks:
        before = doc[max(0, a.start - 3):a.start]
        if any(t.lower_ in _SELF for t in before) or (len(before) >= 2 and before[-2].lower_ == "not"
                                                       and before[-1].lower_ == "to"):
            continue
        starts = []
        last = doc[a.end - 1]
        if last.pos_ in ("VERB", "ADP") or last.tag_.startswith("VB"):
            starts.append(a.end)  # "trashing our teachers", "coming after our staff"
        k = next((k for k in range(a.end, min(len(doc), a.end + 5)) if doc[k].lower_ in _AIMED_AT), None)
        if k is not None and not any(doc[m].is_punct for m in range(a.end, k)):
            starts.append(k + 1)  # "spewing bs about teachers", "lies about our staff"
        for start in starts:
            end = start
            # The phrase aimed at: "our teachers online", "the teachers at Tyee"; not "for the mess".
            while end < len(doc) and (doc[end].pos_ in _PHRASE_POS or doc[end].tag_ == "PRP$") \
                    and (doc[end].pos_ != "ADP" or doc[end].lower_ in _AIMED_AT or end == start
                         or (doc[end].lower_ in ("at", "from") and end + 1 < len(doc)
                             and doc[end + 1].pos_ == "PROPN")):
                end += 1
            out |= {(t.start, t.end) for t in targets if start <= t.start and t.end <= end}
    return out


def _clause_before(doc: Doc, word, targets: list) -> list:
    """Targets in the clause before the word's, when the word's clause (after a comma or
    semicolon) has no subject of its own before it: "He's doing much better in my 3rd period, just
    needs to turn in the essay"."""
    i = word.start
    while i > 0 and doc[i - 1].text not in (",", ";"):
        tok = doc[i - 1]
        if tok.pos_ in _NOUNS or tok.pos_ == "PRON" or tok.is_punct:
            return []
        i -= 1
    if i == 0:
        return []
    j = i - 1
    while j > 0 and doc[j - 1].text not in (",", ";") and not doc[j - 1].is_sent_end:
        j -= 1
    return [t for t in targets if j <= t.start and t.end <= i - 1]


def _describes(doc: Doc, word, starts: set[int]) -> bool:
    """Whether the word describes a thing starting right after it, maybe after other describing
    words ("horrible rainy weather")."""
    i = word.end
    while i < len(doc) and i not in starts and doc[i].pos_ == "ADJ" and i - word.end < 2:
        i += 1
    return i in starts


def _exclaims(doc: Doc) -> bool:
    """Whether the sentence ends in "!" (maybe before emoji): "Snow day at Highline schools today!"."""
    for tok in reversed(doc):
        if tok.is_alpha or tok.like_num:
            return False
        if "!" in tok.text:
            return True
    return False


def _without_subject(doc: Doc, word) -> bool:
    """Whether the marked word opens a sentence with no subject of its own ("Truly a menace.",
    "What a joke.", "Leaking since October") and does not describe a noun right after it. A
    person's pronoun ("They never listen.", "Honestly she is clueless") stands for someone in the
    sentence before, so it is no subject of its own either."""
    for tok in doc[:word.start]:
        if tok.pos_ in _NOUNS or (tok.pos_ == "PRON" and tok.lower_ not in _NO_TARGET_PRONOUNS):
            return False
    nxt = doc[word.end] if word.end < len(doc) else None
    return not (nxt is not None and nxt.pos_ in _NOUNS)
