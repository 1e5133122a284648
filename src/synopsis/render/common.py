"""Helpers shared by the human-facing renderers (terminal, Markdown, HTML).

Everything here works on plain strings; each renderer escapes for its own format.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..records import Article, Brief, Citation, Entity, SummarySentence

#: How many entities the terminal view lists (Markdown and HTML list them all).
TERMINAL_ENTITIES = 15
#: How many entities the HTML view shows before folding the rest away.
HTML_ENTITIES = 12


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 article"``, ``"3 articles"``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def find_article(brief: Brief, article_id: str) -> Article | None:
    """The article with this id, or None (a citation may point at an unknown id)."""
    try:
        return brief.article(article_id)
    except KeyError:
        return None


def outlet(brief: Brief, article_id: str) -> str:
    """Outlet name of an article; its id when the outlet is unknown."""
    art = find_article(brief, article_id)
    return (art.outlet or art.id) if art else article_id


def short_outlet(name: str) -> str:
    """Outlet name without a leading "The" ("The Ardenport Ledger" -> "Ardenport Ledger")."""
    return name[4:] if name.startswith("The ") and len(name) > 4 else name


def cited_text(brief: Brief, citation: Citation) -> str:
    """The exact sentence a citation points at: ``article.text[start:end]``."""
    art = find_article(brief, citation.article)
    return art.text[citation.start:citation.end] if art else ""


def sentence_outlets(brief: Brief, sentence: SummarySentence) -> list[str]:
    """Distinct outlets cited by a summary sentence, the one it was taken from first."""
    return list(dict.fromkeys(outlet(brief, c.article) for c in sentence.citations))


def source_tag(brief: Brief, sentence: SummarySentence) -> str:
    """Short tag for a sentence's sources, e.g. ``"Ardenport Ledger +2"``."""
    names = sentence_outlets(brief, sentence)
    if not names:
        return "no source"
    more = f" +{len(names) - 1}" if len(names) > 1 else ""
    return short_outlet(names[0]) + more


def outlet_count(brief: Brief) -> int:
    """Number of distinct outlets among the articles."""
    return len({a.outlet or a.id for a in brief.articles})


def date_span(brief: Brief) -> str:
    """Publication dates as ``"2026-03-10 – 2026-04-21 (2 undated)"``, or ``"undated"``."""
    dates = sorted(a.published for a in brief.articles if a.published)
    undated = len(brief.articles) - len(dates)
    if not dates:
        return "undated"
    span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"
    return span + (f" ({undated} undated)" if undated else "")


def overview(brief: Brief) -> str:
    """One line: how many articles and outlets, and when they were published."""
    n = len(brief.articles)
    return f"{plural(n, 'article')} from {plural(outlet_count(brief), 'outlet')}, {date_span(brief)}"


def headline(brief: Brief) -> str:
    """The most common article title (ignoring case and spacing), else the first article's."""
    titles = [a.title.strip() for a in brief.articles if a.title and a.title.strip()]
    if not titles:
        return "untitled event"
    counts = Counter(" ".join(t.casefold().split()) for t in titles)
    key, n = counts.most_common(1)[0]
    if n > 1:
        return next(t for t in titles if " ".join(t.casefold().split()) == key)
    return titles[0]


def words_kept(article: Article) -> int:
    """Number of words in the cleaned text."""
    return len(article.text.split())


def entity_outlets(brief: Brief, entity: Entity) -> list[str]:
    """Distinct outlets that mention an entity."""
    return list(dict.fromkeys(outlet(brief, aid) for aid, n in entity.mentions.items() if n))


def reason_counts(article: Article) -> str:
    """Removed lines of an article grouped by reason: ``"3 navigation, 2 related link"``."""
    counts = Counter(r.reason for r in article.removed)
    return ", ".join(f"{n} {reason}" for reason, n in counts.most_common())


def generator() -> str:
    """``"synopsis <version>"``."""
    from .. import __version__

    return f"synopsis {__version__}"


@dataclass(slots=True)
class Source:
    """One numbered footnote: a distinct cited sentence of one article."""

    number: int
    citation: Citation
    outlet: str
    title: str
    text: str  # the exact cited sentence


def footnotes(brief: Brief) -> tuple[list[Source], list[list[int]]]:
    """Number every distinct citation in order of first use.

    Returns the sources and, for each summary sentence, the numbers of its citations
    (citations[0] first, duplicates of a span cited earlier reuse its number).
    """
    sources: list[Source] = []
    seen: dict[tuple[str, int, int], int] = {}
    per_sentence: list[list[int]] = []
    for sentence in brief.summary:
        numbers: list[int] = []
        for c in sentence.citations:
            key = (c.article, c.start, c.end)
            if key not in seen:
                art = find_article(brief, c.article)
                seen[key] = len(sources) + 1
                sources.append(Source(seen[key], c, outlet(brief, c.article), art.title if art else "",
                                      cited_text(brief, c)))
            if seen[key] not in numbers:
                numbers.append(seen[key])
        per_sentence.append(numbers)
    return sources, per_sentence
