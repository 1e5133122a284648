"""Same-fact decisions scored on sentence pairs with a gold label: MSRP (Dolan & Brockett 2005).

The Microsoft Research Paraphrase Corpus pairs sentences of different outlets' reports of the same
stories, chosen to look alike; judges said whether the two say the same thing. It is read in
place (``train.tsv`` / ``test.tsv``: ``Quality``, ``#1 ID``, ``#2 ID``, ``#1 String``,
``#2 String``, tab-separated, UTF-8 with or without a BOM).

Two decisions are scored, each exactly as a brief makes it, over one :class:`SentenceSpace` of
every sentence of the file (the set at hand, whose IDF weighs the words, as a brief's articles do):

- ``rule``: :meth:`SentenceSpace.same_fact` at ``Options.citation_threshold`` (the rule that
  citations and agreement use today: cosine plus IDF-weighted overlap, a shared figure, or a
  high cosine alone); the score is the cosine;
- ``model``: :mod:`synopsis.analyse.same_fact` (the calibrated decision); the score is P(same);
- ``brief`` (the default): what a brief uses for citations, agreement and the summary's repeats
  (:meth:`synopsis.analyse.corpus.Corpus.same_fact_at`): the model, or the rule where
  :func:`~synopsis.analyse.same_fact.mismatch` finds no other figure, date or sense; the score is P(same).

Precision, recall and F1 are those of "same"; the all-positive baseline says "same" for every pair.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..records import Sentence
from .datasets import DatasetError

MSRP_COLUMNS = ("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String")
DECISIONS = ("brief", "rule", "model")


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two sentences and whether they state the same fact (the gold label)."""

    id1: str
    id2: str
    text1: str
    text2: str
    same: bool


def read_msrp(path: str | Path) -> list[LabelledPair]:
    """The pairs of an MSRP file (or of ``train.tsv`` in a folder), in file order."""
    path = Path(path)
    if path.is_dir():
        path = path / "train.tsv"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file; give MSRP's train.tsv or test.tsv (or their folder)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise DatasetError(f"{path}: cannot be read as UTF-8 text ({err}); give MSRP's train.tsv or test.tsv") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(c.strip() for c in rows[0]) != MSRP_COLUMNS:
        raise DatasetError(f"{path}: not an MSRP file; its first line must be the columns "
                           f"{', '.join(MSRP_COLUMNS)} (tab-separated)")
    pairs = []
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 5 or row[0] not in ("0", "1"):
            raise DatasetError(f"{path}: line {n} is not 'Quality<TAB>#1 ID<TAB>#2 ID<TAB>#1 String<TAB>#2 String' "
                               "with Quality 0 or 1")
        pairs.append(LabelledPair(row[1], row[2], row[3], row[4], row[0] == "1"))
    if not pairs:
        raise DatasetError(f"{path}: holds no pair")
    return pairs


@dataclass
class SameFactScore:
    """Counts of one decision against the gold labels."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @classmethod
    def of(cls, predicted: Sequence[bool], gold: Sequence[bool]) -> "SameFactScore":
        p, g = np.asarray(predicted, dtype=bool), np.asarray(gold, dtype=bool)
        return cls(int((p & g).sum()), int((p & ~g).sum()), int((~p & g).sum()), int((~p & ~g).sum()))

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    def row(self, label: str) -> str:
        return (f"{label:<22} {100 * self.precision:>6.1f} {100 * self.recall:>6.1f} {100 * self.f1:>6.1f} "
                f"{100 * self.accuracy:>6.1f}")


@dataclass
class SameFactReport:
    """One decision on a labelled file, with the all-positive baseline."""

    path: str
    decision: str
    score: SameFactScore
    baseline: SameFactScore
    detail: str = ""

    def format(self) -> str:
        head = f"{'':<22} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6}"
        lines = [f"same fact on {self.path}: {self.score.n} pairs ({self.baseline.tp} same)", head,
                 self.score.row(f"{self.decision}"), self.baseline.row("all positive")]
        if self.detail:
            lines.append(self.detail)
        return "\n".join(lines)


def unique_sentences(pairs: Sequence[LabelledPair]) -> tuple[list[str], dict[str, int]]:
    """The distinct sentences of the pairs (by id, first text wins) and each id's row."""
    texts: dict[str, str] = {}
    for p in pairs:
        texts.setdefault(p.id1, p.text1)
        texts.setdefault(p.id2, p.text2)
    return list(texts.values()), {k: n for n, k in enumerate(texts)}


def sentence_space(texts: Sequence[str], embeddings: np.ndarray):
    """A :class:`SentenceSpace` of stand-alone sentences, one "article" each, built as a brief
    builds its own (content tokens, IDF over these sentences)."""
    from ..analyse.alignment import SentenceSpace

    sentences = [Sentence(article=str(n), index=0, start=0, end=len(t), text=t, kind="body", block=0)
                 for n, t in enumerate(texts)]
    return SentenceSpace.build(sentences, embeddings)


def rule_decisions(space, rows: Sequence[tuple[int, int]], threshold: float) -> tuple[list[bool], list[float]]:
    """Today's rule (``SentenceSpace.same_fact``) on each pair of rows of `space`."""
    emb = space.embeddings
    cosines = [float(emb[i] @ emb[j]) for i, j in rows]
    return [space.same_fact(i, j, c, threshold) for (i, j), c in zip(rows, cosines)], cosines


def sentence_facts_of(texts: Sequence[str], parse: bool = True, tokens: Sequence | None = None) -> list:
    """:class:`SentenceFacts` of stand-alone sentences, each parsed alone by the spaCy pipeline."""
    from .. import models
    from ..analyse.same_fact import sentence_facts

    if not parse:
        return [sentence_facts(t, None, tokens[n] if tokens else None) for n, t in enumerate(texts)]
    docs = models.parse(texts, batch_size=64)
    return [sentence_facts(t, doc, tokens[n] if tokens else None) for n, (t, doc) in enumerate(zip(texts, docs))]


def model_decisions(space, facts: Sequence, rows: Sequence[tuple[int, int]], model=None) -> tuple[list[bool], list[float]]:
    """The calibrated decision (:func:`synopsis.analyse.same_fact.score_pairs`) on each pair."""
    from .. import models
    from ..analyse.same_fact import default_idf, score_pairs

    model = model or models.same_fact_model()
    emb = space.embeddings
    cosines = [float(emb[i] @ emb[j]) for i, j in rows]
    scores = score_pairs(model, rows, facts, cosines, space.idf, default_idf(len(space.sentences)))
    return [bool(s >= model.threshold) for s in scores], [float(s) for s in scores]


def evaluate_same_fact(path: str | Path, dataset: str = "msrp", decision: str = "brief", *,
                       out: str | Path | None = None, threshold: float | None = None,
                       progress: Callable[[str], None] | None = None) -> SameFactReport:
    """Decide every pair of a labelled file as a brief would and score the decisions; with `out`,
    write one JSON line per pair in input order: ``{"id1", "id2", "same", "score"}``."""
    from .. import models
    from ..options import Options

    if dataset != "msrp":
        raise DatasetError(f"unknown same-fact data set '{dataset}': choose msrp")
    if decision not in DECISIONS:
        raise DatasetError(f"unknown decision '{decision}': choose one of {', '.join(DECISIONS)}")
    pairs = read_msrp(path)
    if out is not None:
        from ..outputs import check_writable_file

        out = check_writable_file(out, "--out")  # before minutes of encoding, not after
    texts, row = unique_sentences(pairs)
    if progress:
        progress(f"encoding {len(texts)} sentences")
    embeddings = models.sentence_encoder().encode(texts)
    space = sentence_space(texts, embeddings)
    rows = [(row[p.id1], row[p.id2]) for p in pairs]
    if decision == "rule":
        threshold = Options().citation_threshold if threshold is None else threshold
        same, scores = rule_decisions(space, rows, threshold)
        detail = f"(rule: SentenceSpace.same_fact at citation_threshold {threshold})"
    else:
        if progress:
            progress(f"parsing {len(texts)} sentences")
        facts = sentence_facts_of(texts, tokens=space.tokens)
        same, scores = model_decisions(space, facts, rows)
        model = models.same_fact_model()
        detail = f"(model: P(same) >= {model.threshold:.3f}, cosine floor {model.floor})"
        if decision == "brief":
            from ..analyse.same_fact import mismatch

            threshold = Options().citation_threshold if threshold is None else threshold
            ruled, _ = rule_decisions(space, rows, threshold)
            same = [m or (r and not mismatch(facts[i], facts[j])) for m, r, (i, j) in zip(same, ruled, rows)]
            detail = (f"(brief: model P(same) >= {model.threshold:.3f}, or the rule at citation_threshold "
                      f"{threshold} without a figure, date or sense mismatch)")
    if out is not None:
        _write_lines(Path(out), pairs, same, scores)
    gold = [p.same for p in pairs]
    return SameFactReport(str(path), decision, SameFactScore.of(same, gold), SameFactScore.of([True] * len(gold), gold),
                          detail)


def _write_lines(out: Path, pairs: Sequence[LabelledPair], same: Sequence[bool], scores: Sequence[float]) -> None:
    """The decisions as JSON lines, written whole or not at all (:func:`synopsis.outputs.write_text`)."""
    from ..outputs import write_text

    write_text(out, "".join(json.dumps({"id1": p.id1, "id2": p.id2, "same": bool(s),
                                        "score": round(score, 4) if math.isfinite(score) else None}) + "\n"
                            for p, s, score in zip(pairs, same, scores)))
