"""The pages of ``synopsis stories``: a story's page (its brief, with a line naming the story and
linking to the index) and the index of the stories, built from the story data written beside them
(``Story.summary()`` as in ``<story>.json``; the index rows as in ``stories.json``), so the
single-machine run and the Spark run make the same pages from the same data.
"""

from __future__ import annotations

from html import escape

from ..records import Brief
from .to_html import to_html


def dates_text(first: str | None, last: str | None) -> str:
    """A story's date span as shown: one date, "first – last", or "undated"."""
    if not first:
        return "undated"
    return first if first == last or not last else f"{first} – {last}"


def story_line(story: dict) -> str:
    """The story's line at the top of its page: a link to the index, its id, its articles (copies
    are the articles that are not originals), its dates and outlets."""
    copies = story["size"] - story["originals"]
    return (
        '<div class="wrap" style="padding-bottom:0"><p class="meta"><a href="index.html">All stories</a> · '
        f"story {escape(story['id'])} · {story['size']} article(s), {story['originals']} original, {copies} copies · "
        f"{escape(dates_text(story['first'], story['last']))} · outlets: {escape(', '.join(story['outlets']))}</p></div>"
    )


def story_page(story: dict, brief: Brief) -> str:
    """The story's page: its brief as HTML (:func:`~synopsis.render.to_html.to_html`) headed by
    :func:`story_line`. `story`: the story's data (``Story.summary()``)."""
    return to_html(brief, before=story_line(story))


def index_page(stories: list[dict], n_articles: int) -> str:
    """The index of the stories, in the order given (``stories.json``'s rows: label, size,
    originals, outlets, first, last, and the ``html`` page or else the ``json`` file to link)."""
    rows = []
    for s in stories:
        link = s["html"] or s["json"]
        rows.append(
            f'<tr><td><a href="{escape(link)}">{escape(s["label"])}</a></td><td>{s["size"]}</td>'
            f'<td>{s["originals"]}</td><td>{escape(", ".join(s["outlets"][:8]))}'
            f'{" …" if len(s["outlets"]) > 8 else ""}</td><td>{escape(dates_text(s["first"], s["last"]))}</td></tr>'
        )
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', "<title>Stories</title>",
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
        "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;"
        "border-bottom:1px solid #ddd;vertical-align:top}</style>",
        "</head>", "<body>", f"<h1>Stories</h1><p>{len(stories)} stories from {n_articles} articles, "
        "by size, then latest date. Copies of the same text (wire copies) count once in “originals”.</p>",
        "<table><thead><tr><th>Story</th><th>Articles</th><th>Originals</th><th>Outlets</th><th>Dates</th></tr>"
        "</thead><tbody>", *rows, "</tbody></table>", "</body>", "</html>",
    ]) + "\n"
