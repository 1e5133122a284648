"""Article links from RSS and Atom feeds (feedparser).

feedparser's pitfalls, handled here: ``published_parsed`` is a naive struct_time in UTC
(feedparser#212), so it is turned into an aware UTC datetime with ``calendar.timegm``, never
``time.mktime``; Atom ``type="html"`` titles keep their markup, which is stripped; a
malformed feed sets ``bozo`` but still yields its entries, which are used (the problem is
reported as a warning); relative links are resolved against the feed's URL.
"""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin


@dataclass(slots=True)
class Discovered:
    """An article link found in a feed or sitemap, with what the source says about it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 (UTC) when the source dates it
    outlet: str | None = None  # a news sitemap's publication name, a feed's title


@dataclass(slots=True)
class FeedResult:
    title: str | None
    entries: list[Discovered] = field(default_factory=list)
    warning: str | None = None


def plain(text: str | None) -> str | None:
    """Markup stripped and entities decoded; None when nothing is left."""
    if not text:
        return None
    from w3lib.html import remove_tags

    value = " ".join(html.unescape(remove_tags(text)).split())
    return value or None


def _iso(parsed) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def looks_like_feed(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> FeedResult:
    """Entries of an RSS/Atom feed (each with a link) in the feed's order. A feed served as
    ``text/html`` or ``text/plain`` (common) is not a warning."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url,
                                                      "content-type": content_type or "application/xml"})
    title = plain(parsed.feed.get("title"))
    warning = None
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), feedparser.NonXMLContentType):
        warning = f"the feed is not well-formed ({type(parsed.get('bozo_exception')).__name__}); its entries were read anyway"
    entries, seen, unlinked, bad = [], set(), 0, 0
    for entry in parsed.entries:
        link = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if not link or not link.strip():
            unlinked += 1
            continue
        try:
            link = urljoin(url, link.strip())
        except ValueError:  # an unclosed "[" in the host ("Invalid IPv6 URL")
            bad += 1
            continue
        if link in seen:
            continue
        seen.add(link)
        entries.append(Discovered(link, plain(entry.get("title")),
                                  _iso(entry.get("published_parsed") or entry.get("updated_parsed"))))
    skipped = [f"{n} {what}" for n, what in ((unlinked, "with no link"), (bad, "whose link is not a URL")) if n]
    if skipped:
        note = f"skipped {' and '.join(skipped)} of its {len(parsed.entries)} entries"
        warning = f"{warning}; {note}" if warning else note
    return FeedResult(title, entries, warning)
