"""Helpers shared by the human-facing renderers (terminal, Markdown, HTML).

Everything here works on plain strings; each renderer escapes for its own format.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..records import QUOTE_KINDS, Article, Brief, Citation, Entity, LedgerEntry, SummarySentence
from ..text.words import word_difference

#: How many entities the terminal view lists (Markdown and HTML list them all).
TERMINAL_ENTITIES = 15
#: How many entities the HTML view shows before folding the rest away.
HTML_ENTITIES = 12


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 article"``, ``"3 articles"``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


#: URL schemes that may become links; any other (javascript:, data:, vbscript:, file:) is shown as text.
LINK_SCHEMES = ("http", "https")


def link_url(url: str | None) -> str | None:
    """`url` when a renderer may make it a live link (an http or https address), else None.

    An article's URL comes from its input (a JSON-lines field, a page's metadata), so it may be
    hostile: ``javascript:alert(1)`` as a link runs script in the reader's browser. The scheme
    is read as browsers read it (leading spaces and control characters, tabs and newlines inside
    are ignored: ``urllib.parse`` does the same)."""
    from urllib.parse import urlsplit

    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


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


def published_label(article) -> str | None:
    """An article's publication date as shown: ``2017-12-15 (from a photo caption)`` when the
    only evidence is a dated photo caption (weak: a file photo is older than the article)."""
    if not article.published:
        return None
    if getattr(article, "published_from", None) == "photo caption":
        return f"{article.published} (from a photo caption)"
    return article.published


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
    it is computed the same way (:func:`synopsis.text.words.word_difference`).
    """
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


# --- Comparing the outlets: consensus, unique facts, omissions, figures, disputes, timeline, framing ----

#: Headings of the comparison sections, in display order (after "Who said what").
OFF_EVENT_TITLE = "Off-event articles"
CONSENSUS_TITLE = "What the outlets agree on"
UNIQUE_TITLE = "Only one outlet reports"
MISSING_TITLE = "What each outlet leaves out"
FIGURES_TITLE = "Figures"
DISPUTES_TITLE = "Disputes"
TIMELINE_TITLE = "Timeline"
FRAMING_TITLE = "How each outlet frames it"

#: How many items the terminal view lists per comparison section (Markdown, HTML and JSON list them all).
TERMINAL_CONSENSUS = 10
TERMINAL_UNIQUE = 5
TERMINAL_MISSING = 3  # facts per outlet
TERMINAL_FIGURES = 12
TERMINAL_TIMELINE = 20
#: How many items the HTML view shows before folding the rest away.
HTML_FACTS = 12
#: How many sub-topics each outlet's framing lists.
TOP_TOPICS = 3

#: Prefix of a timeline event whose date could not be resolved.
UNRESOLVED = "date not resolved"


def shorten(text: str, limit: int = 160) -> str:
    """One line of at most `limit` characters, cut at a word and ended with "…" when longer."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] or text[:limit - 1]
    return cut.rstrip(" ,;:") + "…"


def has_comparison(brief: Brief) -> bool:
    """Whether any comparison section has something to show."""
    return bool(brief.consensus or brief.unique or missing_facts(brief) or brief.figures or brief.disputes
                or brief.timeline or framing_outlets(brief))


def consensus(brief: Brief) -> list:
    """Consensus facts, by number of outlets (stable: the analysis's own order within a count)."""
    return sorted(brief.consensus, key=lambda f: -len(f.outlets))


def fact_number(brief: Brief) -> dict[int, int]:
    """Index of a fact in ``brief.consensus`` -> its 1-based number in the displayed list."""
    order = consensus(brief)
    by_id = {id(f): n for n, f in enumerate(order, 1)}
    return {k: by_id[id(f)] for k, f in enumerate(brief.consensus)}


@dataclass(slots=True)
class FactWording:
    """One outlet's words for a fact, with the span it is cited from."""

    outlet: str
    text: str
    article: str
    start: int
    end: int


def fact_wordings(brief: Brief, fact) -> list[FactWording]:
    """Each citation of a fact as (outlet, its words), the fact's own sentence first."""
    return [FactWording(c.outlet or outlet(brief, c.article), c.text or cited_text(brief, c), c.article, c.start,
                        c.end) for c in fact.citations]


def fact_outlets(brief: Brief, fact) -> list[str]:
    """Distinct outlets (voices) that state a fact."""
    names = list(fact.outlets) or [c.outlet or outlet(brief, c.article) for c in fact.citations]
    return list(dict.fromkeys(names))


def also_in(brief: Brief, fact) -> list[str]:
    """The outlets of a fact other than the one whose words are shown (the first citation's)."""
    first = fact.citations[0].outlet if fact.citations else None
    return [n for n in fact_outlets(brief, fact) if n != first and not (first and first in n.split(" / "))]


def missing_facts(brief: Brief) -> list[tuple[str, list[tuple[int, object]]]]:
    """Outlets that leave out consensus facts, each with (display number, fact) in display order."""
    numbers = fact_number(brief)
    out = []
    for name, indices in brief.missing.items():
        facts = sorted({numbers[k] for k in indices if 0 <= k < len(brief.consensus)})
        order = consensus(brief)
        if facts:
            out.append((name, [(n, order[n - 1]) for n in facts]))
    return out


def off_event(brief: Brief) -> list[tuple[str, str, list[str]]]:
    """Flagged articles as (outlet, title, reasons)."""
    out = []
    for o in brief.off_event:
        art = find_article(brief, o.article)
        out.append((o.outlet or outlet(brief, o.article), art.title if art else o.article, list(o.reasons)))
    return out


def figure_order(brief: Brief) -> list[int]:
    """Indices of ``brief.figures`` in display order: figures in conflict first, then the ledger's order."""
    return sorted(range(len(brief.figures)), key=lambda i: not brief.figures[i].conflicts_with)


def figure_label(entry) -> str:
    """A figure as written in its first mention ("$48.5 million"), else its value and unit."""
    if entry.mentions and entry.mentions[0].text.strip():
        return one_line(entry.mentions[0].text)
    value = f"{entry.value:,.6g}" + (f"–{entry.high:,.6g}" if entry.high is not None else "")
    return f"{value} {entry.unit}".strip()


def figure_heading(entry) -> tuple[str, str, str]:
    """A figure's heading in the parts every format marks up its own way: its label
    (:func:`figure_label`), its qualifier ("about", "at least"; "" for an exact figure) and what it
    counts ("" when unknown)."""
    qualifier = entry.qualifier if entry.qualifier and entry.qualifier != "exact" else ""
    return figure_label(entry), qualifier, entry.counts or ""


def figure_outlets(entry) -> list[str]:
    """Distinct outlets that give a figure."""
    return list(dict.fromkeys(m.outlet for m in entry.mentions))


def figure_conflicts(brief: Brief, entry) -> list[str]:
    """What a figure conflicts with: ``"230,000 (Riverline Radio)"`` per conflicting entry."""
    out = []
    for j in entry.conflicts_with:
        if 0 <= j < len(brief.figures):
            other = brief.figures[j]
            out.append(f"{figure_label(other)} ({', '.join(figure_outlets(other))})")
    return out


def conflict_line(brief: Brief, entry) -> str:
    """``"conflicts with 230,000 (Riverline Radio)"``, or "" when the figure conflicts with none."""
    found = figure_conflicts(brief, entry)
    return "conflicts with " + "; ".join(found) if found else ""


def dispute_sides(dispute) -> list:
    """The claim, then each rebuttal."""
    return [dispute.claim, *dispute.rebuttals]


def side_outlets(side) -> list[str]:
    return list(dict.fromkeys(c.outlet for c in side.citations))


def timeline(brief: Brief) -> list:
    """Timeline events in display order: resolved ones (in the analysis's order), unresolved last."""
    return sorted(brief.timeline, key=lambda e: not (e.resolved and e.date))


def event_date(event) -> str:
    """The date of an event at its granularity (``2017-03-27``, ``2017-03``, ``2017``, ``the 1980s``,
    ``the week of 2017-03-20``), or ``"date not resolved: <expression>"``."""
    if event.resolved and event.date:
        if event.granularity == "decade":
            return f"the {event.date[:3]}0s"
        if event.granularity == "week":
            return f"the week of {event.date}"
        return event.date
    expression = one_line(event.expression or (event.citations[0].expression if event.citations else ""))
    return f"{UNRESOLVED}: {expression}" if expression else UNRESOLVED


def event_outlets(event) -> list[str]:
    return list(dict.fromkeys(c.outlet for c in event.citations))


def framing_outlets(brief: Brief) -> list:
    """Per-outlet framing records (empty when there is no framing)."""
    return list(brief.framing.outlets) if brief.framing else []


def voices_line(of) -> str:
    """``"officials 4 (Ana Ruiz, Ben Ode), residents and others 1 (Cy Li)"``; ``"none quoted"``."""
    parts = []
    for kind, n in of.voices.items():
        if n:
            names = of.voice_names.get(kind, [])
            parts.append(f"{kind} {n}" + (f" ({', '.join(names)})" if names else ""))
    return ", ".join(parts) or "none quoted"


def top_topics(of, n: int = TOP_TOPICS) -> list[tuple[str, float]]:
    """The outlet's largest sub-topics as (label, share), largest first, zero shares left out."""
    shares = sorted(of.topic_shares.items(), key=lambda kv: -kv[1])
    return [(label, share) for label, share in shares if share > 0][:n]


def topics_line(of) -> str:
    """``"dam, cracks 41% · water, cut 30%"``; ``"none"``."""
    return " · ".join(f"{label} {share:.0%}" for label, share in top_topics(of)) or "none"


def loaded_line(of) -> str:
    """``"1.20 per 100 words (fiasco, slammed ×2)"`` or ``"0.00 per 100 words (none)"``."""
    counts = Counter(w.lower() for w in of.loaded_words)
    first = list(dict.fromkeys(w.lower() for w in of.loaded_words))
    words = ", ".join(w + (f" ×{counts[w]}" if counts[w] > 1 else "") for w in first) or "none"
    return f"{of.loaded_per_100:.2f} per 100 words ({words})"


def loaded_explanation(brief: Brief) -> str:
    return brief.framing.loaded_explanation if brief.framing else ""


# Footnotes of the comparison sections: every cited sentence numbered after the summary's and the
# quote ledger's, in display order, so Markdown links and HTML chips can point at it.

#: Groups of the comparison footnotes, as headed in the Sources list.
FOOTNOTE_GROUPS = (("consensus", "Shared facts"), ("unique", "Facts one outlet reports"), ("figures", "Figures"),
                   ("disputes", "Disputes"), ("timeline", "Timeline"))


def comparison_spans(brief: Brief) -> dict[str, list[tuple[str, str, int, int]]]:
    """The sentence spans (outlet, article, start, end) each comparison section cites, in display order."""
    spans: dict[str, list[tuple[str, str, int, int]]] = {key: [] for key, _ in FOOTNOTE_GROUPS}
    for fact in consensus(brief):
        spans["consensus"] += [(w.outlet, w.article, w.start, w.end) for w in fact_wordings(brief, fact)]
    for fact in brief.unique:
        spans["unique"] += [(w.outlet, w.article, w.start, w.end) for w in fact_wordings(brief, fact)]
    for i in figure_order(brief):
        spans["figures"] += [(m.outlet, m.article, m.sentence_start, m.sentence_end)
                             for m in brief.figures[i].mentions]
    for d in brief.disputes:
        spans["disputes"] += [(c.outlet, c.article, c.start, c.end) for side in dispute_sides(d)
                              for c in side.citations]
    for e in timeline(brief):
        spans["timeline"] += [(c.outlet, c.article, c.sentence_start, c.sentence_end) for c in e.citations]
    return spans


def comparison_footnotes(brief: Brief, known: list[Source]) -> tuple[list[tuple[str, list[Source]]],
                                                                      dict[tuple[str, int, int], int]]:
    """Number the sentences the comparison sections cite after the ``known`` sources.

    Returns the new sources grouped as :data:`FOOTNOTE_GROUPS` (heading, sources; empty groups
    left out) and the number of every span, known ones included, by ``(article, start, end)``.
    """
    number = {(s.citation.article, s.citation.start, s.citation.end): s.number for s in known}
    groups: list[tuple[str, list[Source]]] = []
    total = len(known)
    spans = comparison_spans(brief)
    for key, heading in FOOTNOTE_GROUPS:
        new: list[Source] = []
        for name, article, start, end in spans[key]:
            if (article, start, end) in number or not 0 <= start < end:
                continue
            art = find_article(brief, article)
            citation = Citation(article, start, end)
            total += 1
            number[(article, start, end)] = total
            new.append(Source(total, citation, name or outlet(brief, article), art.title if art else "",
                              cited_text(brief, citation)))
        if new:
            groups.append((heading, new))
    return groups, number


def all_footnotes(brief: Brief) -> tuple[list[Source], list[list[int]], list[Source], list[list[int]],
                                         list[tuple[str, list[Source]]], dict[tuple[str, int, int], int]]:
    """Summary, quote-ledger and comparison footnotes, numbered in that order."""
    sources, numbers = footnotes(brief)
    quoted, per_entry = quote_footnotes(brief, sources)
    groups, by_span = comparison_footnotes(brief, sources + quoted)
    return sources, numbers, quoted, per_entry, groups, by_span


def outlet_label(brief: Brief, outlet: str) -> str:
    """The outlet's name with what the user's outlets file says of it: ``"Civic Lantern (opinion, lean: left)"``."""
    profile = brief.outlet_profiles.get(outlet)
    detail = profile.label() if profile else ""
    return f"{outlet} ({detail})" if detail else outlet
