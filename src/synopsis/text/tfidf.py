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


def tfidf_matrix(texts: Sequence[str], stop: frozenset[str]):
    """The texts' TF-IDF rows as a ``scipy.sparse.csr_matrix`` (float64, int32 indices); a
    matrix of one empty column when no text has a word outside `stop` (where scikit-learn
    raises "empty vocabulary")."""
    import numpy as np
    from scipy.sparse import csr_matrix

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
        return csr_matrix((len(texts), 1))
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
    return csr_matrix((data, indices, np.asarray(indptr, dtype=np.int32)), shape=(len(texts), len(vocabulary)))
