"""Score synopsis's summarizer and the built-in baselines on a benchmark, in one run.

For every cluster of a data set (read in place by `synopsis.evaluate.datasets`), the source
documents go through the same cleaning and sentence splitting as a brief (a document that is
nothing but page furniture is left out, as a brief leaves it out, and counted); each system picks
sentences; the summary is scored with `synopsis.evaluate.rouge` under the benchmark's
convention:

- DUC and TAC: sentences are taken until the budget is filled (the one that runs over goes
  last, so the cut falls on it), then candidate and references are cut to N words, ROUGE
  recall with Porter stemming, mean over references (ROUGE-1.5.5 ``-l N -m``).
- Multi-News: the same selection and cut at N words, ROUGE F1 against the one reference. The
  budget is fixed once for the data set, not per cluster: 230 words, the median reference
  length of Multi-News train (mean 229), so no system sees the reference's length.

`--peers DIR` scores other systems' summaries (``<cluster id>.txt``, or for TAC 2011 the
data set's own correctedSubmissions/ folder of submitted runs) under the same scorer;
`--out DIR` writes each summary of the system as ``DIR/<cluster id>.txt`` (the baselines' under
``DIR/baselines/<name>/``), one whole sentence a line, before truncation, so that any ROUGE
tool can score them.
"""

from __future__ import annotations

import csv
import io
import itertools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..text.sentences import split_sentences
from ..analyse.summary import SummaryInput, summarize
from ..errors import InputError, SkipInput
from ..outputs import check_writable_folder, write_text
from ..records import Article
from .datasets import (
    Cluster,
    DatasetError,
    document_article,
    duc_cluster_key,
    read_duc,
    read_multinews,
    read_tac2011,
    read_tac2011_peers,
    whole_document_article,
)
from .rouge import ROUGE_TYPES, RougeScores, aggregate, score_f1, score_recall_at, truncate_words

#: Data sets and their conventions: (default word budget, measure reported).
DATASETS: dict[str, tuple[int, str]] = {
    "duc": (100, "recall"),
    "tac": (250, "recall"),
    "multinews": (230, "f1"),
}
#: The system and the baselines computed in the same run.
DEFAULT_SYSTEMS = ("coverage", "lead", "centroid", "lexrank")

ProgressCallback = Callable[[int, int | None], None]


@dataclass(slots=True)
class ClusterScore:
    """One system's summary of one cluster and its scores."""

    cluster: str
    system: str
    scores: RougeScores
    words: int  # words of the summary before truncation


@dataclass
class SummaryEvaluation:
    """Scores of every system on every cluster of a data set."""

    dataset: str
    path: str
    words: int
    measure: str  # "recall" or "f1"
    systems: list[str]
    rows: list[ClusterScore] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (cluster, reason)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (document, reason): page furniture only
    seconds: float = 0.0

    @property
    def clusters(self) -> list[str]:
        return list(dict.fromkeys(r.cluster for r in self.rows))

    def mean(self, system: str) -> RougeScores:
        return aggregate(r.scores for r in self.rows if r.system == system)

    def table(self) -> list[dict[str, object]]:
        """One row per system: mean scores (percentages) of the reported measure."""
        out = []
        for system in self.systems:
            mean = self.mean(system)
            row: dict[str, object] = {"system": system}
            for name in ROUGE_TYPES:
                row[name] = round(100 * getattr(getattr(mean, name), self.measure), 2)
            out.append(row)
        return out

    def format(self) -> str:
        """A plain-text table of the mean scores, with how they were computed."""
        head = (
            f"{self.dataset} ({self.path}): {len(self.clusters)} clusters, ROUGE {self.measure} at "
            f"{self.words} words, Porter stemming, {self.seconds:.1f} s"
        )
        lines = [head, f"{'system':<14}{'R-1':>8}{'R-2':>8}{'R-L':>8}"]
        for row in self.table():
            lines.append(f"{row['system']:<14}{row['rouge1']:>8.2f}{row['rouge2']:>8.2f}{row['rougeL']:>8.2f}")
        for cluster, reason in self.skipped:
            lines.append(f"skipped {cluster}: {reason}")
        if self.left_out:
            shown = ", ".join(doc for doc, _ in self.left_out[:5]) + (", ..." if len(self.left_out) > 5 else "")
            lines.append(f"left out {len(self.left_out)} document(s) the cleaner rejects as page furniture, "
                         f"as a brief does: {shown} (first reason: {self.left_out[0][1]})")
        return "\n".join(lines)

    def to_csv(self) -> str:
        """Per-cluster scores: cluster, system, words, then recall/precision/F1 of each measure."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        header = ["cluster", "system", "words"]
        header += [f"{name}_{part}" for name in ROUGE_TYPES for part in ("recall", "precision", "f1")]
        writer.writerow(header)
        for r in self.rows:
            values = [r.cluster, r.system, r.words]
            for name in ROUGE_TYPES:
                prf = getattr(r.scores, name)
                values += [f"{prf.recall:.5f}", f"{prf.precision:.5f}", f"{prf.f1:.5f}"]
            writer.writerow(values)
        return buffer.getvalue()


def cluster_articles(cluster: Cluster, rejected: list[tuple[str, str]] | None = None) -> list[Article]:
    """The cluster's documents as cleaned articles, in reading order (date, then data set order).

    A document the cleaner rejects outright (nothing but page furniture: an embedded post's
    location notice, a web archive's capture note, a cookie wall) is left out, as a brief
    leaves it out, and appended to `rejected` as (document id, reason). Only when the
    cleaner rejects every document are they all kept whole (`whole_document_article`), so no
    cluster goes without a summary.
    """
    from ..core import reading_order

    articles, left_out = [], []
    for doc in cluster.documents:
        try:
            articles.append(document_article(doc, f"{cluster.id}/{doc.id}", keep_rejected=False))
        except SkipInput as err:
            left_out.append((doc.id, str(err)))
    if not articles:
        return reading_order([whole_document_article(doc, f"{cluster.id}/{doc.id}") for doc in cluster.documents])
    if rejected is not None:
        rejected.extend(left_out)
    return reading_order(articles)


def summary_input(articles: Sequence[Article]) -> SummaryInput:
    """Sentences of the articles in reading order, without embeddings (the benchmark path)."""
    sentences = [s for a in articles for s in split_sentences(a)]
    return SummaryInput(sentences, [a.id for a in articles])


def system_summary(inp: SummaryInput, system: str, words: int) -> list[str]:
    """The sentences a summarizer picks, filling the budget (the last one may run over)."""
    return [inp.sentences[i].text for i in summarize(inp, words, system, fill=True)]


def read_clusters(dataset: str, path: str | Path, limit: int | None = None) -> Iterable[Cluster]:
    if dataset == "duc":
        clusters: Iterable[Cluster] = read_duc(path)
    elif dataset == "tac":
        clusters = read_tac2011(path)
    elif dataset == "multinews":
        clusters = read_multinews(path)
    else:
        raise InputError(f"unknown dataset '{dataset}': choose one of {', '.join(DATASETS)}")
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1 or None (got {limit})")
    return itertools.islice(clusters, limit) if limit is not None else clusters


def read_peers(folder: str | Path) -> dict[str, dict[str, str]]:
    """Other systems' summaries: {system: {cluster key: text}}.

    `folder` holds either ``<cluster id>.txt`` files (one system, named after the folder; what
    ``--out`` writes) or one sub-folder of them per system. Cluster ids are matched case-insensitively, and for DUC
    without the trailing letter of the folder name (d100a = D100).
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root}: --peers needs a folder of <cluster id>.txt files (or one sub-folder per system)")
    if any(f.suffix == ".txt" for f in root.iterdir() if f.is_file()):
        groups = [root]
    else:
        groups = [d for d in sorted(root.iterdir()) if d.is_dir() and not d.name.startswith(".")]
    peers: dict[str, dict[str, str]] = {}
    for group in groups:
        files = sorted(f for f in group.iterdir() if f.is_file() and f.suffix == ".txt")
        if files:
            peers[group.name] = {_cluster_key(f.stem): f.read_text(encoding="utf-8", errors="replace") for f in files}
    if not peers:
        raise InputError(f"{root}: no summary files found; write one <cluster id>.txt per cluster")
    return peers


def _tac_submissions(folder: str | Path) -> dict[str, dict[str, str]] | None:
    """TAC 2011's own layout of submitted runs (correctedSubmissions/ID<n>/English/M00<topic>),
    given as the data set root or that folder; None when `folder` is laid out otherwise."""
    root = Path(folder)
    if not (root / "correctedSubmissions").is_dir() and root.name != "correctedSubmissions":
        return None
    runs = read_tac2011_peers(root)
    return {system: {_cluster_key(topic): text for topic, text in topics.items()} for system, topics in runs.items()}


def _cluster_key(name: str) -> str:
    return duc_cluster_key(name)


def evaluate_summaries(
    dataset: str,
    path: str | Path,
    *,
    words: int | None = None,
    systems: Sequence[str] = DEFAULT_SYSTEMS,
    peers: str | Path | None = None,
    out: str | Path | None = None,
    limit: int | None = None,
    progress: ProgressCallback | None = None,
) -> SummaryEvaluation:
    """Summarize every cluster with each system and score it (see the module docstring)."""
    if dataset not in DATASETS:
        raise InputError(f"unknown dataset '{dataset}': choose one of {', '.join(DATASETS)}")
    default_words, measure = DATASETS[dataset]
    words = words or default_words
    peer_summaries = {}
    if peers:
        peer_summaries = _tac_submissions(peers) if dataset == "tac" else None
        peer_summaries = peer_summaries or read_peers(peers)
    out_dirs = {}
    if out:  # the system's summaries at DIR/<cluster>.txt, baselines' at DIR/baselines/<name>/
        out_dirs = {s: Path(out) if k == 0 else Path(out) / "baselines" / s for k, s in enumerate(systems)}
        for folder in out_dirs.values():
            check_writable_folder(folder, "--out")
    result = SummaryEvaluation(dataset, str(path), words, measure, list(systems) + list(peer_summaries))
    started = time.perf_counter()
    total = limit if dataset == "multinews" else None
    for n, cluster in enumerate(read_clusters(dataset, path, limit), start=1):
        if not cluster.references:
            result.skipped.append((cluster.id, "no reference summary"))
            continue
        inp = summary_input(cluster_articles(cluster, result.left_out))
        for system in systems:
            sentences = system_summary(inp, system, words)
            text = "\n".join(sentences)
            result.rows.append(ClusterScore(cluster.id, system, _score(text, cluster.references, words, measure),
                                            len(text.split())))
            if out_dirs:
                write_text(out_dirs[system] / f"{cluster.id}.txt", text + "\n")
        for system, summaries in peer_summaries.items():
            text = summaries.get(_cluster_key(cluster.id))
            if text is None:
                result.skipped.append((cluster.id, f"no summary from peer {system}"))
                continue
            result.rows.append(ClusterScore(cluster.id, system, _score(text, cluster.references, words, measure),
                                            len(text.split())))
        if progress:
            progress(n, total)
    if not result.rows:
        raise DatasetError(f"{path}: no cluster with reference summaries to score")
    # A peer that covers only some clusters is averaged over those; say so.
    counts = {s: sum(1 for r in result.rows if r.system == s) for s in result.systems}
    result.systems = [s for s in result.systems if counts[s]]
    result.seconds = time.perf_counter() - started
    return result


def _score(text: str, references: list[str], words: int, measure: str) -> RougeScores:
    if measure == "recall":
        return score_recall_at(text, references, words)
    return score_f1(truncate_words(text, words), references)
