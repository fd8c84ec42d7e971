"""Every labelled draft in tests/data/cases.jsonl, through the engine with tests/data/roster.csv.

A case is right when every rule in its `expect` fires and no rule outside `expect` and `allow`
fires (tests/data/README.md). The drafts the detectors still get wrong are listed in
KNOWN_WRONG: they are expected to fail, and any other case that goes wrong fails the suite, so a
change cannot quietly break a draft that worked. When a change fixes one, take it off the list.
The per-rule F1 floors catch a slide that stays within the known-wrong drafts.

`scripts/evaluate.py cases tests/data/cases.jsonl --roster tests/data/roster.csv --errors` shows
the same figures and the wrong drafts by id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from companion.context import Context

DATA = Path(__file__).resolve().parent / "data"
CASES = [json.loads(line) for line in (DATA / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]

KNOWN_WRONG = {
    "fresh4-garbage-truck-absolute-joke-not-district",
    "lesson-plan-subscription-link-in-bio",
    # The blind batch of 2026-12-01 (tests/data/blind-2026-12-01.jsonl), written and labelled
    # before anyone looked at the detectors: the drafts they still get wrong.
    # The second blind batch of 2026-12-01 (tests/data/blind-2026-12-01b.jsonl), written and
    # labelled the same way: the drafts it got wrong at first sight (46 of 60 right).
    # The third blind batch of 2026-12-01 (tests/data/blind-2026-12-01c.jsonl), written and
    # labelled the same way: the drafts it got wrong at first sight (44 of 60 right; 45 after
    # one label fix, blind3-choir-long-post-jasmine-accompanist, a respectful disagreement).
    "blind3-jazz-trio-own-band-stated",
    # The fourth blind batch (tests/data/blind-2026-12-01d.jsonl, 80 drafts), written and labelled
    # the same way after the third batch's fixes: 68 of 80 right at first sight, all 80 since.
    # The fifth blind batch (tests/data/blind-2026-12-01e.jsonl, 80 drafts: librarians, special
    # education, security, athletics, IT, interpreters, substitutes, preschool, CTE, school accounts
    # replying to parents), written and labelled the same way after the fourth batch's fixes: the
    # drafts it got wrong at first sight (64 of 80).
    # Written for the fifth batch's disclaimer, photo, negative-remark and vested-interest fixes
    # (0 of 15 right at first sight, 14 after): the webinar's price is in the sentence after the
    # offering ("my … webinar this Saturday! Tickets are $25"); a pattern reads one sentence.
    "sub-plans-webinar-tickets-25-comment-for-link",
    # The sixth blind batch (tests/data/blind-2026-12-01f.jsonl, 80 drafts: class pages, advisory,
    # department heads, family engagement, nurses, trainers, band and drama, union reps, retiring
    # and student teachers, threads with strangers), written and labelled the same way after the
    # fifth batch's fixes: the drafts it got wrong at first sight (59 of 80).
    # The negative-remark round's variants (fix3A) still wrong: a masked "sh!t show" in two words
    # is not read as "shit show". ("@HPSTech" is no person to ask since the district's departments
    # are in `team_handle_words`.)
    # (defends3-what-the-hell-tyee-students-hardest-working is right since "Tyee students" after a
    # school's name are spoken of: the conversation kind's `groups`.)
    # Written for the sixth batch's name fixes (5 of 21 right at first sight, 20 after): a
    # district caption's all-capitals heading ("MVP OF THE WEEK") reads as shouting to
    # unprofessional-language; its student name is found since.
    "names3-mvp-of-week-opted-out-ava-initial",
    # The seventh blind batch (tests/data/blind-2026-12-01g.jsonl, 80 drafts, every kind of staff
    # voice), written and labelled the same way after the sixth batch's fixes and measured once: the
    # drafts it got wrong at first sight (57 of 80). Not worked on by hand; the trained reader,
    # which learnt from this batch, made eleven of its 23 right (fit, not a fair figure).
    "blind7-district-coach-principal-tyee-win",
    "blind7-dm-parent-summer-snack",
    "blind7-office-reply-attendance-line",
    "blind7-seniors-snap-invite-post",
    # The extra drafts written on 2026-12-01 to train the reader (`more-nr-…`, `more-scsb-…`, 220
    # drafts weighted to negative-remark, student-conversation and school-business), measured once
    # after retraining: what the lists and the reader still get wrong on them. Not worked on.
    # (Nine more were wrong before student-personal-info had its own reader.)
    "more-nr-neg-movie-pixar-fell-asleep",
    "more-nr-neg-other-district-kent-solidarity",
    "more-nr-neg-seahawks-defense-disaster",
    "more-scsb-comment-missing-work-report-ben-essay",
    "more-scsb-comment-own-son-dinners-on-dad",
    "more-scsb-post-students-send-essays-to-personal-gmail",
    # The drafts written on 2026-12-02 to train the reader and the lists (`more2-…` weighted to
    # negative-remark, school-business, unprofessional-language and get-permission; `more3-…` to
    # student-conversation and school-business; `more4-…` to negative-remark and
    # student-personal-info; 440 drafts), measured after retraining: what is still wrong on them.
    "more2-nr-neg-olympia-special-ed-funding",
    "more2-nr-neg-highline-medical-center-er-wait",
    "more2-sb-community-group-reply-rosa-math-facts",
    "more2-sb-neg-school-reply-grades-call-office", "more2-ul-union-rep-suckers-vote-no",
    "more2-gp-semester-gratitude-list-long",
    "more3-sc-comment-photo-last-lap-meet",
    "more3-sc-comment-grace-senior-night-photo",
    "more3-sc-neg-reply-spanish-parent-thanks", "more3-sb-dm-andre-48-unit-test-retake",
    "more3-sb-dm-grandma-picking-up-oscar", "more3-sb-dm-spanish-diego-tareas-calificacion",
    "more3-sb-neg-reply-lets-take-this-to-parentsquare",
    "more3-sb-neg-post-missing-work-amnesty-room-204",
    "more4-nr-formal-frustrated-special-ed-department",
    "more4-nr-neg-long-cannot-say-bad-thing-tyee-office",
    "more4-nr-neg-state-funding-formula-call-legislators",
    "more4-pi-reply-daniel-library-login-student-id",
    "more4-pi-comment-tag-teacher-sam-behavior-contract",
    "more4-pi-neg-staff-birthdays-mr-vo-ms-kealoha",
    # The second round of training drafts of 2026-12-02 (`more5-…` negative-remark, `more6-…`
    # school-business and student-conversation, `more7-…` get-permission, unprofessional-language
    # and student-personal-info; 450 drafts), measured once before they were added (negative-remark
    # 0.758, student-conversation 0.733, school-business 0.864, get-permission 0.807) and again after
    # retraining: what is still wrong on them.
    "more5-nr-para-bow-lake-understaffed-nobody-cares",
    "more5-nr-special-services-ignored-emails-reply", "more5-nr-app-streamline-notifications-reply",
    "more5-nr-hps-sub-office-black-hole", "more5-nr-school-account-leaky-portable-photo",
    "more5-nr-mariners-front-office-love-that-for-us", "more5-nr-olympia-sped-funding-statewide",
    "more5-nr-ferry-late-missed-recital", "more5-nr-gym-spin-class-5am",
    "more6-sb-fb-dm-parent-saturday-ben-61-history",
    "more6-sb-neg-fb-comment-mom-own-son-math-grade",
    "more6-sb-borderline-twitter-reply-parent-late-work-policy-general",
    "more7-gp-coach-ortiz-final-score",
    "more7-gp-hr-priscilla-third-email",
    "more7-gp-union-building-rep-dwayne",
    "more7-gp-neg-coach-k-book-over-break", "more7-gp-neg-fictional-principal-ava-coleman",
    "more7-gp-neg-dr-dog-concert", "more7-ul-district-snark-check-calendar",
    "more7-ul-spanish-pendejo-cafetera",
    "more7-ul-neg-the-stupids-read-aloud",
    "more7-ul-neg-dickens-slaps-seniors", "more7-ul-neg-class-cockatoo-photo",
    "more7-ul-neg-insanely-good-lasagna", "more7-pi-adhd-meds-identifiable-twin",
    "more7-pi-neg-own-kid-strep",
    "more7-pi-neg-simone-biles-athletes", "more7-pi-neg-therapy-dog-birthday-photo",
    # The 300 drafts written at the second stop of 2026-12-02 to train the reader on negative
    # remarks (long posts with one critical sentence among them), conversations and school
    # business (`more8-…` to `more10-…`): what the reader retrained on them still gets wrong.
    "more8-nr-tagged-principal-great-leadership-sarcasm",
    "more9-nr-para-appreciation-reply-sped-short-staffed-wages",
    "more9-nr-kitchen-thanksgiving-lunch-nutrition-services-fire-drill",
    "more9-nr-neg-seahawks-fourth-quarter-collapse-thread",
    "more9-nr-neg-nephews-district-in-spokane-bus-mess", "more9-nr-neg-cant-complain-about-a-single-thing-this-year",
    "more9-nr-neg-movie-review-three-hours-too-long", "more9-nr-neg-club-soccer-ref-u11-own-kid",
    "more9-nr-neg-mariners-trade-deadline-nothing-again", "more9-nr-neg-burien-city-council-parking-plan",
    "more9-sc-neg-comment-nephew-happy-birthday-kiddo", "more10-nr-kitchen-central-menu-frozen-pizza",
    "more10-nr-hashtag-payroll-fail", "more10-sb-neg-district-reply-iep-case-manager",
    "more10-sb-neg-comment-parent-portal-how-to",
    # The 120 drafts written at the third stop of 2026-12-02 to train the reader on negative remarks,
    # vested interest and personal information (`more11-…`), measured once before they were added
    # (88 of 120 right): what the detectors and the retrained reader still get wrong.
    "more11-nr-hashtag-rant-portable-leaks", "more11-pi-dm-sub-summer-504-peanut-allergy",
    "more11-pi-staff-medical-leave-not-student-info", "more11-pi-tyee-wrestling-team-gpa",
    # Given up after a second read: "building a team", "closing gift" and "DM me for spots" sell in
    # these drafts but are everyday school talk too ("building a team culture with my 5th graders").
    "more11-vi-highline-teachers-extra-cash-build-team", "more11-vi-hitting-clinic-150-dm-for-spots",
    "more11-vi-realtor-teacher-closing-gift-mention-highline",
    # The 120 drafts written at the third stop of 2026-12-02 on personal information, colleagues
    # named and student names (`more12-…`), measured once before they were added (88 of 120
    # right): what is still wrong on them.
    "more12-gp-coach-bell-halftime-lowercase", "more12-gp-front-desk-first-name-role-keys",
    "more12-gp-librarian-ms-no-period-lowercase", "more12-gp-neg-org-handle-aquarium-trip",
    "more12-gp-neg-rec-league-coaches-not-district", "more12-gp-neg-stranger-levy-thread",
    "more12-gp-neg-stranger-traffic-509", "more12-gp-union-building-rep-named",
    "more12-pi-coach-reply-student-handle-teammate-phone", "more12-pi-neg-reply-parent-will-email-reading",
    "more12-pi-neg-whole-class-reading-challenge-photo", "more12-sn-hashtag-first-name-team-support",
    "more12-sn-neg-michael-jordan-quote-jv", "more12-sn-parent-group-comment-robotics-demo",
    "more12-sn-preferred-name-initial-chess",
}

# Measured F1 on these cases (docs/detection.md) less a small margin, so that a slide that stays
# within the known-wrong drafts still fails. The bar for every rule is 0.90.
F1_FLOORS = {
    "student-name": 0.97,
    "photo-opt-out": 0.97,
    # 0.97 with the reader (0.985 measured; without it, nine grades and suspensions told in public
    # replies among the extra training drafts were missed: 0.933). 0.96 with the drafts of
    # 2026-12-02 (0.968 measured): ten false alarms, staff birthdays and general health notices.
    # 0.95 with the second round of that day (0.958): sixteen such false alarms in all.
    "student-personal-info": 0.95,
    # 0.97 with the trained reader (0.989 measured; it learnt from these drafts).
    "negative-remark": 0.97,
    # 0.96: two new drafts (sick-of-people-trashing-our-teachers, fresh4-garbage-truck-...) show the
    # offensive classifier firing on plain venting; the lists and shouting pattern have no false alarm.
    # 0.95: the blind batch of 2026-12-01 adds a missed snarky district reply (0.954 with it).
    # 0.94 with the drafts of 2026-12-02 (0.950): book titles and venting the classifier scores high.
    "unprofessional-language": 0.94,
    "missing-disclaimer": 0.95,
    # 0.96: the blind batch of 2026-12-01 adds two false alarms on DMs to adults and a missed
    # "add me on snap" to former students (0.968 with it).
    # 0.95 with the extra training drafts: DMs to family and colleagues the reader takes for students.
    "student-conversation": 0.95,
    "school-business": 0.96,
    # 0.96 with the drafts of 2026-12-02 (0.971 measured).
    "get-permission": 0.96,
    # 0.95 with the more11 drafts (0.960 measured): three sales worded as everyday school talk
    # ("building a team", "closing gift", "DM me for spots") given up after a second read.
    "vested-interest": 0.95,
    "public-record": 0.99,
}


# The trained reader learnt from these very drafts, so with it the four rules it reads score near
# 1.0 whatever their lists do: the lists are held to their own floors too (measured less a margin:
# 0.587, 0.804, 0.786, 0.832; the 1,190 drafts of 2026-12-02 were written where the lists are weak,
# and took these down from 0.829, 0.898, 0.917, 0.933; the last 300, long posts with one critical
# sentence among them, took negative-remark from 0.656 to 0.587).
LIST_F1_FLOORS = {"negative-remark": 0.56, "student-conversation": 0.78, "school-business": 0.76,
                  "student-personal-info": 0.81}
READER = re.compile(r"      - kind: reader\n(?:        .*\n)*")  # the item and its indented options


def build(model, lists_only: bool = False):
    from companion.roster.csvfile import read_students
    from companion.roster.model import Roster
    from companion.rules.build import build_engine
    from companion.rules.schema import parse

    rules = Path(__file__).resolve().parent.parent / "policy_rules.yaml"
    text = rules.read_text(encoding="utf-8")
    if lists_only:
        text, n = READER.subn("", text)
        assert n == len(LIST_F1_FLOORS), "every reader detector is taken out"
    roster = Roster.from_students(read_students(DATA / "roster.csv"))
    return build_engine(parse(text, str(rules)), model, roster)


def fired_by(engine) -> dict[str, set[str]]:
    return {c["id"]: set(engine.check(c["text"], Context.parse(c["context"])).rule_ids) for c in CASES}


@pytest.fixture(scope="module")
def fired(model):
    return fired_by(build(model))


def test_known_wrong_ids_exist():
    assert KNOWN_WRONG <= {c["id"] for c in CASES}


@pytest.mark.parametrize("case", [c for c in CASES if c["id"] not in KNOWN_WRONG], ids=lambda c: c["id"])
def test_case(case, fired):
    got = fired[case["id"]]
    expect, allow = set(case["expect"]), set(case["allow"])
    assert not expect - got, f"missed: {sorted(expect - got)}"
    assert not got - expect - allow, f"false positive: {sorted(got - expect - allow)}"


def f1(fired: dict[str, set[str]], rule: str) -> float:
    tp = fp = fn = 0
    for c in CASES:
        got = rule in fired[c["id"]]
        if rule in c["expect"]:
            tp += got
            fn += not got
        elif rule not in c["allow"]:
            fp += got
    return 2 * tp / (2 * tp + fp + fn)


def test_rule_f1_floors(fired):
    for rule, floor in F1_FLOORS.items():
        assert f1(fired, rule) >= floor, f"{rule}: F1 {f1(fired, rule):.3f} fell below {floor}"


def test_list_f1_floors_without_the_reader(model):
    fired = fired_by(build(model, lists_only=True))
    for rule, floor in LIST_F1_FLOORS.items():
        assert f1(fired, rule) >= floor, f"{rule}, lists alone: F1 {f1(fired, rule):.3f} fell below {floor}"
