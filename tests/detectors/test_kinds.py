"""The detector kinds added for issue 3, each on drafts anyone can read: what a kind marks and
what it must leave alone. Built from small option sets, not the district's rules file, so that a
list edit by Communications cannot hide a broken kind."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks, roster_env


@pytest.fixture(scope="module")
def env(model):
    return roster_env(model, [("Marco", "Diaz"), ("Hunter", "Bishop"), ("Dana", "Whitfield")], needs_model=False)





# -- phrases with masked spellings ----------------------------------------------------------------
SWEARS = {"lists": [], "phrases": ["fuck", "shit", "bullshit", "asshole"], "masked": True}


@pytest.mark.parametrize("text, marked", [
    ("What the f*** were they thinking", ["f***"]),
    ("the wifi is sh1t today", ["sh1t"]),
    ("chinook's new schedule is $h!t", ["$h!t"]),
    ("total bullsh*t", ["bullsh*t"]),
    ("what an a**hole", ["a**hole"]),
    ("the a**holes in the district office", ["a**holes"]),  # a plural, as unmasked words match
    ("Thank you!!", []),           # trailing "!" is punctuation, not a masked "i"
    ("3rd period, A+ work", []),    # digits and grades are not masks
    ("our class assignment", []),   # words that contain a swear
    ("@sh_t_happens is my handle", []),
])
def test_masked_profanity(env, text, marked):
    assert marks(env, "phrases", SWEARS, text) == marked


# -- conversation ---------------------------------------------------------------------------------
CONVERSATION = {
    "invitations": ["add me on discord", "text me", "follow me on"],
    "audience": ["students", "seniors"],
    "school_life": ["practice", "class", "essay", "lab notebook"],
    "adult": ["sis", "teachers", "dinner"],
    "third_person": ["he", "she", "your son"],
}


@pytest.mark.parametrize("text, surface, fires", [
    ("Hey Sam, bring your lab notebook tomorrow", "dm", True),
    ("see you at practice tmrw", "comment", True),
    ("Hope you feel better soon, we missed you in class today!", "dm", True),
    ("If you need help with the essay, add me on Discord", "post", True),
    ("Seniors!! follow me on snap", "post", True),
    ("Text me if you have questions", "dm", True),
    # adults, parents, and public posts
    ("Add me on Discord if you want in on the teachers' D&D group", "dm", False),
    ("Good luck on your exam at practice, sis!", "dm", False),
    ("Can you make sure your son gets to class?", "comment", False),
    ("He missed practice again, can you call me?", "reply", False),
    ("See you at practice, everyone!", "post", False),
    ("Selling two tickets, text me", "post", False),
    ("Thank you for coming to class night!", "reply", False),
])
def test_conversation(env, text, surface, fires):
    assert bool(marks(env, "conversation", CONVERSATION, text, surface=surface)) is fires


# -- titled names, roles and handles --------------------------------------------------------------
TITLED = {"titles": ["Ms", "Mr", "Dr", "Coach"], "roles": ["front office", "PTA president", "the dad"],
          "not_names": ["Dr. Seuss", "Mr. Rogers", "Dr Pepper"], "ignore_handles": ["@HighlineSchools"],
          "business_cues": ["#ad", "% off", "use code"]}


@pytest.mark.parametrize("text, marked", [
    ("Huge thanks to Ms. Okoro for the book fair", ["Ms. Okoro"]),
    ("Coach Bell spoke at the assembly", ["Coach Bell"]),
    ("Huge thanks to Jenna Morales in the front office", ["Jenna Morales"]),
    ("Thank you to Maria Gonzalez, our PTA president", ["Maria Gonzalez"]),
    ("Great lesson from @MrHTeachesMath today", ["@MrHTeachesMath"]),
    ("My co-teacher @ms_b_reads made a rainforest", ["@ms_b_reads"]),
    ("Dress as your favorite Dr. Seuss character", []),
    ("Mr. Rogers said to look for the helpers", []),
    ("Dr Pepper in the staff fridge", []),
    ("Thank you @KCLS for the library cards", []),
    ("Thanks @SoundersFC for the tickets", []),
    ("@HighlineIT the projector is down", []),
    ("Follow @HighlineSchools for updates", []),
    ("Seniors!! follow me on snap @mr.dlee", []),
    # A dash opening a line or after a sentence signs the post off with the author's own name.
    ("Thank you for an amazing first week, families! — Ms. Ferreira, Room 8", []),
    ("Have a restful break.\n- Coach Bell", []),
    ("Ms. Okoro - thank you for the cupcakes", ["Ms. Okoro"]),
    # A shop's handle: in a draft that sells, or where something is ("at @…").
    ("#ad obsessed with this planner from @plumpaper 😍 gets 10% off", []),
    ("best birria in White Center is at @tacoslaguera", []),
    ("lunch with @jess_teaches was the best part of my day", ["@jess_teaches"]),
])
def test_titled_names(env, text, marked):
    assert marks(env, "titled_names", TITLED, text) == marked


# -- near, with names as targets, and masked words -------------------------------------------------
def test_near_counts_a_roster_name_as_target(env):
    options = {"phrases": ["IEP", "allergic"], "targets": ["she"], "names_are_targets": True, "within": 6}
    assert marks(env, "near", options, "Marco's IEP meeting moved to Thursday") == ["IEP"]
    assert marks(env, "near", options, "IEP season is here again") == []


def test_near_with_masked_words(env):
    options = {"phrases": ["shit"], "targets": ["schedule"], "masked": True, "within": 6}
    assert marks(env, "near", options, "the new schedule is $h!t") == ["$h!t"]
    assert marks(env, "near", options, "my car is $h!t") == []


# -- near: sarcasm about the sentence before, a target defended, another place's target ----------
def test_near_refers_back_carries_sarcasm_over_a_subject(env):
    options = {"phrases": ["will fix everything", "menace"], "targets": ["survey"], "carry_over": True,
               "within": 12}
    text = "oh good, another district survey about morale. im sure this one will fix everything"
    assert marks(env, "near", options, text) == []          # a subject of its own: not carried
    options["refers_back"] = ["will fix everything"]
    assert marks(env, "near", options, text) == ["will fix everything"]
    assert marks(env, "near", options, "Got a new phone. im sure this one will fix everything") == []


@pytest.mark.parametrize("text, marked", [
    ("Met with admin about the copier again. They never listen.", ["never listen"]),
    ("Our new VP at Tyee means well. Honestly she is clueless.", ["clueless"]),
    ("Met with admin about the copier again. The new one never listens.", []),   # a noun subject
    ("Traffic was bad. They never listen.", []),                                  # no target before
])
def test_near_carries_over_a_persons_pronoun(env, text, marked):
    options = {"phrases": ["never listen", "clueless"], "targets": ["admin", "Tyee"], "carry_over": True,
               "within": 12}
    assert marks(env, "near", options, text) == marked


@pytest.mark.parametrize("text, marked", [
    ("maybe read the levy proposal before u start spewing bs about teachers 🙄", []),
    ("Lies about our teachers in this thread are pathetic", []),
    ("people trashing our teachers online are clueless", []),
    ("The garbage people keep posting about our teachers is pathetic", []),
    ("admin keeps spewing bs about teachers", ["bs"]),             # admin is still a target
    ("I'm not trashing admin but they're clueless", ["clueless"]),  # the author's own
    ("Not to bash admin but they're clueless", ["clueless"]),
    ("our admin is clueless", ["clueless"]),
    ("admin keeps blaming teachers for the mess", ["mess"]),
    ("parents blaming teachers for the mess at admin meetings", ["mess"]),   # "at" aims at nothing
])
def test_near_attacks_defend_their_target(env, text, marked):
    options = {"phrases": ["bs", "pathetic", "clueless", "mess", "🙄"], "targets": ["teacher", "admin"],
               "attacks": ["spewing", "trashing", "bashing", "blaming", "lies", "garbage"], "within": 12}
    assert marks(env, "near", options, text, surface="reply") == marked


@pytest.mark.parametrize("text, marked", [
    ("lazy sunday with my kiddos", []),
    ("Horrible rainy weather for field day", []),
    ("Our lazy admin team cancelled the assembly", ["lazy"]),
    ("the lazy kiddos in my 3rd period", ["lazy"]),
])
def test_near_everyday_things_are_what_a_word_describes(env, text, marked):
    env.lists["everyday_test"] = ["sunday", "weather"]
    options = {"phrases": ["lazy", "horrible"], "targets": ["kiddo", "admin", "field day"],
               "everyday_lists": ["everyday_test"], "within": 12}
    assert marks(env, "near", options, text) == marked


@pytest.mark.parametrize("text, marked", [
    ("the Seattle school board is a mess", []),
    ("Bellevue's new superintendent is a mess", []),
    ("our school board is a mess, unlike Seattle", ["mess"]),
])
def test_near_other_places_own_their_targets(env, text, marked):
    env.lists["other_places_test"] = ["Seattle", "Bellevue"]
    options = {"phrases": ["mess"], "targets": ["school board", "superintendent"],
               "other_place_lists": ["other_places_test"], "within": 12}
    assert marks(env, "near", options, text) == marked


# -- pattern: district number prefixes --------------------------------------------------------------
@pytest.mark.parametrize("text, marked", [
    ("my classroom line is 206-631-7215", []),
    ("call (206) 631-3002", []),
    ("her number is 206-555-0147", ["206-555-0147"]),
])
def test_pattern_ignores_district_prefixes(env, text, marked):
    options = {"patterns": [r"\(?\b\d{3}\)?[-. ]?\d{3}[-. ]\d{4}\b"], "ignore_beginnings": ["206-631-"]}
    assert marks(env, "pattern", options, text) == marked


# -- unless, in the draft or in its own sentence -----------------------------------------------------
SHOUTING = {"patterns": [r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){3,}"], "case_sensitive": True,
            "unless": ["congrats"], "unless_in_sentence": ["meeting"]}


@pytest.mark.parametrize("text, marked", [
    ("PTSA MEETING MOVED TO THURSDAY", []),                                   # the announcement itself
    ("STOP ARGUING WITH ME NOW. Come to the meeting instead.", ["STOP ARGUING WITH ME NOW"]),
    ("GREAT GAME BY OUR GIRLS TONIGHT. congrats all", []),                    # anywhere in the draft
])
def test_unless_in_sentence_silences_only_its_sentence(env, text, marked):
    assert marks(env, "pattern", SHOUTING, text) == marked


# -- missing: a roster name is a mention -----------------------------------------------------------
def test_missing_counts_roster_names(env):
    options = {"mentions": ["school"], "required": ["views are my own"], "roster_names": True}
    assert marks(env, "missing", options, "Congrats to Marco Diaz on his art award!") == ["<draft>"]
    assert marks(env, "missing", options, "Congrats to Marco Polo fans everywhere") == []


# -- missing and reminder: a school named after a place; the author's own school days -------------
@pytest.mark.parametrize("text, fires", [
    ("Summit views from Mount Rainier this weekend", False),   # the mountain
    ("Sunrise over Mt Rainier from the trail", False),
    ("Mount Rainier staff, great job today", True),             # no outdoors: the school
    ("Great view of the Mount Rainier game from the bleachers", True),   # a school event
    ("Mount Rainier High School hike club starts Monday", True),         # the full name
    ("Took my class on a hike up Mount Rainier", True),                  # another mention
    ("20 years since the Class of 2006 graduated. Reunion soon!", False),
    ("Our high school reunion is next month", False),
    ("Class of 2026, your portraits are due Friday", True),              # no reunion: this year's class
    ("Reunion vibes: my students from 2012 now teach at Tyee", True),    # other mentions still count
])
def test_missing_and_reminder_read_what_a_mention_means(env, text, fires):
    env.lists.update({"senses_mentions": ["Mount Rainier", "Mount Rainier High School", "Mt Rainier", "staff",
                                          "class", "school", "my students", "Tyee"],
                      "senses_places": ["Mount Rainier", "Mt Rainier"], "senses_outdoors": ["summit", "trail", "hike",
                                                                                         "view", "sunrise"],
                      "senses_events": ["game"], "senses_reunion": ["reunion"]})
    senses = {"mention_lists": ["senses_mentions"], "place_lists": ["senses_places"],
              "place_cue_lists": ["senses_outdoors"], "school_cue_lists": ["senses_events"],
              "own_school_days_lists": ["senses_reunion"], "own_school_days_words": ["class of", "high school"]}
    assert bool(marks(env, "missing", {**senses, "required": ["views are my own"]}, text)) is fires
    assert bool(marks(env, "reminder", senses, text)) is fires


@pytest.mark.parametrize("text, fires", [
    ("the lake washington school district announced a 4 day week", False),
    ("watching the seattle school board meeting livestream", False),
    ("Seattle teachers vote on a strike tonight", False),
    ("Bellevue's new superintendent starts Monday", False),
    ("took my class to the Seattle Aquarium", True),     # the place alone changes nothing
    ("our school board could learn from Seattle", True),
])
def test_missing_and_reminder_leave_other_places_schools(env, text, fires):
    env.lists.update({"places_mentions": ["school", "district", "school board", "teacher", "superintendent",
                                          "my class"],
                      "places_other": ["Seattle", "Bellevue", "Lake Washington"]})
    options = {"mention_lists": ["places_mentions"], "other_place_lists": ["places_other"]}
    assert bool(marks(env, "missing", {**options, "required": ["views are my own"]}, text)) is fires
    assert bool(marks(env, "reminder", options, text)) is fires


# -- student names: a roster first name alone ------------------------------------------------------
STUDENTS = {"cues": ["my student", "proud of"], "first_name_cues": ["period", "IEP", "spelling bee"],
            "titles": ["Ms", "Mr", "Coach"], "not_students": ["Marco Polo"]}


@pytest.mark.parametrize("text, marked", [
    ("marco from my 2nd period said the same thing", ["marco"]),
    ("Proud of Marco for finishing", ["Marco"]),
    ("dana whitfield read 40 books this year", ["dana whitfield"]),
    ("Whitfield, Dana won the spelling bee", ["Whitfield, Dana"]),
    ("My 6th graders mapped Marco Polo's route", []),
    ("Hunter green uniforms arrive Friday for 3rd period", []),   # a common word, not capitalised mid-sentence
    ("Mr. Whitfield ran the spelling bee", []),                   # a surname after a title is a colleague
    ("Marco Rubio spoke today", []),                              # a first name in someone else's name, no cue
])
def test_student_names(env, text, marked):
    assert marks(env, "student_names", STUDENTS, text) == marked


# -- missing: words true of any district, in a draft about another district or the state -----------
@pytest.mark.parametrize("text, fires", [
    ("Kids in coats all day at my nephew's school in Tacoma", False),
    ("Watching the Kent levy fight. Vote yes on your school levies, friends.", False),  # a bare "school"
    ("Watching the Kent levy fight. My class wrote them letters.", True),                # the author's own
    ("Districts all over the state are cutting counselors.", False),
    ("Our district is cutting counselors.", True),
    ("Vote yes on your school levies, friends.", True),                                  # no other place named
])
def test_missing_reads_general_words_as_another_districts(env, text, fires):
    env.lists.update({"gen_mentions": ["school", "class", "district", "kids", "counselors"],
                      "gen_general": ["kids", "counselors"], "gen_elsewhere": ["Kent", "Tacoma"],
                      "gen_state": ["the state"]})
    options = {"mention_lists": ["gen_mentions"], "general_mention_lists": ["gen_general"],
               "elsewhere_lists": ["gen_elsewhere"], "state_lists": ["gen_state"],
               "own_school_days_words": ["school", "class"], "general_words": ["districts"],
               "required": ["views are my own"]}
    assert bool(marks(env, "missing", options, text)) is fires


# -- near: phrases in which a target is no target ---------------------------------------------------
@pytest.mark.parametrize("text, marked", [
    ("my son's IEP meeting went so well today", []),
    ("my own kiddo just got diagnosed with a nut allergy", []),
    ("my student's IEP meeting went so well today", ["IEP"]),
    ("we can't discuss absences here, to protect student privacy", []),
])
def test_near_not_target_lists(env, text, marked):
    env.lists.update({"nt_own": ["my son", "my own kiddo"], "nt_general": ["student privacy"]})
    options = {"phrases": ["IEP", "allergy", "absences"], "targets": ["son", "kiddo", "student"], "within": 8,
               "not_target_lists": ["nt_own", "nt_general"]}
    assert marks(env, "near", options, text) == marked


@pytest.mark.parametrize("text, fires", [
    ("teachers!! this is THE lanyard, use code MSREYES10", False),   # teachers are the customers
    ("teachers!! this is THE lanyard, I wear it every day", True),
    ("use code MSREYES10, my students love these lanyards", True),    # the author's own students
])
def test_missing_reads_general_words_in_a_sale_as_customers(env, text, fires):
    env.lists.update({"sale_mentions": ["teachers", "my students"], "sale_general": ["teachers"],
                      "sale_cues": ["use code", "full disclosure"]})
    options = {"mention_lists": ["sale_mentions"], "general_mention_lists": ["sale_general"],
               "selling_lists": ["sale_cues"], "required": ["views are my own"]}
    assert bool(marks(env, "missing", options, text)) is fires


@pytest.mark.parametrize("text, marked", [
    ("nobody at Tyee 'ignored' your kid", []),                         # the accuser's word, quoted
    ('nobody at Tyee "ignored" your kid', []),
    ("Tyee ignored my kid all year", ["ignored"]),
    ("Tyee's 'new plan' ignored my kid", ["ignored"]),                  # quotes elsewhere change nothing
    ("maybe visit one before you trash the teachers at Tyee", []),      # defended, school and all
    ("the teachers at Tyee are trash", ["trash"]),
])
def test_near_skips_quoted_words_and_defended_targets(env, text, marked):
    options = {"phrases": ["ignored", "trash"], "targets": ["Tyee", "teachers"], "within": 8, "skip_quoted": True,
               "attacks": ["you trash"]}
    assert marks(env, "near", options, text) == marked
