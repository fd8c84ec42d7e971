"""Detector behaviour added for accuracy: names spoken to versus spoken of, roster first names
used as words, cues in the next sentence, address on comments, e-mails and handles that spell a
student's name, and the offensive classifier's choice of model. Each row is a draft anyone can
read; the options are small sets written here, not the district's rules file."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks, roster_env
from companion.context import Context
from companion.detectors import KINDS
from companion.detectors.base import Draft
from companion.language.text import segments
from companion.detectors.base import OptionError

STUDENTS = [("Marco", "Diaz"), ("Hunter", "Bishop"), ("Grace", "Kim"), ("Summer", "Alvarez"), ("Jasmine", "Le"),
            ("Imani", "Wells"), ("Oscar", "Lindgren"), ("Amara", "Osei"), ("Lucia", "Vargas"), ("Sam", "Okafor"),
            ("Will", "Hartley")]


@pytest.fixture(scope="module")
def env(model):
    return roster_env(model, STUDENTS)





STUDENT_NAMES = {"cues": ["my student", "junior", "proud of", "in my class"], "titles": ["Ms", "Mr", "Coach"],
                 "first_name_cues": ["class", "grades", "speech", "spelling bee", "lab report"],
                 "close_cues": ["missed 6 days", "eligibility", "ineligible", "IEP"]}


@pytest.mark.parametrize("text, surface, marked", [
    # A roster first name spoken to, in a reply, comment or DM, is a student's.
    ("Congrats, Imani! See you soon", "reply", ["Imani"]),
    ("marco!! you did so good today", "dm", ["marco"]),
    ("Congrats, Imani! See you soon", "post", []),            # a public post: no cue, no name
    # Used as a word: followed by the noun it qualifies, or part of a capitalised phrase.
    ("Jasmine tea and a stack of lab reports.", "post", []),
    ("The choir sang 'Amazing Grace' in my class today", "post", []),
    ("Chase your dreams, grades will follow", "post", []),
    # A subject at the start of a sentence is a name even when it is a common word.
    ("Grace crushed her senior speech today!", "post", ["Grace"]),
    ("Oscar in my class lost his first tooth", "post", ["Oscar"]),
    # The cue may be in the next sentence.
    ("Lucia came back today. Her grades are way up.", "post", ["Lucia"]),
    # A parent who shares the surname: "Alvarez, Summer" is not read as Last, First.
    ("Hi Ms. Alvarez, Summer had a great day in class today!", "dm", ["Summer"]),
    # A name right after a cue, even one no finder knows; school business right after any name.
    ("Congrats to our junior Aiyana on making All-State!", "post", ["Aiyana"]),
    ("Noticed Kaden has missed 6 days this month.", "dm", ["Kaden"]),
    ("Jalen's eligibility check came back.", "reply", ["Jalen"]),
    ("Reporting an absence? Email the Sylvester attendance office.", "post", []),
    ("Ms. Okoro's IEP meetings start Monday", "post", []),   # a titled name is a colleague
])
def test_student_names(env, text, surface, marked):
    assert marks(env, "student_names", STUDENT_NAMES, text, surface=surface) == marked


CONVERSATION = {"school_life": ["practice", "class", "team", "quiz", "kid"], "adult": ["sis"],
                "third_person": ["he", "she", "your son", "your student"], "names": True, "title_lists": [],
                "invitations": ["my cell"]}


@pytest.mark.parametrize("text, surface, fires", [
    ("congrats @hunter_bishop24!! proud of you", "reply", True),       # a roster student's handle, spoken to
    ("proud of you kid, see you at practice", "reply", True),
    ("Hi, just letting you know Sam Okafor was absent and missed the quiz.", "dm", False),  # spoken of: a parent
    ("Thanks for flagging! We passed your note on to our transportation team.", "dm", False),  # "our team"
    ("For questions about your student's class, call the office.", "dm", False),
    ("great game tonight Imani!!!", "reply", True),                    # a name spoken to speaks to the reader
    ("Still missing slips from Diaz, Marco and Kim, Grace.", "comment", False),  # a list, not a greeting
    ("hey, will you bring snacks tomorrow?", "dm", False),          # "will" a verb, not the student Will
    ("Will you be at the potluck?", "dm", False),
    ("hey will, see you at practice", "dm", True),                    # greeted: the student Will
])
def test_conversation_weighs_names(env, text, surface, fires):
    options = dict(CONVERSATION, title_lists=["titles"])
    env.lists["titles"] = ["Ms", "Mr", "Coach"]
    assert bool(marks(env, "conversation", options, text, surface=surface)) is fires


def test_conversation_titled_greeting_is_an_adult(env):
    env.lists["titles"] = ["Ms", "Mr", "Coach"]
    options = dict(CONVERSATION, title_lists=["titles"])
    text = "Thank you, Ms. Tran! We'll pass your kind words along to the team"
    assert marks(env, "conversation", options, text, surface="comment") == []
    assert marks(env, "conversation", options, "Thank you! See you at practice with the team", surface="comment")


SCHOOL_BUSINESS = {"phrases": ["IEP", "504 plan", "absence", "grades", "missing assignments"],
                   "targets": ["you", "your", "he", "she", "your son"], "names_are_targets": True,
                   "needs_address_on": ["comment"], "within": 8}


@pytest.mark.parametrize("text, surface, marked", [
    ("Marco's IEP meeting moved to Thursday, can anyone cover my duty?", "comment", []),  # colleagues
    ("Marco's IEP meeting moved to Thursday, can anyone cover my duty?", "dm", ["IEP"]),  # a DM speaks to its reader
    ("@marisol.g your son still has missing assignments", "comment", ["missing assignments"]),
    ("Hi Ms. Vargas, Lucia's grades are updated now.", "comment", ["grades"]),
    ("@dhernandez we've marked Lucia's absence as excused", "comment", ["absence"]),
])
def test_near_needs_address_on_comments(env, text, surface, marked):
    assert marks(env, "near", SCHOOL_BUSINESS, text, surface=surface) == marked


def test_near_initials_are_targets(env):
    options = {"phrases": ["suspension"], "targets": ["student"], "names_are_targets": True, "within": 6}
    assert marks(env, "near", options, "everyone knows it was K.M. who got a suspension") == ["suspension"]
    # A roster first name used as a word is no one: "will" in "will be".
    assert marks(env, "near", {"phrases": ["IEP"], "names_are_targets": True, "within": 6},
               "IEP family guides will be at the front desk") == []


EMAIL = {"patterns": [r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b"], "nearby": ["student"],
         "roster_names": True}


@pytest.mark.parametrize("text, marked", [
    ("Lock screen says 'if found email hunterbishop09@gmail.com'", ["hunterbishop09@gmail.com"]),
    ("Questions? Write to frontdesk@example.org", []),
    ("my student wrote from kayla.r@example.org", ["kayla.r@example.org"]),
])
def test_pattern_counts_an_email_that_spells_a_student(env, text, marked):
    assert marks(env, "pattern", EMAIL, text) == marked


@pytest.mark.parametrize("text, marked", [
    ("🎉 @amara.osei_ congrats on the scholarship!!", []),
    ("@lucia_v09 nice job on the retake", []),
    ("Great lesson from @MrHTeachesMath today", ["@MrHTeachesMath"]),
    ("mr. okafor's class planted the garden", ["mr. okafor"]),
])
def test_titled_names_skip_student_handles(env, text, marked):
    options = {"titles": ["Mr", "Ms"], "skip_student_handles": True}
    assert marks(env, "titled_names", options, text) == marked


@pytest.mark.parametrize("text, marked", [
    # The author's own account: "me", or "my"/"our" a few words before an account word.
    ("follow me on snap @mr.dlee", []),
    ("follow my classroom acct @mrsvtechclass to see the projects", []),
    ("Our robotics club page is @cascadebots_club, follow along!", []),
    ("Started a separate account for my classroom stuff: @mr.okafor.music", []),
    # Someone else's: a colleague, a favourite, a possessive, a handle after "to" or "and".
    ("My co-teacher @ms_b_reads just turned our hallway into a rainforest", ["@ms_b_reads"]),
    ("my favorite teacher account @mrsbrownteaches is doing a giveaway", ["@mrsbrownteaches"]),
    ("my friend's page @jess.bakes has the recipe", ["@jess.bakes"]),
    ("my class page has a shoutout to @ms_b_reads today", ["@ms_b_reads"]),
    ("follow me and @mrs_lee for the book club", ["@mrs_lee"]),
    ("my students made a page for @ms_b_reads", ["@ms_b_reads"]),
    ("my kids loved the page @jess_teaches made", ["@jess_teaches"]),
])
def test_titled_names_own_handles(env, text, marked):
    options = {"titles": ["Mr", "Ms"], "account_words": ["acct", "account", "page", "snap"]}
    assert marks(env, "titled_names", options, text) == marked


@pytest.mark.parametrize("model_name", ["profanity-check", "stacked"])
def test_offensive_models(env, model_name):
    options = {"model": model_name, "threshold": 0.5}
    assert marks(env, "offensive", options, "You are a complete idiot and a liar")
    assert not marks(env, "offensive", options, "Thank you to every family who came to conferences")


PRAISE = {"model": "stacked", "threshold": 0.75, "praise": ["sick", "killer", "killed it"]}


@pytest.mark.parametrize("text, marked_bare, marked_with_praise", [
    # Slang praise reads as "great": the tweet-trained classifier takes these words as hostile.
    ("Sick solos, a killer horn section, and those 8th graders can SWING", True, False),
    ("our drumline absolutely KILLED it at the assembly, sick cadences all around", True, False),
    # Spoken to someone, the same word stays as written.
    ("You're a sick joke and everyone knows it.", True, True),
    # Nothing to read differently.
    ("Thank you to every family who came to conferences", False, False),
])
def test_offensive_reads_slang_praise_as_praise(env, text, marked_bare, marked_with_praise):
    bare = {k: v for k, v in PRAISE.items() if k != "praise"}
    assert bool(marks(env, "offensive", bare, text)) is marked_bare
    assert bool(marks(env, "offensive", PRAISE, text)) is marked_with_praise


def test_offensive_unknown_model_is_a_clear_error(env):
    with pytest.raises(OptionError, match="not one of"):
        KINDS["offensive"]({"model": "gpt"}, env)


MISSING = {"mentions": ["my class"], "required": ["views are my own"], "roster_names": True,
           "first_name_cue_lists": ["school"]}


@pytest.mark.parametrize("text, fires", [
    ("Imani needs a ride to the away game tonight", True),     # a student with school life around
    ("Imani needs a ride to the airport tonight", False),      # no school life: maybe anyone
    ("family day at the pool, an hour of Marco Polo", False),  # part of another name
    ("Marco Diaz read 40 books", True),                        # a full roster name always counts
])
def test_missing_counts_a_first_name_with_school_life(env, text, fires):
    env.lists["school"] = ["away game", "class"]
    assert bool(marks(env, "missing", MISSING, text)) is fires


NAMES_MORE = {**STUDENT_NAMES, "first_name_cues": ["lab notebook", "playground"], "before_first_names": ["our"],
              "roles": ["dept", "front office"], "adult_cues": ["dinner"]}


@pytest.mark.parametrize("text, surface, marked", [
    # A roster first name that is a common word, greeted in lower case, is a name.
    ("hey sam, don't forget your lab notebook", "dm", ["sam"]),
    ("hey will, see you at the lab notebook check", "dm", ["will"]),
    ("hey, will you bring the lab notebook", "dm", []),        # "will" a verb, not greeted
    # Spoken to with grown-up life around it: a friend who shares a student's name.
    ("Hey Grace, dinner at 7?", "dm", []),
    ("Hey Grace, don't forget your lab notebook", "dm", ["Grace"]),
    # "our" right before a roster first name: staff speak of their students as ours.
    ("Happy birthday to our Marco!", "post", ["Marco"]),
    ("Join our Summer Reading Challenge", "post", []),        # part of a longer name
    # Part of someone else's name.
    ("Thank you to Grace Community Church for the playground mulch", "post", []),
    ("Hey Sam I need your lab notebook", "dm", ["Sam"]),           # "I" is no surname
    # A role right after a name: a colleague, not a student.
    ("shoutout to beth and raul from the science dept for covering my class", "post", []),
    ("Marco's IEP meeting with the special ed dept is Monday", "post", ["Marco"]),
])
def test_student_names_greetings_owners_and_roles(env, text, surface, marked):
    assert marks(env, "student_names", NAMES_MORE, text, surface=surface) == marked


NAMES_READER = {**STUDENT_NAMES, "third_person": ["he", "she", "her", "him", "your son"]}


@pytest.mark.parametrize("text, surface, marked", [
    # Spoken to, with a student spoken of as "he": the reader is a parent or colleague.
    ("Denise, he's missing 4 assignments in my class right now", "reply", []),
    ("Hi Tamara! Heads up, he has 3 missing lab report grades in my class. Can you check with him?", "dm", []),
    ("Denise, he's missing 4 assignments in my class right now", "post", ["Denise"]),   # a post speaks to all
    # A roster first name: only greeted plainly, with no other "you".
    ("Thanks for asking, Grace! He's doing much better in my class", "comment", []),
    ("Congrats, Imani! She worked so hard on that speech", "reply", ["Imani"]),           # praised: the student
    ("hey sam, did he give you the lab notebook back?", "dm", ["sam"]),                    # "you": the student
    # A colleague's working day around a name greeted plainly: a colleague, whatever school life is ours.
    ("Hey Grace, can you cover my class tomorrow? lunch duty too", "dm", []),
    ("Hey Grace, don't forget your lab notebook tomorrow", "dm", ["Grace"]),
])
def test_student_names_reader_spoken_to(env, text, surface, marked):
    options = {**NAMES_READER, "first_name_cues": ["lab notebook", "class", "speech"], "colleague_cues": ["cover my"]}
    assert marks(env, "student_names", options, text, surface=surface) == marked


NAMES_KIDS = {**STUDENT_NAMES, "first_name_cues": ["class", "lab notebook"], "family_cues": ["my son", "grandbaby"],
              "class_family_cues": ["my kids", "my kiddos"], "class_cues": ["reading challenge", "for the sub"],
              "cues": ["proud of", "kiddo", "my student"]}


@pytest.mark.parametrize("text, marked", [
    # "my kids", "my kiddos": the author's own children, unless the draft says something about school.
    ("Sunday soccer with my kiddos. Marco scored his first goal", []),
    ("So proud of my kids, Grace and Oscar, for finishing their first 5k!", []),
    ("so proud of my kiddos, Marco and Imani, for finishing the reading challenge", ["Marco", "Imani"]),
    ("my kiddos were angels for the sub today. Oscar even left me a note", ["Oscar"]),
    # A name right after "my kiddos" that no finder knows: the class's, or the author's own.
    ("Huge shoutout to my kiddos Aiyana and Marco for teaching the whole class", ["Marco", "Aiyana"]),
    ("Sunday soccer with my kiddos Aiyana and Marco", []),
    # "my son" stays family, whatever the class cues, unless school life is near.
    ("my son Marco finished the reading challenge at the library", []),
    ("my son Marco left his lab notebook at home", ["Marco"]),
])
def test_student_names_my_kids_or_my_class(env, text, marked):
    assert marks(env, "student_names", NAMES_KIDS, text) == marked


@pytest.mark.parametrize("text, marked", [
    # The role's modifiers belong to it; "dev", which the tagger reads as a noun, is a name once
    # capitalised ("Dev"), and shares the role.
    ("lunch with sarah and dev from the english dept", ["sarah", "dev"]),
    ("Marco's IEP with the special ed dept", []),                     # never across a possessive
])
def test_titled_names_role_after_a_coordinated_name(env, text, marked):
    assert marks(env, "titled_names", {"titles": ["Ms"], "roles": ["dept"], "handles": False}, text) == marked


@pytest.mark.parametrize("text, fires", [
    ("Congrats @CoachMendozaTyee on 200 career wins!!", True),   # a school and a role inside a handle
    ("So proud of this crew #TyeePride", True),
    ("Happy birthday @jenny.smith88!", False),
    ("Love this from @TeacherMemes lol", False),                 # an everyday word, not the district's
])
def test_missing_reads_handle_words(env, text, fires):
    env.lists["district"] = ["Tyee", "teacher"]
    env.lists["schools"] = ["Tyee"]
    options = {"mention_lists": ["district"], "required": ["views are my own"], "handle_word_lists": ["schools"]}
    assert bool(marks(env, "missing", options, text)) is fires


@pytest.mark.parametrize("text, fires", [
    ("the bell rang and my kids sprinted out like it was a fire drill", True),   # the class
    ("Sunday soccer with my kiddos, so much fun", False),                        # family time
    ("Spring break road trip with my kids!", False),
    ("Sunday night grading with my kids' essays", True),                         # another mention counts
])
def test_missing_my_kids_in_family_time(env, text, fires):
    env.lists["school"] = ["kid", "kiddo", "my kids", "grading"]
    env.lists["family_time"] = ["Sunday", "spring break"]
    env.lists["my_kids"] = ["my kids", "my kiddos"]
    options = {"mention_lists": ["school"], "required": ["views are my own"], "family_lists": ["family_time"],
               "family_word_lists": ["my_kids"]}
    assert bool(marks(env, "missing", options, text)) is fires


def test_missing_counts_other_rules_that_fired(env):
    detector = KINDS["missing"]({"mentions": ["my class"], "mention_rules": ["student-name"]}, env)
    text = "Good luck to Amira Haddou this weekend!"
    hits = [h for seg in segments(text) for h in detector.find_all(env.nlp(seg.text))]
    assert not detector.run(hits, Draft(text, Context(), hits))
    assert detector.run(hits, Draft(text, Context(), hits, fired=frozenset({"student-name"})))
