"""Feeds and sitemaps parsed from bytes: links, titles without markup, UTC dates, indexes, gzip."""

from __future__ import annotations

import gzip

import pytest

from synopsis.sources.feeds import looks_like_feed, parse_feed
from synopsis.sources.sitemaps import looks_like_sitemap, maybe_gunzip, parse_sitemap

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger: Top stories</title>
<item><title>Dam &amp; reservoir</title><link>https://news.example/a1</link>
<pubDate>Tue, 10 Mar 2026 17:18:00 -0400</pubDate></item>
<item><title>Second</title><link>/a2</link></item>
<item><title>No link</title></item>
<item><title>Again</title><link>https://news.example/a1</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
<entry><title type="html">Bridge &lt;b&gt;shut&lt;/b&gt;</title><link href="https://news.example/b1"/>
<updated>2026-03-11T06:00:00Z</updated></entry></feed>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/n1</loc><news:news><news:publication><news:name>Ardenport Ledger</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2026-03-10</news:publication_date>
<news:title>Dam cracks</news:title></news:news></url>
<url><loc>https://news.example/n2</loc><lastmod>2026-03-11T10:00:00+02:00</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/news.xml</loc></sitemap><sitemap><loc>https://news.example/old.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_rss_links_titles_and_utc_dates():
    feed = parse_feed(RSS, "https://news.example/feed.xml")
    assert feed.title == "Ledger: Top stories" and feed.warning == "skipped 1 with no link of its 4 entries"
    assert [e.url for e in feed.entries] == ["https://news.example/a1", "https://news.example/a2"]
    first = feed.entries[0]
    assert first.title == "Dam & reservoir"
    assert first.published == "2026-03-10T21:18:00+00:00"  # -04:00 turned into UTC, not local time
    assert feed.entries[1].published is None


def test_atom_html_title_loses_its_markup():
    (entry,) = parse_feed(ATOM, "https://news.example/atom").entries
    assert entry.title == "Bridge shut" and entry.published == "2026-03-11T06:00:00+00:00"


def test_malformed_feed_still_yields_entries_with_a_warning():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>cut")
    feed = parse_feed(broken, "https://news.example/feed.xml")
    assert feed.entries and "not well-formed" in feed.warning


@pytest.mark.parametrize("item, warning", [
    (b"<item><title>No link</title></item>", "skipped 2 with no link of its 5 entries"),
    (b"<item><title>Blank</title><link> </link></item>", "skipped 2 with no link of its 5 entries"),
    (b"<item><title>Bad host</title><link>https://[news.example/a3</link></item>",  # feedparser drops it
     "skipped 2 with no link of its 5 entries"),
])
def test_entries_without_a_usable_link_are_counted_in_the_warning(item, warning):
    feed = parse_feed(RSS.replace(b"</channel></rss>", item + b"</channel></rss>"), "https://news.example/feed.xml")
    assert [e.url for e in feed.entries] == ["https://news.example/a1", "https://news.example/a2"]
    assert feed.warning == warning


def test_big_feed_is_parsed():
    items = b"".join(b"<item><title>T%d</title><link>https://news.example/x%d</link></item>" % (i, i)
                     for i in range(2000))
    feed = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>' + items
                      + b"</channel></rss>", "https://news.example/f")
    assert len(feed.entries) == 2000


@pytest.mark.parametrize("body,feed,sitemap", [(RSS, True, False), (ATOM, True, False), (NEWS, False, True),
                                               (INDEX, False, True), (b"<!DOCTYPE html><html>", False, False)])
def test_sniffing(body, feed, sitemap):
    assert looks_like_feed(body) is feed and looks_like_sitemap(body) is sitemap


def test_news_sitemap_gives_publication_title_and_date():
    result = parse_sitemap(NEWS, "https://news.example/news.xml")
    assert result.error is None and result.sitemaps == []
    n1, n2 = result.pages
    assert (n1.url, n1.outlet, n1.title, n1.published) == ("https://news.example/n1", "Ardenport Ledger",
                                                            "Dam cracks", "2026-03-10T00:00:00+00:00")
    assert n2.published == "2026-03-11T08:00:00+00:00" and n2.outlet is None


def test_index_lists_sub_sitemaps_to_fetch():
    result = parse_sitemap(INDEX, "https://news.example/sitemap.xml")
    assert result.pages == [] and result.sitemaps == ["https://news.example/news.xml",
                                                      "https://news.example/old.xml.gz"]


def test_gzip_sitemap_file_and_its_cap():
    packed = gzip.compress(NEWS)
    assert len(parse_sitemap(packed, "https://news.example/s.xml.gz").pages) == 2
    with pytest.raises(ValueError):
        maybe_gunzip(gzip.compress(b"x" * 10_000), max_bytes=1000)


def test_not_a_sitemap():
    assert "not a sitemap" in parse_sitemap(b"<html><body>no</body></html>", "https://news.example/x").error
