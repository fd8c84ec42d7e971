"""YAML's traps closed: values are typed by the schema, not by YAML 1.1's guesses."""

from companion.rules.schema import parse

RULE = '''version: 2026.12
lists:
  words: [no, yes, on, off, "3:15", 3:15, 0123, 1e3, true]
rules:
  - id: words
    title: Words
    severity: info
    policy: {{section: S, quote: Q}}
    message: M
    detect:
      - kind: near
        lists: [words]
        targets: [x]
        within: {within}
        case_sensitive_typo_free: {flag}
'''


def test_scalars_stay_text_when_the_schema_wants_text():
    spec = parse(RULE.format(within=3, flag="x").replace("        case_sensitive_typo_free: x\n", ""), "r.yaml")
    assert spec.version == "2026.12"
    words = spec.lists["words"]
    assert words[:8] == ["no", "yes", "on", "off", "3:15", "3:15", "0123", "1e3"]
    assert spec.rules[0].detectors[0].options["within"] == 3


def test_an_empty_list_entry_and_an_unknown_field_are_reported_with_lines():
    import pytest

    from companion.rules import RulesError

    text = RULE.format(within=3, flag="x").replace("true]", "true, ~]")
    with pytest.raises(RulesError) as err:
        parse(text, "r.yaml")
    said = str(err.value)
    assert "r.yaml:3: lists: each entry of 'words' must be a piece of text" in said
    assert "r.yaml:15: words: unknown key 'case_sensitive_typo_free'" in said


def test_a_rule_named_in_a_rules_field_must_exist():
    import pytest

    from companion.rules import RulesError

    text = RULE.format(within=3, flag="x").replace("        case_sensitive_typo_free: x\n", "").replace(
        "      - kind: near\n", "      - kind: missing\n        mention_rules: [word, student-name]\n").replace(
        "        lists: [words]\n        targets: [x]\n        within: 3\n", "        mention_lists: [words]\n")
    with pytest.raises(RulesError) as err:
        parse(text, "r.yaml")
    said = str(err.value)
    assert "'mention_rules' names a rule 'word' that is not in 'rules:'; did you mean 'words'?" in said
    assert "'mention_rules' names a rule 'student-name'" in said


def test_a_rule_named_in_a_rules_field_must_not_weigh_rules_itself():
    # The engine decides the rules that weigh others after all the rest, in one round: a chain
    # would depend on the order of the file, so it is refused with a plain message.
    import pytest

    from companion.rules import RulesError

    one = RULE.format(within=3, flag="x").replace("        case_sensitive_typo_free: x\n", "").replace(
        "      - kind: near\n", "      - kind: missing\n        mention_rules: [other]\n").replace(
        "        lists: [words]\n        targets: [x]\n        within: 3\n", "        mention_lists: [words]\n")
    rules = one.split("rules:\n", 1)[1]
    text = one + rules.replace("id: words", "id: other").replace("mention_rules: [other]", "mention_rules: [words]")
    with pytest.raises(RulesError) as err:
        parse(text, "r.yaml")
    said = str(err.value)
    assert "'mention_rules' names 'other', which itself weighs other rules; name only rules that do not" in said
    assert "'mention_rules' names 'words', which itself weighs other rules" in said


def test_a_list_where_true_or_false_is_wanted_says_so():
    import pytest

    from companion.rules import RulesError

    text = RULE.format(within=3, flag="x").replace("        case_sensitive_typo_free: x\n", "        masked: [yes]\n")
    with pytest.raises(RulesError) as err:
        parse(text, "r.yaml")
    assert "'masked' must be true or false" in str(err.value)
