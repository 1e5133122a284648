"""The summary's TF-IDF (synopsis.text.tfidf): scikit-learn's vectors, bit for bit, without scikit-learn."""

from __future__ import annotations

import math

import pytest

from synopsis.text.lexicon import SUMMARY_STOP
from synopsis.text.sentences import split_spans
from synopsis.text.tfidf import tfidf_gram, tfidf_matrix

from paths import EXAMPLE, need_shared


_NORM = math.hypot(1.0, 1 + math.log(1.5))
_ONE, _RARE = round(1 / _NORM, 6), round((1 + math.log(1.5)) / _NORM, 6)


def _dense(texts):
    return tfidf_matrix(texts, SUMMARY_STOP).toarray().round(6).tolist()


@pytest.mark.parametrize("texts, expected", [
    # one text: every idf is 1, counts 1 -> weight 1, 2 -> 1 + ln 2; columns in alphabetical order
    (["Dam dam repairs"], [[round((1 + math.log(2)) / math.hypot(1 + math.log(2), 1), 6),
                            round(1 / math.hypot(1 + math.log(2), 1), 6)]]),
    # two texts: idf 1 + ln(3/3) = 1 for "dam" (in both), 1 + ln(3/2) for a word in one; stop
    # words and one-letter words dropped, case folded; columns broke, dam, held
    (["The dam held.", "A dam broke"], [[0.0, _ONE, _RARE], [_RARE, _ONE, 0.0]]),
    (["the and of", "a"], [[0.0], [0.0]]),  # nothing but stop words: one empty column
    ([], []),
])
def test_vectors(texts, expected):
    assert _dense(texts) == expected


def _sklearn(texts):
    text = pytest.importorskip("sklearn.feature_extraction.text")  # a dependency, not imported by a brief
    try:
        return text.TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # empty vocabulary
        from scipy.sparse import csr_matrix

        return csr_matrix((len(texts), 1))


def _sentence_sets():
    seeds = need_shared("seeds")
    duc = need_shared("data", "summarization", "duc2003", "docs.without.headlines")
    folders = [[*sorted(EXAMPLE.iterdir()), *sorted(seeds.glob("*.txt"))],
               *([p for p in sorted(d.iterdir()) if p.is_file()] for d in sorted(duc.iterdir())[:10])]
    for paths in folders:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
        yield [t[s:e] for t in texts for s, e in split_spans(t)]
    yield ["Ünïcode wörds ÜNÏCODE 42 42 a_b", "x", ""]


def test_the_same_arrays_as_scikit_learn_on_the_example_the_seeds_and_duc_clusters():
    sets = list(_sentence_sets())
    assert len(sets) == 12
    for texts in sets:
        ours, theirs = tfidf_matrix(texts, SUMMARY_STOP), _sklearn(texts)
        assert type(ours) is type(theirs) and ours.shape == theirs.shape
        for name in ("data", "indices", "indptr"):
            a, b = getattr(ours, name), getattr(theirs, name)
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name
        assert (ours @ ours.T).toarray().tobytes() == (theirs @ theirs.T).toarray().tobytes()


def test_the_gram_is_scipys_product_bit_for_bit(monkeypatch):
    """tfidf_gram (no SciPy for a small set) gives the bytes of SciPy's (m @ m.T).toarray(), dense
    or, over its size limit, through SciPy itself; an empty vocabulary gives zeros."""
    from synopsis.text import tfidf

    sets = [*_sentence_sets(), ["the of and", "a to"], []]
    for texts in sets:
        matrix = tfidf_matrix(texts, SUMMARY_STOP)
        expected = (matrix @ matrix.T).toarray()
        got = tfidf_gram(texts, SUMMARY_STOP)
        assert got.shape == expected.shape and got.dtype == expected.dtype
        assert got.tobytes() == expected.tobytes()
    assert not tfidf_gram(["the of and", "a to"], SUMMARY_STOP).any()
    monkeypatch.setattr(tfidf, "GRAM_DENSE_CELLS", 0)
    texts = sets[0]
    matrix = tfidf_matrix(texts, SUMMARY_STOP)
    assert tfidf_gram(texts, SUMMARY_STOP).tobytes() == (matrix @ matrix.T).toarray().tobytes()
