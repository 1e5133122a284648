"""Pages from WARC files (fastwarc), laid out as Common Crawl News (CC-NEWS) is.

fastwarc 2.0 (a Rust rewrite: errors are ``OSError``; no ``FastWARCError`` any more) reads
response records with ``auto_decode='all'``, so gzip/chunked HTTP bodies come out decoded as
warcio's ``content_stream()`` gives them (its default ``'none'`` returns raw gzip). Only HTTP
200 responses with an HTML content type are pages; every other record is counted and skipped.
A damaged record (a corrupt ``Content-Length`` stops any reader there) ends the file with an
error that is reported, never raised: one bad WARC never stops an import (cc-pyspark's rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".warc.lz4")


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


@dataclass(slots=True)
class WarcPage:
    url: str
    date: str | None  # WARC-Date, ISO 8601
    content_type: str | None
    body: bytes
    record_id: str


@dataclass(slots=True)
class WarcCounts:
    """What a WARC held: pages read, records skipped by reason, and an error that stopped it."""

    pages: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def iter_warc(path: str | Path, counts: WarcCounts | None = None, *, max_bytes: int = 5_000_000) -> Iterator[WarcPage]:
    """HTML pages of a WARC file, in file order; `counts` is filled as it goes."""
    from fastwarc import ArchiveIterator, WarcRecordType

    counts = counts if counts is not None else WarcCounts()
    try:
        records = ArchiveIterator(str(path), record_types=WarcRecordType.response, auto_decode="all",
                                  fsspec_args=False)
        for record in records:
            url = record.headers.get("WARC-Target-URI") or ""
            if not record.is_http:
                counts.skip("not an HTTP response")
                continue
            status = record.http_headers.status_code
            if status != 200:
                counts.skip(f"HTTP {status}")
                continue
            content_type = record.http_headers.get("Content-Type")
            if (record.http_content_type or "").lower() not in HTML_TYPES:
                counts.skip("not HTML")
                continue
            if record.content_length > max_bytes * 4:
                counts.skip("over the size cap")
                continue
            body = record.reader.read(max_bytes + 1)
            if len(body) > max_bytes:
                counts.skip("over the size cap")
                continue
            date = record.record_date
            counts.pages += 1
            yield WarcPage(url, date.isoformat() if date else None, content_type, body,
                           record.headers.get("WARC-Record-ID") or url)
    except OSError as err:
        counts.error = f"{path}: the WARC is damaged after {counts.pages} pages ({' '.join(str(err).split())[:200]}); the rest of it was skipped"
