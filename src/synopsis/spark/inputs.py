"""What to read, decided on the driver, and the read stage: one container file per task.

Inputs are WARC files (``.warc``, ``.warc.gz``, ...), a text file listing WARC paths (one a line,
as Common Crawl's ``warc.paths``: a ``.paths``/``.paths.gz`` file, or a ``.txt`` whose every line
names a WARC), JSON lines (``.jsonl``; a store export, ``synopsis export``, is one), Parquet
files (the same fields as a JSON-lines record: ``text`` or ``html``, ``id``, ``title``, ``url``,
``outlet``, ``published``; ``synopsis export --format parquet`` writes one), ``.txt``/``.html``
articles, and folders of them (listed as ``synopsis stories`` lists them).

Every record gets an ``order``: input file number << 32 | record number, so sorting by it is
the input order of the single machine. Container files (WARC, JSON lines, Parquet) are read one
per task (cc-pyspark's layout); a damaged WARC ends with an error row, never a failed job.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ingest import file_problem, list_folder, valid_text
from ..sources.warc import WarcCounts, is_warc, iter_warc
from .schema import frame_of

RECORD_BITS = 32
PARQUET_SUFFIXES = (".parquet", ".pq")
PATHS_SUFFIXES = (".paths", ".paths.gz", ".paths.txt")


@dataclass(slots=True, frozen=True)
class InputFile:
    """One file to read: ``kind`` is warc, jsonl, parquet, file (.txt/.html) or skip (with `reason`)."""

    index: int
    path: str
    kind: str
    reason: str | None = None


def order_of(index: int, record: int) -> int:
    return (index << RECORD_BITS) | record


def plan_inputs(inputs: list[str]) -> list[InputFile]:
    """The files behind `inputs`, in the order ``synopsis stories`` reads them."""
    files: list[InputFile] = []

    def add(path: str, kind: str, reason: str | None = None) -> None:
        files.append(InputFile(len(files), path, kind, reason))

    for item in inputs:
        if item == "-":
            raise InputError("synopsis spark does not read stdin (the workers cannot see it): save it to a file")
        path = Path(item)
        if path.is_dir():
            listed = list_folder(path)
            if not listed:
                add(valid_text(item), "skip", "the folder has no files; put .txt, .html or .jsonl articles in it")
            for file in listed:
                _classify(file, add, listing=False)
        else:
            _classify(path, add, listing=True)
    return files


def _classify(path: Path, add, *, listing: bool) -> None:
    name = path.name.lower()
    problem = file_problem(path, "give WARC, .jsonl, .parquet, .txt or .html files")
    if problem is not None:
        add(valid_text(str(path)), "skip", problem)
        return
    if is_warc(path):
        add(str(path), "warc")
    elif name.endswith(PARQUET_SUFFIXES):
        add(str(path), "parquet")
    elif listing and (name.endswith(PATHS_SUFFIXES) or (name.endswith(".txt") and _lists_warcs(path))):
        for warc in warc_list(path):
            problem = file_problem(Path(warc), "list WARC files that exist on every worker")
            if problem is not None:
                add(warc, "skip", problem)
            else:
                add(warc, "warc")
    elif name.endswith((".jsonl", ".ndjson")):
        add(str(path), "jsonl")
    else:
        # .txt, .html and anything else: read (or refused with its reason) as synopsis stories does.
        add(str(path), "file")


def _lists_warcs(path: Path) -> bool:
    """A .txt file whose every non-blank line names a WARC (at most 5 MB looked at)."""
    if path.stat().st_size > 5_000_000:
        return False
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        return False
    return bool(lines) and all(is_warc(line) for line in lines)


def warc_list(path: Path) -> list[str]:
    """The WARC paths a list file names; relative ones are taken from the list's folder."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]
    return [line if os.path.isabs(line) or "://" in line else str(path.parent / line) for line in lines]


def read_container(rows, *, max_bytes: int, counts=None):
    """Read stage (``mapInPandas``): each input row (index, path, kind) -> its records as raw rows."""
    for frame in rows:
        for index, path, kind in zip(frame["index"], frame["path"], frame["kind"]):
            out = list(_records(int(index), str(path), str(kind), max_bytes, counts))
            if out:
                yield frame_of(out, RAW_COLUMNS)

RAW_COLUMNS = ("order", "kind", "source", "path", "payload", "url", "content_type", "date", "reason")


def raw_row(order: int, kind: str, **values) -> dict:
    row = dict.fromkeys(RAW_COLUMNS)
    row.update(order=order, kind=kind, **values)
    return row


def _records(index: int, path: str, kind: str, max_bytes: int, counts):
    local: dict[str, int] = {}
    try:
        if kind == "warc":
            yield from _warc_records(index, path, max_bytes, local)
        elif kind == "jsonl":
            yield from _jsonl_records(index, path)
        elif kind == "parquet":
            yield from _parquet_records(index, path)
    except Exception as err:  # a file that cannot be read: reported, never fatal (cc-pyspark's rule)
        local["input files failed"] = local.get("input files failed", 0) + 1
        yield raw_row(order_of(index, (1 << RECORD_BITS) - 1), "skip", source=path,
                      reason=f"cannot be read ({type(err).__name__}: {' '.join(str(err).split())[:200]}); the rest of it was skipped")
    if counts is not None and local:
        counts.add(local)


def _warc_records(index: int, path: str, max_bytes: int, local: dict):
    counts = WarcCounts()
    n = 0
    for page in iter_warc(path, counts, max_bytes=max_bytes):
        yield raw_row(order_of(index, n), "page", source=page.url, path=path, payload=page.body, url=page.url,
                      content_type=page.content_type, date=page.date)
        n += 1
    for reason, count in counts.skipped.items():
        local[f"WARC records skipped: {reason}"] = local.get(f"WARC records skipped: {reason}", 0) + count
    local["WARC files read"] = local.get("WARC files read", 0) + 1
    if counts.error:
        local["WARC files damaged"] = local.get("WARC files damaged", 0) + 1
        yield raw_row(order_of(index, n), "skip", source=path, reason=counts.error)


def _jsonl_records(index: int, path: str):
    """Lines as ``ingest`` splits them (UTF-16/32 files decoded first); blank lines are no record."""
    from ..ingest import utf16_or_32, as_utf8  # the file reader's own decoding of wide encodings
    from ..errors import SkipInput

    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        try:
            data = as_utf8(fh.read()) if utf16_or_32(head) else None
        except SkipInput as err:
            yield raw_row(order_of(index, 0), "skip", source=valid_text(path), reason=str(err))
            return
        import io

        lines = io.BytesIO(data) if data is not None else fh
        any_record = False
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            any_record = True
            yield raw_row(order_of(index, number), "jsonl", source=f"{valid_text(path)}:{number}", path=path,
                          payload=line)
    if not any_record:
        yield raw_row(order_of(index, 0), "skip", source=valid_text(path),
                      reason="the file holds no JSON lines; put one article a line: {\"text\": ...}")


def _parquet_records(index: int, path: str):
    """Rows as JSON-lines records: the same reader, the same ids, the same skips."""
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            number += 1
            line = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
            yield raw_row(order_of(index, number), "jsonl", source=f"{valid_text(path)}:{number}", path=path,
                          payload=line)
