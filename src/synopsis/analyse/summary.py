"""Extractive multi-document summaries: every summarizer behind one interface (as in sumy).

A summarizer gives each candidate sentence a salience score; one shared selector then
takes sentences by score, skips any that repeats a chosen one, keeps whole sentences
within the word budget, and puts the result in reading order (article date, then input
order, then position in the article). Sentences stay verbatim.

Summarizers:
- ``lead``: the opening sentences of the articles in turn (the standard news baseline).
- ``centroid``: closeness to the TF-IDF centroid of the cluster (Radev et al. 2004).
- ``lexrank``: PageRank over the TF-IDF cosine graph, threshold 0.1 (Erkan & Radev 2004).
- ``support`` (default): how many *other* outlets state the same fact (cross-document
  support, the signal behind Barzilay & McKeown's 2005 sentence fusion and most news
  MDS work), plus closeness to the embedding centroid and an early-position prior.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..records import Sentence

#: Sentences shorter or longer than this (in words) are not summary candidates.
MIN_WORDS, MAX_WORDS = 8, 70
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
#: A candidate this close (cosine) to a chosen sentence repeats it.
REDUNDANCY = 0.72


@dataclass
class SummaryInput:
    """What summarizers see: sentences of the cluster, article order, optional embeddings."""

    sentences: list[Sentence]
    article_order: list[str]  # article ids in reading order
    embeddings: np.ndarray | None = None
    support: np.ndarray | None = None  # per sentence: summed similarity of same-fact matches in other articles
    same_fact: set[tuple[int, int]] = field(default_factory=set)  # pairs (i, j) that state the same fact
    _tfidf: object = field(default=None, repr=False)

    def tfidf(self):
        """Sentence TF-IDF vectors (L2-normalised, English stop words removed)."""
        if self._tfidf is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
            try:
                self._tfidf = vectorizer.fit_transform([s.text for s in self.sentences])
            except ValueError:  # only stop words
                from scipy.sparse import csr_matrix

                self._tfidf = csr_matrix((len(self.sentences), 1))
        return self._tfidf


#: Openings that need the sentence before them to be understood.
_DANGLING = re.compile(r"^[\"“‘']?(It|Its|He|She|They|Their|His|Her|This|These|Those|That|But|And|Also|Still|Meanwhile)\b")


def is_candidate(sentence: Sentence) -> bool:
    """A sentence that can stand alone in a summary.

    Body and dek sentences of a sensible length that end like a sentence (not in a colon,
    not headline-style without a stop) and do not open with a pronoun or connective whose
    referent is in the sentence before (a standard readability filter in extractive MDS).
    """
    text = sentence.text.rstrip()
    n = len(text.split())
    return (
        sentence.kind in ("body", "dek")
        and MIN_WORDS <= n <= MAX_WORDS
        and _ENDS_SENTENCE.search(text) is not None
        and _DANGLING.match(text) is None
    )


def _position_in_article(inp: SummaryInput) -> np.ndarray:
    """0 for the first body/dek sentence of each article, 1 for the next, ..."""
    seen: dict[str, int] = {}
    pos = np.zeros(len(inp.sentences))
    for i, s in enumerate(inp.sentences):
        if s.kind in ("body", "dek"):
            pos[i] = seen.get(s.article, 0)
            seen[s.article] = pos[i] + 1
        else:
            pos[i] = 99
    return pos


def lead_scores(inp: SummaryInput) -> np.ndarray:
    order = {a: k for k, a in enumerate(inp.article_order)}
    pos = _position_in_article(inp)
    n = max(len(order), 1)
    return -np.array([pos[i] * n + order.get(s.article, 0) for i, s in enumerate(inp.sentences)], dtype=float)


def centroid_scores(inp: SummaryInput) -> np.ndarray:
    matrix = inp.tfidf()
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(len(inp.sentences))
    return np.asarray(matrix @ (centroid / norm)).ravel()


def lexrank_scores(inp: SummaryInput, threshold: float = 0.1, damping: float = 0.85) -> np.ndarray:
    matrix = inp.tfidf()
    sim = (matrix @ matrix.T).toarray()
    adjacency = (sim >= threshold).astype(float)
    np.fill_diagonal(adjacency, 0.0)
    n = len(inp.sentences)
    if n == 0:
        return np.zeros(0)
    degree = adjacency.sum(axis=1, keepdims=True)
    transition = np.divide(adjacency, degree, out=np.full_like(adjacency, 1.0 / n), where=degree > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-8:
            scores = updated
            break
        scores = updated
    return scores


def support_scores(inp: SummaryInput) -> np.ndarray:
    """Cross-outlet support + embedding-centroid closeness + early position."""
    n_articles = max(len(set(inp.article_order)) - 1, 1)
    support = inp.support if inp.support is not None else np.zeros(len(inp.sentences))
    if inp.embeddings is not None and len(inp.sentences):
        centroid = inp.embeddings.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        closeness = inp.embeddings @ centroid
    else:
        closeness = centroid_scores(inp)
    position = np.array([1.0 / math.sqrt(1.0 + p) for p in _position_in_article(inp)])
    return 1.0 * support / n_articles + 0.6 * closeness + 0.35 * position


SUMMARIZERS: dict[str, Callable[[SummaryInput], np.ndarray]] = {
    "support": support_scores,
    "lexrank": lexrank_scores,
    "centroid": centroid_scores,
    "lead": lead_scores,
}


def summarizer(name: str) -> Callable[[SummaryInput], np.ndarray]:
    try:
        return SUMMARIZERS[name]
    except KeyError:
        raise ValueError(f"unknown summarizer '{name}': choose one of {', '.join(SUMMARIZERS)}") from None


def select(inp: SummaryInput, scores: np.ndarray, words: int) -> list[int]:
    """Indices of the chosen sentences, in reading order, within the word budget.

    Greedy by score (ties: earlier sentence first); a sentence that repeats a chosen one
    (it states the same fact by the cross-article alignment, or its embedding or TF-IDF
    cosine is >= REDUNDANCY) or does not fit the remaining budget is skipped. Budget counts whitespace-separated words, whole sentences only.
    """
    sims = inp.embeddings @ inp.embeddings.T if inp.embeddings is not None else None
    if sims is None:
        matrix = inp.tfidf()
        sims = (matrix @ matrix.T).toarray()
    ranked = sorted(
        (i for i, s in enumerate(inp.sentences) if is_candidate(s)), key=lambda i: (-scores[i], i)
    )
    chosen: list[int] = []
    used = 0
    for i in ranked:
        length = len(inp.sentences[i].text.split())
        if used + length > words:
            continue
        if any(sims[i, j] >= REDUNDANCY or (i, j) in inp.same_fact or (j, i) in inp.same_fact for j in chosen):
            continue
        chosen.append(i)
        used += length
        if words - used < MIN_WORDS:
            break
    order = {a: k for k, a in enumerate(inp.article_order)}
    return sorted(chosen, key=lambda i: (order.get(inp.sentences[i].article, 0), inp.sentences[i].index))


def summarize(inp: SummaryInput, words: int, method: str = "support") -> list[int]:
    """Choose summary sentences with the named summarizer."""
    return select(inp, summarizer(method)(inp), words)
