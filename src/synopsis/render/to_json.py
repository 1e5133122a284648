"""The brief as JSON: the public contract, documented in docs/schema.md and
src/synopsis/schema/brief.schema.json. Change it deliberately and bump SCHEMA_VERSION."""

from __future__ import annotations

import json
from typing import Any

from ..records import (
    SCHEMA_VERSION,
    Article,
    Brief,
    Dispute,
    DisputeSide,
    Entity,
    Fact,
    FigureEntry,
    Framing,
    LedgerEntry,
    SummarySentence,
    TimelineEvent,
)


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    from .. import __version__

    outlets = {a.id: a.outlet for a in brief.articles}
    return {
        "schema_version": brief.schema_version,
        "generator": {"name": "synopsis", "version": __version__, "summarizer": brief.summarizer, "words": brief.words},
        "articles": [_article(a) for a in brief.articles],
        "summary": [_summary_sentence(s, outlets) for s in brief.summary],
        "entities": [_entity(e) for e in brief.entities],
        "skipped": [{"source": s.source, "reason": s.reason} for s in brief.skipped],
        "warnings": list(brief.warnings),
        "quotes": [_ledger_entry(q, outlets) for q in brief.quotes],
        "consensus": [_fact(f) for f in sorted(brief.consensus, key=lambda f: -len(f.outlets))],
        "unique": [_fact(f) for f in brief.unique],
        "missing": _missing(brief),
        "off_event": [{"article": o.article, "outlet": o.outlet or outlets.get(o.article), "reasons": list(o.reasons),
                       "score": o.score, "kind": o.kind} for o in brief.off_event],
        "figures": [_figure(e) for e in brief.figures],
        "disputes": [_dispute(d) for d in brief.disputes],
        "timeline": [_event(e) for e in brief.timeline],
        "framing": _framing(brief.framing) if brief.framing is not None else None,
        "outlets": _outlets(brief),
    }


def _outlets(brief: Brief) -> list[dict[str, Any]]:
    """Schema 1.3: each outlet of the brief once, in reading order, with the type and lean the
    user's outlets file gives (null when it gives none)."""
    out = []
    for name in dict.fromkeys(a.outlet for a in brief.articles):
        profile = brief.outlet_profiles.get(name)
        out.append({"name": name, "type": profile.type if profile else None, "lean": profile.lean if profile else None})
    return out


# --- schema 1.2: comparing the outlets -----------------------------------------------------------


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "text": f.text,
        "outlets": list(f.outlets),
        "salience": f.salience,
        "citations": [{"article": c.article, "outlet": c.outlet, "start": c.start, "end": c.end, "text": c.text,
                       "similarity": c.similarity} for c in f.citations],
    }


def _missing(brief: Brief) -> dict[str, list[int]]:
    """Outlet -> indices into the JSON `consensus` list (ranked by number of outlets)."""
    order = sorted(range(len(brief.consensus)), key=lambda k: -len(brief.consensus[k].outlets))
    position = {k: n for n, k in enumerate(order)}
    return {name: sorted(position[k] for k in indices if k in position) for name, indices in brief.missing.items()}


def _figure(e: FigureEntry) -> dict[str, Any]:
    return {
        "value": e.value,
        "high": e.high,
        "unit": e.unit,
        "qualifier": e.qualifier,
        "counts": e.counts,
        "outlets": list(e.outlets),
        "mentions": [{"article": m.article, "outlet": m.outlet, "start": m.start, "end": m.end, "text": m.text,
                      "sentence_start": m.sentence_start, "sentence_end": m.sentence_end,
                      "qualifier": m.qualifier, "counts": m.counts} for m in e.mentions],
        "conflicts_with": list(e.conflicts_with),
    }


def _side(side: DisputeSide) -> dict[str, Any]:
    return {
        "party": side.party,
        "role": side.role,
        "cue": side.cue,
        "text": side.text,
        "citations": [{"article": c.article, "outlet": c.outlet, "start": c.start, "end": c.end}
                      for c in side.citations],
    }


def _dispute(d: Dispute) -> dict[str, Any]:
    return {"topic": d.topic, "summary": d.summary, "claim": _side(d.claim),
            "rebuttals": [_side(r) for r in d.rebuttals]}


def _event(e: TimelineEvent) -> dict[str, Any]:
    return {
        "date": e.date if e.resolved else None,
        "granularity": e.granularity,
        "resolved": bool(e.resolved and e.date is not None),
        "expression": e.expression,
        "event": e.event,
        "outlets": list(e.outlets),
        "citations": [{"article": c.article, "outlet": c.outlet, "start": c.start, "end": c.end,
                       "expression": c.expression, "sentence_start": c.sentence_start,
                       "sentence_end": c.sentence_end} for c in e.citations],
    }


def _framing(fr: Framing) -> dict[str, Any]:
    return {
        "topics": [{"id": t.id, "label": t.label, "terms": list(t.terms), "sentences": t.sentences}
                   for t in fr.topics],
        "outlets": [{
            "outlet": o.outlet,
            "articles": list(o.articles),
            "headline": o.headline,
            "lede": o.lede,
            "voices": dict(o.voices),
            "voice_names": {k: list(v) for k, v in o.voice_names.items()},
            "topic_shares": dict(o.topic_shares),
            "loaded_words": list(o.loaded_words),
            "loaded_per_100": o.loaded_per_100,
            "words": o.words,
            "leaves_out": list(o.leaves_out),
        } for o in fr.outlets],
        "loaded_explanation": fr.loaded_explanation,
    }


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "published_from": a.published_from,
        "source": a.source,
        "url": a.url,
        "text": a.text,
        "blocks": [{"kind": b.kind, "start": b.start, "end": b.end, "line": b.line} for b in a.blocks],
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in a.removed],
        "credits": list(a.credits),
        "warnings": list(a.warnings),
    }


def _summary_sentence(s: SummarySentence, outlets: dict[str, str]) -> dict[str, Any]:
    return {
        "text": s.text,
        "citations": [
            {"article": c.article, "outlet": outlets.get(c.article), "start": c.start, "end": c.end,
             "similarity": c.similarity}
            for c in s.citations
        ],
    }


def _entity(e: Entity) -> dict[str, Any]:
    return {"name": e.name, "type": e.type, "variants": list(e.variants), "mentions": dict(e.mentions),
            "total": e.total}


def _ledger_entry(q: LedgerEntry, outlets: dict[str, str]) -> dict[str, Any]:
    """One remark merged across outlets (schema 1.1; speaker_type and channel since 1.5). Speaker
    offsets are -1 when no mention."""
    return {
        "speaker": q.speaker,
        "speaker_type": q.speaker_type,
        "channel": q.channel,
        "role": q.role,
        "kind": q.kind,
        "text": q.text,
        "cue": q.cue,
        "citations": [
            {"article": c.article, "outlet": c.outlet or outlets.get(c.article), "start": c.start, "end": c.end,
             "speaker_start": c.speaker_start, "speaker_end": c.speaker_end}
            for c in q.citations
        ],
        "variants": [{"text": v.text, "articles": list(v.articles), "kind": v.kind} for v in q.variants],
        "differs": q.differs,
        "difference": q.difference,
    }


def quotes_to_dict(articles: list[Article], ledger: list[LedgerEntry]) -> dict[str, Any]:
    """`synopsis quotes --format json`: the brief's `quotes[]` with a short list of the articles."""
    outlets = {a.id: a.outlet for a in articles}
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published, "source": a.source}
                     for a in articles],
        "quotes": [_ledger_entry(q, outlets) for q in ledger],
    }


def to_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2) + "\n"
