"""Every quote label of the bundled example (examples/labels.json) against the ledger of the brief
path: found, and credited to the labelled speaker (synopsis.evaluate.labelled)."""

from __future__ import annotations

import json

import pytest

from paths import EXAMPLE

ROOT = EXAMPLE.parent  # examples/
LABELS = json.loads((ROOT / "labels.json").read_text(encoding="utf-8"))

#: Labels the ledger does not get right yet (issue 19), each with why; strict: a fix must remove it.
KNOWN_MISSES = {
    "More than 300 homes sit in the mapped inundation zone": "an 'according to' clause after a long sentence "
                                                             "is not extracted",
    "A district spokesman disputed that, saying every required in": "the spokesman is named only in another "
                                                                    "article: no cross-article role resolution",
    # an unnamed group is named as written ('Critics'), as GGT's references name such groups; the
    # example's labels leave it unnamed
    "Greyhaven's dam fiasco was years in the making, engineers say": "an unnamed group is given as the speaker",
    "The people who actually inspect the dam say it should not have been": "an unnamed group is given as the speaker",
    "The first necessary step, critics say, is an honest accounting": "an unnamed group is given as the speaker",
}


@pytest.fixture(scope="module")
def report():
    import synopsis
    from synopsis.analyse.corpus import Corpus
    from synopsis.core import reading_order
    from synopsis.evaluate.labelled import score_labels
    from synopsis.options import Options

    outlets = json.loads((ROOT / "outlets.json").read_text(encoding="utf-8"))
    articles = reading_order(synopsis.load_articles([ROOT / "event"], Options(outlets=outlets)).articles)
    corpus = Corpus(articles)
    return score_labels(LABELS["quotes"], articles, corpus.ledger)


def _param(k, label):
    marks = [pytest.mark.xfail(strict=True, reason=why) for start, why in KNOWN_MISSES.items()
             if label["starts_with"].startswith(start[:50])]
    return pytest.param(k, id=f"{label['file'][:2]}-{k}", marks=marks)


@pytest.mark.parametrize("k", [_param(k, label) for k, label in enumerate(LABELS["quotes"])])
def test_labelled_quote_has_its_speaker(report, k):
    result = report.results[k]
    assert result.found and result.right, result.describe()


def test_every_label_is_scored(report):
    assert len(report.results) == len(LABELS["quotes"]) >= 74
