"""The ``synopsis stories`` output: group a batch (continuing a state file), brief each story and
write the story files, the index, the assignments and the state (:func:`write_stories`). The
pages are made by :mod:`synopsis.render.stories` from the story data written beside them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, SynopsisError
from ..outputs import check_writable_file, check_writable_folder, write_text
from ..records import Article
from ..render.stories import index_page, story_page
from ..render.to_json import brief_to_dict
from ..text.dates import day_number
from .grouping import GroupingResult, Story, StoryGrouper, StoryOptions, group_articles

@dataclass(slots=True)
class StoriesOutput:
    """What :func:`write_stories` wrote."""

    result: GroupingResult
    out_dir: Path
    files: list[Path]
    skipped: list = field(default_factory=list)  # SkippedInput of the loading step, passed through
    errors: list[str] = field(default_factory=list)  # stories whose brief could not be made


def _story_sort_key(story: Story) -> tuple:
    return (-story.size, -(day_number(story.last) or 0), story.id)


def write_stories(
    articles_or_load_result,
    out_dir: str | Path,
    options: StoryOptions | None = None,
    *,
    state: str | Path | None = None,
    grouper: StoryGrouper | None = None,
    brief_options=None,
    briefs: bool = True,
    min_brief_size: int = 1,
    report: Callable[[str], None] | None = None,
) -> StoriesOutput:
    """Group the articles into stories and write, in `out_dir`:

    - ``<story>.json``: the story (label, outlets, dates, size, articles with their copies) and,
      when `briefs`, its brief as in ``synopsis brief --format json`` under ``"brief"``;
    - ``<story>.html``: the brief as HTML with the story's header (when `briefs`);
    - ``index.html``: the stories by size, then latest date;
    - ``stories.json``: the same list as data;
    - ``assignments.jsonl``: one line per input article ``{"id", "story", "duplicate_of", ...}``.

    `state`: a JSON state file; read when it exists (stories continue), written afterwards
    (`grouper`: the state already read from it). Articles already in the state are not added again.
    Every file is written whole or not at all (:mod:`synopsis.outputs`), the state last.
    Briefs are built from the originals of the story present in this run (copies are left out,
    so they never count as another outlet stating a fact); stories with fewer than
    `min_brief_size` originals in this run get no brief.
    """
    # Imported here, not at the top: the analysis pipeline (about a second to import) is needed only
    # to brief, and grouping alone (the store, Spark's workers) imports this package.
    from ..core import LoadResult, brief as make_brief

    if isinstance(articles_or_load_result, LoadResult):
        articles = list(articles_or_load_result.articles)
        skipped = list(articles_or_load_result.skipped)
    else:
        articles = list(articles_or_load_result)
        skipped = []
    if not articles:
        detail = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:3])
        raise InputError(f"no usable article in the input ({detail or 'nothing given'})")
    state_path = Path(state) if state is not None else None
    if state_path is not None:
        check_writable_file(state_path, "--state")
    out = check_writable_folder(out_dir, "--out")
    if grouper is None:
        if state_path is not None and state_path.exists():
            grouper = StoryGrouper.load_state(state_path, options)
        else:
            grouper = StoryGrouper(options)
    if report:
        report(f"grouping {len(articles)} articles into stories")
    result = group_articles(articles, grouper=grouper)

    # The articles of this run, by story: copies are left out of briefs.
    present_in: dict[str, list[Article]] = {}
    for article, assignment in zip(articles, result.assignments):
        if assignment.duplicate_of is None:
            present_in.setdefault(assignment.story, []).append(article)
    files: list[Path] = []
    errors: list[str] = []
    stories = sorted(result.stories, key=_story_sort_key)
    index_data = []
    for n, story in enumerate(stories, 1):
        data = story.summary()
        html_text = None
        present = present_in.get(story.id, [])
        if briefs and len(present) >= max(min_brief_size, 1):
            if report:
                report(f"briefing story {n}/{len(stories)} ({story.id}, {len(present)} articles)")
            try:
                b = make_brief(present, brief_options)
                data["brief"] = brief_to_dict(b)
                html_text = story_page(data, b)
            except SynopsisError as err:
                errors.append(f"{story.id}: {err}")
        path = out / f"{story.id}.json"
        write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        files.append(path)
        if html_text is not None:
            hp = out / f"{story.id}.html"
            write_text(hp, html_text)
            files.append(hp)
        index_data.append({k: v for k, v in data.items() if k not in ("articles", "brief")}
                          | {"json": f"{story.id}.json", "html": f"{story.id}.html" if html_text is not None else None})

    write_text(out / "stories.json", json.dumps(index_data, ensure_ascii=False, indent=1) + "\n")
    write_text(out / "index.html", index_page(index_data, len(articles)))
    write_text(out / "assignments.jsonl", "".join(a.to_json() + "\n" for a in result.assignments))
    files += [out / "stories.json", out / "index.html", out / "assignments.jsonl"]
    if state_path is not None:
        grouper.save_state(state_path)
        files.append(state_path)
    return StoriesOutput(result, out, files, skipped, errors)
