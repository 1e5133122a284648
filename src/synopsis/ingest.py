"""Read articles from folders, files or stdin: plain text, HTML and JSON lines.

Ingestion only reads and decodes; :mod:`synopsis.clean` decides what is article text.
Every input that cannot be used becomes a :class:`SkippedInput` with a reason that
says what to do, so nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from .errors import SkipInput
from .files import INPUT_FILES, file_problem  # noqa: F401  (ingest.file_problem, ingest.INPUT_FILES as before)
from .options import DEFAULT_MAX_BYTES
from .records import SkippedInput
from .text.dates import normalise_date

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
    #: where `published` came from when the input says (a store export's ``published_from``);
    #: None means the page's or record's own metadata
    published_from: str | None = None
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

    Nothing raises for a bad input: a missing path, an empty folder, a file that is not a
    regular file, and every file or record that cannot be used is reported in
    ``ReadResult.skipped`` with a reason, and the other inputs go on.
    """
    result = ReadResult()
    for item in inputs:
        item = str(item)
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin
            _read_stream(stream, result, max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            files = _list_folder(path)
            if not files:
                result.skipped.append(SkippedInput(
                    valid_text(item), "the folder has no files; put .txt, .html or .jsonl articles in it"))
            for file in files:
                _read_file(file, result, max_bytes)
        else:
            _read_file(path, result, max_bytes)
    _make_ids_unique(result.documents)
    return result


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """One file (not a folder) read exactly as :func:`read_inputs` reads it, with its ids not yet
    made unique: a caller reading files apart (the Spark path, :mod:`synopsis.spark`) makes the
    ids of all inputs unique itself, in input order, as :func:`read_inputs` does."""
    result = ReadResult()
    _read_file(Path(path), result, max_bytes)
    return result


def read_jsonl_record(line: bytes, source: str, path: Path | None = None, *,
                      max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """One JSON-lines record (the line's bytes) read as a line of a ``.jsonl`` file is: the
    document, or the reason it was skipped (the Spark path reads Parquet rows through here)."""
    result = ReadResult()
    _read_jsonl_line(line, source, path, result, max_bytes)
    return result


def list_folder(folder: str | Path) -> list[Path]:
    """The files :func:`read_inputs` reads from a folder, in its order (see :func:`_list_folder`)."""
    return _list_folder(Path(folder))


def _list_folder(folder: Path) -> list[Path]:
    """Every entry below `folder` that is not a folder (files, links, pipes: the reader judges
    them), in a stable order; hidden files and folders left out. Links to folders are listed,
    not followed (a link may point back up the tree)."""
    found = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            found.append(Path(current))  # an unreadable folder: the reader says why
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                found.append(Path(entry.path))
    return sorted(found)


def _read_file(path: Path, result: ReadResult, max_bytes: int) -> None:
    source = valid_text(str(path))
    problem = file_problem(path)
    if problem is not None:
        result.skipped.append(SkippedInput(source, problem))
        return
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
            before = len(result.documents) + len(result.skipped)
            with path.open("rb") as fh:
                wide = utf16_or_32(fh.read(4))
                fh.seek(0)
                # In UTF-16 or UTF-32 the lines are found after decoding, not in the bytes.
                lines = io.BytesIO(as_utf8(fh.read())) if wide else fh
                for number, line in enumerate(lines, start=1):
                    _read_jsonl_line(line, f"{source}:{number}", path, result, max_bytes)
            if len(result.documents) + len(result.skipped) == before:
                raise SkipInput("the file holds no JSON lines; put one article a line: {\"text\": ...}")
            return
        if size > max_bytes:
            raise SkipInput(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit: "
                "split it or raise --max-bytes"
            )
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            result.documents.append(html_document(data, source=source, stem=valid_text(path.stem), name=valid_text(path.name)))
            return
        text, warning = decode_bytes(data)
        doc = _document_from_text(text, source, valid_text(path.stem), valid_text(path.name), html=False)
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
        data = data.encode("utf-8", "surrogatepass")
    try:
        data = as_utf8(data)
    except SkipInput as err:
        result.skipped.append(SkippedInput("<stdin>", str(err)))
        return
    if not data.strip():
        result.skipped.append(SkippedInput("<stdin>", "stdin is empty: pipe an article or JSON lines into it"))
        return
    if data.lstrip().startswith(b"{"):
        for number, line in enumerate(io.BytesIO(data), start=1):  # lines end at \n, as in a file
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
        warnings = [warning] if warning else []
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            raise SkipInput(f"not valid JSON ({err.msg} at column {err.colno}); fix or remove the line") from None
        if not isinstance(record, dict):
            raise SkipInput("a JSON line must be an object with a 'text' or 'html' field")
        fixed = {key: valid_text(value) for key, value in record.items() if isinstance(value, str)}
        if any(fixed[key] != record[key] for key in fixed):
            record |= fixed
            warnings.append("the record holds unpaired surrogate escapes (\\ud800-\\udfff), which are not "
                            "characters; each was replaced by U+FFFD")
        body = record.get("text")
        html = record.get("html")
        if not (isinstance(body, str) and body.strip()) and not (isinstance(html, str) and html.strip()):
            raise SkipInput("the record has no 'text' or 'html' field with content; add one")
        record_id = record.get("id")
        stem = str(record_id) if record_id not in (None, "") else source.replace("/", "_")
        name = valid_text(path.name) if path else ""
        if isinstance(body, str) and body.strip():
            doc = RawDocument(id=stem, source=source, text=_normalise_newlines(body), name=name)
        else:
            doc = _document_from_text(html, source, stem, name, html=True)
        doc.id = stem
        doc.warnings.extend(warnings)
        for key in ("title", "url", "outlet"):
            value = record.get(key)
            if isinstance(value, str) and value.strip():
                setattr(doc, key, value.strip())
        published = record.get("published") or record.get("date")
        if published:
            doc.published = normalise_date(str(published))
            doc.published_from = _published_from(record.get("published_from"), source) if doc.published else None
        result.documents.append(doc)
    except SkipInput as err:
        result.skipped.append(SkippedInput(source, str(err)))


def _published_from(value, source: str) -> str | None:
    """A record's ``published_from`` (as `synopsis export` writes it), so that a date read from a
    photo caption stays weak evidence after a round trip through JSON lines; absent -> None
    (the record's own metadata)."""
    from .records import PUBLISHED_FROM

    if value in (None, ""):
        return None
    if value not in PUBLISHED_FROM:
        raise SkipInput(f"'published_from' is {value!r}; use one of {', '.join(PUBLISHED_FROM)} or leave it out")
    return value


#: Byte order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


def utf16_or_32(head: bytes) -> bool:
    return any(head.startswith(bom) for bom, codec, _ in _BOMS if codec != "utf-8-sig")


def _decode_bom(data: bytes) -> str | None:
    """The text of data that opens with a byte order mark (UTF-8, UTF-16 or UTF-32, either byte
    order), or None without one. A mark over bytes that are not that encoding is refused."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                if name == "UTF-32" and data.startswith(codecs.BOM_UTF16_LE):
                    continue  # UTF-16 LE text whose first character is U+0000
                raise SkipInput(f"starts with a {name} byte order mark but is not valid {name}: "
                                "save it as UTF-8") from None
    return None


def as_utf8(data: bytes) -> bytes:
    """Bytes with a byte order mark as UTF-8 without one (lines and JSON can then be found in
    them); other bytes unchanged."""
    text = _decode_bom(data)
    return data if text is None else text.encode("utf-8", "surrogatepass")


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode by the byte order mark when there is one (UTF-8, UTF-16, UTF-32), else as UTF-8,
    else cp1252 with a warning; binary data is refused."""
    text = _decode_bom(data)
    if text is not None:
        if "\x00" in text[:8192]:
            raise SkipInput("binary file, not text: give .txt, .html or .jsonl articles")
        return text, None
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


def valid_text(text: str) -> str:
    """`text` with every surrogate code point replaced by U+FFFD. Such code points are not
    characters and cannot be written as UTF-8: they come from JSON escapes ("\\ud800") and from
    file names that are not UTF-8 (Python keeps their bytes as surrogates)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _document_from_text(text: str, source: str, stem: str, name: str, *, html: bool) -> RawDocument:
    if not html:
        return RawDocument(id=stem, source=source, text=_normalise_newlines(text), name=name)
    return extract_html(text, source=source, stem=stem, name=name)


#: libxml2 stops reading an HTML page at 256 levels of nested elements (silently: the text below
#: is lost); with its "huge" option, at 2048 levels, and then it says so.
PARSER_DEPTH, HUGE_PARSER_DEPTH = 256, 2048


def parse_html(html: str):
    """The page as an lxml tree read to :data:`HUGE_PARSER_DEPTH` levels, and whether elements
    nested deeper than that were lost; (None, False) when lxml cannot parse it at all."""
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, encoding="utf-8")
    try:  # as UTF-8 bytes: lxml refuses a str that declares its encoding
        tree = lxml.html.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return None, False
    return tree, any("Excessive depth" in entry.message for entry in parser.error_log)


def tree_depth(tree) -> int:
    """Levels of the deepest element below `tree` (1 for a tree of one element)."""
    import lxml.etree

    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


_EXTRACTOR: tuple | None = None  # (trafilatura Extractor, its settings' EXTENSIVE_DATE_SEARCH)


def extraction_options(url: str | None):
    """trafilatura's options for one page, as ``bare_extraction(url=url, with_metadata=True,
    include_comments=False, include_tables=True, favor_precision=False)`` builds them, from a
    template made once: building them reads trafilatura's settings file each time (configparser;
    0.4 ms a page). The date search's upper bound (today) is set afresh for every page."""
    global _EXTRACTOR
    from copy import copy

    from trafilatura.settings import Extractor, set_date_params

    if _EXTRACTOR is None:
        template = Extractor(output_format="python", fast=False, precision=False, recall=False, comments=False,
                             formatting=None, links=False, images=False, tables=True, dedup=False, with_metadata=True)
        _EXTRACTOR = template, template.config.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH")
    template, extensive = _EXTRACTOR
    options = copy(template)
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    options.date_params = set_date_params(extensive)
    return options


def extract_html(html: str, *, source: str, stem: str, name: str = "", url: str | None = None) -> RawDocument:
    """Main text and metadata of an HTML page with trafilatura (Barbaresi 2021), after the
    structural rules of :mod:`synopsis.sources.extract` (hidden copies, related-posts sections,
    link lists, bodies split into chunks). `url` is the page's address when known (fetched pages).

    The page is parsed as trafilatura parses it; libxml2's default depth limit silently drops text
    nested 256 elements deep or more, so a page that reaches that depth is parsed again to 2048
    levels, and a page nested deeper still is reported as such, not as a page without an article."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    from .sources.extract import parse_page, prepare_page

    tree, too_deep = parse_page(html), False
    if tree is not None and tree_depth(tree) >= PARSER_DEPTH - 8:
        tree, too_deep = parse_html(html)
    # The audit of every cut lists the page's text blocks that extraction left out: they are
    # read first, from the untouched tree; then the page rules change the tree in place, and
    # trafilatura works on a copy of the tree it is given (so one copy of the page is made, not two).
    blocks = page_blocks(tree) if tree is not None else []
    doc = None if tree is None else trafilatura.bare_extraction(prepare_page(tree), options=extraction_options(url))
    if doc is None or not (doc.text or "").strip() or (too_deep and len(doc.text.split()) < 20):
        if too_deep:
            raise SkipInput(f"the page nests its elements more than {HUGE_PARSER_DEPTH} levels deep, deeper than "
                            "the HTML parser reads, so its text is lost: save the article's text as a .txt file")
        raise SkipInput("no article text found in the HTML page; save the article page itself, not an index")
    warnings = []
    if too_deep:
        warnings.append(f"the page nests elements more than {HUGE_PARSER_DEPTH} levels deep; text below that "
                        "depth is not read: check the article against the page")
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
        published=page_date(doc.date, tree, text, url),
        from_html=True,
        name=name,
        warnings=warnings,
        dropped=text_left_out(blocks, text),
    )


def page_date(found: str | None, tree, text: str, url: str | None) -> str | None:
    """The publication date trafilatura found (through htmldate), unless it is only the year of
    a copyright notice: htmldate's extensive search falls back to "Copyright 2026" and gives
    2026-01-01, which would date an undated page to New Year's Day. A January 1 date is kept when
    htmldate finds it without the extensive search (page metadata, <time> elements, the URL) or
    the article's own text states that day; otherwise the page is undated here and the cleaner's
    weaker sources (a dateline, a dated caption) may date it."""
    published = normalise_date(found) if found else None
    if published is None or not published.endswith("-01-01"):
        return published
    import htmldate
    from trafilatura.settings import set_date_params

    from .text.dates import find_dates

    params = set_date_params(False)
    strict = htmldate.find_date(tree, url=url, **params) if tree is not None else None
    if strict and normalise_date(strict) == published:
        return published
    return published if published in find_dates(text) else None


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


_NOT_TEXT_TAGS = {"script", "style", "noscript", "template", "head"}


def _page_text(tree) -> str:
    """The page's text with a line break around every block (and inline) element of
    :data:`_BLOCK_TAGS`, scripts, styles and the head left out. Read without changing the tree
    (lxml refuses to set text that holds control characters) and without recursion (pages may
    nest 2048 deep)."""
    import lxml.etree

    out = []
    walker = lxml.etree.iterwalk(tree, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event in ("comment", "pi"):
            out.append(el.tail or "")
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _NOT_TEXT_TAGS:
                walker.skip_subtree()
                continue
            out += ["\n" if tag in _BLOCK_TAGS else "", el.text or ""]
        else:
            out += ["\n" if tag in _BLOCK_TAGS else "", (el.tail or "") if el is not tree else ""]
    return "".join(out)


def html_text_left_out(tree, extracted: str) -> list[str]:
    """Text blocks of the page (an lxml tree, or HTML text) that the main-content extraction
    did not keep.

    Listed so that a user can audit every cut, as for text files; inline elements
    (links, spans) count as their own block, which is how menus and share bars appear.
    """
    if isinstance(tree, str):
        tree, _ = parse_html(tree)
        if tree is None:
            return []
    return text_left_out(page_blocks(tree), extracted)


def page_blocks(tree) -> list[str]:
    """The page's text blocks (:func:`_page_text`'s lines), spaces collapsed, empty ones left out."""
    return [" ".join(parts) for line in _page_text(tree).split("\n") if (parts := line.split())]


_WORD_CHARS = re.compile(r"\w+")
_NON_WORD_CHARS = re.compile(r"\W+")


def text_left_out(blocks: list[str], extracted: str) -> list[str]:
    """The blocks of :func:`page_blocks` that the `extracted` text does not hold, each once:
    a block of one or two words when its words are not all in the text, a longer one when its
    letters and digits are not in the text's."""
    kept = squash_text(extracted)
    kept_words = set(_WORD_CHARS.findall(extracted.lower()))
    seen: set[str] = set()
    left_out = []
    for line in blocks:
        key = _NON_WORD_CHARS.sub("", line).lower()
        if len(key) < 2 or key in seen:
            continue
        short = line.count(" ") <= 1  # "Home", "Sign up": compare whole words, not substrings
        if (short and set(_WORD_CHARS.findall(line.lower())) <= kept_words) or (not short and key in kept):
            continue
        seen.add(key)
        left_out.append(line)
    return left_out


def squash_text(text: str) -> str:
    """Letters and digits only, lower case: for comparing text across formatting."""
    return _NON_WORD_CHARS.sub("", text).lower()


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
    """The host of `url` without "www.", or None when it has none or is not a URL (an unclosed
    "[" makes urllib raise "Invalid IPv6 URL": such a record is kept, named by its file)."""
    try:
        host = urlparse(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def unique_ids(ids: Sequence[str]) -> list[str]:
    """The ids in order, each repeat renamed with the first suffix (-2, -3, ...) that no other
    id uses, so that a renamed id never takes the id of a later input ("a", "a", "a-2" give
    "a", "a-3", "a-2")."""
    taken = set(ids)
    seen: set[str] = set()
    out = []
    for current in ids:
        if current in seen:
            n = 2
            while f"{current}-{n}" in taken:
                n += 1
            current = f"{current}-{n}"
            taken.add(current)
        seen.add(current)
        out.append(current)
    return out


def renamed_id_warning(old: str, new: str) -> str:
    return f"id '{old}' is also used by an earlier input; this article is '{new}' in the brief"


def _make_ids_unique(documents: list[RawDocument]) -> None:
    for doc, new in zip(documents, unique_ids([d.id for d in documents])):
        if new != doc.id:
            doc.warnings.append(renamed_id_warning(doc.id, new))
            doc.id = new
