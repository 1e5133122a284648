"""ROUGE scores for summaries, following the ROUGE-1.5.5 conventions (Lin 2004) on `rouge-score`.

ROUGE-N counts the n-grams a candidate shares with a reference (clipped counts): recall
divides by the reference's n-grams, precision by the candidate's. ROUGE-L uses the longest
common subsequence instead. Two reporting conventions matter for the benchmarks we use:

- DUC/TAC (`score_recall_at`): candidate *and* references are cut to the first N words (the
  ROUGE-1.5.5 ``-l N`` option), Porter stemming on (``-m``), and recall is the headline,
  averaged over the references of a cluster. The default ``average="mean"`` is the mean of
  the per-reference scores; ``average="pooled"`` is ROUGE-1.5.5's exact ``-f A`` formula
  (matched n-grams summed over references divided by the references' n-grams summed).
  With references of equal length the two agree; they differ slightly otherwise (TAC 2011:
  at most 0.14 points per summary).
- Multi-News (`score_f1`): F1 against the single reference, no length limit.

`aggregate` is the mean over clusters (ROUGE-1.5.5 ``-t 0``: the average of per-summary scores).

All scores are fractions in [0, 1]; `RougeScores.format` prints percentages.

Tokenization is rouge-score's (the tokenizer ``RougeScorer(["rouge1", "rouge2", "rougeL"],
use_stemmer=True)`` builds): lower-case, every non-alphanumeric character replaced by a space,
NLTK's Porter stemmer on tokens longer than 3 characters. It differs slightly from
ROUGE-1.5.5, which splits hyphens, applies WordNet exceptions before its own Porter
implementation, and (for ROUGE-L) takes the union LCS per reference sentence, while
rouge-score's ``rougeL`` is one LCS over the whole text. Expect differences of a fraction of a
point; benchmarks/calibrate_rouge_tac2011.py measures them (docs/evaluation.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from nltk.stem import porter
from rouge_score import rouge_scorer, tokenize as rs_tokenize, tokenizers

#: The measures reported, in rouge-score's names.
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}

Average = Literal["mean", "pooled"]


@dataclass(frozen=True, slots=True)
class PRF:
    """Recall, precision and F1 (alpha 0.5), as fractions in [0, 1]."""

    recall: float
    precision: float
    f1: float


@dataclass(frozen=True, slots=True)
class RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L of one summary (or a mean over summaries), as fractions."""

    rouge1: PRF
    rouge2: PRF
    rougeL: PRF

    def as_dict(self, percent: bool = False) -> dict[str, dict[str, float]]:
        """{"rouge1": {"recall": .., "precision": .., "f1": ..}, ...}, optionally as percentages."""
        k = 100.0 if percent else 1.0
        return {
            name: {"recall": k * s.recall, "precision": k * s.precision, "f1": k * s.f1}
            for name, s in ((n, getattr(self, n)) for n in ROUGE_TYPES)
        }

    def format(self, measure: Literal["recall", "precision", "f1"] = "recall") -> str:
        """One line of percentages, e.g. ``R-1 41.23  R-2 12.05  R-L 37.80 (recall %)``."""
        parts = [f"{_LABELS[n]} {100 * getattr(getattr(self, n), measure):5.2f}" for n in ROUGE_TYPES]
        return "  ".join(parts) + f" ({measure} %)"


class _CachedPorter:
    """NLTK's Porter stemmer (what rouge-score uses) with a memo: news text repeats words a lot."""

    def __init__(self) -> None:
        self.stem = lru_cache(maxsize=1 << 17)(porter.PorterStemmer().stem)


class _Pretokenized(tokenizers.Tokenizer):
    """Text that `tokenize` already produced: split on the spaces it was joined with."""

    def tokenize(self, text: str) -> list[str]:
        return text.split()


_STEMMER = _CachedPorter()
_SCORER = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_Pretokenized())


@lru_cache(maxsize=4096)
def _tokens(text: str, use_stemmer: bool) -> tuple[str, ...]:
    return tuple(rs_tokenize.tokenize(text, _STEMMER if use_stemmer else None))


def tokenize(text: str, use_stemmer: bool = True) -> list[str]:
    """rouge-score's tokens: lower-cased alphanumeric runs, Porter-stemmed when longer than 3."""
    return list(_tokens(text, use_stemmer))


_WORD_RE = re.compile(r"\S+")


def truncate_words(text: str, n: int | None) -> str:
    """The text up to its n-th whitespace-separated word (ROUGE-1.5.5 ``-l n``); None keeps all.

    Words are counted before punctuation is removed, as ROUGE-1.5.5 does, so "U.S.-led" is one
    word and a lone "," in pre-tokenized text (the DUC models) is one too. Spacing and line
    breaks before the cut are kept.
    """
    if n is None:
        return text
    if n < 0:
        raise ValueError(f"word limit must be >= 0, got {n}")
    if n == 0:
        return ""
    end = None
    for i, m in enumerate(_WORD_RE.finditer(text), start=1):
        if i == n:
            end = m.end()
            break
    return text if end is None else text[:end]


def _counts(tokens: Sequence[str]) -> dict[str, int]:
    """How many units each measure divides by: n-grams for ROUGE-N, tokens for ROUGE-L."""
    n = len(tokens)
    return {"rouge1": n, "rouge2": max(n - 1, 0), "rougeL": n}


def _f1(recall: float, precision: float) -> float:
    return 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)


def _score(
    candidate: str, references: Sequence[str], n_words: int | None, average: Average, use_stemmer: bool
) -> RougeScores:
    if isinstance(references, str):
        references = [references]
    if not references:
        raise ValueError("at least one reference summary is needed")
    if average not in ("mean", "pooled"):
        raise ValueError(f"average must be 'mean' or 'pooled', got {average!r}")
    cand = _tokens(truncate_words(candidate, n_words), use_stemmer)
    refs = [_tokens(truncate_words(r, n_words), use_stemmer) for r in references]
    per_ref = [_SCORER.score(" ".join(ref), " ".join(cand)) for ref in refs]
    out: dict[str, PRF] = {}
    for name in ROUGE_TYPES:
        if average == "mean":
            k = len(per_ref)
            out[name] = PRF(
                recall=sum(s[name].recall for s in per_ref) / k,
                precision=sum(s[name].precision for s in per_ref) / k,
                f1=sum(s[name].fmeasure for s in per_ref) / k,
            )
        else:
            # ROUGE-1.5.5 -f A: hits and counts summed over references, then divided.
            ref_total = sum(_counts(ref)[name] for ref in refs)
            hits = sum(round(s[name].recall * _counts(ref)[name]) for s, ref in zip(per_ref, refs))
            cand_total = _counts(cand)[name] * len(refs)
            recall = hits / ref_total if ref_total else 0.0
            precision = hits / cand_total if cand_total else 0.0
            out[name] = PRF(recall, precision, _f1(recall, precision))
    return RougeScores(**out)


def score_recall_at(
    candidate: str,
    references: Sequence[str],
    n_words: int | None = 100,
    *,
    average: Average = "mean",
    use_stemmer: bool = True,
) -> RougeScores:
    """DUC/TAC scoring: candidate and each reference cut to `n_words` words (ROUGE-1.5.5 ``-l``),
    stemmed (``-m``), scores averaged over the references. Recall is the figure to report
    (DUC 2003: 100 words; TAC 2011 MultiLing: 250). `n_words=None` disables the cut.
    """
    return _score(candidate, references, n_words, average, use_stemmer)


def score_f1(candidate: str, references: str | Sequence[str], *, use_stemmer: bool = True) -> RougeScores:
    """Multi-News scoring: F1 (with recall and precision) against the reference, no length limit.
    Several references are averaged."""
    refs = [references] if isinstance(references, str) else references
    return _score(candidate, refs, None, "mean", use_stemmer)


def aggregate(scores: Iterable[RougeScores]) -> RougeScores:
    """Mean over clusters of each measure (ROUGE-1.5.5 ``-t 0``: every summary counts once)."""
    items = list(scores)
    if not items:
        raise ValueError("no scores to aggregate")
    k = len(items)

    def mean(name: str) -> PRF:
        prfs = [getattr(s, name) for s in items]
        return PRF(
            recall=sum(p.recall for p in prfs) / k,
            precision=sum(p.precision for p in prfs) / k,
            f1=sum(p.f1 for p in prfs) / k,
        )

    return RougeScores(**{name: mean(name) for name in ROUGE_TYPES})
