"""synopsis: many articles about one event in, one brief out, every line tied to its sources.

Public API::

    import synopsis
    result = synopsis.load_articles(["articles/"])       # read + clean
    brief = synopsis.brief(result, synopsis.Options(words=120))
    print(synopsis.render(brief, "md"))
"""

from .core import LoadResult, brief, load_articles
from .options import Options
from .records import (
    SCHEMA_VERSION,
    Article,
    Brief,
    Citation,
    Entity,
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
    "LoadResult",
    "Options",
    "RemovedLine",
    "Sentence",
    "SkippedInput",
    "SummarySentence",
    "brief",
    "load_articles",
    "render",
    "__version__",
]
