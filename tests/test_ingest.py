"""Reading folders, files and stdin; every unusable input is reported, never dropped."""

from __future__ import annotations

import codecs
import io
import json
import os

import pytest

from synopsis.errors import SkipInput
from synopsis.ingest import decode_bytes, normalise_date, outlet_name, read_inputs, unique_ids, url_domain

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


GOOD = "Ferry halted after fire\n\nThe island ferry stopped running on Sunday after a small engine fire.\n"


@pytest.mark.parametrize("make, reason", [
    (lambda tmp: tmp / "typo.txt", "no such file or folder"),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "the folder has no files"),
])
def test_a_missing_path_or_empty_folder_is_skipped_and_the_other_inputs_go_on(tmp_path, make, reason):
    good = write(tmp_path, "good.txt", GOOD)
    bad = make(tmp_path)
    result = read_inputs([good, bad])
    assert [d.id for d in result.documents] == ["good"]
    assert [(s.source, reason in s.reason) for s in result.skipped] == [(str(bad), True)]


def _fifo(folder):
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt", "named pipe"


def _dangling(folder):
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return folder / "gone.txt", "broken symbolic link"


def _loop(folder):
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return folder / "loop.txt", "symbolic link loop"


def _folder_link(folder):
    (folder / "elsewhere").mkdir()
    write(folder / "elsewhere", "other.txt", GOOD)
    (folder / "inside").mkdir()
    (folder / "inside" / "linked").symlink_to(folder / "elsewhere")
    return folder / "inside" / "linked", "a link to a folder"


@pytest.mark.parametrize("make", [_fifo, _dangling, _loop, _folder_link])
def test_an_entry_of_a_folder_that_is_not_a_regular_file_is_skipped_with_a_reason(tmp_path, make):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "good.txt", GOOD)
    odd, reason = make(folder)
    result = read_inputs([folder])
    assert [s.source for s in result.skipped if reason in s.reason] == [str(odd)]
    assert "good" in [d.id for d in result.documents]


@pytest.mark.parametrize("make", [_fifo, _dangling, _loop])
def test_a_file_given_that_is_not_a_regular_file_is_skipped_never_opened(tmp_path, make):
    odd, reason = make(tmp_path)  # reading a named pipe would block forever
    result = read_inputs([write(tmp_path, "good.txt", GOOD), odd])
    assert [d.id for d in result.documents] == ["good"]
    assert [(s.source, reason in s.reason) for s in result.skipped] == [(str(odd), True)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                      "utf-8-sig"])
@pytest.mark.parametrize("kind", ["txt", "jsonl", "stdin text", "stdin jsonl"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, encoding, kind):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE}.get(encoding, b"")
    text = "Ferry halted after fire\n\nThe island ferry stopped on Sunday, “the operator” said: café.\n"
    if "jsonl" in kind:
        text = "\n".join(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False) for i in (1, 2)) + "\n"
    data = bom + text.encode(encoding)
    if kind.startswith("stdin"):
        result = read_inputs(["-"], stdin=io.BytesIO(data))
    else:
        result = read_inputs([write(tmp_path, f"a.{kind}", data, mode="wb")])
    assert result.skipped == []
    assert [d.text.split("\n")[0] for d in result.documents] == ["Ferry halted after fire"] * (2 if "jsonl" in kind else 1)
    assert all("“the operator” said: café." in d.text and not d.warnings for d in result.documents)


def test_a_byte_order_mark_over_other_bytes_is_refused():
    with pytest.raises(SkipInput, match="UTF-16 byte order mark"):
        decode_bytes(codecs.BOM_UTF16_BE + b"\xd8\x00")  # a lone high surrogate


def test_a_jsonl_file_without_records_is_skipped_not_dropped(tmp_path):
    path = write(tmp_path, "feed.jsonl", "\n  \n\n")
    result = read_inputs([path])
    assert result.documents == [] and "no JSON lines" in result.skipped[0].reason


@pytest.mark.parametrize("ids, expected", [
    (["a", "a", "a-2"], ["a", "a-3", "a-2"]),
    (["a-2", "a", "a"], ["a-2", "a", "a-3"]),
    (["x", "x", "x", "x-2", "x-3"], ["x", "x-4", "x-5", "x-2", "x-3"]),
    (["b", "c"], ["b", "c"]),
])
def test_unique_ids_never_take_another_inputs_id(ids, expected):
    assert unique_ids(ids) == expected


def test_colliding_record_ids_are_renamed_with_a_warning(tmp_path):
    lines = [{"id": i, "text": f"Title {n}\n\nBody {n}."} for n, i in enumerate(["a", "a", "a-2"])]
    result = read_inputs([write(tmp_path, "feed.jsonl", "\n".join(json.dumps(x) for x in lines))])
    assert [d.id for d in result.documents] == ["a", "a-3", "a-2"]
    assert [w for d in result.documents for w in d.warnings] == [
        "id 'a' is also used by an earlier input; this article is 'a-3' in the brief"]


@pytest.mark.parametrize("depth", [254, 300, 1500])
def test_html_nested_deeper_than_the_default_parser_reads_keeps_its_text(tmp_path, depth):
    page = HTML_PAGE.replace("<article>", "<div>" * depth + "<article>").replace("</article>", "</article>" + "</div>" * depth)
    (doc,) = read_inputs([write(tmp_path, "deep.html", page)]).documents
    assert "engine fire forced the crew" in doc.text and "weekly market" in doc.text
    assert doc.title == "Ferry service halted after engine fire" and not doc.warnings


def test_html_nested_deeper_than_any_parser_reads_is_skipped_with_that_reason(tmp_path):
    page = HTML_PAGE.replace("<article>", "<div>" * 2100 + "<article>")
    result = read_inputs([write(tmp_path, "deeper.html", page)])
    assert result.documents == []
    assert "more than 2048 levels deep" in result.skipped[0].reason


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


def test_text_that_cannot_be_written_as_utf8_is_made_valid_with_a_warning(tmp_path):
    """Unpaired surrogates (JSON escapes, file names that are not UTF-8) would make every output
    fail to encode: each becomes U+FFFD."""
    feed = write(tmp_path, "feed.jsonl", '{"id": "s\\ud800", "title": "T \\udc00", "text": "Ferry \\ud800 halted.\\n\\nBody."}\n')
    odd_name = tmp_path / os.fsdecode(b"caf\xe9.txt")
    odd_name.write_text(GOOD, encoding="utf-8")
    result = read_inputs([feed, odd_name])
    record, named = result.documents
    assert (record.id, record.title, record.text.split("\n")[0]) == ("s\ufffd", "T \ufffd", "Ferry \ufffd halted.")
    assert any("unpaired surrogate" in w for w in record.warnings)
    assert named.source == str(tmp_path / "caf\ufffd.txt") and named.id == "caf\ufffd"
    for doc in result.documents:
        (doc.id + doc.source + doc.text + doc.name).encode("utf-8")


def test_html_with_control_characters_in_its_text_is_read(tmp_path):
    """lxml refuses to set an element's text to one holding control characters; the page text is
    read without setting any (found by the property-based test in test_core.py)."""
    page = HTML_PAGE.replace("weekly market", "weekly\x1f market\x07")
    (doc,) = read_inputs([write(tmp_path, "ctrl.html", page)]).documents
    assert "engine fire forced the crew" in doc.text and {"Home", "News"} <= set(doc.dropped)


_META_DATE = '<meta property="article:published_time" content="{}T09:00:00Z">'
_UNDATED_PAGE = HTML_PAGE.replace(_META_DATE.format("2026-05-04"), "")


@pytest.mark.parametrize("page, published", [
    (HTML_PAGE, "2026-05-04"),  # page metadata
    (_UNDATED_PAGE, None),  # only "Copyright 2026" in the footer: not New Year's Day 2026
    (_UNDATED_PAGE.replace("<head>", "<head>" + _META_DATE.format("2026-01-01")), "2026-01-01"),  # metadata says so
    (_UNDATED_PAGE.replace("stopped running on Sunday", "stopped running on Sunday, January 1, 2026"),
     "2026-01-01"),  # the article states the day
    (_UNDATED_PAGE.replace("Copyright 2026", "Copyright 2024"), None),
], ids=["metadata", "copyright-only", "new-year-in-metadata", "new-year-in-text", "old-copyright"])
def test_html_page_date_is_not_a_copyright_year(tmp_path, page, published):
    (doc,) = read_inputs([write(tmp_path, "ferry.html", page)]).documents
    assert doc.published == published


@pytest.mark.parametrize("value, expected", [
    ("photo caption", "photo caption"), ("url", "url"), ("", None), (None, None),
])
def test_jsonl_published_from_is_kept(tmp_path, value, expected):
    record = {"text": "Title\n\nBody of the article.", "published": "2026-02-03", "published_from": value}
    (doc,) = read_inputs([write(tmp_path, "a.jsonl", json.dumps(record) + "\n")]).documents
    assert (doc.published, doc.published_from) == ("2026-02-03", expected)


def test_jsonl_unknown_published_from_is_reported(tmp_path):
    record = {"text": "Title\n\nBody.", "published": "2026-02-03", "published_from": "a guess"}
    result = read_inputs([write(tmp_path, "a.jsonl", json.dumps(record) + "\n")])
    assert result.documents == []
    (skipped,) = result.skipped
    assert "'published_from' is 'a guess'; use one of metadata, url, dateline, photo caption" in skipped.reason


@pytest.mark.parametrize("url, expected", [
    ("https://www.a.example/story", "a.example"),
    ("b.example/x", "b.example"),
    ("[", None),                      # urllib: "Invalid IPv6 URL"
    ("http://[::1/x", None),
    ("", None),
])
def test_url_domain_of_odd_urls(url, expected):
    assert url_domain(url) == expected
