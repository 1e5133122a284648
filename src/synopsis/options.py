"""Typed options for building a brief (one object instead of loose keyword arguments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module to build its options: nothing more at start-up
    from .records import OutletProfile

#: The sentence encoders (see synopsis.models), the default first.
ENCODERS = ("onnx", "torch")
DEFAULT_ENCODER = ENCODERS[0]

#: Files larger than this are skipped with a message (a news article is rarely above 1 MB).
DEFAULT_MAX_BYTES = 5_000_000
#: The smallest word budget of a summary (one sentence of news is about 20 words).
MIN_WORDS = 10


def check_words(words: int) -> None:
    """A word budget the summarizers can fill, else a ValueError worded as the CLI prints it."""
    if not isinstance(words, int) or isinstance(words, bool):
        raise ValueError(f"--words must be a whole number (got {words!r})")
    if words < MIN_WORDS:
        raise ValueError(f"--words {words} is too small: give at least {MIN_WORDS}")


def check_summarizer(name: str) -> None:
    """A registered summarizer name, else a ValueError that lists the names."""
    from .analyse.summary import SUMMARIZERS  # the registry; imported here, not at start-up

    if name not in SUMMARIZERS:
        raise ValueError(f"unknown summarizer '{name}': choose one of {', '.join(SUMMARIZERS)}")


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
    outlet_profiles: outlet name -> its type and lean (from the user's outlets file), shown in briefs.
    """

    words: int = 150
    summarizer: str = "coverage"
    outlets: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    citation_threshold: float = 0.64
    date: str | None = None
    encoder: str = DEFAULT_ENCODER
    outlet_profiles: dict[str, OutletProfile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Every check of a brief's settings, here only (the CLI builds an Options and prints the
        message of its ValueError); each message names the option and what to give."""
        check_words(self.words)
        if self.summarizer != "coverage":  # the default needs no look-up (and no import of the registry)
            check_summarizer(self.summarizer)
        if not isinstance(self.max_bytes, int) or isinstance(self.max_bytes, bool):
            raise ValueError(f"--max-bytes must be a whole number (got {self.max_bytes!r})")
        if self.max_bytes < 1:
            raise ValueError(f"--max-bytes must be at least 1 (got {self.max_bytes}): it is the size over which an "
                             "input is skipped")
        if not isinstance(self.outlets, dict):
            raise ValueError(f"outlets must be a dict of name -> outlet name (got {type(self.outlets).__name__})")
        if self.date is not None and not _is_iso_date(self.date):
            raise ValueError(f"--date must be a date as YYYY-MM-DD (got {self.date!r})")
        if self.encoder not in ENCODERS:
            raise ValueError(f"--encoder must be one of {', '.join(ENCODERS)} (got {self.encoder!r})")


def _is_iso_date(value: str) -> bool:
    from .text.dates import is_iso_date

    return is_iso_date(value)
