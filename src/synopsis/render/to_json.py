"""The brief as JSON: the public contract, documented in docs/schema.md and
src/synopsis/schema/brief.schema.json. Change it deliberately and bump SCHEMA_VERSION."""

from __future__ import annotations

import json
from typing import Any

from ..records import Article, Brief, Entity, SummarySentence


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


def to_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2) + "\n"
