"""The seventh names round, from the December batches' first-sight misses: lower-case first names
the tagger reads as common words, two names sharing one role, roles of two words that need no
owner, the author's own account to follow, and lower-case nouns or school events the model takes
for people."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks, roster_env

STUDENTS = [("Marisol", "Reyes"), ("Priya", "Sharma"), ("Summer", "Alvarez"), ("Sam", "Okafor"), ("Jaylen", "Bell"),
            ("Diego", "Ramirez"), ("Will", "Turner"), ("Joy", "Lee"), ("Siosaia", "Taufa"), ("Imani", "Wells"),
            ("Omar", "Haddad")]


@pytest.fixture(scope="module")
def env(model):
    e = roster_env(model, STUDENTS)
    e.lists["roles"] = ["front office", "tech team", "sped team", "dept", "transportation office", "PTA president",
                        "grade dad", "main office"]
    e.lists["schools"] = ["Cascade Middle School"]
    return e


TITLED = {"titles": ["Ms", "Mr", "Coach"], "role_lists": ["roles"], "roles_before_lists": ["roles"],
          "place_word_lists": ["schools"], "handles": True}


@pytest.mark.parametrize("text, marked", [
    # A lower-case first name the tagger reads as a verb or a noun, with a role right after it.
    ("big ups to marcus from our building tech team who fixed 30 chromebooks", ["marcus"]),
    ("appreciation post for marisol in the front office, because somebody needs to say it", ["marisol"]),
    # Two names joined by "and" share the role after the second.
    ("sending love to jen and marcus from the transportation office", ["jen", "marcus"]),
    ("shoutout to kenji and marisol from the math dept", ["kenji", "marisol"]),
    # Common words in a name's place are no names, capitalised or not.
    ("your son's bus pass is ready for pickup at the main office", []),
    ("thanks for coverage from the front office today", []),
    # A role of two words needs no owner before the name; a one-word family role still does.
    ("Thank you to PTA president Renee Caldwell and her crew", ["Renee Caldwell"]),
    ("huge thanks to Ray Castellanos, one of our 4th grade dads, for the garden beds", ["Ray Castellanos"]),
    # The account a draft announces as the author's own, then asks readers to follow.
    ("new year, new classroom account! follow @mspark_reads for book recs", []),
    ("new classroom ig is up!! follow along @msgarcia.2ndgrade for daily book tastings", []),
    ("miss you guys already!! hmu on snap @msreyes_para", []),
    ("go follow @mrsjohnson.art for her amazing sub plans", ["@mrsjohnson.art"]),  # nothing announced
    ("my new favorite page! follow @mrsjohnson.art for her sub plans", ["@mrsjohnson.art"]),  # someone else's
    ("new classroom account! follow @mspark_reads and follow @coachbell for sports", ["@coachbell"]),
    ("check out the new art page our PTA made! follow @renee.caldwell for updates", ["@renee.caldwell"]),
    ("shoutout to amazon from the front office wish list", []),                # a common word
    ("held together with tape and prayers and the front office decides", []),  # a plural noun
])
def test_titled_names_round7(env, text, marked):
    assert marks(env, "titled_names", TITLED, text, surface="post") == marked


STUDENT_NAMES = {"cues": ["proud of", "congrats to", "our students"], "titles": ["Ms", "Mr"], "role_lists": ["roles"],
                 "first_name_cues": ["absent", "ineligible", "tryouts", "my class", "spelling bee"],
                 "close_cues": ["absent", "ineligible", "grades"]}


@pytest.mark.parametrize("text, marked", [
    ("before 8am she found a lost kindergartner's shoe for our students", []),  # a noun after an article
    ("our Winter Sing on Thursday was a hit with our students", []),            # a school event
    ("our students loved the Perilous Plot of Professor Poopypants", []),       # a title after an article
    ("balloons are up for Joy of Reading Night, our students' favourite", []),  # a title with "of"
    ("So proud of Imani of Room 12 for winning the spelling bee", ["Imani"]),   # no event's title
    ("stopped by main office, Omar was absent again", ["Omar"]),               # a place is no job
    ("So proud of Summer Alvarez for the science fair", ["Summer Alvarez"]),
    # A lower-case roster first name that school news is told of right after.
    ("just fyi diego is academically ineligible for friday's game", ["diego"]),
    ("sam was absent again today, that's 4 this month", ["sam"]),
    ("summer was fun but now it is back to my class", []),                    # no school news told of
    ("summer is almost here and my class is so ready", []),
    ("joy was everywhere in my class today", []),
    ("if your student will be absent, please call the attendance line", []),  # a modal
    ("pure joy watching my class finally get long division", []),
    # A name that is no word is not read as one before an adjective: a greeting.
    ("hey Jaylen good luck at tryouts tmrw", ["Jaylen"]),
])
def test_student_names_round7(env, text, marked):
    assert marks(env, "student_names", STUDENT_NAMES, text, surface="post") == marked


@pytest.mark.parametrize("text, marked", [
    ("Congrats Siosaia!!", ["Siosaia"]),      # the model reads "Congrats Siosaia" as one name
    ("Congrats Siosaia!! see you at the signing day ceremony", ["Siosaia"]),
])
def test_student_spoken_to_after_a_greeting(env, text, marked):
    options = {**STUDENT_NAMES, "third_person": ["he", "she"], "colleague_cues": ["cover my class"]}
    assert marks(env, "student_names", options, text, surface="comment") == marked
