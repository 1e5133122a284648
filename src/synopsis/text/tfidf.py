"""TF-IDF vectors of short texts, as scikit-learn's ``TfidfVectorizer(stop_words=..., sublinear_tf=True)``
makes them (scikit-learn 1.9): the same matrix, entry for entry and bit for bit, without
importing scikit-learn.

Why it is written here: ``import sklearn.feature_extraction.text`` imports pandas, pyarrow,
joblib and SciPy's ``stats`` before it counts a word, more CPU in a cold brief than all of the
summary's own work, and the summary needs one small vectorizer of a few hundred sentences.
Its ROUGE figures were all measured with scikit-learn's vectors, so these are the same vectors,
built the same way: words are runs of two or more word characters (``(?u)\\b\\w\\w+\\b``) of the
lower-cased text, less the stop words; a term's weight is ``1 + ln(count)`` times its smoothed
inverse document frequency ``1 + ln((n + 1) / (df + 1))``; each row is L2-normalised by the square
root of its sum of squares, summed in the row's order. The columns are the terms in alphabetical
order, and within a row the entries are stored in the order in which the terms were first seen
in the texts (scikit-learn's layout, which fixes the order of every later sum over a row, so
products of two matrices come out identical too). ``tests/text/test_tfidf.py`` compares the
arrays with scikit-learn's on the example, the seeds and dev clusters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

#: scikit-learn's default ``token_pattern``.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


#: Largest (texts x terms) matrix :func:`tfidf_gram` expands dense; above it, SciPy's product.
GRAM_DENSE_CELLS = 3_000_000


def tfidf_matrix(texts: Sequence[str], stop: frozenset[str]):
    """The texts' TF-IDF rows as a ``scipy.sparse.csr_matrix`` (float64, int32 indices); a
    matrix of one empty column when no text has a word outside `stop` (where scikit-learn
    raises "empty vocabulary")."""
    from scipy.sparse import csr_matrix

    data, indices, indptr, shape = _rows(texts, stop)
    return csr_matrix((data, indices, indptr), shape=shape)


def tfidf_gram(texts: Sequence[str], stop: frozenset[str]):
    """``(m @ m.T).toarray()`` of ``m = tfidf_matrix(texts, stop)``, bit for bit, without
    importing SciPy (about 0.14 CPU s of a cold brief) when the matrix is small
    (:data:`GRAM_DENSE_CELLS`).

    SciPy's CSR product (``csr_matmat``) sums the products of row i and row j in the order of
    row i's stored entries, one multiply and one add at a time, from 0.0; here step p adds the
    p-th stored entry of every row times the other rows' weight of that term (0.0 when they
    lack it, which leaves a sum of positive terms unchanged): the same operations in the same
    order, so the same float64 values."""
    import numpy as np

    data, indices, indptr, shape = _rows(texts, stop)
    n, width = shape
    if n * width > GRAM_DENSE_CELLS:
        from scipy.sparse import csr_matrix

        matrix = csr_matrix((data, indices, indptr), shape=shape)
        return (matrix @ matrix.T).toarray()
    dense = np.zeros(shape, dtype=np.float64)
    lengths = np.diff(indptr)
    rows = np.repeat(np.arange(n), lengths)
    dense[rows, indices] = data
    by_term = dense.T  # term -> every text's weight of it
    gram = np.zeros((n, n), dtype=np.float64)
    position = np.arange(len(indices)) - np.repeat(indptr[:-1], lengths)  # index of an entry in its row
    for p in range(int(lengths.max()) if n else 0):
        at = np.flatnonzero(position == p)
        gram[rows[at]] += data[at, None] * by_term[indices[at]]
    return gram


def _rows(texts: Sequence[str], stop: frozenset[str]):
    """(data, indices, indptr, shape) of :func:`tfidf_matrix`'s CSR matrix."""
    import numpy as np

    vocabulary: dict[str, int] = {}  # term -> order of first appearance
    columns: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        row: dict[int, int] = {}
        for word in _TOKEN.findall(text.lower()):
            if word not in stop:
                term = vocabulary.setdefault(word, len(vocabulary))
                row[term] = row.get(term, 0) + 1
        for term in sorted(row):
            columns.append(term)
            counts.append(row[term])
        indptr.append(len(columns))
    if not vocabulary:
        return np.zeros(0), np.zeros(0, dtype=np.int32), np.zeros(len(texts) + 1, dtype=np.int32), (len(texts), 1)
    alphabetical = np.empty(len(vocabulary), dtype=np.int32)
    for rank, (_, term) in enumerate(sorted(vocabulary.items())):
        alphabetical[term] = rank
    indices = alphabetical.take(np.asarray(columns, dtype=np.int32))
    data = np.asarray(counts, dtype=np.float64)
    np.log(data, out=data)
    data += 1.0
    df = np.bincount(indices, minlength=len(vocabulary)).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=len(texts) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data *= idf[indices]
    values = data.tolist()
    for start, end in zip(indptr, indptr[1:]):
        squares = 0.0
        for value in values[start:end]:
            squares += value * value  # in order, as scikit-learn's row normalisation sums
        if squares != 0.0:
            data[start:end] /= math.sqrt(squares)
    return data, indices, np.asarray(indptr, dtype=np.int32), (len(texts), len(vocabulary))
