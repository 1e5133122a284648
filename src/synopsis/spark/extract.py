"""Extract and clean (``mapInPandas``): the single machine's functions, record by record.

- a .txt/.html file: :func:`synopsis.ingest.read_file` (``synopsis stories`` reads files so);
- a JSON-lines record or Parquet row: :func:`synopsis.ingest.read_jsonl_record`;
- a WARC page: :func:`synopsis.sources.add.page_incoming` (``ingest.html_document`` then
  ``clean.clean_document``, as ``synopsis add crawl.warc.gz`` imports it), already cleaned;
- documents are then cleaned by :func:`synopsis.clean.clean_document` with the lines repeated
  across the whole input (``clean.repeated_lines``, counted by Spark: :func:`repeated_lines`).

A record that cannot be used becomes a ``skip`` row with the reason (listed in the run's
``skipped`` table) and is counted in an accumulator; an unexpected error in one record is
counted as failed and skipped the same way. No record ends the job.
"""

from __future__ import annotations

from pathlib import Path

from .schema import DOCUMENT_COLUMNS, article_values, frame_of, document_values, empty_document_row, to_article, to_document


def _bump(local: dict, name: str, n: int = 1) -> None:
    local[name] = local.get(name, 0) + n


def _skip(order: int, source: str, reason: str) -> dict:
    row = empty_document_row(order, "skip")
    row.update(source=source, reason=reason)
    return row


def extract_records(frames, *, max_bytes: int, outlets: dict, counts=None):
    """Raw rows -> document rows (kind doc), cleaned WARC pages (kind article) or skips."""
    from ..errors import SkipInput
    from ..ingest import read_file, read_jsonl_record
    from ..sources.add import page_incoming
    from ..sources.outlets import OutletBook

    book = OutletBook(dict(outlets))
    for frame in frames:
        out = []
        local: dict[str, int] = {}
        for rec in frame.to_dict("records"):
            order, kind = int(rec["order"]), rec["kind"]
            try:
                if kind == "skip":
                    out.append(_skip(order, rec["source"], rec["reason"]))
                    _bump(local, "inputs skipped")
                    continue
                if kind == "page":
                    try:
                        item = page_incoming(bytes(rec["payload"]), url=rec["url"], content_type=rec["content_type"],
                                             outlets=book, fetched_at=rec["date"])
                    except SkipInput as err:
                        out.append(_skip(order, rec["url"], str(err)))
                        _bump(local, "records skipped")
                        continue
                    row = empty_document_row(order, "article")
                    row.update(article_values(item.article))
                    out.append(row)
                    _bump(local, "records read")
                    continue
                if kind == "file":
                    result = read_file(rec["path"], max_bytes=max_bytes)
                else:  # jsonl
                    result = read_jsonl_record(bytes(rec["payload"]), rec["source"], Path(rec["path"]),
                                               max_bytes=max_bytes)
                for k, doc in enumerate(result.documents):
                    row = empty_document_row(order + k, "doc")
                    row.update(document_values(doc))
                    out.append(row)
                    _bump(local, "records read")
                for k, skipped in enumerate(result.skipped):
                    out.append(_skip(order + len(result.documents) + k, skipped.source, skipped.reason))
                    _bump(local, "records skipped")
            except Exception as err:  # one bad record never ends the job: counted and listed
                out.append(_skip(order, str(rec.get("source") or rec.get("path") or ""),
                                 f"internal error while reading ({type(err).__name__}: {' '.join(str(err).split())[:200]}); "
                                 "the record was skipped (please report it)"))
                _bump(local, "records failed")
        if counts is not None and local:
            counts.add(local)
        if out:
            yield frame_of(out, DOCUMENT_COLUMNS)


def read_and_extract(rows, *, read, extract):
    """Read stage and extract stage in one task (``mapInPandas`` over the listed container files):
    `read` (:func:`.inputs.read_container`) feeding `extract` (:func:`extract_records`)."""
    yield from extract(read(rows))


def clean_records(frames, *, outlets: dict, counts=None):
    """Document rows (with ``repeated``: the lines of the document that the whole input repeats)
    -> article rows; articles and skips pass through."""
    from ..clean import clean_document
    from ..errors import SkipInput

    for frame in frames:
        out = []
        local: dict[str, int] = {}
        for rec in frame.to_dict("records"):
            repeated = rec.pop("repeated", None)
            if rec["kind"] == "article":
                rec.update(_identity(to_article(rec)))
            if rec["kind"] != "doc":
                out.append(rec)
                continue
            order = int(rec["order"])
            try:
                article = clean_document(to_document(rec), repeated=frozenset(repeated if repeated is not None else ()),
                                         outlets=outlets)
            except SkipInput as err:
                out.append(_skip(order, rec["source"], str(err)))
                _bump(local, "records skipped")
                continue
            except Exception as err:
                out.append(_skip(order, rec["source"], f"internal error while cleaning ({type(err).__name__}: "
                                 f"{' '.join(str(err).split())[:200]}); the record was skipped (please report it)"))
                _bump(local, "records failed")
                continue
            row = empty_document_row(order, "article")
            row.update(article_values(article))
            row.update(_identity(article))
            out.append(row)
        if counts is not None and local:
            counts.add(local)
        if out:
            yield frame_of(out, DOCUMENT_COLUMNS)


def _identity(article) -> dict:
    """The record id and key the story grouper gives the article (``stories.record_id``, ``article_key``)."""
    from ..stories import article_key, record_id

    return {"record": record_id(article), "key": article_key(article)}


def document_lines(frames):
    """(order, line) for each distinct non-blank stripped line of each document, and its first
    line (``opener``), as :func:`synopsis.clean.repeated_lines` counts them."""
    import pandas as pd

    for frame in frames:
        orders, lines, openers = [], [], []
        for order, text in zip(frame["order"], frame["text"]):
            stripped = [line.strip() for line in (text or "").split("\n") if line.strip()]
            for line in dict.fromkeys(stripped):
                orders.append(int(order))
                lines.append(line)
                openers.append(line == stripped[0])
        yield pd.DataFrame({"order": orders, "line": lines, "opener": openers})
