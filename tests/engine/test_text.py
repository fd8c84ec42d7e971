"""Text helpers: normalising keeps lengths, segments keep names whole, UTF-16 conversion."""

import pytest

from companion.language.text import Utf16Index, normalise, segments, utf16_len

SEGMENT_CASES = [
    ("Hello there.", ["Hello there."]),
    ("One. Two! Three?", ["One.", "Two!", "Three?"]),
    ("Thanks to Ms. Okoro. Great day!", ["Thanks to Ms. Okoro.", "Great day!"]),
    ("Dr. Lindqvist and J. Smith spoke.", ["Dr. Lindqvist and J. Smith spoke."]),
    ("Line one\nLine two\n\nLine three", ["Line one", "Line two", "Line three"]),
    ("Ends with space. ", ["Ends with space."]),
    ("", []),
]


@pytest.mark.parametrize("text,expected", SEGMENT_CASES)
def test_segments(text, expected):
    segs = segments(text)
    assert [s.text for s in segs] == expected
    for s in segs:
        assert text[s.start:s.start + len(s.text)] == s.text


@pytest.mark.parametrize("text", ["it\u2019s", "\u201cquoted\u201d", "a\u00a0b", "plain"])
def test_normalise_keeps_length(text):
    assert len(normalise(text)) == len(text)
    assert "\u2019" not in normalise(text)


@pytest.mark.parametrize("text", ["abc", "😀abc", "a😀b😀c", "🇺🇸 flag", "学校"])
def test_utf16_index_matches_javascript_lengths(text):
    index = Utf16Index(text)
    for i in range(len(text) + 1):
        assert index(i) == utf16_len(text[:i])
