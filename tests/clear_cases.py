"""One clear draft per rule id: each must fire through the engine, the API and the CLI.

Every rule in shared/guidelines.md is here; `test_every_guideline_rule_has_a_clear_case`
keeps it that way. (The hard cases, and the accuracy figures, are in tests/data/cases.jsonl.)
"""

CLEAR_CASES = [
    # (rule id, draft, context, the exact words to underline or None for the whole draft)
    ("student-name", "Congratulations to my student Imani Wells on winning the spelling bee!", {}, "Imani Wells"),
    ("photo-opt-out", "Field day fun at Midway Elementary!", {"account": "district", "has_media": True}, None),
    ("student-personal-info", "If anyone finds her backpack, her number is 206-555-0147", {}, "206-555-0147"),
    ("negative-remark", "HR at the district is hopeless", {}, "hopeless"),
    ("unprofessional-language", "This is bullshit and everyone knows it", {}, "bullshit"),
    ("missing-disclaimer", "My students crushed their science fair projects today!", {}, None),
    ("student-conversation", "If you need help with the essay, add me on Discord", {}, "add me on Discord"),
    ("school-business", "Your daughter failed the quiz, we need to talk", {"surface": "dm"}, "failed"),
    ("get-permission", "Huge thanks to Ms. Okoro for organizing the book fair", {"disclaimer_in_profile": True}, "Ms. Okoro"),
    ("vested-interest", "New classroom decor in my shop, link in bio", {}, "link in bio"),
    ("public-record", "Reminder: the library is open until 5 today.", {"account": "district"}, None),
]

# personal-use depends on the companion's settings (district equipment or working hours), not
# the request: tested with a context built the way the service builds it.
PERSONAL_USE = ("personal-use", "Weekend plans anyone?", {}, None)
