"""One brief per story (``applyInPandas`` grouped by story): ``core.brief`` over the story's
original articles in input order, ``render.to_json.brief_to_dict`` for the JSON contract, and
the story file exactly as ``synopsis stories`` writes it (the story's metadata, then
``"brief"``). Models load once per Python worker (``synopsis.models`` keeps them in module-level
singletons; Spark reuses its workers), with one torch thread per task.
"""

from __future__ import annotations

import json

from .schema import frame_of, to_article

BRIEF_COLUMNS = ("story", "json", "html", "briefed", "error")


def story_file_text(data: dict) -> str:
    """The story file's text, byte for byte as ``synopsis stories`` writes it."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def brief_task(frame, *, brief_options, min_brief_size: int, briefs: bool, story_options=None):
    """The story file (and HTML page) of one story; its originals are the rows (any order)."""
    from ..errors import SynopsisError
    from .session import one_thread

    frame = frame.sort_values("order")
    first = frame.iloc[0]
    data = json.loads(first["summary"])
    articles = [to_article(rec) for rec in frame.to_dict("records") if rec["id"] is not None]
    html = None
    briefed = False
    error = None
    if briefs and len(articles) >= max(min_brief_size, 1):
        one_thread(torch=True)
        from ..core import brief as make_brief
        from ..render.stories import story_page
        from ..render.to_json import brief_to_dict

        try:
            b = make_brief(articles, brief_options)
            data["brief"] = brief_to_dict(b)
            html = story_page(data, b)
            briefed = True
        except SynopsisError as err:
            error = f"{first['story']}: {err}"
        except Exception as err:  # one story's failure never ends the job: reported with the story
            error = f"{first['story']}: internal error ({type(err).__name__}: {' '.join(str(err).split())[:200]})"
    return frame_of([{"story": first["story"], "json": story_file_text(data), "html": html, "briefed": briefed,
                      "error": error}], BRIEF_COLUMNS)
