"""Which sentences of different articles state the same fact.

Two sentences are taken to state the same fact when their all-MiniLM-L6-v2 embeddings are
close (cosine >= threshold) *and* they share content: at least two content words, or a
number, beyond the story's common vocabulary, and not only the words of a name (two sentences
that both name "the Greyhaven Regional Water District" may say different things of it). The
embedding catches paraphrase ("warned towns they could lose state grants" ~ "threatens to
cut the towns' state money"); the lexical check keeps two different facts about the same story
apart, which embeddings of same-topic sentences alone do not (Reimers & Gurevych 2019 report
on STS, not on same-story pairs, where topical similarity is high for any pair).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Sentence
from ..text.words import content_tokens, name_tokens

#: Overlap of specific content words required on top of embedding similarity.
MIN_OVERLAP = 0.3
#: Besides names, two sentences of one fact share a word that at most this share of the
#: sentences hold (or one per article): the fact's word, not the story's topic.
FACT_WORD_SHARE = 0.05
#: ... or, besides the names both hold, this IDF-weighted overlap of their words.
WORDS_OVERLAP = 0.5
#: Above threshold + SURE_MARGIN, embedding similarity alone suffices (reworded quotes).
SURE_MARGIN = 0.2
#: With the same specific figure in both, a lower embedding similarity suffices.
NUMBER_MARGIN = 0.12
#: The recall-oriented level of "same fact" (facts across outlets, an undated weekday's event):
#: cosine and content overlap of a paraphrase that `same_fact_pairs` misses ...
RELAXED_COSINE = 0.55
RELAXED_OVERLAP = 0.25
#: ... or the same specific figure with at least this cosine and overlap ...
FIGURE_COSINE = 0.44
FIGURE_OVERLAP = 0.15
#: ... or a cosine this high with some shared content beyond names (a long sentence that states
#: the fact among others shares a smaller part of its words).
CLOSE_COSINE = 0.75
CLOSE_OVERLAP = 0.15
#: A clause matched to another piece (:attr:`Corpus.clause_edges`) carries the fact when the
#: words the two share are at least this IDF-weighted part of the larger piece too, or a specific
#: figure: the overlap coefficient (shared over the smaller) lets a short side clause match a long
#: sentence by a word of the story ("and the board said nothing about the fines") while the
#: sentence states another fact.
CLAUSE_SHARE = 0.12
#: ... or a paraphrase in other words of the same content: a modest cosine when much of the two
#: sentences' IDF-weighted content is shared and a word of the fact is among it ("Tomas Brek
#: resigned from the board in May" / "Brek, who left his board seat in May, ..."). Only where asked (`lexical`):
#: the fact edges of :func:`synopsis.analyse.comparison.fact_edges`, not the topic edges.
LEXICAL_COSINE = 0.45
LEXICAL_OVERLAP = 0.35
#: The routes of :meth:`SentenceSpace.relaxed_level`.
RELAXED, LEXICAL = 2, 1






@dataclass
class SentenceSpace:
    """Sentences of a set of articles with their embeddings and weighted content words."""

    sentences: list[Sentence]
    embeddings: np.ndarray
    tokens: list[set[str]] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)  # sentences that hold each content word
    n_articles: int = 0
    names: list[set[str]] = field(default_factory=list)
    _similarity: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def build(cls, sentences: list[Sentence], embeddings: np.ndarray,
              tokens: list[set[str]] | None = None) -> "SentenceSpace":
        """The space of `sentences` (`tokens`: their content tokens, when already known)."""
        if tokens is None:
            tokens = [content_tokens(s.text) for s in sentences]
        # Inverse sentence frequency: the story's topic words ("sanctuary", "cities") occur
        # in many sentences and weigh little; the words of one fact occur in few.
        df: Counter[str] = Counter()
        for t in tokens:
            df.update(t)
        n = max(len(sentences), 1)
        idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        return cls(sentences, embeddings, tokens, idf, dict(df), len({s.article for s in sentences}),
                   [name_tokens(s.text) for s in sentences])

    def similarity(self) -> np.ndarray:
        """Cosine of every pair of sentences (embeddings are unit length), computed once."""
        if self._similarity is None:
            self._similarity = self.embeddings @ self.embeddings.T
        return self._similarity

    def restricted(self, rows: Sequence[int], stop: frozenset[str] | None = None) -> SentenceSpace:
        """The space of some of the sentences, with the IDF of a word counted among them only
        (the disputes weigh words among body sentences); with `stop`, their content tokens are
        made with that stop list (an analyser's supplemented list, text.lexicon)."""
        rows = list(rows)
        sentences = [self.sentences[i] for i in rows]
        tokens = [content_tokens(s.text, stop) for s in sentences] if stop is not None else [self.tokens[i] for i in rows]
        embeddings = self.embeddings[rows] if len(rows) else self.embeddings[:0]
        return SentenceSpace.build(sentences, embeddings, tokens)

    def overlap(self, a: set[str], b: set[str]) -> float:
        """IDF-weighted overlap coefficient of two sets of content tokens (0..1)."""
        if not a or not b:
            return 0.0
        weight = self.idf.get
        shared = sum(weight(w, 0.0) for w in a & b)
        return shared / min(sum(weight(w, 0.0) for w in a), sum(weight(w, 0.0) for w in b))

    def share_of_larger(self, a: set[str], b: set[str]) -> float:
        """IDF-weighted part of the larger of two sets of content tokens that both hold (0..1)."""
        if not a or not b:
            return 0.0
        weight = self.idf.get
        shared = sum(weight(w, 0.0) for w in a & b)
        return shared / max(sum(weight(w, 0.0) for w in a), sum(weight(w, 0.0) for w in b), 1e-12)

    def carries(self, a: set[str], b: set[str]) -> bool:
        """Two pieces, one a clause, share a fair part of the larger one's words
        (``CLAUSE_SHARE``) or a specific figure: the clause carries the other's fact."""
        return self.share_of_larger(a, b) >= CLAUSE_SHARE or specific_figure(a & b)

    def content_overlap(self, i: int, j: int) -> float:
        """IDF-weighted overlap coefficient of the two sentences' content words (0..1)."""
        return self.overlap(self.tokens[i], self.tokens[j])

    def shares_more_than_names(self, i: int, j: int) -> bool:
        """The two sentences share a word that is not part of a name in both and that few
        sentences of the space hold (:meth:`shares_fact_word`): two sentences that only name the
        same actor, or share only the story's topic words besides ("district", "water"), do not
        state the same fact."""
        return self.shares_fact_word(self.tokens[i], self.tokens[j], self.names[i], self.names[j])

    def shares_fact_word(self, a: set[str], b: set[str], names_a: set[str], names_b: set[str]) -> bool:
        """Two pieces of text share a word (not a number) that is not part of a name in both and
        that at most ``FACT_WORD_SHARE`` of the sentences hold, or one per article, or two
        (:meth:`specific`): a word of the fact, not of the story's topic; or, leaving out the names
        both hold, their IDF-weighted overlap is at least ``WORDS_OVERLAP``."""
        limit = max(FACT_WORD_SHARE * len(self.sentences), self.n_articles, 2)
        df = self.df
        names = names_a & names_b
        if any(not w.startswith("#") and df.get(w, 0) <= limit for w in (a & b) - names):
            return True
        # the fact's words may be the story's ("immunity" in a story about immunity): then most
        # of what the two say besides the names they share is the same
        return self.overlap(a - names, b - names) >= WORDS_OVERLAP

    def specific(self, a: set[str], b: set[str], max_share: float, *, numbers: bool = False) -> list[str]:
        """Tokens of both sets that few sentences of the space hold, rarest first: at most
        `max_share` of the sentences, or one per article, or two, whichever is more (a fact every
        article states once is still specific; a claim and its denial are two sentences). The
        words of a fact, not of the story's topic; numbers only with `numbers`."""
        limit = max(max_share * len(self.sentences), self.n_articles, 2)
        df = self.df
        return sorted((w for w in a & b if (numbers or not w.startswith("#")) and df.get(w, 0) <= limit),
                      key=lambda w: (df.get(w, 0), w))

    def specific_shared(self, i: int, j: int, max_share: float) -> list[str]:
        """Words (not numbers) both sentences hold that few sentences hold (:meth:`specific`)."""
        return self.specific(self.tokens[i], self.tokens[j], max_share)

    def same_fact(self, i: int, j: int, cosine: float, threshold: float) -> bool:
        """Close in meaning and sharing the specific words of a fact, not only the topic's."""
        if cosine >= threshold + SURE_MARGIN:
            return True
        if cosine >= threshold - NUMBER_MARGIN and self.shared_figure(i, j):
            return True
        return (cosine >= threshold and self.content_overlap(i, j) >= MIN_OVERLAP
                and self.shares_more_than_names(i, j))

    def relaxed_same_fact(self, i: int, j: int, cosine: float, *, topic: bool = False, lexical: bool = False) -> bool:
        """The recall-oriented test: a paraphrase that still shares much content (a word of the
        fact, not only names and the story's topic words: :meth:`shares_fact_word`), or the same
        specific figure at a modest cosine with some shared content. With `topic`, any shared
        word beyond names will do (whether an article is on the event is a matter of topic)."""
        return self.relaxed_same(self.tokens[i], self.tokens[j], self.names[i], self.names[j], cosine, topic=topic,
                                 lexical=lexical)

    def relaxed_same(self, a: set[str], b: set[str], names_a: set[str], names_b: set[str], cosine: float,
                     *, topic: bool = False, lexical: bool = False) -> bool:
        """:meth:`relaxed_same_fact` of two pieces of text given by their content tokens and the
        tokens of their names (two clauses of sentences of the space)."""
        level = self.relaxed_level(a, b, names_a, names_b, cosine, topic=topic)
        return level == RELAXED or (lexical and level == LEXICAL)

    def relaxed_level(self, a: set[str], b: set[str], names_a: set[str], names_b: set[str], cosine: float,
                      *, topic: bool = False) -> int:
        """Which route of the recall-oriented test two pieces pass: ``RELAXED`` (a paraphrase
        sharing much content, a close one sharing some, or the same specific figure), ``LEXICAL``
        (only the paraphrase in other words: ``LEXICAL_COSINE`` with ``LEXICAL_OVERLAP``, never
        with `topic`), or 0. One computation of the overlap for the callers that treat the two
        routes apart (:func:`synopsis.analyse.comparison.fact_edges`)."""
        overlap = self.overlap(a, b)
        beyond_names = bool((a & b) - (names_a & names_b)) if topic else self.shares_fact_word(a, b, names_a, names_b)
        if (cosine >= RELAXED_COSINE and overlap >= RELAXED_OVERLAP and beyond_names) or (
                cosine >= CLOSE_COSINE and overlap >= CLOSE_OVERLAP and beyond_names) or (
                cosine >= FIGURE_COSINE and overlap >= FIGURE_OVERLAP and specific_figure(a & b)):
            return RELAXED
        if not topic and cosine >= LEXICAL_COSINE and overlap >= LEXICAL_OVERLAP and beyond_names:
            return LEXICAL
        return 0

    def relaxed_level_of(self, i: int, j: int, cosine: float, *, topic: bool = False) -> int:
        """:meth:`relaxed_level` of two sentences of the space."""
        return self.relaxed_level(self.tokens[i], self.tokens[j], self.names[i], self.names[j], cosine, topic=topic)

    def shared_figure(self, i: int, j: int) -> bool:
        """Both sentences give the same specific number (not a small count or a year)."""
        return specific_figure(self.tokens[i] & self.tokens[j])


def specific_figure(tokens: set[str]) -> bool:
    """One of the content tokens is a specific number (not a small count or a year)."""
    for tok in tokens:
        if tok.startswith("#"):
            digits = tok[1:].replace(",", "")
            try:
                value = float(digits)
            except ValueError:
                continue
            if (value > 12 or "." in digits) and not (1900 <= value <= 2100 and "." not in digits):
                return True
    return False


def same_fact_pairs(space: SentenceSpace, threshold: float) -> dict[int, list[tuple[int, float]]]:
    """For each sentence, every sentence of *other* articles that states the same fact,
    best first."""
    if not space.sentences:
        return {}
    sim = space.similarity()
    article_of = np.array([s.article for s in space.sentences], dtype=object)
    matches: dict[int, list[tuple[int, float]]] = {}
    for i in range(len(space.sentences)):
        candidates = np.nonzero((sim[i] >= threshold - NUMBER_MARGIN) & (article_of != article_of[i]))[0]
        found = [(int(j), float(sim[i, j])) for j in candidates if space.same_fact(i, int(j), float(sim[i, j]), threshold)]
        matches[i] = sorted(found, key=lambda x: -x[1])
    return matches


def best_per_article(space: SentenceSpace, matches: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The best match in each other article, so a citation list names each article once."""
    best: dict[str, tuple[int, float]] = {}
    for j, score in matches:
        art = space.sentences[j].article
        if art not in best or score > best[art][1]:
            best[art] = (j, score)
    return sorted(best.values(), key=lambda x: -x[1])
