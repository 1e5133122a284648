"""synopsis: many articles about one event in, one brief out, every line tied to its sources.

Public API::

    import synopsis
    result = synopsis.load_articles(["articles/"])       # read + clean
    brief = synopsis.brief(result, synopsis.Options(words=120))
    print(synopsis.render(brief, "md"))
    for entry in synopsis.quote_ledger_of(result.articles):   # who said what, alone
        print(entry.speaker, entry.text)

``import synopsis`` loads nothing heavy: each name below is imported from its module on first
use (PEP 562 module ``__getattr__``), so the command line starts fast and numpy, spaCy, the
HTML extractor and the sentence encoder are loaded only by what needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "LoadResult": ".core",
    "brief": ".core",
    "load_articles": ".core",
    "quote_ledger_of": ".core",
    "Options": ".options",
    "SCHEMA_VERSION": ".records",
    "Article": ".records",
    "Brief": ".records",
    "Citation": ".records",
    "Entity": ".records",
    "LedgerEntry": ".records",
    "Quote": ".records",
    "QuoteCitation": ".records",
    "QuoteVariant": ".records",
    "RemovedLine": ".records",
    "Sentence": ".records",
    "SkippedInput": ".records",
    "SummarySentence": ".records",
}

# Imported now, not lazily: `render` is also the name of the subpackage, and importing any of
# its modules first (synopsis.render.common) would bind the name to the package. It is light
# (the records' dataclasses; each renderer is imported when used).
from .render import render  # noqa: E402

__all__ = sorted([*_EXPORTS, "render"]) + ["__version__"]

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
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


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'synopsis' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
