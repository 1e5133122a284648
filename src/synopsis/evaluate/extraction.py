"""Main-text extraction scored on the Zyte (Scrapinghub) article-extraction benchmark.

The benchmark (``ground-truth.json`` mapping a page id to its ``articleBody`` and ``url``, and
``html/<id>.html.gz``) is read in place. Scoring follows the benchmark's own convention:
text is cut into ``\\w+`` tokens (case kept), each text into its 4-token shingles (a multiset);
per page, true positives are the shingles both share, false positives the extra predicted
ones, false negatives the missed ones. Precision is averaged over the pages where something
was predicted, recall over the pages with a gold text, and F1 is the harmonic mean of the two
averages (not an average of per-page F1s).

Two systems run in the same process on the same pages: **synopsis** (the path every HTML page
takes: :func:`synopsis.ingest.html_document` with the page's URL, the structural rules of
:mod:`synopsis.sources.extract`, trafilatura, then :func:`synopsis.clean.clean_document`; the
article body is the cleaned text without its headline), and **trafilatura** with its defaults
(``trafilatura.extract(html)``), the baseline the benchmark publishes.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .datasets import DatasetError

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """The multiset of `n`-token shingles of `text` (one shingle of fewer tokens when the text is short)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


@dataclass(slots=True, frozen=True)
class PageScore:
    """Shingle counts of one page, normalised to sum to 1 (so long pages weigh no more)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)


def page_score(gold: str, predicted: str) -> PageScore:
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return PageScore(tp / total, fp / total, fn / total) if total else PageScore(0.0, 0.0, 0.0)


@dataclass(slots=True)
class SystemScore:
    name: str
    pages: dict[str, PageScore] = field(default_factory=dict)
    empty: int = 0  # pages where the system returned no text

    @property
    def precision(self) -> float:
        values = [s.precision for s in self.pages.values() if s.tp + s.fp > 0]
        return statistics.mean(values) if values else 0.0

    @property
    def recall(self) -> float:
        values = [s.recall for s in self.pages.values() if s.tp + s.fn > 0]
        return statistics.mean(values) if values else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class ExtractionReport:
    pages: int
    systems: list[SystemScore]
    seconds: dict[str, float] = field(default_factory=dict)

    def system(self, name: str) -> SystemScore:
        return next(s for s in self.systems if s.name == name)

    def format(self) -> str:
        lines = [f"Zyte article-extraction benchmark: {self.pages} pages, 4-gram shingle F1 (benchmark convention)",
                 f"{'system':<14} {'F1':>6} {'P':>6} {'R':>6} {'empty':>6} {'seconds':>8}"]
        for s in self.systems:
            lines.append(f"{s.name:<14} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.empty:6d} "
                         f"{self.seconds.get(s.name, 0.0):8.1f}")
        return "\n".join(lines)


def read_benchmark(root: Path) -> dict[str, dict]:
    """``{page id: {"articleBody", "url"}}`` from the benchmark folder; raises :class:`DatasetError`."""
    root = Path(root)
    gold_path = root / "ground-truth.json"
    if not gold_path.is_file() or not (root / "html").is_dir():
        raise DatasetError(f"{root}: not the Zyte benchmark layout; give the folder holding "
                           "ground-truth.json and html/<id>.html.gz")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DatasetError(f"{gold_path}: not valid JSON ({err})") from None
    if not isinstance(gold, dict):
        raise DatasetError(f"{gold_path}: expected an object of page id -> {{articleBody, url}}")
    return gold


def page_html(root: Path, page_id: str) -> bytes:
    path = Path(root) / "html" / f"{page_id}.html.gz"
    if not path.is_file():
        raise DatasetError(f"{path}: missing page of the benchmark")
    return gzip.decompress(path.read_bytes())


def synopsis_body(data: bytes, url: str | None, page_id: str = "page") -> str:
    """The article body synopsis extracts from a page's bytes: the ingest and clean path, headline left out."""
    from ..clean import clean_document
    from ..errors import SkipInput
    from ..ingest import html_document

    try:
        article = clean_document(html_document(data, source=url or page_id, stem=page_id, url=url))
    except SkipInput:
        return ""
    return "\n\n".join(article.text[b.start:b.end] for b in article.blocks if b.kind != "title")


def trafilatura_defaults(data: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(data, url=url) or ""


def evaluate_extraction(root: Path, *, limit: int | None = None,
                        progress: Callable[[int, int], None] | None = None) -> ExtractionReport:
    """Score synopsis and trafilatura's defaults on every page of the benchmark at `root`."""
    import time

    gold = read_benchmark(root)
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    systems = {"synopsis": synopsis_body, "trafilatura": trafilatura_defaults}
    scores = {name: SystemScore(name) for name in systems}
    seconds = {name: 0.0 for name in systems}
    for n, page_id in enumerate(ids, 1):
        entry = gold[page_id]
        data = page_html(root, page_id)
        for name, extract in systems.items():
            start = time.perf_counter()
            predicted = extract(data, entry.get("url"))
            seconds[name] += time.perf_counter() - start
            if not predicted.strip():
                scores[name].empty += 1
            scores[name].pages[page_id] = page_score(entry.get("articleBody", ""), predicted)
        if progress:
            progress(n, len(ids))
    return ExtractionReport(len(ids), list(scores.values()), seconds)
