"""The brief as JSON: the public contract, documented in docs/schema.md and
src/synopsis/schema/brief.schema.json. Change it deliberately and bump SCHEMA_VERSION."""

from __future__ import annotations

import json
from typing import Any

from ..records import SCHEMA_VERSION, Article, Brief, Entity, LedgerEntry, SummarySentence


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
    }


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
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
    """One remark merged across outlets (schema 1.1). Speaker offsets are -1 when no mention."""
    return {
        "speaker": q.speaker,
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
