"""WARC import (fixtures written with warcio in the test) and `add` end to end against a local
server on 127.0.0.1: articles, feeds, sitemaps, robots.txt, non-HTML bodies, charsets, the store."""

from __future__ import annotations

import gzip
import io

import pytest
from werkzeug import Response

from local_servers import make_page  # noqa: F401 (fixtures)
from synopsis.sources.add import add_inputs, import_warc, page_incoming, read_sources_file
from synopsis.sources.fetch import FetchSettings
from synopsis.sources.outlets import OutletBook
from synopsis.sources.warc import WarcCounts, iter_warc
from synopsis.store import Store

FAST = FetchSettings(delay=0.0, backoff=0.01, retries=1, read_timeout=3.0, total_timeout=6.0)


def write_warc(path, records, *, gzip_records=True):
    """records: (url, status, content_type, body bytes, extra headers)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "synopsis tests"}))
        for url, status, ctype, body, extra in records:
            headers = [("Content-Type", ctype)] + list(extra)
            http = StatusAndHeaders(f"{status} X", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


@pytest.fixture
def warc(tmp_path, make_page):
    path = tmp_path / "news.warc.gz"
    page = make_page("Dam repairs approved", site="Ardenport Ledger").encode()
    write_warc(path, [
        ("https://ledger.example/dam", 200, "text/html; charset=utf-8", page, []),
        ("https://courier.example/dam-gz", 200, "text/html", gzip.compress(make_page("Courier on the dam").encode()),
         [("Content-Encoding", "gzip")]),
        ("https://ledger.example/gone", 404, "text/html", b"<html>not found</html>", []),
        ("https://ledger.example/logo.png", 200, "image/png", b"\x89PNG....", []),
        ("https://ledger.example/copy", 200, "text/html", page, []),
        ("https://ledger.example/menu", 200, "text/html", b"<html><body><nav>Home</nav></body></html>", []),
    ])
    return path


def test_warc_pages_are_read_and_other_records_counted(warc):
    counts = WarcCounts()
    pages = list(iter_warc(warc, counts))
    assert [p.url for p in pages] == ["https://ledger.example/dam", "https://courier.example/dam-gz",
                                      "https://ledger.example/copy", "https://ledger.example/menu"]
    assert pages[1].body.startswith(b"<!DOCTYPE html>")  # gzip Content-Encoding decoded (auto_decode='all')
    assert counts.skipped == {"HTTP 404": 1, "not HTML": 1} and counts.error is None


@pytest.mark.parametrize("workers", [1, 2])
def test_warc_import_end_to_end_and_rerun(tmp_path, warc, workers):
    with Store(tmp_path / "s.db") as store:
        report = import_warc(store, warc, workers=workers)
        assert (report.new, report.copies) == (2, 1)
        assert [src for src, _ in report.failed] == ["https://ledger.example/menu"]  # no article text
        assert any("2 records skipped" in n for n in report.notes)
        again = import_warc(store, warc, workers=workers)
        assert again.new == 0 and again.known == 3
        assert store.count() == 3 and store.integrity() == []
        stored = store.get_article(1)
        assert stored.outlet == "Ardenport Ledger" and stored.outlet_from == "site name"
        raw, kind = store.raw(1)
        assert kind == "html" and raw.startswith(b"<!DOCTYPE html>")


def test_damaged_warc_is_reported_not_raised(tmp_path, warc):
    data = warc.read_bytes()
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[: len(data) // 2] + b"\x00garbage" * 50)
    with Store(tmp_path / "s.db") as store:
        report = import_warc(store, bad, workers=1)
    assert any("damaged" in reason for _, reason in report.failed)


SITE = "Riverline Radio"


def serve_site(httpserver, make_page, n=3, robots="User-agent: *\nDisallow: /private\n"):
    httpserver.expect_request("/robots.txt").respond_with_data(robots)
    for i in range(n):
        httpserver.expect_request(f"/news/a{i}").respond_with_data(
            make_page(f"Story {i} about the dam", site=SITE), content_type="text/html; charset=utf-8",
            headers={"ETag": f'"a{i}"'})
    items = "".join(f"<item><title>Story {i}</title><link>{httpserver.url_for(f'/news/a{i}')}</link>"
                    f"<pubDate>Tue, 10 Mar 2026 1{i}:00:00 GMT</pubDate></item>" for i in range(n))
    httpserver.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>{items}'
        f"<item><title>P</title><link>{httpserver.url_for('/private/p')}</link></item></channel></rss>",
        content_type="application/rss+xml")


def test_feed_articles_stored_once_and_second_run_fetches_nothing(tmp_path, httpserver, make_page):
    serve_site(httpserver, make_page)
    with Store(tmp_path / "s.db") as store:
        first = add_inputs(store, [httpserver.url_for("/feed.xml")], FAST)
        assert first.new == 3 and first.sources == 1
        assert [(src.rsplit("/", 1)[-1], why) for src, why in first.failed] == [("p", "disallowed by the site's robots.txt")]
        n_requests = len(httpserver.log)
        second = add_inputs(store, [httpserver.url_for("/feed.xml")], FAST)
        assert second.new == 0 and second.known == 3 and store.count() == 3
        article_requests = [r.path for r, _ in httpserver.log[n_requests:] if r.path.startswith("/news/")]
        assert article_requests == []
        stored = store.get_article(store.known(httpserver.url_for("/news/a0"))[0])
        assert stored.outlet == SITE and stored.published == "2026-03-10" and stored.url.endswith("/news/a0")


def test_page_given_again_is_checked_with_its_etag(tmp_path, httpserver, make_page):
    serve_site(httpserver, make_page, n=1)
    url = httpserver.url_for("/news/a0")
    with Store(tmp_path / "s.db") as store:
        assert add_inputs(store, [url], FAST).new == 1
        httpserver.clear_all_handlers()
        httpserver.expect_request("/robots.txt").respond_with_data("")
        httpserver.expect_request("/news/a0", headers={"If-None-Match": '"a0"'}).respond_with_data("", status=304)
        again = add_inputs(store, [url], FAST)
        assert again.not_modified == 1 and again.articles == [1] and store.count() == 1


def test_changed_page_keeps_its_history(tmp_path, httpserver, make_page):
    httpserver.expect_request("/robots.txt").respond_with_data("")
    httpserver.expect_oneshot_request("/news/x").respond_with_data(make_page("First version"), content_type="text/html")
    httpserver.expect_oneshot_request("/news/x").respond_with_data(make_page("Second version", paragraphs=7),
                                                                   content_type="text/html")
    with Store(tmp_path / "s.db") as store:
        add_inputs(store, [httpserver.url_for("/news/x")], FAST)
        report = add_inputs(store, [httpserver.url_for("/news/x")], FAST)
        assert report.updated == 1 and store.count() == 1
        (old,) = store.versions(1)
        assert "First version" in old["text"] and "Second version" in store.get_article(1).text


def test_news_sitemap_index_and_gzip_sub_sitemap(tmp_path, httpserver, make_page):
    httpserver.expect_request("/robots.txt").respond_with_data("")
    for i in range(2):
        httpserver.expect_request(f"/n{i}").respond_with_data(make_page(f"News {i} on the dam"), content_type="text/html")
    news = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{httpserver.url_for("/n0")}</loc>'
            f"<news:news><news:publication><news:name>Valley Courier</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>2026-03-11T08:00:00Z</news:publication_date>"
            f"<news:title>News 0</news:title></news:news></url></urlset>")
    plain = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
             f'<loc>{httpserver.url_for("/n1")}</loc></url></urlset>')
    index = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{httpserver.url_for("/news.xml")}</loc></sitemap>'
             f'<sitemap><loc>{httpserver.url_for("/old.xml.gz")}</loc></sitemap>'
             f'<sitemap><loc>{httpserver.url_for("/sitemap.xml")}</loc></sitemap></sitemapindex>')  # lists itself
    httpserver.expect_request("/sitemap.xml").respond_with_data(index, content_type="application/xml")
    httpserver.expect_request("/news.xml").respond_with_data(news, content_type="application/xml")
    httpserver.expect_request("/old.xml.gz").respond_with_data(gzip.compress(plain.encode()),
                                                                content_type="application/x-gzip")
    with Store(tmp_path / "s.db") as store:
        report = add_inputs(store, [httpserver.url_for("/sitemap.xml")], FAST)
        assert report.new == 2 and report.failed == []
        outlets = {store.get_article(i).outlet for i in (1, 2)}
        assert "Valley Courier" in outlets  # the news sitemap's publication name, the page having none
    assert [r.path for r, _ in httpserver.log].count("/sitemap.xml") == 1


@pytest.mark.parametrize("ctype,body,reason", [
    ("application/pdf", b"%PDF-1.4 ...", "not an HTML page (application/pdf)"),
    ("application/json", b'{"a": 1}', "not an HTML page (application/json)"),
    ("text/html", b"<html><body><nav>Home</nav></body></html>", "nothing of the article is left"),
])
def test_non_article_bodies_are_reported(tmp_path, httpserver, ctype, body, reason):
    httpserver.expect_request("/robots.txt").respond_with_data("")
    httpserver.expect_request("/x").respond_with_data(body, content_type=ctype)
    with Store(tmp_path / "s.db") as store:
        report = add_inputs(store, [httpserver.url_for("/x")], FAST)
    assert report.new == 0 and reason in report.failed[0][1]


@pytest.mark.parametrize("header,meta,encoding,warned", [
    ("text/html; charset=windows-1252", None, "cp1252", False),  # header right, no meta
    ("text/html", None, "cp1252", True),                         # nothing declared, not UTF-8
    ("text/html", "iso-8859-2", "iso-8859-2", False),            # meta only
    ("text/html; charset=utf-8", None, "utf-8", False),
    ("text/html; charset=utf-8", None, "cp1252", True),          # declared UTF-8, is not: read as cp1252
])
def test_charsets_of_fetched_pages(tmp_path, httpserver, make_page, header, meta, encoding, warned):
    text = "Zażółć gęślą jaźń " if encoding == "iso-8859-2" else "Café owners said “no” "
    page = make_page("Charset page", charset_meta=meta, lang_text=text).encode(encoding)
    httpserver.expect_request("/robots.txt").respond_with_data("")
    httpserver.expect_request("/c").respond_with_response(Response(page, headers={"Content-Type": header}))
    with Store(tmp_path / "s.db") as store:
        report = add_inputs(store, [httpserver.url_for("/c")], FAST)
        stored = store.get_article(report.articles[0])
    assert text.strip() in stored.text
    assert any("Windows-1252" in w for w in stored.warnings) is warned


def test_missing_input_and_bad_url_are_reported(tmp_path):
    with Store(tmp_path / "s.db") as store:
        report = add_inputs(store, [str(tmp_path / "none.txt"), "ftp://example.test/x"], FAST)
    assert len(report.failed) == 2 and all("not a file" in r for _, r in report.failed)


def test_files_are_added_like_brief_reads_them(tmp_path):
    folder = tmp_path / "arts"
    folder.mkdir()
    (folder / "a.txt").write_text("Dam repairs approved\n\n" + "The board voted to fund the repairs. " * 20)
    (folder / "b.pdf").write_bytes(b"%PDF")
    with Store(tmp_path / "s.db") as store:
        report = add_inputs(store, [str(folder)], FAST, outlets=OutletBook({"a.txt": "Ardenport Ledger"}))
        assert report.new == 1 and "unsupported file type" in report.failed[0][1]
        assert store.get_article(1).outlet == "Ardenport Ledger"
        assert add_inputs(store, [str(folder)], FAST).unchanged == 1


def test_sources_file_lines(tmp_path):
    path = tmp_path / "sources.txt"
    path.write_text("# feeds\nhttps://a.example/feed.xml  # the main feed\n\n  https://b.example/s.xml#frag\n")
    assert read_sources_file(path) == ["https://a.example/feed.xml", "https://b.example/s.xml#frag"]


def test_warc_import_keeps_where_each_date_comes_from_and_the_outlet_types(tmp_path, make_page):
    from synopsis.records import OutletProfile

    dated = make_page("Dam repairs approved", site="Ardenport Ledger").replace(
        "</head>", '<meta property="article:published_time" content="2026-03-04T10:00:00Z"></head>').encode()
    path = tmp_path / "dates.warc.gz"
    undated = make_page("Spillway opened", site="Valley Courier").encode()
    write_warc(path, [("https://ledger.example/dam", 200, "text/html", dated, []),
                      ("https://courier.example/spillway", 200, "text/html", undated, [])])
    book = OutletBook({}, {"Valley Courier": OutletProfile("opinion", "centre-left")})
    with Store(tmp_path / "s.db") as store:
        report = add_inputs(store, [str(path)], outlets=book, workers=1)
        assert report.new == 2
        got = [(a.url, a.published, a.published_from) for a in store.articles(report.articles)]
        assert got[0] == ("https://ledger.example/dam", "2026-03-04", "metadata")
        # What the cleaner said for the other page (htmldate may guess a date from its footer)
        # is what the store gives back.
        expected = page_incoming(undated, url="https://courier.example/spillway", content_type="text/html").article
        assert got[1] == ("https://courier.example/spillway", expected.published, expected.published_from)
        assert store.outlet_profiles() == {"Valley Courier": OutletProfile("opinion", "centre-left")}
