"""The pages of ``synopsis stories`` (:mod:`synopsis.render.stories`), made from story data.

The story and brief here are invented for the test.
"""

from __future__ import annotations

import pytest

from synopsis import Article, Brief, Citation, SummarySentence
from synopsis.render.stories import dates_text, index_page, story_line, story_page
from synopsis.render.to_html import to_html

TEXT = "Harbour bridge closes\n\nThe harbour bridge in Vellmoor closed on Monday for repairs."


def _brief() -> Brief:
    article = Article(id="a1", source="in/a1.txt", outlet="Vellmoor Post", title="Harbour bridge closes",
                      text=TEXT, published="2026-04-06")
    sentence = "The harbour bridge in Vellmoor closed on Monday for repairs."
    start = TEXT.index(sentence)
    cited = SummarySentence(text=sentence, citations=[Citation("a1", start, start + len(sentence))])
    return Brief(articles=[article], summary=[cited], entities=[])


STORY = {"id": "s000007", "label": "Harbour bridge closes", "size": 3, "originals": 2,
         "outlets": ["Vellmoor Post", "Coast <Wire> & Co"], "independent_outlets": ["Vellmoor Post"],
         "first": "2026-04-06", "last": "2026-04-08", "articles": []}


@pytest.mark.parametrize("first, last, expected", [
    (None, None, "undated"),
    (None, "2026-04-08", "undated"),
    ("2026-04-06", None, "2026-04-06"),
    ("2026-04-06", "2026-04-06", "2026-04-06"),
    ("2026-04-06", "2026-04-08", "2026-04-06 – 2026-04-08"),
])
def test_dates_text(first, last, expected):
    assert dates_text(first, last) == expected


def test_story_line_counts_copies_and_escapes():
    line = story_line(STORY)
    assert "3 article(s), 2 original, 1 copies" in line
    assert "2026-04-06 – 2026-04-08" in line
    assert "Coast &lt;Wire&gt; &amp; Co" in line and "<Wire>" not in line
    assert '<a href="index.html">All stories</a>' in line


def test_story_page_is_the_brief_page_headed_by_the_story_line():
    brief = _brief()
    page, plain = story_page(STORY, brief), to_html(brief)
    line = story_line(STORY)
    # The line is the first thing in the body, before the brief's column; nothing else differs.
    assert page.count(line) == 1
    assert page.replace(line, "", 1) == plain
    body = page.index("<body")
    assert page.index(line) > body and page.index(line) < page.index("<header>")


def test_index_page_links_the_page_or_else_the_json():
    rows = [dict(STORY, html="s000007.html", json="s000007.json"),
            dict(STORY, id="s000008", label="Ferry <late>", html=None, json="s000008.json",
                 outlets=[f"Outlet {i}" for i in range(10)], first=None, last=None)]
    page = index_page(rows, 5)
    assert "2 stories from 5 articles" in page
    assert '<a href="s000007.html">Harbour bridge closes</a>' in page
    assert '<a href="s000008.json">Ferry &lt;late&gt;</a>' in page
    assert "Outlet 7 …" in page and "Outlet 8" not in page
    assert "<td>undated</td>" in page
