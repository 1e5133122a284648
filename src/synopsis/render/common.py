"""Helpers shared by the human-facing renderers (terminal, Markdown, HTML).

Everything here works on plain strings; each renderer escapes for its own format.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..records import QUOTE_KINDS, Article, Brief, Citation, Entity, LedgerEntry, SummarySentence

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


# --- Who said what: the quote ledger -------------------------------------------------------------

#: How many ledger entries the terminal view lists (Markdown, HTML and JSON list them all).
TERMINAL_QUOTES = 12
#: How many ledger entries the HTML view shows before folding the rest away.
HTML_QUOTES = 12
#: Heading of the quote-ledger section in every human-facing format.
QUOTES_TITLE = "Who said what"
#: Label of an entry whose speaker is unknown.
UNATTRIBUTED = "Unattributed"

_KIND_ORDER = {kind: i for i, kind in enumerate(QUOTE_KINDS)}
_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def quote_outlets(brief: Brief, entry: LedgerEntry) -> list[str]:
    """Distinct outlets that report a ledger entry, in citation order."""
    return list(dict.fromkeys(c.outlet or outlet(brief, c.article) for c in entry.citations))


def ledger(brief: Brief) -> list[LedgerEntry]:
    """Ledger entries in display order: direct, partial, reported; within a kind, cited by more
    outlets first; otherwise in the ledger's own (reading) order."""
    return sorted(brief.quotes, key=lambda e: (_KIND_ORDER.get(e.kind, len(_KIND_ORDER)),
                                               -len(quote_outlets(brief, e))))


def one_line(text: str) -> str:
    """Text with every run of whitespace (a quote can run over paragraphs) as one space."""
    return " ".join(text.split())


def speaker_label(entry: LedgerEntry) -> str:
    """The speaker's name, or "Unattributed"."""
    return entry.speaker or UNATTRIBUTED


def more_line(hidden: int) -> str:
    """The line that ends a capped terminal list."""
    return f"… {hidden} more (use --format md/html/json for all)"


def diff_segments(difference: str) -> list[tuple[str, str]]:
    """A ``[-removed-] {+added+}`` difference as ``(op, text)`` pieces: op is ``"="`` (unchanged),
    ``"-"`` (removed) or ``"+"`` (added). Unchanged pieces keep their surrounding spaces."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _DIFF.finditer(difference):
        if m.start() > pos:
            out.append(("=", difference[pos:m.start()]))
        out.append(("-", m.group(1)) if m.group(1) is not None else ("+", m.group(2)))
        pos = m.end()
    if pos < len(difference):
        out.append(("=", difference[pos:]))
    return out


@dataclass(slots=True)
class Wording:
    """One outlet's (or several outlets') wording of a ledger entry."""

    outlets: list[str]
    text: str
    kind: str
    difference: str | None  # word-level difference from the entry's text; None when the same words


def wordings(brief: Brief, entry: LedgerEntry) -> list[Wording]:
    """Each wording of an entry with its outlets and its difference from ``entry.text``.

    The difference is the line of ``entry.difference`` that belongs to the variant (the ledger
    writes one ``"<article ids>: <difference>"`` line per differing variant); when there is none,
    it is computed the same way (:func:`synopsis.analyse.quotes.word_difference`).
    """
    from ..analyse.quotes import word_difference

    lines = (entry.difference or "").splitlines()
    out = []
    for v in entry.variants:
        names = list(dict.fromkeys(outlet(brief, aid) for aid in v.articles))
        prefix = ", ".join(v.articles) + ": "
        diff = next((line[len(prefix):] for line in lines if line.startswith(prefix)), None)
        if diff is None:
            diff = word_difference(entry.text, v.text)
        if not any(op != "=" for op, _ in diff_segments(diff)):
            diff = None
        out.append(Wording(names, v.text, v.kind, diff))
    return out


def quote_links(brief: Brief, entry: LedgerEntry, numbers: list[int]) -> list[tuple[str, list[int]]]:
    """The outlets that carry an entry, each with the footnote numbers of its cited spans
    (``numbers`` as :func:`quote_footnotes` gives them for the entry)."""
    cited: dict[str, list[int]] = {}
    for c, n in zip(entry.citations, numbers):
        nums = cited.setdefault(c.outlet or outlet(brief, c.article), [])
        if n not in nums:
            nums.append(n)
    return list(cited.items())


def quote_footnotes(brief: Brief, sources: list[Source]) -> tuple[list[Source], list[list[int]]]:
    """Number the spans cited by the ledger after the summary's footnotes (``sources``).

    Returns the new sources (a span the summary already cites reuses its number) and, for each
    entry of :func:`ledger` in order, the number of each of its citations.
    """
    seen = {(s.citation.article, s.citation.start, s.citation.end): s.number for s in sources}
    new: list[Source] = []
    per_entry: list[list[int]] = []
    for entry in ledger(brief):
        numbers = []
        for c in entry.citations:
            key = (c.article, c.start, c.end)
            if key not in seen:
                art = find_article(brief, c.article)
                citation = Citation(c.article, c.start, c.end)
                seen[key] = len(sources) + len(new) + 1
                new.append(Source(seen[key], citation, c.outlet or outlet(brief, c.article),
                                  art.title if art else "", cited_text(brief, citation)))
            numbers.append(seen[key])
        per_entry.append(numbers)
    return new, per_entry
