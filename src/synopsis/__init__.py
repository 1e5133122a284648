"""synopsis: many articles about one event in, one brief out, every line tied to its sources.

Public API::

    import synopsis
    result = synopsis.load_articles(["articles/"])       # read + clean
    brief = synopsis.brief(result, synopsis.Options(words=120))
    print(synopsis.render(brief, "md"))
    for entry in synopsis.quote_ledger_of(result.articles):   # who said what, alone
        print(entry.speaker, entry.text)
"""

from .render import render  # eager: the subpackage synopsis.render would shadow a lazy name

__version__ = "0.1.0"

# Every name is imported on first use: the pipeline (core: numpy, spaCy's loader), so commands
# that do not brief (`synopsis search`, `add`, `export`) start without loading it, and the
# records and options too (29 dataclasses), so that `import synopsis` and `synopsis --help`
# cost next to nothing.
_RECORDS = ("SCHEMA_VERSION", "Article", "Brief", "Citation", "Entity", "LedgerEntry", "Quote", "QuoteCitation",
            "QuoteVariant", "RemovedLine", "Sentence", "SkippedInput", "SummarySentence")
_LAZY = {"LoadResult": "core", "brief": "core", "load_articles": "core", "quote_ledger_of": "core",
         "Options": "options", **dict.fromkeys(_RECORDS, "records")}


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
