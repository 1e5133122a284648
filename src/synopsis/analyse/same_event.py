"""Are two articles about the same event? One learned score for a pair of articles.

The score is a logistic regression over signals of a pair, each cheap to compute for all pairs
of a set at once (sparse matrix products), following Miranda et al. (EMNLP 2018, "Multilingual
clustering of streaming news"): a learned combination of TF-IDF sub-vector similarities and a
time feature beats any single similarity with a threshold.

Signals of a pair (:data:`FEATURES`):

- ``words``: cosine of sublinear TF-IDF vectors of content words (stems, :mod:`synopsis.text.words`);
- ``names``: the same over the words of names (capitalised words inside sentences);
- ``figures``: Jaccard of the numbers written in both (``#``-keyed tokens);
- ``rare``: log(1 + number of shared words that at most ``RARE_SHARE`` of the set's articles hold);
- ``headline``: overlap coefficient of the headlines' content words (0 when either has none);
- ``quotes``: 1 when the two share a quoted span of at least six words;
- ``days``: log(1 + days between the publication dates), ``undated`` 1 when either is undated;
- ``lead`` (the ``full`` model only): cosine of MiniLM embeddings of the leads (first 60 words).

Two models are shipped (``synopsis/analyse/same_event.json``, trained by
``scripts/train_same_event.py`` on Multi-News train and DUC 2003 event clusters): ``fast``
without the embedding signal, for paths where no encoder runs, and ``full`` with it. Loaded
once through :func:`synopsis.models.same_event_weights`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..records import Article
from ..text.dates import day_number
from ..text.words import content_tokens, name_tokens

FAST_FEATURES = ("words", "names", "figures", "rare", "headline", "quotes", "days", "undated")
FEATURES = FAST_FEATURES + ("lead",)
#: A word held by at most this share of the set's articles (and by two at least) is rare.
RARE_SHARE = 0.05
#: Words of a lead given to the sentence encoder.
LEAD_WORDS = 60
_QUOTE = re.compile(r"[\"“]([^\"“”]{20,400})[\"”]")


@dataclass(slots=True)
class SameEventModel:
    """A logistic regression over named features: P(same event) = sigmoid(w . x + b)."""

    features: tuple[str, ...]
    weights: np.ndarray
    intercept: float

    @classmethod
    def shipped(cls, name: str = "fast") -> SameEventModel:
        """A model shipped with the package (loaded once by :mod:`synopsis.models`)."""
        from ..models import same_event_weights

        features, weights, intercept = same_event_weights(name)
        return cls(features, np.array(weights, dtype=np.float64), intercept)

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(same event) for feature rows `x` (columns in :attr:`features` order)."""
        z = x @ self.weights + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


def _body(article: Article) -> str:
    if article.blocks:
        return "\n".join(article.text[b.start:b.end] for b in article.blocks if b.kind != "title")
    return article.text


def _title(article: Article) -> str:
    if article.blocks and article.blocks[0].kind == "title":
        return article.text[article.blocks[0].start:article.blocks[0].end]
    return article.title if article.blocks else ""


def _quote_shingles(text: str) -> set[str]:
    out = set()
    for m in _QUOTE.finditer(text):
        words = re.findall(r"\w+", m.group(1).lower())
        out.update(" ".join(words[i:i + 6]) for i in range(len(words) - 5))
    return out


#: Largest article-by-term matrix built dense (cells): a brief's few articles need no SciPy
#: (about 0.14 CPU s of a cold start to import); a larger set gets a sparse matrix.
DENSE_CELLS = 4_000_000


def _matrix(data, indices: list[int], indptr: list[int], shape: tuple[int, int]):
    """The rows given in CSR form, as a dense float32 array when small (:data:`DENSE_CELLS`),
    else a ``scipy.sparse.csr_matrix``; :func:`_gram` and ``.sum(axis=1)`` read either."""
    data = np.asarray(data, dtype=np.float32)
    if shape[0] * shape[1] > DENSE_CELLS:
        from scipy import sparse

        return sparse.csr_matrix((data, indices, indptr), shape=shape)
    dense = np.zeros(shape, dtype=np.float32)
    rows = np.repeat(np.arange(shape[0]), np.diff(np.asarray(indptr, dtype=np.int64)))
    dense[rows, np.asarray(indices, dtype=np.int64)] = data
    return dense


def _gram(matrix) -> np.ndarray:
    """Row-by-row inner products of a matrix of :func:`_matrix`, as a dense array."""
    out = matrix @ matrix.T
    return out if isinstance(out, np.ndarray) else out.toarray()


def _binary(rows: list[set[str]], vocab: dict[str, int]):
    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted(vocab[t] for t in row if t in vocab))
        indptr.append(len(indices))
    return _matrix(np.ones(len(indices), dtype=np.float32), indices, indptr, (len(rows), len(vocab)))


def _tfidf(rows: list[dict[str, int]], min_df: int = 1):
    df: dict[str, int] = {}
    for row in rows:
        for t in row:
            df[t] = df.get(t, 0) + 1
    vocab = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n >= min_df))}
    n = len(rows)
    indptr, indices, data = [0], [], []
    for row in rows:
        items = sorted((vocab[t], (1 + math.log(c)) * math.log((1 + n) / (1 + df[t])) + 1.0)
                       for t, c in row.items() if t in vocab)
        norm = math.sqrt(sum(w * w for _, w in items)) or 1.0
        indices.extend(i for i, _ in items)
        data.extend(w / norm for _, w in items)
        indptr.append(len(indices))
    return _matrix(data, indices, indptr, (n, len(vocab)))


def _counts(words: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w in words:
        out[w] = out.get(w, 0) + 1
    return out


def pair_features(articles: Sequence[Article], lead_vectors: np.ndarray | None = None) -> np.ndarray:
    """Feature array of shape (n, n, len(FEATURES)) for every pair of `articles` (the ``lead``
    column is 0 when `lead_vectors`, unit-normed embeddings of the leads, are not given)."""
    n = len(articles)
    bodies = [_body(a) for a in articles]
    keys = [_keys(b) for b in bodies]
    words = [_counts([k for k in ks if not k.startswith("#")]) for ks in keys]
    names = [_counts(sorted(name_tokens(b))) for b in bodies]
    figures = [{k for k in ks if k.startswith("#")} for ks in keys]
    heads = [content_tokens(_title(a)) for a in articles]
    quotes = [_quote_shingles(b) for b in bodies]
    out = np.zeros((n, n, len(FEATURES)), dtype=np.float32)
    col = {f: i for i, f in enumerate(FEATURES)}
    W = _tfidf(words)
    out[:, :, col["words"]] = _gram(W)
    N = _tfidf(names)
    out[:, :, col["names"]] = _gram(N)
    fig_vocab = {t: i for i, t in enumerate(sorted(set().union(*figures)))} if figures else {}
    F = _binary(figures, fig_vocab)
    inter = _gram(F)
    sizes = np.asarray(F.sum(axis=1)).ravel()
    union = sizes[:, None] + sizes[None, :] - inter
    out[:, :, col["figures"]] = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    df: dict[str, int] = {}
    for row in words:
        for t in row:
            df[t] = df.get(t, 0) + 1
    limit = max(2, int(RARE_SHARE * n))
    rare_vocab = {t: i for i, t in enumerate(sorted(t for t, c in df.items() if 2 <= c <= limit))}
    R = _binary([set(row) for row in words], rare_vocab)
    out[:, :, col["rare"]] = np.log1p(_gram(R))
    head_vocab = {t: i for i, t in enumerate(sorted(set().union(*heads)))} if heads else {}
    H = _binary(heads, head_vocab)
    hinter = _gram(H)
    hs = np.asarray(H.sum(axis=1)).ravel()
    smaller = np.minimum(hs[:, None], hs[None, :])
    out[:, :, col["headline"]] = np.divide(hinter, smaller, out=np.zeros_like(hinter), where=smaller > 0)
    q_vocab = {t: i for i, t in enumerate(sorted(set().union(*quotes)))} if quotes else {}
    Q = _binary(quotes, q_vocab)
    out[:, :, col["quotes"]] = (_gram(Q) > 0).astype(np.float32)
    days = np.array([day_number(a.published) if a.published else np.nan for a in articles], dtype=np.float64)
    gap = np.abs(days[:, None] - days[None, :])
    undated = np.isnan(gap)
    out[:, :, col["days"]] = np.where(undated, 0.0, np.log1p(np.nan_to_num(gap)))
    out[:, :, col["undated"]] = undated.astype(np.float32)
    if lead_vectors is not None:
        out[:, :, col["lead"]] = lead_vectors @ lead_vectors.T
    return out


def _keys(text: str) -> list[str]:
    from ..text.words import keyed_words

    return [k for k, _ in keyed_words(text)]


def lead_texts(articles: Sequence[Article]) -> list[str]:
    """The lead of each article (its first LEAD_WORDS words of body) for the ``lead`` signal."""
    return [" ".join(_body(a).split()[:LEAD_WORDS]) for a in articles]


def same_event_scores(articles: Sequence[Article], lead_vectors: np.ndarray | None = None,
                      model: SameEventModel | None = None) -> np.ndarray:
    """(n, n) matrix of P(same event) for every pair of `articles` (diagonal 1). The ``full``
    model is used when `lead_vectors` are given, else the ``fast`` one."""
    if model is None:
        model = SameEventModel.shipped("full" if lead_vectors is not None else "fast")
    x = pair_features(articles, lead_vectors)
    cols = [FEATURES.index(f) for f in model.features]
    p = model.probability(x[:, :, cols].reshape(-1, len(cols)).astype(np.float64)).reshape(len(articles), len(articles))
    np.fill_diagonal(p, 1.0)
    return p
