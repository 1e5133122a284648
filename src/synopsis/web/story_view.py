"""A stored story and its brief (the JSON contract, docs/schema.md) as what the story page shows.

The brief comes from the store as JSON text; :func:`parse_brief` gives it attribute access, so the
display helpers the other renderers use (:mod:`synopsis.render.common`: figure labels and
conflicts, the quote ledger's order and wordings, timeline dates, framing lines) run on it
unchanged. Everything a template prints is plain text here; the templates escape it.

Every piece of evidence becomes a :class:`Cite`: the outlet, the exact cited text
(``articles[k].text[start:end]`` of the brief) and a link to the stored article scrolled to
that span and highlighted. The link carries a short hash of the cited text, so the article page
can tell when the stored text has changed since the brief and say so instead of highlighting
the wrong words (Hypothesis's "orphan" anchors).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from urllib.parse import quote

from markupsafe import Markup, escape

from ..render import common
from .security import safe_href

#: Facts one outlet reports that the grid shows before folding the rest away (the folded rest
#: is loaded when opened, or shown with ``?full=1``).
GRID_UNIQUE = 10
#: Quote ledger entries shown before folding the rest away.
QUOTES_SHOWN = 12
#: Figures and timeline events shown before folding.
FIGURES_SHOWN = 12
EVENTS_SHOWN = 16


class Record(dict):
    """A JSON object with attribute access (``fact.citations[0].outlet``). A dict, so objects
    whose keys are data (``missing``, ``voices``, ``topic_shares``) keep ``.items()``; no field of
    the contract is named like a dict method (checked by the tests against brief.schema.json)."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class BriefRecord(Record):
    __slots__ = ()

    def article(self, article_id: str):
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


def parse_brief(text: str) -> BriefRecord:
    """A brief's JSON text -> records, every object made a :class:`Record` by the C parser's
    ``object_hook`` (several times faster than converting the parsed dicts afterwards)."""
    return BriefRecord(json.loads(text, object_hook=Record))


def records(data: dict) -> BriefRecord:
    """A parsed brief (a dict) -> records."""
    return parse_brief(json.dumps(data))


def text_hash(text: str) -> str:
    """8 hex digits naming a cited text (the article page checks it before highlighting)."""
    return hashlib.blake2s(text.encode("utf-8"), digest_size=4).hexdigest()


def article_href(article_id: str, start: int | None = None, end: int | None = None, text: str = "") -> str | None:
    """Link to a stored article (its id is the store's), scrolled to and highlighting [start, end)."""
    if not str(article_id).isdigit():
        return None
    base = f"/articles/{article_id}"
    if start is None or end is None or start < 0 or end <= start:
        return base
    return f"{base}?hl={start}-{end}&h={text_hash(text)}#hl"


@dataclass(slots=True)
class Cite:
    """One piece of evidence: a chip whose tooltip shows the cited words, linking to them."""

    tip: str  # element id of the tooltip
    outlet: str
    label: str  # short outlet name on the chip
    text: str  # the cited words, exactly
    how: str  # "sentence taken from here", "same fact, 70% match", ...
    href: str | None
    article_title: str = ""
    origin: bool = False

    @property
    def html(self) -> Markup:
        """The chip and its tooltip. Built here rather than by a template macro (a page holds
        hundreds of chips; a Jinja macro call costs about 50 µs, ``Markup.format`` about 25):
        every value goes through markupsafe's ``escape``, as the templates' autoescaping does."""
        by = " · ".join(x for x in (self.outlet, self.article_title, self.how) if x)
        link = f' href="{escape(self.href)}"' if self.href else ' tabindex="0"'
        tip = escape(self.tip)
        return Markup(f'<span class="cite"><a class="chip{" origin" if self.origin else ""}"{link} '
                      f'aria-describedby="{tip}">{escape(self.label)}</a><span class="tip" role="tooltip" id="{tip}">'
                      f'<span class="tq">{escape(self.text)}</span><span class="by">{escape(by)}</span></span></span>')


def chips_html(cites: list[Cite]) -> Markup:
    """A list of chips (the templates' ``chips`` filter)."""
    return Markup('<span class="chips">') + Markup("").join(c.html for c in cites) + Markup("</span>")


@dataclass(slots=True)
class Column:
    """An outlet of the story: its card and its column in the grid."""

    name: str
    short: str
    type: str | None
    lean: str | None
    articles: list[str]
    headline: str
    headline_href: str | None
    lede: Cite | None
    published: str | None
    url: str | None
    off_event: list[str] = field(default_factory=list)  # reasons, when an article of it looks off-event


@dataclass(slots=True)
class Row:
    """A fact of the grid: one cell per column (None where the outlet leaves it out)."""

    number: int
    text: str
    outlets: int
    cells: list[Cite | None]
    conflicts: list[tuple[str, str]]  # (note, link to the figure or dispute)
    anchor: str


class StoryView:
    """What the story page shows, built once per brief (the page is cached by the app)."""

    #: Sections whose items after the first SHOWN are folded away, loaded when unfolded.
    SHOWN = {"single": GRID_UNIQUE, "quotes": QUOTES_SHOWN, "figures": FIGURES_SHOWN, "timeline": EVENTS_SHOWN}

    def __init__(self, detail, profiles: dict | None = None, brief_json: tuple[str, str] | None = None, *,
                 part: str | None = None, full: bool = False) -> None:
        """`detail`: :meth:`Store.get_story` (its brief parsed), or with ``with_brief=False`` and
        the brief's JSON text and date in `brief_json` (:meth:`Store.latest_brief_json`), faster.

        The page shows the first items of its long sections (:data:`SHOWN`); `part` (one of its
        keys) builds only the rest of one section, the fragment a folded section loads when
        opened; `full` builds everything (the page without JavaScript, ``?full=1``)."""
        self.story = detail.story
        self.members = detail.articles
        if brief_json is not None:
            self.b, self.brief_created_at = parse_brief(brief_json[0]), brief_json[1]
        else:
            self.b = records(detail.brief) if detail.brief else None
            self.brief_created_at = detail.brief_created_at
        self.part, self.full = part, full
        self._tips = 0
        self._tip_prefix = f"{part}-" if part else "t"
        self._profiles = dict(profiles or {})
        if self.b is None:
            return
        self.articles = {a.id: a for a in getattr(self.b, "articles", [])}
        for o in getattr(self.b, "outlets", None) or []:
            self._profiles.setdefault(o.name, SimpleNamespace(type=o.get("type"), lean=o.get("lean")))
        self.columns = self._columns()
        self.totals = {"single": len(getattr(self.b, "unique", []) or []), "quotes": len(self.b.quotes),
                       "figures": len(self.b.figures), "timeline": len(self.b.timeline)}
        if part is not None:
            if part not in self.SHOWN:
                raise KeyError(part)
            start = self.SHOWN[part]
            self.single = self._grid_rows("single", start) if part == "single" else []
            self.quotes = self._quotes(start) if part == "quotes" else []
            self.figures = self._figures(start) if part == "figures" else []
            self.events = self._events(start) if part == "timeline" else []
            return
        stop = {k: (None if full else n) for k, n in self.SHOWN.items()}
        self.summary = [(common.one_line(s.text), self._sentence_cites(s.citations)) for s in self.b.summary]
        self.agreed = self._grid_rows("agreed")
        self.single = self._grid_rows("single", 0, stop["single"])
        self.quotes = self._quotes(0, stop["quotes"])
        self.figures = self._figures(0, stop["figures"])
        self.disputes = self._disputes()
        self.events = self._events(0, stop["timeline"])
        self.framing = self._framing()
        self.coverage = self._coverage()
        self.warnings = list(getattr(self.b, "warnings", []) or [])
        self.skipped = [(s.source, s.reason) for s in getattr(self.b, "skipped", []) or []]
        self.entities = [(e.name, e.type, e.variants, e.total) for e in (getattr(self.b, "entities", []) or [])[:40]]

    def folded(self, section: str) -> int:
        """How many items of a section the page leaves folded (0 with `full`)."""
        return 0 if self.full else max(0, self.totals[section] - self.SHOWN[section])

    # --- pieces ---------------------------------------------------------------------------------

    def cite(self, article_id: str, start: int, end: int, how: str, *, outlet: str | None = None,
             origin: bool = False) -> Cite:
        art = self.articles.get(article_id)
        text = art.text[start:end] if art is not None and 0 <= start < end <= len(art.text) else ""
        name = outlet or (art.outlet if art is not None else article_id)
        self._tips += 1
        return Cite(f"{self._tip_prefix}{self._tips}", name, common.short_outlet(name), common.one_line(text), how,
                    article_href(article_id, start, end, text) if text else article_href(article_id),
                    art.title if art is not None else "", origin)

    @staticmethod
    def numbered(cites: list[Cite]) -> list[Cite]:
        """Chips of one list that name the same outlet get a number after the first ("Ledger 2")."""
        seen: dict[str, int] = {}
        for c in cites:
            seen[c.outlet] = seen.get(c.outlet, 0) + 1
            if seen[c.outlet] > 1:
                c.label = f"{c.label} {seen[c.outlet]}"
        return cites

    def _sentence_cites(self, citations) -> list[Cite]:
        out = []
        for k, c in enumerate(citations):
            how = "sentence taken from here" if k == 0 else f"same fact, {c.similarity:.0%} match"
            out.append(self.cite(c.article, c.start, c.end, how, outlet=c.outlet, origin=k == 0))
        return out

    def profile_label(self, outlet: str) -> str:
        p = self._profiles.get(outlet)
        if p is None:
            return ""
        parts = [p.type] if getattr(p, "type", None) else []
        if getattr(p, "lean", None):
            parts.append(f"lean: {p.lean}")
        return ", ".join(parts)

    def _columns(self) -> list[Column]:
        by_outlet: dict[str, list] = {}
        for a in self.b.articles:
            by_outlet.setdefault(a.outlet, []).append(a)
        framing = {f.outlet: f for f in common.framing_outlets(self.b)}
        off = {}
        for o in getattr(self.b, "off_event", []) or []:
            off.setdefault(o.outlet, []).extend(o.reasons)
        columns = []
        for name, arts in by_outlet.items():
            first = arts[0]
            f = framing.get(name)
            headline = common.one_line(f.headline if f is not None and f.headline else first.title)
            lede = None
            if f is not None and f.lede:
                start = first.text.find(f.lede)
                lede = self.cite(first.id, start, start + len(f.lede), "the lede: first body sentence") if start >= 0 \
                    else None
                if lede is None:
                    self._tips += 1
                    lede = Cite(f"{self._tip_prefix}{self._tips}", name, common.short_outlet(name), common.one_line(f.lede), "the lede",
                                article_href(first.id), first.title)
            p = self._profiles.get(name)
            columns.append(Column(name, common.short_outlet(name), getattr(p, "type", None), getattr(p, "lean", None),
                                  [a.id for a in arts], headline, article_href(first.id), lede, first.published,
                                  safe_href(first.url), off.get(name, [])))
        return columns

    @cached_property
    def _figure_index(self) -> dict[str, list[tuple[int, int, int]]]:
        """Article id -> (start, end, figure index) of every figure mention."""
        spans: dict[str, list[tuple[int, int, int]]] = {}
        for i, fig in enumerate(self.b.figures):
            for m in fig.mentions:
                spans.setdefault(m.article, []).append((m.start, m.end, i))
        return spans

    @cached_property
    def _dispute_spans(self) -> list[tuple[list[tuple[str, int, int]], str]]:
        """Per dispute: the spans of all its sides' citations, and its parties."""
        out = []
        for d in getattr(self.b, "disputes", []) or []:
            sides = common.dispute_sides(d)
            out.append(([(c.article, c.start, c.end) for side in sides for c in side.citations],
                        " / ".join(side.party for side in sides)))
        return out

    def _row_conflicts(self, spans_of: list[tuple[str, int, int]], figures: dict,
                       disputes: list) -> list[tuple[str, str]]:
        """(note, link) for each figure conflict among the row's cells and each dispute touching them."""
        found: set[int] = set()
        for article, start, end in spans_of:
            for s, e, i in figures.get(article, ()):
                if start <= s and e <= end:
                    found.add(i)
        notes = []
        for i in sorted(found):
            others = [j for j in self.b.figures[i].conflicts_with if j in found and j > i]
            for j in others:
                a, b = self.b.figures[i], self.b.figures[j]
                notes.append((f"figures differ: {common.figure_label(a)} ({', '.join(common.figure_outlets(a))}) "
                              f"against {common.figure_label(b)} ({', '.join(common.figure_outlets(b))})", f"#fig-{i}"))
        for n, (article_spans, party) in enumerate(disputes, 1):
            if any(a == art and s < end and start < e for art, start, end in spans_of for a, s, e in article_spans):
                notes.append((f"disputed: {party}", f"#dispute-{n}"))
        return notes

    def _grid_rows(self, kind: str, start: int = 0, stop: int | None = None) -> list[Row]:
        """Rows of the grid: ``agreed`` (every consensus fact, most outlets first) or ``single``
        (facts one outlet reports, most salient first), items [start:stop]."""
        names = [c.name for c in self.columns]
        figures, disputes = self._figure_index, self._dispute_spans

        def row(n: int, fact, anchor: str) -> Row:
            cells: dict[str, Cite] = {}
            spans = []
            for c in fact.citations:
                if c.outlet in cells:
                    continue
                cells[c.outlet] = self.cite(c.article, c.start, c.end, "this outlet's own words", outlet=c.outlet)
                spans.append((c.article, c.start, c.end))
            return Row(n, common.one_line(fact.text), len(fact.outlets), [cells.get(name) for name in names],
                       self._row_conflicts(spans, figures, disputes), anchor)

        if kind == "agreed":
            facts, prefix = common.consensus(self.b), "fact"
        else:
            facts, prefix = getattr(self.b, "unique", []) or [], "only"
        return [row(n, f, f"{prefix}-{n}") for n, f in list(enumerate(facts, 1))[start:stop]]

    def _quotes(self, start: int = 0, stop: int | None = None) -> list[dict]:
        out = []
        for entry in common.ledger(self.b)[start:stop]:
            cites = self.numbered([self.cite(c.article, c.start, c.end, f"{c.outlet}'s wording", outlet=c.outlet)
                                   for c in entry.citations])
            wordings = []
            if entry.differs:
                for w in common.wordings(self.b, entry):
                    wordings.append({"outlets": w.outlets, "text": common.one_line(w.text),
                                     "diff": common.diff_segments(w.difference) if w.difference else []})
            out.append({"speaker": common.speaker_label(entry), "role": entry.role, "kind": entry.kind,
                        "text": common.one_line(entry.text), "cue": entry.cue, "cites": cites,
                        "differs": bool(entry.differs), "wordings": wordings})
        return out

    def _figures(self, start: int = 0, stop: int | None = None) -> list[dict]:
        out = []
        for i in common.figure_order(self.b)[start:stop]:
            fig = self.b.figures[i]
            seen, cites = set(), []
            for m in fig.mentions:
                key = (m.article, m.sentence_start, m.sentence_end)
                if key in seen:
                    continue
                seen.add(key)
                cites.append(self.cite(m.article, m.sentence_start, m.sentence_end,
                                       f"gives it as “{common.one_line(m.text)}”", outlet=m.outlet))
            conflicts = [(j, f"{common.figure_label(self.b.figures[j])} "
                             f"({', '.join(common.figure_outlets(self.b.figures[j]))})")
                         for j in fig.conflicts_with if 0 <= j < len(self.b.figures)]
            self.numbered(cites)
            out.append({"index": i, "label": common.figure_label(fig),
                        "qualifier": fig.qualifier if fig.qualifier and fig.qualifier != "exact" else "",
                        "counts": fig.counts, "outlets": common.figure_outlets(fig), "cites": cites,
                        "conflicts": conflicts})
        return out

    def _disputes(self) -> list[dict]:
        out = []
        for d in getattr(self.b, "disputes", []) or []:
            sides = []
            for side in common.dispute_sides(d):
                sides.append({"party": side.party, "role": side.role, "cue": side.cue,
                              "text": common.one_line(side.text),
                              "cites": self.numbered([self.cite(c.article, c.start, c.end, f"{side.party}'s side",
                                                                  outlet=c.outlet) for c in side.citations])})
            out.append({"topic": d.topic, "sides": sides})
        return out

    def _events(self, start: int = 0, stop: int | None = None) -> list[dict]:
        out = []
        for e in common.timeline(self.b)[start:stop]:
            cites = self.numbered([self.cite(c.article, c.sentence_start, c.sentence_end, "the sentence that dates it",
                                             outlet=c.outlet) for c in e.citations])
            out.append({"date": common.event_date(e), "resolved": bool(e.resolved and e.date),
                        "event": common.one_line(e.event), "outlets": common.event_outlets(e), "cites": cites})
        return out

    def _coverage(self) -> list[dict]:
        """Per outlet: how many of the agreed facts it states, the facts only it reports, the
        summary sentences it supports and the quotes it carries (the panel beside the summary)."""
        agreed = list(getattr(self.b, "consensus", []) or [])
        out = []
        for col in self.columns:
            stated = sum(1 for f in agreed if any(c.outlet == col.name for c in f.citations))
            out.append({"outlet": col.name, "profile": self.profile_label(col.name), "stated": stated,
                        "agreed": len(agreed), "share": stated / len(agreed) if agreed else 0.0,
                        "only": sum(1 for f in getattr(self.b, "unique", []) or [] if f.outlets == [col.name]),
                        "summary": sum(1 for s in self.b.summary if any(c.outlet == col.name for c in s.citations)),
                        "quotes": sum(1 for q in self.b.quotes if any(c.outlet == col.name for c in q.citations)),
                        "off_event": bool(col.off_event)})
        return out

    def _framing(self) -> dict | None:
        outlets = common.framing_outlets(self.b)
        if not outlets:
            return None
        rows = []
        for of in outlets:
            rows.append({"outlet": of.outlet, "profile": self.profile_label(of.outlet),
                         "headline": common.one_line(of.headline), "lede": common.one_line(of.lede or ""),
                         "voices": common.voices_line(of),
                         "topics": [(label, share, round(share * 100)) for label, share in common.top_topics(of)],
                         "loaded": common.loaded_line(of), "words": of.words,
                         "leaves_out": [common.shorten(t) for t in of.leaves_out]})
        return {"outlets": rows, "explanation": common.loaded_explanation(self.b)}

    def counts(self) -> dict[str, int]:
        """How many items each section holds (the page's table of contents)."""
        if self.b is None:
            return {}
        return {"summary": len(self.summary), "grid": len(self.agreed) + self.totals["single"],
                "quotes": self.totals["quotes"], "figures": self.totals["figures"], "disputes": len(self.disputes),
                "timeline": self.totals["timeline"], "framing": len(self.framing["outlets"]) if self.framing else 0}


def query_string(**params) -> str:
    """``?a=1&b=x`` from the non-empty parameters (for pagination and filter links)."""
    parts = [f"{k}={quote(str(v), safe='')}" for k, v in params.items() if v not in (None, "", 0)]
    return "?" + "&".join(parts) if parts else ""
