"""Renderers: terminal, Markdown and HTML, on a small hand-built brief and on the bundled example."""

from __future__ import annotations

import html
import io
import re

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

from paths import EXAMPLE, ROOT

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

SCHEMA_FILE = ROOT / "src" / "synopsis" / "schema" / "brief.schema.json"
SCHEMA_DOC = ROOT / "docs" / "schema.md"

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
             "additionalProperties", "minItems", "format", "$ref", "$defs"}
_TYPES = {"string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
          "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
          "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
          "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict)}


def _errors(data, schema: dict, path: str = "$", root: dict | None = None) -> list[str]:
    unknown = set(schema) - _KEYWORDS
    assert not unknown, f"{path}: the test's checker does not know {unknown}"
    root = root if root is not None else schema
    if "$ref" in schema:  # only local references: "#/$defs/name"
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _errors(data, target, path, root)
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
                errors += _errors(v, sub, f"{path}.{k}", root)
    if isinstance(data, list):
        if len(data) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        for i, v in enumerate(data):
            errors += _errors(v, schema.get("items", {}), f"{path}[{i}]", root)
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
    assert data["schema_version"] == "1.6" and "quotes" in data and "consensus" in data
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


ENTRY_FIELDS = {"speaker", "speaker_type", "channel", "role", "kind", "text", "cue", "citations", "variants", "differs",
                "difference"}


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
                         "quotes", "consensus", "unique", "missing", "off_event", "figures", "disputes", "timeline",
                         "framing", "outlets"}
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


# --- Comparing the outlets (schema 1.2): every section in every format -------------------------------
# Articles, outlets, facts and figures below are invented for these tests.

from synopsis.analyse.comparison import Fact, FactCitation, OffEvent  # noqa: E402
from synopsis.analyse.disputes import Dispute, DisputeCitation, DisputeSide  # noqa: E402
from synopsis.analyse.figures import FigureEntry, FigureMention  # noqa: E402
from synopsis.analyse.framing import Framing, OutletFraming, Topic  # noqa: E402
from synopsis.analyse.timeline import TimelineCitation, TimelineEvent  # noqa: E402

C_SCRIPT = "The ferry <script>alert(3)</script> & [bold]crew[/bold] docked at Velmor pier."
C1_SENTS = [C_SCRIPT, "The toll rose to 40 crowns on Monday.", "About 1,200 riders were stranded overnight.",
            "Harbour chief Ilse Brandt said the engines were inspected in spring.",
            "A spare hull from the Tarrow yard was towed out to replace the damaged one."]
C2_SENTS = ["Officials said the ferry docked at Velmor pier after the storm.",
            "Some 1,500 riders were stranded, the operator said.",
            "The crew union rejected Brandt's account and said no inspection took place.",
            "Service resumes within a fortnight."]
C3_SENTS = ["A new casino opened in the old customs house on Friday.",
            "Its owners expect 900 visitors a day, a tremendously shocking number for the town."]
C1_TEXT = "Ferry stuck at Velmor\n\n" + " ".join(C1_SENTS)
C2_TEXT = "Velmor ferry halted\n\n" + " ".join(C2_SENTS)
C3_TEXT = "Casino opens in customs house\n\n" + " ".join(C3_SENTS)
TEXTS = {"c1": C1_TEXT, "c2": C2_TEXT, "c3": C3_TEXT}
OUTLETS = {"c1": "Velmor Tide", "c2": "Strait Courier", "c3": "Harbourside Post"}

COMPARISON_TITLES = [common.CONSENSUS_TITLE, common.UNIQUE_TITLE, common.MISSING_TITLE, common.FIGURES_TITLE,
                     common.DISPUTES_TITLE, common.TIMELINE_TITLE, common.FRAMING_TITLE]


def _sent(article: str, sentence: str) -> tuple[int, int]:
    return _span(TEXTS[article], sentence)


def _fc(article: str, sentence: str, sim: float = 1.0) -> FactCitation:
    return FactCitation(article, OUTLETS[article], *_sent(article, sentence), sentence, sim)


def _mention(article: str, sentence: str, figure: str, counts: str, qualifier: str = "exact") -> FigureMention:
    s_start, s_end = _sent(article, sentence)
    start = TEXTS[article].index(figure, s_start)
    return FigureMention(article, OUTLETS[article], start, start + len(figure), s_start, s_end, figure, qualifier,
                         counts)


def _tc(article: str, sentence: str, expression: str | None) -> TimelineCitation:
    s_start, s_end = _sent(article, sentence)
    if expression is None:  # the outlet states the event without a date of its own
        return TimelineCitation(article, OUTLETS[article], -1, -1, s_start, s_end, "")
    start = TEXTS[article].index(expression, s_start)
    return TimelineCitation(article, OUTLETS[article], start, start + len(expression), s_start, s_end, expression)


def _comparison_brief() -> Brief:
    articles = [Article(id=aid, source=f"in/{aid}.txt", outlet=OUTLETS[aid], title=TEXTS[aid].split("\n")[0],
                        text=TEXTS[aid], published=date)
                for aid, date in (("c1", "2026-06-01"), ("c2", "2026-06-02"), ("c3", "2026-09-30"))]
    docked = Fact(C_SCRIPT, [_fc("c1", C_SCRIPT), _fc("c2", C2_SENTS[0], 0.81)], ["Velmor Tide", "Strait Courier"],
                  5.0)
    stranded = Fact(C1_SENTS[2], [_fc("c1", C1_SENTS[2]), _fc("c2", C2_SENTS[1], 0.7)],
                    ["Velmor Tide", "Strait Courier"], 3.0)
    hull = Fact(C1_SENTS[4], [_fc("c1", C1_SENTS[4])], ["Velmor Tide"], 2.0)
    figures = [
        FigureEntry(1200.0, "riders", "about", "riders stranded", [_mention("c1", C1_SENTS[2], "1,200", "riders")],
                    conflicts_with=[1]),
        FigureEntry(1500.0, "riders", "about", "riders stranded", [_mention("c2", C2_SENTS[1], "1,500", "riders")],
                    conflicts_with=[0]),
        FigureEntry(40.0, "crowns", "exact", "toll", [_mention("c1", C1_SENTS[1], "40 crowns", "toll")]),
    ]
    dispute = Dispute("inspect, engine", DisputeSide("Ilse Brandt", C1_SENTS[3],
                                                     [DisputeCitation("c1", "Velmor Tide", *_sent("c1", C1_SENTS[3]))],
                                                     "harbour chief"),
                      [DisputeSide("crew union", C2_SENTS[2],
                                   [DisputeCitation("c2", "Strait Courier", *_sent("c2", C2_SENTS[2]))], None,
                                   "rejected")])
    timeline = [
        TimelineEvent("2026-06-01", "day", "The toll rose to 40 crowns", [_tc("c1", C1_SENTS[1], "Monday"),
                                                                          _tc("c2", C2_SENTS[0], None)],
                      True, "Monday"),
        TimelineEvent(None, "week", "Service resumes", [_tc("c2", C2_SENTS[3], "within a fortnight")], False,
                      "within a fortnight"),
    ]
    topics = [Topic(0, "ferry, pier, crew", ["ferry", "pier", "crew"], 3), Topic(1, "riders, toll", ["riders", "toll"], 2)]
    framing = Framing(topics, [
        OutletFraming("Velmor Tide", ["c1"], "Ferry stuck at Velmor", C_SCRIPT,
                      {"officials": 1, "residents and others": 0}, {"officials": ["Ilse Brandt"]},
                      {"ferry, pier, crew": 0.6, "riders, toll": 0.4}, [], 0.0, 60),
        OutletFraming("Harbourside Post", ["c3"], "Casino opens in customs house", C3_SENTS[0],
                      {"officials": 0}, {}, {"ferry, pier, crew": 0.0, "riders, toll": 0.0},
                      ["tremendously", "shocking"], 9.09, 22, []),
    ], "loaded_per_100 counts invented lexicon words per 100 own words.")
    return Brief(articles=articles, summary=[SummarySentence(C_SCRIPT, [Citation("c1", *_sent("c1", C_SCRIPT))])],
                 entities=[], consensus=[docked, stranded], unique=[hull], missing={"Strait Courier": [],
                                                                                     "Harbourside Post": [0, 1]},
                 off_event=[OffEvent("c3", "Harbourside Post", ["published 120 days after the others"], 2.5)],
                 figures=figures, disputes=[dispute], timeline=timeline, framing=framing)


@pytest.fixture(scope="module")
def compared() -> Brief:
    return _comparison_brief()


def test_comparison_json_validates_and_has_every_field(compared):
    data = brief_to_dict(compared)
    assert _validate(data) == []
    assert data["consensus"][0]["text"] == C_SCRIPT
    assert set(data["consensus"][0]["citations"][0]) == {"article", "outlet", "start", "end", "text", "similarity"}
    for fact in data["consensus"] + data["unique"]:
        for c in fact["citations"]:
            assert TEXTS[c["article"]][c["start"]:c["end"]] == c["text"]
    assert data["missing"] == {"Strait Courier": [], "Harbourside Post": [0, 1]}
    assert data["off_event"] == [{"article": "c3", "outlet": "Harbourside Post",
                                  "reasons": ["published 120 days after the others"], "score": 2.5,
                                  "kind": "another event"}]
    fig = data["figures"][0]
    assert {k: fig[k] for k in ("value", "high", "unit", "qualifier", "conflicts_with", "outlets")} == {
        "value": 1200.0, "high": None, "unit": "riders", "qualifier": "about", "conflicts_with": [1],
        "outlets": ["Velmor Tide"]}
    m = fig["mentions"][0]
    assert TEXTS["c1"][m["start"]:m["end"]] == m["text"] == "1,200"
    assert TEXTS["c1"][m["sentence_start"]:m["sentence_end"]] == C1_SENTS[2]
    d = data["disputes"][0]
    assert d["summary"] == f"Ilse Brandt says: {C1_SENTS[3]}; crew union says: {C2_SENTS[2]}"
    assert d["claim"]["role"] == "harbour chief" and d["rebuttals"][0]["cue"] == "rejected"
    undated = data["timeline"][0]["citations"][1]
    assert undated["start"] == undated["end"] == -1
    assert data["timeline"][1]["date"] is None and data["timeline"][1]["resolved"] is False
    assert data["framing"]["outlets"][1]["loaded_words"] == ["tremendously", "shocking"]
    assert data["framing"]["topics"][0] == {"id": 0, "label": "ferry, pier, crew", "terms": ["ferry", "pier", "crew"],
                                            "sentences": 3}
    assert data["framing"]["loaded_explanation"]


def test_empty_comparison_json(hand):
    data = brief_to_dict(hand)
    assert data["consensus"] == data["unique"] == data["off_event"] == data["figures"] == []
    assert data["disputes"] == data["timeline"] == [] and data["missing"] == {} and data["framing"] is None


@pytest.mark.parametrize("path, bad", [
    (("figures", 0, "conflicts_with"), None),
    (("timeline", 0, "granularity"), "fortnight"),
    (("consensus", 0, "citations"), []),
    (("disputes", 0, "claim", "party"), None),
    (("framing", "outlets", 0, "voices", "officials"), "one"),
    (("missing", "Strait Courier"), "none"),
])
def test_schema_file_rejects_malformed_comparisons(compared, path, bad):
    data = brief_to_dict(compared)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert _validate(data)


def _body(fmt: str, out: str) -> str:
    """What a reader sees of the brief's body (HTML: from <main>, leaving out the navigation)."""
    return _plain(fmt, out[out.index("<main>"):] if fmt == "html" else out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_comparison_section_in_order(compared, fmt):
    plain = _body(fmt, render(compared, fmt))
    positions = [plain.index(title) for title in COMPARISON_TITLES]
    assert positions == sorted(positions)
    assert plain.index(common.OFF_EVENT_TITLE) < plain.index("Summary" if fmt != "terminal" else C_SCRIPT)
    assert "published 120 days after the others" in plain
    sections = {title: plain[start:end] for title, start, end in zip(
        COMPARISON_TITLES, positions, positions[1:] + [len(plain)])}
    agree = sections[common.CONSENSUS_TITLE]
    assert "2 outlets" in agree and "Velmor Tide" in agree and "Strait Courier" in agree
    if fmt == "terminal":
        assert "also in Strait Courier" in agree  # collapsed to the first wording
    else:
        assert C2_SENTS[0] in agree  # each outlet's words
    assert C1_SENTS[4] in sections[common.UNIQUE_TITLE]
    left = sections[common.MISSING_TITLE]
    assert "Harbourside Post" in left and "leaves out 2 of 2" in left and "Strait Courier" not in left
    figures = sections[common.FIGURES_TITLE]
    assert "1,200" in figures and "40 crowns" in figures and "toll" in figures
    disputes = sections[common.DISPUTES_TITLE]
    assert "Ilse Brandt" in disputes and "crew union" in disputes and "says:" in disputes
    timeline = sections[common.TIMELINE_TITLE]
    assert "2026-06-01" in timeline and "The toll rose to 40 crowns" in timeline
    frames = sections[common.FRAMING_TITLE]
    for text in ["Casino opens in customs house", C3_SENTS[0], "officials 1 (Ilse Brandt)", "ferry, pier, crew 60%",
                 "9.09 per 100 words", "tremendously", "loaded_per_100 counts invented lexicon words"]:
        assert text in frames, text
    assert frames.count("loaded_per_100 counts invented") == 1  # the explanation once


@pytest.mark.parametrize("fmt", FORMATS)
def test_figure_conflict_shown(compared, fmt):
    plain = _body(fmt, render(compared, fmt))
    section = plain[plain.index(common.FIGURES_TITLE):plain.index(common.DISPUTES_TITLE)]
    assert "conflicts with 1,500 (Strait Courier)" in section
    assert "conflicts with 1,200 (Velmor Tide)" in section
    assert section.count("conflicts with") == 2  # not the toll


@pytest.mark.parametrize("fmt", FORMATS)
def test_unresolved_timeline_event_marked_and_last(compared, fmt):
    plain = _body(fmt, render(compared, fmt))
    section = plain[plain.index(common.TIMELINE_TITLE):plain.index(common.FRAMING_TITLE)]
    marked = "date not resolved: within a fortnight"
    assert marked in section
    assert section.index("2026-06-01") < section.index(marked)


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_comparison_sections_are_omitted(hand, fmt):
    for brief in (hand, Brief(articles=[], summary=[], entities=[])):
        out = render(brief, fmt)
        for title in COMPARISON_TITLES + [common.OFF_EVENT_TITLE]:
            assert title not in out, title


@pytest.mark.parametrize("fmt", FORMATS)
def test_sections_without_items_are_omitted_one_by_one(fmt):
    b = _comparison_brief()
    b.unique, b.disputes, b.off_event, b.missing = [], [], [], {"Strait Courier": []}
    plain = _body(fmt, render(b, fmt))
    for title in (common.UNIQUE_TITLE, common.DISPUTES_TITLE, common.OFF_EVENT_TITLE, common.MISSING_TITLE):
        assert title not in plain, title
    for title in (common.CONSENSUS_TITLE, common.FIGURES_TITLE, common.TIMELINE_TITLE, common.FRAMING_TITLE):
        assert title in plain, title


def test_html_escapes_comparison_text(compared):
    out = render(compared, "html")
    assert out.count("<script>") == 1  # only the renderer's own inline script
    assert "The ferry &lt;script&gt;alert(3)&lt;/script&gt; &amp; [bold]crew[/bold] docked" in out
    assert "<section id=\"consensus\">" in out and "<section id=\"off-event\">" in out


def test_markdown_and_terminal_keep_comparison_markup_literal(compared):
    md = render(compared, "md")
    assert "<script>" not in md and md_escape(C_SCRIPT) in md
    assert "[bold]crew[/bold]" in render(compared, "terminal")


def test_comparison_links_point_at_sources(compared):
    md = render(compared, "md")
    section = md[md.index(f"## {common.CONSENSUS_TITLE}"):md.index("## Sources")]
    links = set(re.findall(r"\(#source-(\d+)\)", section))
    assert links
    for n in links:
        assert f'<a id="source-{n}"></a>' in md
    assert "[#1](#fact-1)" in section and '<a id="fact-1"></a>' in section
    html_out = render(compared, "html")
    section = html_out[html_out.index('<section id="consensus">'):html_out.index('<section id="sources">')]
    targets = set(re.findall(r'href="#(mark-\d+)"', section))
    assert targets
    for target in targets:
        assert f'id="{target}"' in html_out
    assert re.search(r'<mark id="mark-\d+" class="c">' + re.escape(html.escape(C1_SENTS[4])) + "</mark>", html_out)


def test_terminal_caps_long_comparison_lists():
    b = _comparison_brief()
    b.unique = [Fact(f"Invented fact number {i} about the pier.", [], ["Velmor Tide"]) for i in range(9)]
    plain = _plain("terminal", render(b, "terminal"))
    shown = sum(f"Invented fact number {i} " in plain for i in range(9))
    assert shown == common.TERMINAL_UNIQUE
    assert common.more_line(9 - common.TERMINAL_UNIQUE) in plain


def test_schema_doc_lists_every_comparison_field():
    doc = SCHEMA_DOC.read_text(encoding="utf-8")
    props = _schema()["properties"]
    for name in ("consensus", "unique", "missing", "off_event", "figures", "disputes", "timeline", "framing"):
        assert name in _schema()["required"]
        assert f"`{name}" in doc, name
        sub = props[name]
        item = sub.get("items", sub)
        if "$ref" in item:
            item = _schema()["$defs"][item["$ref"].rsplit("/", 1)[1]]
        for field in item.get("properties", {}):
            assert f"`{field}" in doc or f".{field}" in doc, (name, field)
    assert "1.1 -> 1.2" in doc and "1.2 -> 1.3" in doc and "1.3 -> 1.4" in doc and "1.4 -> 1.5" in doc and "1.5 -> 1.6" in doc
    assert "schema version 1.6" in doc


def test_example_brief_has_every_section_in_json(example_brief):
    data = brief_to_dict(example_brief)
    assert _validate(data) == []
    for key in ("consensus", "unique", "missing", "off_event", "figures", "disputes", "timeline"):
        assert data[key], key
    assert data["framing"] and data["framing"]["outlets"] and data["framing"]["topics"]
    assert any(f["conflicts_with"] for f in data["figures"])
    for fmt in FORMATS:
        plain = _plain(fmt, render(example_brief, fmt))
        for title in COMPARISON_TITLES + [common.OFF_EVENT_TITLE]:
            assert title in plain, (fmt, title)


# --- hostile input -------------------------------------------------------------------------------

HOSTILE_URLS = ["javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:alert(1)",
                "java\tscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "https:alert(1)"]


def _with_url(url: str) -> Brief:
    brief = _hand_brief()
    brief.articles[1].url = url
    return brief


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_only_http_urls_become_links(url, fmt):
    out = render(_with_url(url), fmt)
    if fmt == "html":
        assert re.findall(r'href="([^"#][^"]*)"', out) == [], "no link but the page's own anchors"
        assert html.escape(url.strip(), quote=True)[:12] in out  # still shown, as text
    else:
        assert f"<{url}>" not in out and not re.search(r"\]\((?!#)", out), "no link but the brief's own anchors"
        assert md_escape(url)[:12] in out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_http_url_is_a_link(fmt):
    out = render(_with_url("https://radio.example/news/a2?id=7"), fmt)
    assert ('href="https://radio.example/news/a2?id=7"' if fmt == "html" else "<https://radio.example/news/a2?id=7>") in out


PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>",
            "' onmouseover='alert(1)' x='", "</textarea><iframe src=javascript:alert(1)>", "[link](javascript:alert(1))"]


def _hostile(payload: str, field: str) -> Brief:
    brief = _hand_brief()
    a1 = brief.articles[0]
    if field == "title":
        a1.title = payload
    elif field == "outlet":
        a1.outlet = payload
    elif field == "id":
        old = a1.id
        a1.id = payload
        for s in brief.summary:
            for c in s.citations:
                c.article = payload if c.article == old else c.article
        brief.entities[0].mentions = {payload if k == old else k: v for k, v in brief.entities[0].mentions.items()}
    elif field == "text":
        a1.text = a1.text.replace("More text follows.", payload)
    elif field == "skipped":
        brief.skipped[0].source = payload
    else:
        brief.warnings.append(payload)
    return brief


@pytest.mark.parametrize("field", ["title", "outlet", "id", "text", "skipped", "warnings"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_escaped_in_every_field(payload, field):
    import lxml.html

    page = render(_hostile(payload, field), "html")
    tree = lxml.html.fromstring(page)
    assert len(tree.xpath("//script")) == 1  # only the renderer's own
    assert tree.xpath("//img|//svg|//iframe|//textarea") == []
    assert [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")] == []
    assert not any(v.strip().lower().startswith("javascript") for el in tree.iter() if isinstance(el.tag, str)
                   for v in el.attrib.values())
    md = render(_hostile(payload, field), "md")
    # A <summary> line is raw HTML to Markdown (CommonMark's HTML blocks): it is HTML-escaped.
    assert all("<" not in line[9:-10] for line in md.splitlines() if line.startswith("<summary>"))
    md = "\n".join(line for line in md.splitlines() if not line.startswith("<summary>"))
    assert not re.search(r"(?<!\\)<(script|img|svg|iframe|textarea)\b|(?<!\\)\]\(javascript", md, re.I)
