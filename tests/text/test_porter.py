"""The Porter stemmer of synopsis.text.porter: NLTK's stems, without importing NLTK."""

from __future__ import annotations

import re

import pytest

from synopsis.text.porter import porter_stem

from paths import EXAMPLE, need_shared


@pytest.mark.parametrize("word, expected", [
    # the paper's examples (Porter 1980), as NLTK's default mode gives them
    ("caresses", "caress"), ("ponies", "poni"), ("cats", "cat"), ("feed", "feed"), ("agreed", "agre"),
    ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"), ("conflated", "conflat"),
    ("hopping", "hop"), ("falling", "fall"), ("filing", "file"), ("happy", "happi"),
    ("relational", "relat"), ("conditional", "condit"), ("digitizer", "digit"), ("operator", "oper"),
    ("hopefulness", "hope"), ("triplicate", "triplic"), ("electrical", "electr"), ("adoption", "adopt"),
    ("adjustment", "adjust"), ("controlling", "control"), ("probate", "probat"), ("cease", "ceas"),
    # NLTK's extensions
    ("ties", "tie"), ("died", "die"), ("spied", "spi"), ("dying", "die"), ("skies", "sky"), ("news", "news"),
    ("innings", "inning"), ("succeed", "succeed"), ("enjoy", "enjoy"), ("fly", "fli"), ("finally", "final"),
    ("hopefully", "hope"), ("analogies", "analog"), ("generously", "gener"),
    # y as a consonant and a vowel, runs of y, short words, capitals, letters outside a-z
    ("syzygy", "syzygi"), ("yyyy", "yyyi"), ("by", "by"), ("as", "as"), ("Running", "run"),
    ("officials'", "officials'"), ("re-election", "re-elect"), ("naïve", "naïv"),
])
def test_stems(word, expected):
    assert porter_stem(word) == expected


def _words(paths) -> set[str]:
    token = re.compile(r"[A-Za-z][A-Za-z'’-]+")
    words: set[str] = set()
    for path in paths:
        words.update(w.lower() for w in token.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def test_the_same_stems_as_nltk_on_the_example_the_seeds_and_the_duc_clusters():
    porter = pytest.importorskip("nltk.stem.porter")  # a test dependency (requirements/base.txt)
    seeds = need_shared("seeds")
    duc = need_shared("data", "summarization", "duc2003")
    paths = [*EXAMPLE.iterdir(), *seeds.glob("*.txt"), *(p for p in duc.rglob("*") if p.is_file())]
    words = _words(paths)
    assert len(words) > 10_000
    nltk = porter.PorterStemmer()
    differ = [w for w in sorted(words) if porter_stem(w) != nltk.stem(w)]
    assert differ == []
