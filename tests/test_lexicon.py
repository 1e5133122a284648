"""Each analyser's word lists, pinned: a list moved to the lexicon keeps its exact contents, and a
list changes only in a commit that measures what the change does (ROUGE, BCubed, the gold tests)."""

from __future__ import annotations

import hashlib

import pytest


def _digest(words) -> tuple[int, str]:
    return len(words), hashlib.sha256(" ".join(sorted(words)).encode("utf-8")).hexdigest()[:16]


def _lists():
    from synopsis.text import lexicon

    return {
        "content words (alignment)": lexicon.STOPWORDS,
        "disputes": lexicon.DISPUTE_STOP,
        "timeline events": lexicon.TIMELINE_STOP,
        "figure descriptions": lexicon.FIGURE_DESCRIPTION_STOP,
        "stories": lexicon.STORY_STOP,
        "role words (quotes)": lexicon.ROLE_STOP,
        "not a first name (quotes)": lexicon.NOT_FIRST_NAME,
    }


PINNED = {
    "content words (alignment)": (146, "f3febe8b2ea79af1"),
    "disputes": (160, "1e0b9dd118551cf9"),
    "timeline events": (87, "659ba0fcacbc06fa"),
    "figure descriptions": (21, "0cae2f8ebdc945dd"),
    "stories": (250, "475ec10379353857"),
    "role words (quotes)": (14, "14d52eb9225d6114"),
    "not a first name (quotes)": (29, "9d7e4cc02380fa57"),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_word_list_is_pinned(name):
    assert _digest(_lists()[name]) == PINNED[name]
