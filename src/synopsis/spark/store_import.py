"""A Spark run's output folder into the store, so ``synopsis serve`` shows its stories and briefs.

``synopsis spark ... --out DIR --store DB`` (or :func:`import_run`) reads the run's Parquet
tables with pyarrow (no Spark, no Java needed): every article is added (``Store.add_many``: the
store's own keys, copy detection and history), the stories and their members are saved with
the store's article ids (``Store.save_grouping``), and each brief is kept with the articles
that made it (``Store.save_brief``), as ``synopsis stories --store`` keeps its own.

The grouper state saved with the stories holds their members, centroids and the document
frequencies of the imported articles, so ``synopsis stories --store DB`` continues them; it
holds no near-duplicate signatures, so a later copy of an imported article is grouped by
content, not folded as a copy (stated in the README's scale section).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..options import Options
from ..stories import Assignment, GroupingResult, StoryOptions
from .schema import to_article


@dataclass(slots=True)
class ImportReport:
    articles: int = 0
    new: int = 0
    stories: int = 0
    briefs: int = 0
    notes: list[str] = field(default_factory=list)


def _table(out: Path, name: str) -> list[dict]:
    import pyarrow.parquet as pq

    path = out / "tables" / f"{name}.parquet"
    if not path.exists():
        raise InputError(f"{out} is not the output of `synopsis spark` ({path} is missing): give its --out folder")
    return pq.read_table(path).to_pylist()


def import_run(store, out_dir: str | Path, *, story_options: StoryOptions | None = None,
               brief_options: Options | None = None) -> ImportReport:
    """Add a run's articles, stories and briefs to `store` (a :class:`synopsis.store.Store`)."""
    from .blocks import grouper_of, story_from_values

    out = Path(out_dir)
    if store.grouper_state() is not None or store.list_stories(limit=1):
        raise InputError(f"{store.path} already holds stories: import a Spark run into a store of its own "
                         "(its story ids would collide with the stored ones)")
    rows = sorted(_table(out, "articles"), key=lambda r: r["order"])
    stories = _table(out, "stories")
    briefs = _table(out, "briefs")
    report = ImportReport(articles=len(rows))
    articles = [to_article(r) for r in rows]
    outcomes = store.add_many(articles)
    report.new = sum(o.status in ("new", "copy") for o in outcomes)
    stored_id = {a.id: str(o.id) for a, o in zip(articles, outcomes)}
    by_stored = {stored_id[a.id]: replace(a, id=stored_id[a.id]) for a in articles}

    final = []
    for s in sorted(stories, key=lambda s: s["story"]):
        members = [dict(m, id=stored_id.get(m["id"], m["id"]),
                        duplicate_of=stored_id.get(m["duplicate_of"], m["duplicate_of"]) if m["duplicate_of"] else None)
                   for m in s["members"]]
        final.append(story_from_values(s["story"], members, s["first"], s["last"], dict(s["centroid"] or {})))
    grouper = grouper_of(final, story_options)
    grouper.observe(by_stored.values())
    assignments = [Assignment(m.record, m.id, s.id, m.duplicate_of, m.similarity) for s in final for m in s.members]
    store.save_grouping(GroupingResult(final, assignments), grouper.state())
    report.stories = len(final)

    options = brief_options or Options()
    members_of = {s.id: s for s in final}
    for row in briefs:
        if not row["briefed"]:
            continue
        data = json.loads(row["json"])
        story = members_of[row["story"]]
        used = [by_stored[m.id] for m in story.originals if m.id in by_stored]
        store.save_brief(data["brief"], used, story_id=row["story"],
                         options={"words": options.words, "summarizer": options.summarizer, "date": options.date})
        report.briefs += 1
    return report

