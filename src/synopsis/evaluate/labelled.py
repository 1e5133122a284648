"""The quote ledger against hand labels of quotations (the bundled example's ``labels.json``).

Each label names a file, the verbatim start of the quotation (``starts_with``; for reported speech
it may start with the attribution: "Board president Ruth Okafor said the ..."), the speaker (a
canonical name, or null for a quotation nobody is named for) and the kind. A label is *found* when
a ledger citation in that article starts inside the labelled words (or right after them) or
contains their start; the most specific citation is scored (the label's kind first, then the one
starting nearest the label). Its speaker is right by the brief path's rule
(:func:`synopsis.evaluate.quotes.same_speaker`): surnames match or one name's words contain the
other's; a label without a speaker is right only when the ledger names none; a label with a
``speaker_kind`` ("organisation": an office, organisation or an unnamed group as written, "critics
say") is right only when the entry's ``speaker_type`` is that too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Article, LedgerEntry
from .quotes import same_speaker


@dataclass(slots=True)
class LabelResult:
    file: str
    starts_with: str
    speaker: str | None
    kind: str
    found: bool = False
    predicted: str | None = None
    right: bool = False

    def describe(self) -> str:
        if not self.found:
            return f"{self.file}: not in the ledger: {self.starts_with[:60]!r} ({self.speaker})"
        return f"{self.file}: {self.starts_with[:60]!r}: speaker {self.predicted!r}, labelled {self.speaker!r}"


@dataclass(slots=True)
class LabelReport:
    results: list[LabelResult] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.results)

    @property
    def right(self) -> int:
        return sum(r.right for r in self.results)

    @property
    def wrong(self) -> list[LabelResult]:
        return [r for r in self.results if not r.right]

    def format(self) -> str:
        n = len(self.results)
        lines = [f"labelled quotes: {n}, found {self.found}, right speaker {self.right}"]
        lines += [f"  {r.describe()}" for r in self.wrong]
        return "\n".join(lines)


def _find(text: str, prefix: str) -> list[int]:
    pattern = r"\s+".join(re.escape(w) for w in prefix.split())
    return [m.start() for m in re.finditer(pattern, text)]


def score_labels(labels: Sequence[Mapping], articles: Sequence[Article], ledger: Sequence[LedgerEntry]) -> LabelReport:
    """Score `ledger` (over `articles`) against quote labels (see the module docstring); a label's
    ``file`` is matched to the article whose source has that file name."""
    by_file = {Path(a.source).name: a for a in articles}
    cites = [(c, e) for e in ledger for c in e.citations]
    report = LabelReport()
    for label in labels:
        result = LabelResult(label["file"], label["starts_with"], label.get("speaker"), label.get("kind", ""))
        report.results.append(result)
        article = by_file.get(label["file"])
        if article is None:
            continue
        candidates = []
        for pos in _find(article.text, label["starts_with"]):  # a pull quote repeats the words: each place
            end = pos + len(label["starts_with"])
            paragraph_end = article.text.find("\n\n", pos)
            paragraph_end = len(article.text) if paragraph_end < 0 else paragraph_end
            candidates = [(c, e) for c, e in cites if c.article == article.id
                          and ((pos - 2 <= c.start <= min(end + 10, paragraph_end)) or (c.start <= pos < c.end))]
            if candidates:
                break
        if not candidates:
            continue
        quoted = result.kind in ("direct", "partial")
        c, e = min(candidates, key=lambda ce: ((ce[1].kind in ("direct", "partial")) != quoted, abs(ce[0].start - pos)))
        result.found = True
        result.predicted = e.speaker
        result.right = same_speaker(result.speaker, e.speaker)
        if label.get("speaker_kind") and e.speaker_type != label["speaker_kind"]:
            result.right = False  # "the district says": an organisation, not a person of that name
    return report
