"""Typed options for building a brief (one object instead of loose keyword arguments)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import OutletProfile
from .text.dates import is_iso_date

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
    outlet_profiles: outlet name -> its type and lean (from the user's outlets file), shown in briefs.
    """

    words: int = 150
    summarizer: str = "coverage"
    outlets: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    citation_threshold: float = 0.64
    date: str | None = None
    outlet_profiles: dict[str, OutletProfile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("words", "max_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"--{name.replace('_', '-')} must be a whole number (got {value!r})")
        if self.words < 10:
            raise ValueError(f"--words must be at least 10 (got {self.words})")
        if self.max_bytes < 1:
            raise ValueError(f"--max-bytes must be at least 1 (got {self.max_bytes}): it is the size over which an "
                             "input is skipped")
        if not isinstance(self.outlets, dict):
            raise ValueError(f"outlets must be a dict of name -> outlet name (got {type(self.outlets).__name__})")
        if self.date is not None and not is_iso_date(self.date):
            raise ValueError(f"--date must be a date as YYYY-MM-DD (got {self.date!r})")

