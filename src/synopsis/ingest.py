"""Read articles from folders, files or stdin: plain text, HTML and JSON lines.

Ingestion only reads and decodes; :mod:`synopsis.clean` decides what is article text.
Every input that cannot be used becomes a :class:`SkippedInput` with a reason that
says what to do, so nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlparse

from .errors import InputError, SkipInput
from .options import DEFAULT_MAX_BYTES
from .records import SkippedInput

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass(slots=True)
class RawDocument:
    """An article as read, before cleaning."""

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    from_html: bool = False
    name: str = ""  # file name, used for outlet overrides and as the last-resort outlet
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # page text the HTML extraction left out


@dataclass(slots=True)
class ReadResult:
    documents: list[RawDocument] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)


def read_inputs(
    inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin=None
) -> ReadResult:
    """Read every input (folder, file or ``-`` for stdin) into raw documents.

    Raises :class:`InputError` only when an input path does not exist; every other
    problem skips that file or record and is reported in ``ReadResult.skipped``.
    """
    result = ReadResult()
    for item in inputs:
        item = str(item)
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin
            _read_stream(stream, result, max_bytes)
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"{item}: no such file or folder; check the path")
        if path.is_dir():
            files = _list_folder(path)
            if not files:
                raise InputError(
                    f"{item}: the folder has no files; put .txt, .html or .jsonl articles in it"
                )
            for file in files:
                _read_file(file, result, max_bytes)
        else:
            _read_file(path, result, max_bytes)
    _make_ids_unique(result.documents)
    return result


def _list_folder(folder: Path) -> list[Path]:
    """Files below `folder` in a stable order, hidden files and folders left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _read_file(path: Path, result: ReadResult, max_bytes: int) -> None:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        result.skipped.append(
            SkippedInput(source, f"unsupported file type '{suffix or path.name}': "
                                 "give .txt, .html/.htm or .jsonl files")
        )
        return
    try:
        size = path.stat().st_size
        if suffix in JSONL_SUFFIXES:
            # The limit applies to each record, not to the whole file.
            with path.open("rb") as fh:
                for number, line in enumerate(fh, start=1):
                    _read_jsonl_line(line, f"{source}:{number}", path, result, max_bytes)
            return
        if size > max_bytes:
            raise SkipInput(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit: "
                "split it or raise --max-bytes"
            )
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            result.documents.append(html_document(data, source=source, stem=path.stem, name=path.name))
            return
        text, warning = decode_bytes(data)
        doc = _document_from_text(text, source, path.stem, path.name, html=False)
        if warning:
            doc.warnings.append(warning)
        result.documents.append(doc)
    except SkipInput as err:
        result.skipped.append(SkippedInput(source, str(err)))
    except OSError as err:
        result.skipped.append(SkippedInput(source, f"cannot read the file ({err.strerror}); check its permissions"))


def _read_stream(stream, result: ReadResult, max_bytes: int) -> None:
    """Stdin holds one article (text or HTML) or JSON lines, told apart by content."""
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        result.skipped.append(SkippedInput("<stdin>", "stdin is empty: pipe an article or JSON lines into it"))
        return
    if data.lstrip().startswith(b"{"):
        for number, line in enumerate(data.splitlines(), start=1):
            _read_jsonl_line(line, f"<stdin>:{number}", None, result, max_bytes)
        return
    try:
        if len(data) > max_bytes:
            raise SkipInput(f"input is {len(data) / 1e6:.1f} MB, over the limit: split it or raise --max-bytes")
        text, warning = decode_bytes(data)
        doc = _document_from_text(text, "<stdin>", "stdin", "stdin", html=looks_like_html(text))
        if warning:
            doc.warnings.append(warning)
        result.documents.append(doc)
    except SkipInput as err:
        result.skipped.append(SkippedInput("<stdin>", str(err)))


def _read_jsonl_line(
    line: bytes, source: str, path: Path | None, result: ReadResult, max_bytes: int
) -> None:
    if not line.strip():
        return
    try:
        if len(line) > max_bytes:
            raise SkipInput(
                f"record is {len(line) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit: "
                "shorten it or raise --max-bytes"
            )
        text, warning = decode_bytes(line)
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            raise SkipInput(f"not valid JSON ({err.msg} at column {err.colno}); fix or remove the line") from None
        if not isinstance(record, dict):
            raise SkipInput("a JSON line must be an object with a 'text' or 'html' field")
        body = record.get("text")
        html = record.get("html")
        if not (isinstance(body, str) and body.strip()) and not (isinstance(html, str) and html.strip()):
            raise SkipInput("the record has no 'text' or 'html' field with content; add one")
        record_id = record.get("id")
        stem = str(record_id) if record_id not in (None, "") else source.replace("/", "_")
        if isinstance(body, str) and body.strip():
            doc = RawDocument(id=stem, source=source, text=_normalise_newlines(body), name=path.name if path else "")
        else:
            doc = _document_from_text(html, source, stem, path.name if path else "", html=True)
        doc.id = stem
        if warning:
            doc.warnings.append(warning)
        for key in ("title", "url", "outlet"):
            value = record.get(key)
            if isinstance(value, str) and value.strip():
                setattr(doc, key, value.strip())
        published = record.get("published") or record.get("date")
        if published:
            doc.published = normalise_date(str(published))
        result.documents.append(doc)
    except SkipInput as err:
        result.skipped.append(SkippedInput(source, str(err)))


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode as UTF-8, else cp1252 with a warning; binary data is refused."""
    if b"\x00" in data[:8192]:
        raise SkipInput("binary file, not text: give .txt, .html or .jsonl articles")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; read as Windows-1252 (cp1252): check accented letters"
    except UnicodeDecodeError:
        raise SkipInput("cannot decode the file as UTF-8 or Windows-1252: save it as UTF-8") from None


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _document_from_text(text: str, source: str, stem: str, name: str, *, html: bool) -> RawDocument:
    if not html:
        return RawDocument(id=stem, source=source, text=_normalise_newlines(text), name=name)
    return extract_html(text, source=source, stem=stem, name=name)


def extract_html(html: str, *, source: str, stem: str, name: str = "", url: str | None = None) -> RawDocument:
    """Main text and metadata of an HTML page with trafilatura (Barbaresi 2021), after the
    structural rules of :mod:`synopsis.sources.extract` (hidden copies, related-posts sections,
    link lists, bodies split into chunks). `url` is the page's address when known (fetched pages)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    from .sources.extract import parse_page, prepare_page

    tree = parse_page(html)
    doc = None if tree is None else trafilatura.bare_extraction(
        prepare_page(tree), url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=False,
    )
    if doc is None or not (doc.text or "").strip():
        raise SkipInput("no article text found in the HTML page; save the article page itself, not an index")
    text = _normalise_newlines(doc.text)
    title = (doc.title or "").strip() or None
    if title and text.split("\n", 1)[0].strip() != title:
        text = f"{title}\n{text}"
    return RawDocument(
        id=stem,
        source=source,
        text=text,
        title=title,
        url=doc.url or url,
        outlet=_site_name(doc.sitename, doc.url or url),
        published=normalise_date(doc.date) if doc.date else None,
        from_html=True,
        name=name,
        dropped=html_text_left_out(html, text),
    )


def html_document(data: bytes, *, source: str, stem: str, name: str = "", url: str | None = None,
                  content_type: str | None = None) -> RawDocument:
    """An HTML page's bytes -> RawDocument: decoded in the browser's order (BOM, the HTTP
    charset, ``<meta charset>``, UTF-8, windows-1252), then :func:`extract_html`. The one path
    of HTML files, fetched pages and WARC records."""
    from .sources.charset import decode_html

    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SkipInput("binary data, not an HTML page: give the article page itself")
    text, warning = decode_html(data, content_type)
    doc = extract_html(text, source=source, stem=stem, name=name, url=url)
    if warning:
        doc.warnings.append(warning)
    return doc


def _site_name(sitename: str | None, url: str | None) -> str | None:
    """The page's site name, unless it is only the URL's host (trafilatura falls back to it),
    which says nothing the outlet table and the domain fallback do not say better."""
    name = (sitename or "").strip() or None
    if name and url:
        host = urlparse(url if "//" in url else f"//{url}")
        if name.lower().removeprefix("www.") in {url_domain(url), (host.netloc or "").lower().removeprefix("www.")}:
            return None
    return name


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "td", "th",
               "nav", "header", "footer", "aside", "section", "article", "button", "label", "form", "ul", "ol",
               "dt", "dd", "br", "tr", "figure", "span", "a", "small", "time"}


def html_text_left_out(html: str, extracted: str) -> list[str]:
    """Text blocks of the page that the main-content extraction did not keep.

    Listed so that a user can audit every cut, as for text files; inline elements
    (links, spans) count as their own block, which is how menus and share bars appear.
    """
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in tree.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    kept = squash_text(extracted)
    kept_words = set(re.findall(r"\w+", extracted.lower()))
    seen: set[str] = set()
    left_out = []
    for line in tree.text_content().split("\n"):
        line = " ".join(line.split())
        key = squash_text(line)
        if len(key) < 2 or key in seen:
            continue
        short = len(line.split()) <= 2  # "Home", "Sign up": compare whole words, not substrings
        if (short and set(re.findall(r"\w+", line.lower())) <= kept_words) or (not short and key in kept):
            continue
        seen.add(key)
        left_out.append(line)
    return left_out


def squash_text(text: str) -> str:
    """Letters and digits only, lower case: for comparing text across formatting."""
    return re.sub(r"\W+", "", text).lower()


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y%m%d")


def normalise_date(value: str) -> str | None:
    """ISO date (YYYY-MM-DD) from common date strings; None when it is not a date."""
    value = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def day_number(iso_date: str | None) -> int | None:
    """Proleptic ordinal of an ISO date (YYYY-MM-DD...), or None when absent or invalid:
    day arithmetic for publication dates."""
    if not iso_date:
        return None
    try:
        return date.fromisoformat(iso_date[:10]).toordinal()
    except ValueError:
        return None


def outlet_name(doc: RawDocument, overrides: dict[str, str] | None = None) -> str:
    """Outlet: user override, else metadata (the page's site name), else the table of well-known
    news domains (:mod:`synopsis.sources.outlets`), else the URL's domain, else the file name."""
    return outlet_choice(doc, overrides)[0]


def outlet_choice(doc: RawDocument, overrides: dict[str, str] | None = None) -> tuple[str, str]:
    """The outlet name and where it came from: "user file", "site name", "known domain",
    "domain" or "file name"."""
    domain = url_domain(doc.url) if doc.url else None
    if overrides:
        for key in (doc.source, doc.name, doc.id, Path(doc.name).stem if doc.name else None, domain, doc.outlet):
            if key and key in overrides:
                return overrides[key], "user file"
    if doc.outlet:
        return doc.outlet, "site name"
    if domain:
        from .sources.outlets import known_outlet

        known = known_outlet(domain)
        return (known, "known domain") if known else (domain, "domain")
    return (Path(doc.name).stem if doc.name else doc.id), "file name"


def url_domain(url: str) -> str | None:
    host = urlparse(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _make_ids_unique(documents: list[RawDocument]) -> None:
    seen: dict[str, int] = {}
    for doc in documents:
        count = seen.get(doc.id, 0)
        seen[doc.id] = count + 1
        if count:
            doc.id = f"{doc.id}-{count + 1}"
