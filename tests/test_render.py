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


# --- Who said what: the quote ledger in every format ----------------------------------------------
# Quotes, outlets and articles below are invented for these tests.

from synopsis.records import LedgerEntry, QuoteCitation, QuoteVariant  # noqa: E402
from synopsis.render.to_json import brief_to_dict  # noqa: E402

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "src" / "synopsis" / "schema" / "brief.schema.json"
SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"

Q_SCRIPT = "Ships <script>alert(2)</script> & [bold]crews[/bold] stay *ashore*"
Q_LEAD = "“The boats will wait until the swell drops,” harbour master Mara Quell said on Friday."
B1_TEXT = (f"Port closed after storm\n\n{Q_LEAD} Officials said the pier needs a survey. "
           "Quell called the damage \"worse than we feared\" at a briefing.\n\n"
           f"A notice read: “{Q_SCRIPT},” the port office posted.")
B2_TEXT = ("Storm shuts port\n\n“The ships will wait until the swell drops,” Quell said. "
           "Officials said the pier needs a survey before reopening.")


def _qcite(article: str, outlet: str, text: str, quote: str, speaker: str | None = None,
           after: int = 0) -> QuoteCitation:
    """Citation of `quote` in `text`; the speaker mention is the first `speaker` at or after `after`."""
    start, end = _span(text, quote)
    s_start = text.index(speaker, after) if speaker else -1
    return QuoteCitation(article, outlet, start, end, s_start, s_start + len(speaker) if speaker else -1)


def _quote_brief() -> Brief:
    b1 = Article(id="b1", source="in/b1.txt", outlet="The Harbour Gazette", title="Port closed after storm",
                 text=B1_TEXT, published="2026-05-02")
    b2 = Article(id="b2", source="in/b2.txt", outlet="Coastline FM", title="Storm shuts port", text=B2_TEXT,
                 published="2026-05-02")
    boats, ships = "The boats will wait until the swell drops", "The ships will wait until the swell drops"
    differing = LedgerEntry(
        speaker="Mara Quell", role="harbour master", kind="direct", text=boats, cue="said",
        citations=[_qcite("b1", b1.outlet, B1_TEXT, boats, "Mara Quell"),
                   _qcite("b2", b2.outlet, B2_TEXT, ships, "Quell")],
        variants=[QuoteVariant(boats, ["b1"]), QuoteVariant(ships, ["b2"])],
        differs=True, difference="b2: The [-boats-] {+ships+} will wait until the swell drops")
    script = LedgerEntry(speaker="port office", role=None, kind="direct", text=Q_SCRIPT, cue="posted",
                         citations=[_qcite("b1", b1.outlet, B1_TEXT, Q_SCRIPT)],
                         variants=[QuoteVariant(Q_SCRIPT, ["b1"])])
    partial = LedgerEntry(speaker="Mara Quell", role=None, kind="partial", text="worse than we feared", cue="called",
                          citations=[_qcite("b1", b1.outlet, B1_TEXT, "worse than we feared", "Quell",
                                                 B1_TEXT.index("Quell called"))],
                          variants=[QuoteVariant("worse than we feared", ["b1"], "partial")])
    reported = LedgerEntry(speaker=None, role=None, kind="reported", text="the pier needs a survey", cue=None,
                           citations=[_qcite("b1", b1.outlet, B1_TEXT, "the pier needs a survey"),
                                      _qcite("b2", b2.outlet, B2_TEXT, "the pier needs a survey")],
                           variants=[QuoteVariant("the pier needs a survey", ["b1", "b2"], "reported")])
    lead = B2_TEXT.split("\n\n")[1].split(" Officials")[0]
    summary = [SummarySentence(Q_LEAD, [Citation("b1", *_span(B1_TEXT, Q_LEAD)),
                                        Citation("b2", *_span(B2_TEXT, lead), 0.8)])]
    return Brief(articles=[b1, b2], summary=summary, entities=[], summarizer="support", words=60,
                 quotes=[partial, reported, script, differing])  # ledger (reading) order, not display order


@pytest.fixture(scope="module")
def quoted() -> Brief:
    return _quote_brief()


# Display order: direct before partial before reported; more outlets first within a kind.
DISPLAY_ORDER = ["The boats will wait until the swell drops", Q_SCRIPT, "worse than we feared",
                 "the pier needs a survey"]


# A small JSON Schema checker for the keywords brief.schema.json uses (jsonschema is not a dependency);
# jsonschema also runs when it is installed.
_KEYWORDS = {"$schema", "$id", "title", "description", "type", "required", "properties", "items", "enum", "const",
             "additionalProperties", "minItems", "format"}
_TYPES = {"string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
          "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
          "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
          "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict)}


def _errors(data, schema: dict, path: str = "$") -> list[str]:
    unknown = set(schema) - _KEYWORDS
    assert not unknown, f"{path}: the test's checker does not know {unknown}"
    errors = []
    if "const" in schema and data != schema["const"]:
        errors.append(f"{path}: {data!r} != {schema['const']!r}")
    if "enum" in schema and data not in schema["enum"]:
        errors.append(f"{path}: {data!r} not in {schema['enum']}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](data) for t in types):
            return errors + [f"{path}: {data!r} is not {types}"]
    if isinstance(data, dict):
        errors += [f"{path}.{k}: missing" for k in schema.get("required", []) if k not in data]
        for k, v in data.items():
            sub = schema.get("properties", {}).get(k, schema.get("additionalProperties"))
            if isinstance(sub, dict):
                errors += _errors(v, sub, f"{path}.{k}")
    if isinstance(data, list):
        if len(data) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        for i, v in enumerate(data):
            errors += _errors(v, schema.get("items", {}), f"{path}[{i}]")
    return errors


def _schema() -> dict:
    import json

    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _validate(data) -> list[str]:
    import json

    data = json.loads(json.dumps(data))
    errors = _errors(data, _schema())
    try:
        import jsonschema
    except ImportError:
        return errors
    return errors + [e.message for e in jsonschema.Draft202012Validator(_schema()).iter_errors(data)]


@pytest.mark.parametrize("which", ["quoted", "hand", "empty", "example"])
def test_json_validates_against_the_schema_file(which, request):
    b = Brief(articles=[], summary=[], entities=[]) if which == "empty" else request.getfixturevalue(which)
    data = brief_to_dict(b)
    assert data["schema_version"] == "1.1" and "quotes" in data
    assert _validate(data) == []


@pytest.mark.parametrize("path, bad", [
    (("quotes", 0, "kind"), "paraphrase"),
    (("quotes", 0, "citations", 0, "speaker_start"), None),
    (("quotes", 0, "differs"), "yes"),
    (("quotes", 0, "citations"), []),
    (("schema_version",), "1.0"),
])
def test_schema_file_rejects_malformed_quotes(quoted, path, bad):
    data = brief_to_dict(quoted)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert _validate(data)


ENTRY_FIELDS = {"speaker", "role", "kind", "text", "cue", "citations", "variants", "differs", "difference"}


@pytest.mark.parametrize("index, expected", [
    (3, {"speaker": "Mara Quell", "role": "harbour master", "kind": "direct", "cue": "said", "differs": True,
         "difference": "b2: The [-boats-] {+ships+} will wait until the swell drops",
         "variants": [{"text": "The boats will wait until the swell drops", "articles": ["b1"], "kind": "direct"},
                      {"text": "The ships will wait until the swell drops", "articles": ["b2"], "kind": "direct"}]}),
    (0, {"speaker": "Mara Quell", "role": None, "kind": "partial", "text": "worse than we feared", "cue": "called",
         "differs": False, "difference": None}),
    (1, {"speaker": None, "role": None, "kind": "reported", "cue": None, "differs": False, "difference": None}),
    (2, {"speaker": "port office", "text": Q_SCRIPT, "kind": "direct"}),
])
def test_json_quote_entries(quoted, index, expected):
    entry = brief_to_dict(quoted)["quotes"][index]  # JSON keeps the ledger's own order
    assert set(entry) == ENTRY_FIELDS
    assert {k: entry[k] for k in expected} == expected
    texts = {a.id: a.text for a in quoted.articles}
    for c in entry["citations"]:
        assert set(c) == {"article", "outlet", "start", "end", "speaker_start", "speaker_end"}
        assert c["outlet"] == quoted.article(c["article"]).outlet
        assert any(texts[c["article"]][c["start"]:c["end"]] == v["text"] for v in entry["variants"])
        if c["speaker_start"] == -1:
            assert c["speaker_end"] == -1  # no speaker mention: -1, never null
        else:
            assert entry["speaker"].endswith(texts[c["article"]][c["speaker_start"]:c["speaker_end"]].split()[-1])


def test_json_keeps_every_1_0_field(hand):
    data = brief_to_dict(hand)
    assert set(data) == {"schema_version", "generator", "articles", "summary", "entities", "skipped", "warnings",
                         "quotes"}
    assert data["quotes"] == []
    assert set(data["summary"][0]["citations"][0]) == {"article", "outlet", "start", "end", "similarity"}


def test_schema_doc_lists_every_quote_field():
    doc = SCHEMA_DOC.read_text(encoding="utf-8")
    item = _schema()["properties"]["quotes"]["items"]
    for name, sub in item["properties"].items():
        assert f"`quotes[].{name}{'[]' if sub.get('type') == 'array' else ''}`" in doc, name
        for field in sub.get("items", {}).get("properties", {}):
            assert f"`{field}`" in doc, (name, field)
    assert f"schema version {_schema()['properties']['schema_version']['const']}" in doc
    assert "1.0 -> 1.1" in doc and "`quotes[]` added" in doc


@pytest.mark.parametrize("fmt", FORMATS)
def test_quotes_section_in_display_order(quoted, fmt):
    plain = _plain(fmt, render(quoted, fmt))
    assert common.QUOTES_TITLE in plain
    section = plain[plain.index(common.QUOTES_TITLE):]
    positions = [section.index(" ".join(text.split())) for text in DISPLAY_ORDER]
    assert positions == sorted(positions)
    for text in ["Mara Quell", "harbour master", "port office", "Unattributed", "direct", "partial", "reported",
                 "said", "called", "posted"]:
        assert text in section, text
    assert section.index("Who said what") < section.index("Coastline FM")  # outlets are named


@pytest.mark.parametrize("fmt, difference", [
    ("terminal", "The [-boats-] {+ships+} will wait until the swell drops"),
    ("md", "The <del>boats</del> <ins>ships</ins> will wait until the swell drops"),
    ("html", "The <del>boats</del> <ins>ships</ins> will wait until the swell drops"),
])
def test_differing_entry_shows_both_wordings_and_the_difference(quoted, fmt, difference):
    out = render(quoted, fmt)
    plain = _plain(fmt, out)
    assert "Wordings differ" in plain
    for outlet, wording in [("The Harbour Gazette", "The boats will wait until the swell drops"),
                            ("Coastline FM", "The ships will wait until the swell drops")]:
        assert re.search(re.escape(outlet) + r"\s?: “" + re.escape(wording) + "”", plain), outlet
    assert difference in (" ".join(out.split()) if fmt != "terminal" else plain)
    assert plain.count("Wordings differ") == 1  # only the entry whose wordings differ


def test_html_escapes_quotes(quoted):
    out = render(quoted, "html")
    assert out.count("<script>") == 1  # only the renderer's own inline script
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; [bold]crews[/bold] stay *ashore*" in out
    assert "“Ships &lt;script&gt;alert(2)" in out


def test_markdown_and_terminal_keep_quote_markup_literal(quoted):
    md = render(quoted, "md")
    assert "<script>" not in md
    assert md_escape(Q_SCRIPT) in md
    assert Q_SCRIPT in render(quoted, "terminal")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_ledger_renders_no_section(hand, fmt):
    assert not hand.quotes
    assert common.QUOTES_TITLE not in render(hand, fmt)
    assert common.QUOTES_TITLE not in render(Brief(articles=[], summary=[], entities=[]), fmt)


def test_markdown_quote_links_point_at_numbered_quotations(quoted):
    out = render(quoted, "md")
    section = out[out.index("## Who said what"):out.index("## Sources")]
    links = re.findall(r"\(#source-(\d+)\)", section)
    assert len(links) == 6  # one per citation: 2 + 1 + 1 + 2
    assert "The Harbour Gazette [[" in section and "Coastline FM [[" in section
    assert "### Quotations" in out
    for n in links:
        assert f'<a id="source-{n}"></a>' in out
    assert f"   > {md_escape('The ships will wait until the swell drops')}" in out


def test_html_quote_chips_link_to_marked_quotations(quoted):
    out = render(quoted, "html")
    section = out[out.index('<section id="quotes">'):out.index('<section id="sources">')]
    targets = re.findall(r'href="#(mark-\d+)"', section)
    assert len(targets) == 6
    for target in targets:
        assert f'id="{target}"' in out
    for entry in quoted.quotes:
        for c in entry.citations:
            quote = quoted.article(c.article).text[c.start:c.end]
            assert re.search(r'<mark id="mark-\d+" class="q">' + re.escape(html.escape(quote)) + "</mark>", out)
    # a quotation inside a cited summary sentence is a highlight inside the sentence's highlight
    assert re.search(r'<mark id="mark-1">“<mark id="mark-\d+" class="q">The boats will wait until the swell '
                     r'drops</mark>,” harbour master Mara Quell said on Friday\.</mark>', out)
    assert '<a href="#quotes">Who said what</a>' in out
    assert 'class="chip" href="#mark-' in section and ">Harbour Gazette<" in section


def _many_quotes(n: int) -> Brief:
    words = " ".join(f"Remark number {i} was made." for i in range(n))
    art = Article(id="m", source="m.txt", outlet="Many Quotes Weekly", title="Many", text=words)
    quotes = []
    for i in range(n):
        text = f"Remark number {i} was made."
        quotes.append(LedgerEntry(speaker=f"Speaker {i}", role=None, kind="direct", text=text, cue="said",
                                  citations=[_qcite("m", art.outlet, words, text)],
                                  variants=[QuoteVariant(text, ["m"])]))
    return Brief(articles=[art], summary=[], entities=[], quotes=quotes)


@pytest.mark.parametrize("fmt, shown", [("terminal", common.TERMINAL_QUOTES), ("md", 50), ("html", 50)])
def test_fifty_quotes(fmt, shown):
    out = render(_many_quotes(50), fmt)
    plain = _plain(fmt, out)
    assert sum(bool(re.search(rf"Speaker {i}\b", plain)) for i in range(50)) == shown
    if fmt == "terminal":
        assert f"… {50 - shown} more (use --format md/html/json for all)" in plain
    else:
        assert "more (use --format" not in plain
    if fmt == "html":
        assert f"<summary>{50 - common.HTML_QUOTES} more quotes</summary>" in out


def test_common_quote_helpers(quoted):
    assert [e.text for e in common.ledger(quoted)] == DISPLAY_ORDER
    differing = common.ledger(quoted)[0]
    assert common.quote_outlets(quoted, differing) == ["The Harbour Gazette", "Coastline FM"]
    assert common.diff_segments("The [-boats-] {+ships+} will") == [
        ("=", "The "), ("-", "boats"), ("=", " "), ("+", "ships"), ("=", " will")]
    ws = common.wordings(quoted, differing)
    assert [(w.outlets, w.difference) for w in ws] == [
        (["The Harbour Gazette"], None),
        (["Coastline FM"], "The [-boats-] {+ships+} will wait until the swell drops")]
    differing.difference = None  # not given: computed the same way as the ledger does
    assert common.wordings(quoted, differing)[1].difference == ws[1].difference
    sources, numbers = common.footnotes(quoted)
    quoted_sources, per_entry = common.quote_footnotes(quoted, sources)
    assert numbers == [[1, 2]] and per_entry == [[3, 4], [5], [6], [7, 8]]
    assert [s.text for s in quoted_sources][:2] == DISPLAY_ORDER[:1] + ["The ships will wait until the swell drops"]
    assert common.speaker_label(common.ledger(quoted)[3]) == "Unattributed"
