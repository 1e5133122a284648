"""synopsis: many articles about one event in, one brief out, every line tied to its sources.

Public API::

    import synopsis
    result = synopsis.load_articles(["articles/"])       # read + clean
    brief = synopsis.brief(result, synopsis.Options(words=120))
    print(synopsis.render(brief, "md"))
    for entry in synopsis.quote_ledger_of(result.articles):   # who said what, alone
        print(entry.speaker, entry.text)
"""

from .options import Options
from .records import (
    SCHEMA_VERSION,
    Article,
    Brief,
    Citation,
    Entity,
    LedgerEntry,
    Quote,
    QuoteCitation,
    QuoteVariant,
    RemovedLine,
    Sentence,
    SkippedInput,
    SummarySentence,
)
from .render import render

__version__ = "0.1.0"

# The pipeline (core: numpy, scikit-learn) is imported on first use, so commands that do not
# brief (`synopsis search`, `add`, `export`, `version`) start without loading it.
_LAZY = {"LoadResult": "core", "brief": "core", "load_articles": "core", "quote_ledger_of": "core"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Brief",
    "Citation",
    "Entity",
    "LedgerEntry",
    "LoadResult",
    "Options",
    "Quote",
    "QuoteCitation",
    "QuoteVariant",
    "RemovedLine",
    "Sentence",
    "SkippedInput",
    "SummarySentence",
    "brief",
    "load_articles",
    "quote_ledger_of",
    "render",
    "__version__",
]
