"""What the CLI does with a store: group new articles into stories, brief a story or a search,
export. Thin functions over :class:`~synopsis.store.Store`, the story grouper and ``core.brief``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError, SynopsisError
from ..options import Options
from ..records import Article
from .db import Store

Report = Callable[[str], None]


@dataclass(slots=True)
class StoriesRun:
    """What :func:`update_stories` did."""

    grouped: int  # articles grouped in this run (those in no story before)
    stories: list  # synopsis.stories.Story touched in this run
    briefed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    copies: int = 0


def update_stories(store: Store, *, story_options=None, brief_options: Options | None = None, briefs: bool = True,
                   min_brief_size: int = 1, report: Report | None = None) -> StoriesRun:
    """Continue the stories kept in the store: the grouper's saved state is loaded, every
    article in no story yet is grouped (in publication order), the stories and assignments and
    the new state are saved in one transaction, then each touched story with at least
    `min_brief_size` original articles is briefed (from all its originals in the store) and
    the brief is kept with the versions that made it."""
    from ..stories import StoryGrouper, group_articles

    state = store.grouper_state()
    grouper = StoryGrouper.from_state(state, story_options, source=f"{store.path} (stories)") if state \
        else StoryGrouper(story_options)
    articles = [a.to_article() for a in store.iter_articles(unassigned=True)]
    if report:
        report(f"grouping {len(articles)} new articles into stories")
    result = group_articles(articles, grouper=grouper)
    store.save_grouping(result, grouper.state())
    run = StoriesRun(len(articles), result.stories,
                     copies=sum(1 for a in result.assignments if a.duplicate_of is not None))
    if not briefs:
        return run
    for n, story in enumerate(result.stories, 1):
        ids = [int(m.id) for m in story.originals if m.id.isdigit()]
        if len(ids) < max(min_brief_size, 1):
            continue
        if report:
            report(f"briefing story {n}/{len(result.stories)} ({story.id}, {len(ids)} articles)")
        try:
            brief_articles(store, store.articles(ids), brief_options, story_id=story.id)
            run.briefed.append(story.id)
        except SynopsisError as err:
            run.errors.append(f"{story.id}: {err}")
    return run


def brief_articles(store: Store | None, articles: list[Article], options: Options | None = None, *,
                   story_id: str | None = None, query: str | None = None, report: Report | None = None):
    """Brief stored articles and keep the brief in the store (when given), with the new
    sentence vectors (so the next brief of the story encodes only its new sentences). Returns the Brief."""
    from ..core import brief
    from ..render.to_json import brief_to_dict

    options = options or Options()
    if not articles:
        raise InputError("no stored article to brief")
    if store is not None:  # the outlets' types and leans kept by `synopsis add --outlets`; options win
        from dataclasses import replace

        kept = store.outlet_profiles()
        if kept:
            options = replace(options, outlet_profiles={**kept, **options.outlet_profiles})
    result = brief(articles, options, report=report, cache=store)
    if store is not None and not store.readonly:
        store.save_brief(brief_to_dict(result), articles, story_id=story_id, query=query,
                         options={"words": options.words, "summarizer": options.summarizer, "date": options.date})
    return result


def story_articles(store: Store, story_id: str) -> list[Article]:
    if store.get_story(story_id) is None:
        raise InputError(f"no story {story_id!r} in {store.path}; list them with `synopsis stories --store "
                         f"{store.path} --list`")
    return store.articles(store.story_article_ids(story_id))


def search_articles(store: Store, query: str, *, raw: bool = False, limit: int = 10) -> list[Article]:
    hits = store.search(query, raw=raw, limit=limit)
    if not hits:
        raise InputError(f"no stored article matches {query!r}; try fewer or other words")
    return store.articles(h.id for h in hits)


EXPORT_FIELDS = ("id", "key", "url", "source", "outlet", "outlet_from", "title", "published", "published_from",
                 "fetched_at", "checked_at", "content_hash", "duplicate_of", "story_id", "text", "removed", "credits", "warnings")


def export_rows(store: Store) -> Iterable[dict]:
    for stored in store.iter_articles():
        row = {k: getattr(stored, k) for k in EXPORT_FIELDS if k != "removed"}
        row["removed"] = [asdict(r) for r in stored.removed]
        yield row


def export(store: Store, out, fmt: str = "jsonl") -> int:
    """Write every stored article (JSON lines to a text stream or path, or Parquet to a path).
    Parquet needs pyarrow (the ``parquet`` extra); its absence is a one-line error saying how to
    install it. Files are written to a temporary name and renamed, so a failed export leaves no
    partial file."""
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError("Parquet export needs pyarrow: pip install 'synopsis[parquet]' "
                             "(or pyarrow), or export JSON lines with --format jsonl") from None
        if not isinstance(out, (str, Path)):
            raise InputError("Parquet is binary: give --out FILE.parquet")
        rows = list(export_rows(store))
        for row in rows:
            row["removed"] = json.dumps(row["removed"], ensure_ascii=False)
            row["credits"] = json.dumps(row["credits"], ensure_ascii=False)
            row["warnings"] = json.dumps(row["warnings"], ensure_ascii=False)
        schema = pa.schema([(k, pa.int64() if k in ("id", "duplicate_of") else pa.string()) for k in EXPORT_FIELDS])
        table = pa.Table.from_pylist(rows, schema=schema)
        path = Path(out)
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(table, tmp)
        tmp.replace(path)
        return len(rows)
    if isinstance(out, (str, Path)):
        path = Path(out)
        tmp = path.with_name(path.name + ".tmp")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                n = _write_jsonl(store, fh)
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return n
    return _write_jsonl(store, out)


def _write_jsonl(store: Store, fh) -> int:
    n = 0
    for row in export_rows(store):
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
