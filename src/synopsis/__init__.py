"""synopsis: many articles about one event in, one brief out, every line tied to its sources.

Public API::

    import synopsis
    result = synopsis.load_articles(["articles/"])       # read + clean
    brief = synopsis.brief(result, synopsis.Options(words=120))
    print(synopsis.render(brief, "md"))
    for entry in synopsis.quote_ledger_of(result.articles):   # who said what, alone
        print(entry.speaker, entry.text)
"""

from .core import LoadResult, brief, load_articles, quote_ledger_of
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
