"""Charsets in the browser's order, and outlet names: known domains, the user's file (.json/.toml)."""

from __future__ import annotations

import pytest

from synopsis.errors import InputError
from synopsis.ingest import RawDocument, outlet_choice
from synopsis.sources.charset import CP1252_WARNING, WRONG_UTF8_WARNING, decode_html
from synopsis.sources.outlets import OutletProfile, known_outlet, read_outlets, template

CAFE_1252 = "<p>Café owners said “no”</p>".encode("cp1252")


@pytest.mark.parametrize("data,header,text,warned", [
    ("<p>Café</p>".encode("utf-8"), None, "Café", False),                      # valid UTF-8
    (CAFE_1252, None, "Café owners said “no”", True),                          # no label, not UTF-8
    (CAFE_1252, "text/html; charset=windows-1252", "“no”", False),             # the header says so
    (CAFE_1252, "text/html; charset=ISO-8859-1", "“no”", False),               # Latin-1 read as windows-1252
    ('<meta charset="iso-8859-2"><p>\u0105</p>'.encode("iso-8859-2"), None, "\u0105", False),  # <meta>
    ("\ufeff<p>Café</p>".encode("utf-8"), "text/html; charset=iso-8859-1", "Café", False),      # BOM wins
    ('<meta charset="utf-8"><p>Ä</p>'.encode("cp1252"), "text/html; charset=cp1252", "Ä", False),  # header beats meta
])
def test_charset_order(data, header, text, warned):
    decoded, warning = decode_html(data, header)
    assert text in decoded
    assert (warning == CP1252_WARNING) is warned


@pytest.mark.parametrize("header,meta", [("text/html; charset=utf-8", ""), ("text/html", '<meta charset="utf-8">')])
def test_wrongly_declared_utf8_is_read_as_cp1252(header, meta):
    decoded, warning = decode_html(meta.encode() + CAFE_1252, header)
    assert "Café owners said “no”" in decoded and "\ufffd" not in decoded
    assert warning == WRONG_UTF8_WARNING


@pytest.mark.parametrize("domain,name", [("nbcnews.com", "NBC News"), ("www.nbcnews.com", "NBC News"),
                                         ("edition.cnn.com", "CNN"), ("news.example", None), (None, None)])
def test_known_news_domains(domain, name):
    assert known_outlet(domain) == name


@pytest.mark.parametrize("doc,overrides,expected", [
    (RawDocument("a", "a.txt", "x", name="a.txt"), {"a.txt": "Ledger"}, ("Ledger", "user file")),
    (RawDocument("a", "u", "x", url="https://www.nbcnews.com/x", outlet="NBCNews.com"), {}, ("NBCNews.com", "site name")),
    (RawDocument("a", "u", "x", url="https://www.nbcnews.com/x"), {}, ("NBC News", "known domain")),
    (RawDocument("a", "u", "x", url="https://news.example/x"), {}, ("news.example", "domain")),
    (RawDocument("a", "a.txt", "x", name="a.txt"), {}, ("a", "file name")),
])
def test_outlet_order(doc, overrides, expected):
    assert outlet_choice(doc, overrides) == expected


def test_user_file_json_and_toml_with_type_and_lean(tmp_path):
    js = tmp_path / "o.json"
    js.write_text('{"a.txt": "Ledger", "nbcnews.com": {"name": "NBC", "type": "news", "lean": "centre-left"}}')
    book = read_outlets(js)
    assert book.names == {"a.txt": "Ledger", "nbcnews.com": "NBC"}
    assert book.profiles == {"NBC": OutletProfile("news", "centre-left")}
    toml = tmp_path / "o.toml"
    toml.write_text('"a.txt" = "Ledger"\n["civic.example"]\nname = "Civic Lantern"\ntype = "opinion"\n')
    book = read_outlets(toml)
    assert book.names["civic.example"] == "Civic Lantern"
    assert book.profiles["Civic Lantern"].label() == "opinion"


@pytest.mark.parametrize("content,suffix,message", [
    ("{not json", ".json", "not valid JSON"),
    ("= nope", ".toml", "not valid TOML"),
    ('["x"]', ".json", "must be an object"),
    ('{"a": {"name": "A", "type": "tabloid"}}', ".json", "use one of"),
    ('{"a": {"name": "A", "colour": "red"}}', ".json", "unknown field"),
])
def test_bad_outlet_files_say_what_to_fix(tmp_path, content, suffix, message):
    path = tmp_path / f"o{suffix}"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        read_outlets(path)


def test_missing_outlets_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_outlets(tmp_path / "none.json")


def test_template_reads_back(tmp_path):
    for fmt in ("toml", "json"):
        path = tmp_path / f"t.{fmt}"
        path.write_text(template([("a.txt", "a"), ("news.example", "news.example")], fmt))
        book = read_outlets(path)
        assert book.names == {"a.txt": "a", "news.example": "news.example"}
        assert book.profiles["a"].type == "news"
