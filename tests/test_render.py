"""Renderers: terminal, Markdown and HTML, on a small hand-built brief and on the bundled example."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from synopsis import (
    Article,
    Brief,
    Citation,
    Entity,
    RemovedLine,
    SkippedInput,
    SummarySentence,
    __version__,
    render,
)
from synopsis.render import common
from synopsis.render.to_markdown import escape as md_escape
from synopsis.render.to_terminal import print_brief

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "event"
FORMATS = ["terminal", "md", "html"]

TRICKY = "Costs rose 5 | 10 [bold]percent[/bold] <script>alert(1)</script> & *more* _than_ `planned`."
A1_TEXT = f"Dam <cracks> & pipes | found\n\nThe district said so on Tuesday. {TRICKY}\n\nMore text follows."
A2_TEXT = "Cracks found\n\nOfficials said costs rose 5 | 10 percent & more than planned. Repairs start soon."


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def _hand_brief() -> Brief:
    a1 = Article(id="a1", source="inputs/a1.txt", outlet="The [red]Ledger[/red] | Daily",
                 title="Dam <cracks> & pipes | found", text=A1_TEXT, published="2026-03-10",
                 removed=[RemovedLine(3, "Subscribe | now for $1 <b>today</b> [link]", "paywall prompt")],
                 credits=["Material from the Wire Service."])
    a2 = Article(id="a2", source="https://radio.example/a2", outlet="Riverline Radio", title="Cracks found",
                 text=A2_TEXT, published="2026-03-11", url="https://radio.example/news/a2?id=7")
    s1, e1 = _span(A1_TEXT, TRICKY)
    s2, e2 = _span(A2_TEXT, "Officials said costs rose 5 | 10 percent & more than planned.")
    summary = [SummarySentence(text=TRICKY, citations=[Citation("a1", s1, e1), Citation("a2", s2, e2, 0.71)])]
    entities = [Entity(name="Greyhaven | District", type="organization",
                       variants=["Greyhaven", "Greyhaven | District"], mentions={"a1": 2, "a2": 1})]
    return Brief(articles=[a1, a2], summary=summary, entities=entities,
                 skipped=[SkippedInput(source="inputs/bad [1].pdf", reason="not a supported file type")],
                 warnings=["inputs/a1.txt: title guessed from <first line>"], summarizer="support", words=60)


@pytest.fixture(scope="module")
def hand() -> Brief:
    return _hand_brief()


@pytest.fixture(scope="session")
def example() -> Brief:
    from synopsis import brief

    return brief([str(EXAMPLE)])


def _plain(fmt: str, out: str) -> str:
    """What a reader sees, as a whitespace-normalised string (markup removed or undone)."""
    if fmt == "md":
        out = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", out)
    elif fmt == "html":
        out = html.unescape(re.sub(r"<[^>]+>", " ", out))
    return " ".join(out.split())


def _has(fmt: str, out: str, text: str) -> bool:
    return " ".join(text.split()) in _plain(fmt, out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_summary_sentence_appears(hand, fmt):
    out = render(hand, fmt)
    for s in hand.summary:
        assert _has(fmt, out, s.text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_outlets_skipped_and_warnings_appear(hand, fmt):
    out = render(hand, fmt)
    for text in ["[red]Ledger[/red] | Daily", "Riverline Radio", "inputs/bad [1].pdf", "not a supported file type",
                 "inputs/a1.txt: title guessed from <first line>", "Greyhaven | District", "2026-03-10"]:
        assert _has(fmt, out, text), text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_each_cited_sentence_appears(hand, fmt):
    out = render(hand, fmt)
    for s in hand.summary:
        for c in s.citations:
            assert _has(fmt, out, hand.article(c.article).text[c.start:c.end])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_removed_lines_with_reasons(hand, fmt):
    out = render(hand, fmt)
    assert _has(fmt, out, "Subscribe | now for $1 <b>today</b> [link]")
    assert "paywall prompt" in out


def test_html_escapes_article_text(hand):
    out = render(hand, "html")
    assert "<script>alert" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<b>today</b>" not in out and "<cracks>" not in out
    assert out.count("<script>") == 1  # only the renderer's own inline script


def test_html_is_self_contained(hand):
    out = render(hand, "html")
    urls = {a.url for a in hand.articles if a.url}
    found = set(re.findall(r"https?://[^\s\"'<>)]+", html.unescape(out)))
    assert found <= urls
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", out)


def test_html_metadata_and_marks(hand):
    out = render(hand, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert f'<meta name="generator" content="synopsis {__version__}">' in out
    assert hand.schema_version in out
    assert "prefers-color-scheme" in out
    for s in hand.summary:
        for c in s.citations:
            cited = hand.article(c.article).text[c.start:c.end]
            assert re.search(r'<mark id="mark-\d+">' + re.escape(html.escape(cited)) + "</mark>", out)
    assert 'href="https://radio.example/news/a2?id=7"' in out
    assert 'class="chip origin"' in out  # the sentence's own source is marked


def _table_rows(md: str) -> list[list[str]]:
    tables, current = [], []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_tables_do_not_break_on_pipes(hand):
    out = render(hand, "md")
    tables = _table_rows(out)
    assert len(tables) >= 3  # entities, articles, removed lines
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table
    assert "Greyhaven \\| District" in out


def test_markdown_structure(hand):
    out = render(hand, "md")
    assert out.startswith("# Brief: ")
    assert "[[1]](#source-1)[[2]](#source-2)" in out
    assert '<a id="source-1"></a>' in out and '<a id="source-2"></a>' in out
    assert "<details>" in out and "</details>" in out
    assert "\n   > " + md_escape(TRICKY) in out  # the cited sentence as a blockquote
    assert "<script>" not in out


def test_markdown_escape_round_trip():
    for text in ["# not a heading", "- not a list", "1. not a list", "a | b", "*x* _y_ [z](u) <b> &amp;"]:
        escaped = md_escape(text)
        assert re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped) == text
    assert md_escape("# x").startswith("\\#") and md_escape("12. x").startswith("12\\.")


def test_terminal_shows_markup_literally(hand):
    out = render(hand, "terminal")
    assert "[bold]percent[/bold]" in out
    assert "[red]Ledger[/red]" in out
    assert "[[red]Ledger[/red] | Daily +1]" in _plain("terminal", out)
    assert "\x1b[" not in out


def test_print_brief_writes_only_to_the_given_console(hand, capsys):
    console = Console(file=io.StringIO(), width=80, record=True)
    print_brief(hand, console)
    assert capsys.readouterr().out == ""
    assert "Riverline Radio" in console.export_text()


def test_common_helpers(hand):
    s = hand.summary[0]
    assert common.sentence_outlets(hand, s) == ["The [red]Ledger[/red] | Daily", "Riverline Radio"]
    assert common.source_tag(hand, s) == "[red]Ledger[/red] | Daily +1"
    assert common.date_span(hand) == "2026-03-10 – 2026-03-11"
    assert common.headline(hand) == "Dam <cracks> & pipes | found"
    assert common.overview(hand) == "2 articles from 2 outlets, 2026-03-10 – 2026-03-11"
    sources, numbers = common.footnotes(hand)
    assert numbers == [[1, 2]] and [x.text for x in sources][0] == TRICKY


def test_headline_prefers_the_most_common_title(hand):
    b = _hand_brief()
    b.articles[1].title = "  cracks FOUND "
    b.articles.append(Article(id="a3", source="x", outlet="Third", title="Cracks found", text="Cracks found"))
    assert common.headline(b) == "cracks FOUND"
    b.articles[2].published = None
    assert common.date_span(b) == "2026-03-10 – 2026-03-11 (1 undated)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_brief_renders(fmt):
    out = render(Brief(articles=[], summary=[], entities=[]), fmt)
    assert "No summary" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_example_renders_every_summary_sentence(example, fmt):
    out = render(example, fmt)
    assert example.summary
    for s in example.summary:
        assert _has(fmt, out, s.text)
    if fmt != "terminal":
        for s in example.summary:
            for c in s.citations:
                assert _has(fmt, out, example.article(c.article).text[c.start:c.end])
