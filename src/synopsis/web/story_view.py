"""A stored story and its brief (the JSON contract, docs/schema.md) as what the story page shows.

The brief comes from the store as JSON. :func:`records` gives it attribute access, so the
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
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote

from ..render import common
from .security import safe_href

#: Facts one outlet reports that the grid shows before folding the rest away.
GRID_UNIQUE = 10
#: Quote ledger entries shown before folding the rest away.
QUOTES_SHOWN = 12
#: Figures and timeline events shown before folding.
FIGURES_SHOWN = 12
EVENTS_SHOWN = 16


class Record(SimpleNamespace):
    """A JSON object with attribute access (``fact.citations[0].outlet``)."""


class BriefRecord(Record):
    def article(self, article_id: str):
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


def records(data, top: bool = True):
    """JSON -> :class:`Record` objects (lists stay lists); the top object is a :class:`BriefRecord`.
    Objects whose keys are data (``missing``, ``voices``, ``topic_shares``, ``mentions``) stay dicts."""
    if isinstance(data, dict):
        cls = BriefRecord if top else Record
        return cls(**{k: (v if k in _DICT_FIELDS else records(v, False)) for k, v in data.items()})
    if isinstance(data, list):
        return [records(v, False) for v in data]
    return data


_DICT_FIELDS = frozenset({"missing", "voices", "voice_names", "topic_shares", "mentions_by_article"})


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

    def __init__(self, detail, profiles: dict | None = None) -> None:
        self.story = detail.story
        self.members = detail.articles
        self.brief_created_at = detail.brief_created_at
        self.raw = detail.brief
        self.b = records(detail.brief) if detail.brief else None
        self._tips = 0
        self._profiles = dict(profiles or {})
        if self.b is None:
            return
        self.articles = {a.id: a for a in getattr(self.b, "articles", [])}
        for o in getattr(self.b, "outlets", None) or []:
            self._profiles.setdefault(o.name, SimpleNamespace(type=o.type, lean=o.lean))
        self.columns = self._columns()
        self.summary = [(common.one_line(s.text), self._sentence_cites(s.citations)) for s in self.b.summary]
        self.agreed, self.single, self.single_more = self._grid()
        self.quotes = self._quotes()
        self.figures = self._figures()
        self.disputes = self._disputes()
        self.events = self._events()
        self.framing = self._framing()
        self.warnings = list(getattr(self.b, "warnings", []) or [])
        self.skipped = [(s.source, s.reason) for s in getattr(self.b, "skipped", []) or []]
        self.entities = [(e.name, e.type, e.variants, e.total) for e in (getattr(self.b, "entities", []) or [])[:40]]

    # --- pieces ---------------------------------------------------------------------------------

    def cite(self, article_id: str, start: int, end: int, how: str, *, outlet: str | None = None,
             origin: bool = False) -> Cite:
        art = self.articles.get(article_id)
        text = art.text[start:end] if art is not None and 0 <= start < end <= len(art.text) else ""
        name = outlet or (art.outlet if art is not None else article_id)
        self._tips += 1
        return Cite(f"t{self._tips}", name, common.short_outlet(name), common.one_line(text), how,
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
                    lede = Cite(f"t{self._tips}", name, common.short_outlet(name), common.one_line(f.lede), "the lede",
                                article_href(first.id), first.title)
            p = self._profiles.get(name)
            columns.append(Column(name, common.short_outlet(name), getattr(p, "type", None), getattr(p, "lean", None),
                                  [a.id for a in arts], headline, article_href(first.id), lede, first.published,
                                  safe_href(first.url), off.get(name, [])))
        return columns

    def _figure_index(self) -> dict[str, list[tuple[int, int, int]]]:
        spans: dict[str, list[tuple[int, int, int]]] = {}
        for i, fig in enumerate(self.b.figures):
            for m in fig.mentions:
                spans.setdefault(m.article, []).append((m.start, m.end, i))
        return spans

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

    def _grid(self) -> tuple[list[Row], list[Row], list[Row]]:
        names = [c.name for c in self.columns]
        figures = self._figure_index()
        disputes = []
        for d in getattr(self.b, "disputes", []) or []:
            sides = common.dispute_sides(d)
            disputes.append(([(c.article, c.start, c.end) for side in sides for c in side.citations],
                             " / ".join(side.party for side in sides)))

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

        agreed = [row(n, f, f"fact-{n}") for n, f in enumerate(common.consensus(self.b), 1)]
        unique = [row(n, f, f"only-{n}") for n, f in enumerate(getattr(self.b, "unique", []) or [], 1)]
        return agreed, unique[:GRID_UNIQUE], unique[GRID_UNIQUE:]

    def _quotes(self) -> list[dict]:
        out = []
        for entry in common.ledger(self.b):
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

    def _figures(self) -> list[dict]:
        out = []
        for i in common.figure_order(self.b):
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

    def _events(self) -> list[dict]:
        out = []
        for e in common.timeline(self.b):
            cites = self.numbered([self.cite(c.article, c.sentence_start, c.sentence_end, "the sentence that dates it",
                                             outlet=c.outlet) for c in e.citations])
            out.append({"date": common.event_date(e), "resolved": bool(e.resolved and e.date),
                        "event": common.one_line(e.event), "outlets": common.event_outlets(e), "cites": cites})
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
        return {"summary": len(self.summary), "grid": len(self.agreed) + len(self.single) + len(self.single_more),
                "quotes": len(self.quotes), "figures": len(self.figures), "disputes": len(self.disputes),
                "timeline": len(self.events), "framing": len(self.framing["outlets"]) if self.framing else 0}


def query_string(**params) -> str:
    """``?a=1&b=x`` from the non-empty parameters (for pagination and filter links)."""
    parts = [f"{k}={quote(str(v), safe='')}" for k, v in params.items() if v not in (None, "", 0)]
    return "?" + "&".join(parts) if parts else ""
