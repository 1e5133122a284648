"""The literal prefilter (synopsis.text.literals): never rejects a text its pattern matches."""

from __future__ import annotations

import re

import pytest

from synopsis import clean
from synopsis.text.literals import Prefiltered, fold, required_literals


@pytest.mark.parametrize("pattern, expected", [
    (r"\bcookies?\b.*\b(use|accept)\b", {"cookie"}),
    (r"(?:toggle|hide) caption\b", {" caption"}),
    (r"\b(donat(e|ion)|chip in|give now)\b", {"donat", "chip in", "give now"}),
    (r"^\s*(image|photo)\s*:", {"image", "photo"}),
    (r"a?b*[xy]+", None),  # nothing every match must hold
    (r"(?=caption)\w+", None),  # a lookahead is not counted
    (r"(ab|c*)d", {"d"}),  # a branch with an optional side requires nothing; what follows it does
])
def test_required_literals(pattern, expected):
    found = required_literals(re.compile(pattern, re.I))
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize("text, folded", [
    ("Toggle CAPTION", "toggle caption"),
    ("capt\u0130on", "caption"),  # İ: re.I equates it with i; lower() gives i + a combining dot
    ("capt\u0131on", "caption"),  # dotless ı
    ("\u017fign up", "sign up"),  # long ſ
    ("\u212aelvin", "kelvin"),  # the Kelvin sign
    ("© 2026 “Ardenport”", "© 2026 “ardenport”"),
])
def test_fold(text, folded):
    assert fold(text) == folded


#: Lines that the cleaner's patterns match, in odd cases and with letters re.IGNORECASE equates.
TRICKY = [
    "Toggle Caption Jo Vale/NPR Jo Vale/NPR", "ENLARGE THIS IMAGE", "toggle capt\u0130on Vale/NPR",
    "Please enable Java\u017fcript to watch this video", "We use COOKIES to improve your experience, accept?",
    "\u017fubscribe to our newsletter", "You've reached your limit of free articles", "Photo: Jane Roe/Reuters",
    "© 2026 Reuters", "By Lorna Vale, staff writer", "Updated 3 March 2026 10:00", "Related: More dam stories",
    "Donate now to support local journalism", "(L) Jane Roe poses for a photo", "FILE - In this 2019 file photo",
    "Tweet with a location", "Media playback is unsupported on your device",
]


@pytest.mark.parametrize("line", TRICKY)
def test_prefilter_passes_every_line_the_patterns_match(line):
    patterns = [clean.INLINE_FURNITURE, clean._CAPTION_LABEL, clean.CAPTION_MARKERS, clean.CREDIT_AT_END,
                clean.WIRE_CAPTION, *(p for _, p, _ in clean.LINE_RULES)]
    matched = 0
    for pattern in patterns:
        direct = pattern.search(line)
        assert bool(Prefiltered(pattern).search(line)) == bool(direct), (pattern.pattern[:60], line)
        matched += bool(direct)
    assert matched, f"no pattern matches {line!r}: the table should hold lines the cleaner removes"


def test_line_reason_unchanged_on_the_table():
    """line_reason (prefiltered) gives what the plain patterns give."""
    def plain(line):
        text, n = line.strip(), len(line.split())
        for reason, pattern, max_words in clean.LINE_RULES:
            if n <= max_words and pattern.search(text):
                if reason == "photo credit" and not clean._credit_is_whole_line_or_tail(text):
                    continue
                return reason
        if n <= 80 and (clean.CAPTION_MARKERS.search(text) or clean.CREDIT_AT_END.search(text)
                        or clean.WIRE_CAPTION.search(text)):
            return "photo caption"
        return None

    for line in [*TRICKY, "The board approved the repairs on Tuesday, officials said."]:
        assert clean.line_reason(line) == plain(line), line


@pytest.mark.parametrize("line", TRICKY[:4] + ["a line no pattern matches"])
def test_without_the_private_parser_every_pattern_is_run(monkeypatch, line):
    """re._parser is private: without it there is no prefilter, and the matches are the same."""
    from synopsis.text import literals

    monkeypatch.setattr(literals, "_parser", None)
    for pattern in (clean.CAPTION_MARKERS, clean.INLINE_FURNITURE, *(p for _, p, _ in clean.LINE_RULES)):
        filtered = Prefiltered(pattern)
        assert filtered.literals is None
        assert bool(filtered.search(line)) == bool(pattern.search(line))
