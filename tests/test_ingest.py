"""Reading folders, files and stdin; every unusable input is reported, never dropped."""

from __future__ import annotations

import io
import json

import pytest

from synopsis.errors import InputError
from synopsis.ingest import decode_bytes, normalise_date, outlet_name, read_inputs, url_domain

HTML_PAGE = """<!doctype html><html><head><title>Ferry service halted | Gull Bay Times</title>
<meta property="og:site_name" content="Gull Bay Times">
<meta property="og:title" content="Ferry service halted after engine fire">
<meta property="article:published_time" content="2026-05-04T09:00:00Z">
<link rel="canonical" href="https://www.gullbaytimes.example/news/ferry-halted"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry service halted after engine fire</h1>
<p>The island ferry stopped running on Sunday after a small engine fire forced the crew to return to port.
No passengers were hurt, the operator said in a statement released late in the evening.</p>
<p>Engineers will inspect the vessel this week, and a replacement boat is expected to run a reduced timetable
from Wednesday, according to the harbour authority, which oversees the route.</p>
<p>Island residents said the outage would hit commuters and the weekly market hardest.</p>
</article><footer>Copyright 2026 Gull Bay Times. All rights reserved.</footer></body></html>"""


def write(tmp_path, name, content, mode="w"):
    path = tmp_path / name
    if mode == "wb":
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_text_file_keeps_raw_text_and_uses_file_name(tmp_path):
    path = write(tmp_path, "gull-bay.txt", "Headline here\n\nBody text of the article.\n")
    result = read_inputs([path])
    (doc,) = result.documents
    assert doc.id == "gull-bay"
    assert doc.text.startswith("Headline here")
    assert outlet_name(doc) == "gull-bay"
    assert result.skipped == []


def test_html_file_extracts_text_and_metadata(tmp_path):
    path = write(tmp_path, "ferry.html", HTML_PAGE)
    (doc,) = read_inputs([path]).documents
    assert doc.from_html
    assert "engine fire forced the crew" in doc.text
    assert "Copyright 2026" not in doc.text
    assert doc.published == "2026-05-04"
    assert doc.outlet == "Gull Bay Times"
    assert doc.url and "gullbaytimes.example" in doc.url
    assert {"Home", "News", "Copyright 2026 Gull Bay Times. All rights reserved."} <= set(doc.dropped)
    assert not any("engine fire" in line for line in doc.dropped)


def test_jsonl_records_keep_their_fields_and_ids(tmp_path):
    lines = [
        {"id": "r-1", "text": "Title one\n\nBody one is here.", "title": "Title one", "url": "https://a.example/x",
         "published": "2026-01-02"},
        {"id": 7, "html": HTML_PAGE, "outlet": "Chosen Outlet"},
        {"text": "Title three\n\nBody three.", "outlet": "Third"},
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    result = read_inputs([path])
    ids = [d.id for d in result.documents]
    assert ids == ["r-1", "7", f"{path}:3".replace("/", "_")]
    first, second, third = result.documents
    assert first.published == "2026-01-02" and url_domain(first.url) == "a.example"
    assert outlet_name(first) == "a.example"
    assert outlet_name(second) == "Chosen Outlet"
    assert "engine fire" in second.text
    assert result.skipped == []


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "must be an object"),
        ('{"title": "no body"}', "no 'text' or 'html'"),
        ('{"text": "   "}', "no 'text' or 'html'"),
    ],
)
def test_bad_jsonl_lines_are_skipped_with_reason(tmp_path, line, reason):
    path = write(tmp_path, "feed.jsonl", '{"text": "Good title\\n\\nGood body."}\n' + line + "\n")
    result = read_inputs([path])
    assert len(result.documents) == 1
    (skipped,) = result.skipped
    assert skipped.source == f"{path}:2"
    assert reason in skipped.reason


def test_oversized_jsonl_line_is_skipped_not_fatal(tmp_path):
    big = json.dumps({"text": "x " * 600})
    path = write(tmp_path, "feed.jsonl", big + "\n" + '{"text": "Small title\\n\\nSmall body."}\n')
    result = read_inputs([path], max_bytes=1000)
    assert len(result.documents) == 1
    assert "over the" in result.skipped[0].reason and result.skipped[0].source.endswith(":1")


def test_stdin_text_and_jsonl():
    text = read_inputs(["-"], stdin=io.StringIO("A headline\n\nA body paragraph.\n"))
    assert text.documents[0].source == "<stdin>"
    jsonl = read_inputs(["-"], stdin=io.StringIO('{"id": "a", "text": "T\\n\\nB."}\n{"id": "b", "text": "T2"}\n'))
    assert [d.id for d in jsonl.documents] == ["a", "b"]


def test_empty_stdin_is_reported():
    result = read_inputs(["-"], stdin=io.StringIO("  \n"))
    assert result.documents == [] and "stdin is empty" in result.skipped[0].reason


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nope"])


def test_empty_folder_raises_input_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="has no files"):
        read_inputs([tmp_path / "empty"])


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("scan.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("blob.txt", b"\x00\x01\x02binary", "binary file"),
        ("big.txt", b"word " * 400, "over the"),
    ],
)
def test_unusable_files_are_skipped_with_reason(tmp_path, name, content, reason):
    path = write(tmp_path, name, content, mode="wb")
    result = read_inputs([path], max_bytes=1000)
    assert result.documents == []
    assert result.skipped[0].source == str(path)
    assert reason in result.skipped[0].reason


def test_cp1252_file_is_read_with_a_warning(tmp_path):
    path = write(tmp_path, "old.txt", b"Caf\xe9 owners said \x93no\x94 to the plan.", mode="wb")
    (doc,) = read_inputs([path]).documents
    assert "Café" in doc.text and "“no”" in doc.text
    assert any("cp1252" in w for w in doc.warnings)


def test_folder_is_read_in_sorted_order_and_skips_hidden_files(tmp_path):
    for name in ("b.txt", "a.txt", ".hidden.txt"):
        write(tmp_path, name, f"Title {name}\n\nBody.")
    result = read_inputs([tmp_path])
    assert [d.id for d in result.documents] == ["a", "b"]


def test_duplicate_ids_are_made_unique(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    write(tmp_path / "x", "same.txt", "T\n\nB.")
    write(tmp_path / "y", "same.txt", "T\n\nB.")
    ids = [d.id for d in read_inputs([tmp_path]).documents]
    assert ids == ["same", "same-2"]


@pytest.mark.parametrize(
    "key", ["gull-bay.txt", "gull-bay", "gullbaytimes.example"],
)
def test_outlet_overrides_by_file_name_stem_or_domain(tmp_path, key):
    path = write(tmp_path, "gull-bay.txt", "T\n\nB.")
    (doc,) = read_inputs([path]).documents
    doc.url = "https://www.gullbaytimes.example/a"
    assert outlet_name(doc, {key: "Gull Bay Times"}) == "Gull Bay Times"


@pytest.mark.parametrize(
    "value, expected",
    [("2026-03-10T05:00:00Z", "2026-03-10"), ("March 10, 2026", "2026-03-10"), ("10 March 2026", "2026-03-10"),
     ("2026/03/10", "2026-03-10"), ("soon", None), ("2026-13-40", None)],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_decode_prefers_utf8():
    assert decode_bytes("naïve".encode()) == ("naïve", None)
