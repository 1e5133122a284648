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
        "summary concepts (scikit-learn)": lexicon.SUMMARY_STOP,
    }


def _sklearn_stop():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


PINNED = {
    "content words (alignment)": (146, "f3febe8b2ea79af1"),
    "disputes": (160, "1e0b9dd118551cf9"),
    "timeline events": (87, "659ba0fcacbc06fa"),
    "figure descriptions": (146, "f3febe8b2ea79af1"),  # the base list since D3 (was 21 of its words)
    "stories": (250, "475ec10379353857"),
    "role words (quotes)": (14, "14d52eb9225d6114"),
    "not a first name (quotes)": (29, "9d7e4cc02380fa57"),
    "summary concepts (scikit-learn)": (318, "e570e9b41eab43e9"),
}


def test_the_summary_list_is_scikit_learns():
    pytest.importorskip("sklearn")  # a dependency (requirements/base.txt); the brief no longer imports it
    from synopsis.text import lexicon

    assert lexicon.SUMMARY_STOP == _sklearn_stop()


def test_supplements_are_built_on_the_base_list():
    from synopsis.text import lexicon

    assert lexicon.DISPUTE_STOP == lexicon.STOPWORDS | lexicon.DISPUTE_STOP_EXTRA
    assert lexicon.STORY_STOP == lexicon.STOPWORDS | lexicon.STORY_STOP_EXTRA
    assert lexicon.TIMELINE_STOP_KEPT <= lexicon.STOPWORDS
    assert lexicon.FIGURE_DESCRIPTION_STOP is lexicon.STOPWORDS


@pytest.mark.parametrize("name", sorted(PINNED))
def test_word_list_is_pinned(name):
    assert _digest(_lists()[name]) == PINNED[name]
