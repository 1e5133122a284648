"""Spark schemas of the tables, and rows <-> the pipeline's records (plain Python, no Spark import
at module level so the conversions are testable without Java).

Rows are dicts as ``mapInPandas`` hands them over: arrays arrive as numpy arrays (of dicts for
arrays of structs), maps as dicts. Every article column is typed: blocks and removed lines are
arrays of structs, not JSON strings.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..ingest import RawDocument
from ..records import Article, Block, RemovedLine

#: Article columns of the extract/clean stages and of the ``articles`` table, in order.
ARTICLE_COLUMNS = ("id", "source", "outlet", "title", "text", "published", "published_from", "url", "raw_text", "blocks",
                   "removed", "credits", "warnings")


def _types():
    from pyspark.sql import types as T

    return T


def raw_schema():
    """Records as read: ``kind`` is file (a .txt/.html path), jsonl (a JSON record's bytes),
    page (a WARC response) or skip (an input that could not be read, with its reason)."""
    T = _types()
    return T.StructType([
        T.StructField("order", T.LongType(), False),
        T.StructField("kind", T.StringType(), False),
        T.StructField("source", T.StringType(), True),
        T.StructField("path", T.StringType(), True),
        T.StructField("payload", T.BinaryType(), True),
        T.StructField("url", T.StringType(), True),
        T.StructField("content_type", T.StringType(), True),
        T.StructField("date", T.StringType(), True),
        T.StructField("reason", T.StringType(), True),
    ])


def _block_type():
    T = _types()
    return T.ArrayType(T.StructType([T.StructField("kind", T.StringType()), T.StructField("start", T.IntegerType()),
                                     T.StructField("end", T.IntegerType()), T.StructField("line", T.IntegerType())]))


def _removed_type():
    T = _types()
    return T.ArrayType(T.StructType([T.StructField("line", T.IntegerType()), T.StructField("text", T.StringType()),
                                     T.StructField("reason", T.StringType())]))


def document_schema():
    """A record after extraction or cleaning: ``kind`` doc (a RawDocument, to clean), article
    (cleaned) or skip (with ``reason``). Columns of the two records share names."""
    T = _types()
    s, strings = T.StringType(), T.ArrayType(T.StringType())
    return T.StructType([
        T.StructField("order", T.LongType(), False), T.StructField("kind", T.StringType(), False),
        T.StructField("id", s), T.StructField("source", s), T.StructField("outlet", s), T.StructField("title", s),
        T.StructField("text", s), T.StructField("published", s), T.StructField("published_from", s),
        T.StructField("url", s),
        T.StructField("raw_text", s), T.StructField("blocks", _block_type()), T.StructField("removed", _removed_type()),
        T.StructField("credits", strings), T.StructField("warnings", strings),
        T.StructField("from_html", T.BooleanType()), T.StructField("name", s), T.StructField("dropped", strings),
        T.StructField("reason", s), T.StructField("record", s), T.StructField("key", s),
    ])


def articles_schema():
    """The ``articles`` table: the cleaned article, its input order, record id and key."""
    T = _types()
    s, strings = T.StringType(), T.ArrayType(T.StringType())
    return T.StructType([
        T.StructField("order", T.LongType(), False), T.StructField("id", s, False), T.StructField("record", s),
        T.StructField("key", s), T.StructField("source", s), T.StructField("outlet", s), T.StructField("title", s),
        T.StructField("text", s), T.StructField("published", s), T.StructField("published_from", s),
        T.StructField("url", s), T.StructField("raw_text", s),
        T.StructField("blocks", _block_type()), T.StructField("removed", _removed_type()),
        T.StructField("credits", strings), T.StructField("warnings", strings),
    ])


def member_type():
    """A story member as :class:`synopsis.stories.Member` has it."""
    T = _types()
    s = T.StringType()
    return T.StructType([T.StructField("id", s), T.StructField("record", s), T.StructField("outlet", s),
                         T.StructField("title", s), T.StructField("published", s), T.StructField("duplicate_of", s),
                         T.StructField("similarity", T.DoubleType()), T.StructField("key", s)])


def _list(value) -> list:
    return [] if value is None else list(value)


def _none(value):
    """pandas hands missing strings over as None or NaN."""
    return None if value is None or (isinstance(value, float) and value != value) else value


def to_article(row: Mapping) -> Article:
    """An :class:`Article` from an article row."""
    return Article(
        id=row["id"], source=row["source"] or "", outlet=row["outlet"] or "", title=row["title"] or "",
        text=row["text"] or "", published=_none(row["published"]),
        published_from=_none(row.get("published_from")), url=_none(row["url"]),
        raw_text=row["raw_text"] or "",
        blocks=[Block(b["kind"], int(b["start"]), int(b["end"]), int(b["line"])) for b in _list(row["blocks"])],
        removed=[RemovedLine(int(r["line"]), r["text"], r["reason"]) for r in _list(row["removed"])],
        credits=[str(c) for c in _list(row["credits"])], warnings=[str(w) for w in _list(row["warnings"])],
    )


def article_values(article: Article) -> dict:
    """The article's columns (ARTICLE_COLUMNS) as a row."""
    return {
        "id": article.id, "source": article.source, "outlet": article.outlet, "title": article.title,
        "text": article.text, "published": article.published, "published_from": article.published_from,
        "url": article.url, "raw_text": article.raw_text,
        "blocks": [{"kind": b.kind, "start": b.start, "end": b.end, "line": b.line} for b in article.blocks],
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed],
        "credits": list(article.credits), "warnings": list(article.warnings),
    }


def to_document(row: Mapping) -> RawDocument:
    """A :class:`RawDocument` from a document row."""
    return RawDocument(id=row["id"], source=row["source"] or "", text=row["text"] or "", title=_none(row["title"]),
                       url=_none(row["url"]), outlet=_none(row["outlet"]), published=_none(row["published"]),
                       from_html=bool(row["from_html"]), name=row["name"] or "",
                       warnings=[str(w) for w in _list(row["warnings"])],
                       dropped=[str(d) for d in _list(row["dropped"])])


def document_values(doc: RawDocument) -> dict:
    return {"id": doc.id, "source": doc.source, "text": doc.text, "title": doc.title, "url": doc.url,
            "outlet": doc.outlet, "published": doc.published, "from_html": doc.from_html, "name": doc.name,
            "warnings": list(doc.warnings), "dropped": list(doc.dropped)}


DOCUMENT_COLUMNS = ("order", "kind", *ARTICLE_COLUMNS, "from_html", "name", "dropped", "reason", "record", "key")


def empty_document_row(order: int, kind: str) -> dict:
    row = dict.fromkeys(DOCUMENT_COLUMNS)
    row.update(order=int(order), kind=kind)
    return row


def frame_of(rows: list[dict], columns) -> "pandas.DataFrame":  # noqa: F821
    """A pandas frame of rows with object columns, so a column of Nones stays None (pandas would
    make it NaN, which Arrow cannot read as an array or a string)."""
    import pandas as pd

    columns = list(columns)
    return pd.DataFrame({c: pd.Series([row.get(c) for row in rows], dtype=object) for c in columns}, columns=columns)
