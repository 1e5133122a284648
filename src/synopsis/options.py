"""Typed options for building a brief (one object instead of loose keyword arguments)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The sentence encoders (see synopsis.models), the default first.
ENCODERS = ("onnx", "torch")
DEFAULT_ENCODER = ENCODERS[0]

#: Files larger than this are skipped with a message (a news article is rarely above 1 MB).
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(slots=True)
class Options:
    """Settings for :func:`synopsis.brief`.

    words: word budget of the summary (whole sentences, never exceeded).
    summarizer: name of a registered summarizer (``synopsis.analyse.summary.SUMMARIZERS``).
    outlets: overrides of outlet names, keyed by file name, file stem, domain or source.
    max_bytes: inputs larger than this are skipped with a message.
    citation_threshold: similarity above which a sentence of another article is cited as
        stating the same fact as a summary sentence.
    date: YYYY-MM-DD that overrides every article's publication date as the anchor of relative
        dates ("Monday", "last year") on the timeline.
    encoder: the sentence encoder, "onnx" (all-MiniLM-L6-v2 in int8 through onnxruntime, the
        default) or "torch" (the same model in fp32 through sentence-transformers).
    """

    words: int = 150
    summarizer: str = "coverage"
    outlets: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    citation_threshold: float = 0.64
    date: str | None = None
    encoder: str = DEFAULT_ENCODER

    def __post_init__(self) -> None:
        if self.words < 10:
            raise ValueError(f"--words must be at least 10 (got {self.words})")
        if self.date is not None and not _is_iso_date(self.date):
            raise ValueError(f"--date must be a date as YYYY-MM-DD (got {self.date!r})")
        if self.encoder not in ENCODERS:
            raise ValueError(f"--encoder must be one of {', '.join(ENCODERS)} (got {self.encoder!r})")


def _is_iso_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
