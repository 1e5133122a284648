"""Readers for multi-document summarization benchmarks: DUC, TAC 2011 MultiLing, Multi-News.

Every reader turns a benchmark, read in place, into `Cluster` records: the source documents of
one topic plus its human reference summaries as plain text. The data sets are licensed for
research or evaluation only, so nothing here copies them; the readers only parse.

- `read_duc`: DUC 2001-2004 style (NIST): a folder per cluster of TREC SGML files and a folder
  of model summaries named ``<CLUSTER>.M.<size>.<T>.<A>``.
- `read_tac2011`, `read_tac2011_peers`, `read_tac2011_rouge`, `read_tac2011_rouge_detailed`:
  the TAC 2011 MultiLing pilot (source texts, model summaries, submitted system outputs and
  their published ROUGE-1.5.5 scores, for calibrating `synopsis.evaluate.rouge`).
- `read_multinews`, `read_multinews_text`: Multi-News (Fabbri et al. 2019) as JSON lines or in
  its original ``|||||``-separated text layout.

A layout that does not match raises `DatasetError`, whose message names the path and the
layout that was expected. Nothing is dropped silently: clusters without references are
reported through ``on_skip`` and a logged warning.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from ..errors import SynopsisError
from ..records import Article
from ..text.dates import MONTH_NAMES

log = logging.getLogger(__name__)

#: Called with (cluster id, reason) for every cluster a reader leaves out.
SkipCallback = Callable[[str, str], None]


class DatasetError(SynopsisError, ValueError):
    """A benchmark path whose layout is not the one the reader expects."""


@dataclass(slots=True)
class Document:
    """One source document. `date` is ISO 8601 (YYYY-MM-DD) when the data set gives one."""

    id: str
    text: str
    date: str | None = None


@dataclass(slots=True)
class Cluster:
    """The documents of one topic and its human reference summaries (plain text)."""

    id: str
    documents: list[Document]
    references: list[str]


def document_article(doc: Document, source: str, outlet: str | None = None, *, keep_rejected: bool = True) -> Article:
    """A benchmark document as a cleaned article, through the same cleaner as user input (so a
    dateline or a headline line is labelled as such). A document the cleaner would reject is
    kept whole as one body paragraph, so that no gold document goes without a prediction;
    with ``keep_rejected=False`` the cleaner's SkipInput is raised instead, as for user input."""
    from ..clean import clean_document
    from ..errors import SkipInput
    from ..ingest import RawDocument

    raw = RawDocument(id=doc.id, source=source, text=doc.text, outlet=outlet, published=doc.date, name=doc.id)
    try:
        return clean_document(raw)
    except SkipInput:
        if not keep_rejected:
            raise
        return whole_document_article(doc, source, outlet)


def whole_document_article(doc: Document, source: str, outlet: str | None = None) -> Article:
    """A benchmark document kept whole, uncleaned, as one body paragraph."""
    from ..records import Block

    text = " ".join(doc.text.split())
    return Article(id=doc.id, source=source, outlet=outlet or doc.id, title=text[:120], text=text,
                   published=doc.date, blocks=[Block("body", 0, len(text), 1)])


# ---------------------------------------------------------------------------------------------
# shared helpers


def _read_text(path: Path) -> str:
    """File text as UTF-8 (BOM dropped), falling back to Latin-1 for old NIST files."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.removeprefix("\ufeff")


def _natural_key(name: str) -> list[int | str]:
    """Sort key that puts ID2 before ID10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def _visible(entries: Iterator[Path]) -> list[Path]:
    return sorted((p for p in entries if not p.name.startswith(".")), key=lambda p: _natural_key(p.name))


def _child(parent: Path, name: str) -> Path | None:
    """The entry of `parent` called `name`, compared case-insensitively."""
    exact = parent / name
    if exact.exists():
        return exact
    for entry in parent.iterdir() if parent.is_dir() else ():
        if entry.name.lower() == name.lower():
            return entry
    return None


def _require_dir(path: str | Path, expected: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        raise DatasetError(f"{p}: not a directory; expected {expected}")
    return p


def _report_skips(path: Path, skipped: list[tuple[str, str]], on_skip: SkipCallback | None) -> None:
    for cluster_id, reason in skipped:
        if on_skip is not None:
            on_skip(cluster_id, reason)
    if skipped:
        ids = ", ".join(cluster_id for cluster_id, _ in skipped)
        log.warning("%s: skipped %d cluster(s): %s (%s)", path, len(skipped), ids, skipped[0][1])


# ---------------------------------------------------------------------------------------------
# DUC

DUC_DOCS_DIRNAMES = ("docs.without.headlines", "docs")
DUC_LAYOUT = (
    "a DUC root holding docs.without.headlines/<cluster>/<TREC SGML files> and, somewhere below it, "
    "a 'models' folder of summaries named <CLUSTER>.M.<size>.<T>.<A>[.html]"
)

# <CLUSTER>.M.<size>.<T>.<A>, any case, with an optional suffix such as ".html".
_DUC_MODEL_RE = re.compile(
    r"^(?P<cluster>[a-z]+\d+[a-z]?)\.m\.(?P<size>\d+)\.(?P<kind>[a-z0-9]+)\.(?P<assessor>[a-z0-9]+)(?:\..*)?$",
    re.IGNORECASE,
)
_DOC_RE = re.compile(r"<DOC>(.*?)</DOC>", re.DOTALL | re.IGNORECASE)
_DOCNO_RE = re.compile(r"<DOCNO>\s*(.*?)\s*</DOCNO>", re.DOTALL | re.IGNORECASE)
_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL | re.IGNORECASE)
_ANNOTATION_RE = re.compile(r"<ANNOTATION>.*?</ANNOTATION>", re.DOTALL | re.IGNORECASE)
_PARAGRAPH_TAG_RE = re.compile(r"</?P>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^<>]*>")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
_MARKUP_RE = re.compile(r"<\s*/?\s*(?:html|head|body|p|s|doc|sum|text)\b[^>]*>", re.IGNORECASE)


def duc_cluster_key(name: str) -> str:
    """Match key of a DUC cluster: lower case, trailing selector letter dropped (d100a -> d100)."""
    name = name.lower()
    m = re.fullmatch(r"([a-z]+\d+)[a-z]", name)
    return m.group(1) if m else name


def docno_date(docno: str) -> str | None:
    """ISO date encoded in a TREC/LDC DOCNO, or None when it carries none.

    APW19981016.0240, NYT19980601.0001, XIE19960807.0183 and AFP_ENG_20050101.0001 give
    YYYYMMDD; AP880212-0001 and WSJ870101-0001 give YYMMDD; LA010189-0001 gives MMDDYY;
    FBIS3-1, FT923-5089 and the like carry no date.
    """
    docno = docno.strip().upper()
    parts: tuple[int, int, int] | None = None
    if m := re.match(r"^[A-Z]+(?:_[A-Z]+)*_?(\d{4})(\d{2})(\d{2})(?!\d)", docno):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := re.match(r"^(?:AP|WSJ)(\d{2})(\d{2})(\d{2})-", docno):
        parts = 1900 + int(m[1]), int(m[2]), int(m[3])
    elif m := re.match(r"^LA(\d{2})(\d{2})(\d{2})-", docno):
        parts = 1900 + int(m[3]), int(m[1]), int(m[2])
    if parts is None or not 1900 <= parts[0] <= 2100:
        return None
    try:
        return date(*parts).isoformat()
    except ValueError:
        return None


def _entity(m: re.Match[str]) -> str:
    # HTML entities (&AMP;, &amp;, &#39;) are decoded; TREC typesetting codes (&QL;, &UR;, &Cx11;)
    # are not text and become a space.
    decoded = html.unescape(m.group(0))
    return " " if decoded == m.group(0) else decoded


def _clean_sgml(fragment: str) -> str:
    text = _TAG_RE.sub(" ", fragment)
    text = _ENTITY_RE.sub(_entity, text)
    text = text.replace("``", "“").replace("''", "”")
    return " ".join(text.split())


def trec_text(block: str) -> str:
    """Plain text of a TREC <TEXT> block: paragraphs joined by blank lines.

    Paragraphs are the <P> elements when there are any, otherwise the indented lines (the NYT
    newswire convention). <ANNOTATION> editorial notes are dropped, other tags stripped,
    entities decoded, the typeset quotation marks `` and '' read as “ and ” (so that the quote
    rules of the splitter and the summary see them), whitespace inside a paragraph collapsed.
    """
    block = _ANNOTATION_RE.sub(" ", block)
    if _PARAGRAPH_TAG_RE.search(block):
        pieces = _PARAGRAPH_TAG_RE.split(block)
    else:
        pieces = re.split(r"\n(?=[ \t])", block)
    paragraphs = (_clean_sgml(piece) for piece in pieces)
    return "\n\n".join(p for p in paragraphs if p)


def parse_trec_sgml(text: str, source: str | Path = "<string>") -> list[Document]:
    """Documents of a TREC SGML file (<DOC><DOCNO>..</DOCNO>..<TEXT>..</TEXT></DOC>, one or more)."""
    docs = []
    for i, m in enumerate(_DOC_RE.finditer(text)):
        body = m.group(1)
        docno = _DOCNO_RE.search(body)
        texts = _TEXT_RE.findall(body)
        if docno is None or not texts:
            raise DatasetError(
                f"{source}: <DOC> number {i + 1} has no <DOCNO> or no <TEXT>; "
                "expected TREC SGML <DOC><DOCNO>id</DOCNO> ... <TEXT>...</TEXT></DOC>"
            )
        doc_id = " ".join(docno.group(1).split())
        docs.append(Document(id=doc_id, text="\n\n".join(filter(None, map(trec_text, texts))), date=docno_date(doc_id)))
    if not docs:
        raise DatasetError(f"{source}: no <DOC> element; expected a TREC SGML file of <DOC>...</DOC> documents")
    return docs


def _summary_text(path: Path) -> str:
    """A model summary as plain text. DUC's '.html' models are plain text; real markup is stripped."""
    text = _read_text(path)
    if _MARKUP_RE.search(text):
        text = _ENTITY_RE.sub(_entity, _TAG_RE.sub(" ", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _find_duc_models(root: Path, summary_size: int) -> Path:
    candidates = sorted((p for p in root.rglob("*") if p.is_dir() and p.name.lower() == "models"), key=str)
    for cand in candidates:
        for f in cand.iterdir():
            m = _DUC_MODEL_RE.match(f.name)
            if m and int(m["size"]) == summary_size:
                return cand
    raise DatasetError(
        f"{root}: no 'models' folder below it with multi-document summaries "
        f"<CLUSTER>.M.{summary_size}.<T>.<A>; expected {DUC_LAYOUT} (or pass models_dir=)"
    )


def read_duc(
    path: str | Path | None = None,
    *,
    docs_dir: str | Path | None = None,
    models_dir: str | Path | None = None,
    summary_size: int = 100,
    on_skip: SkipCallback | None = None,
) -> list[Cluster]:
    """DUC clusters with their `summary_size`-word multi-document model summaries.

    `path` is the data set root (holding docs.without.headlines/ and a models/ folder somewhere
    below); `docs_dir` and `models_dir` override either. Cluster ids are the document folder
    names (d100a); summaries are matched on the id without its trailing letter, ignoring case,
    so both D100.M.100.A.G.html and d100.m.100.a.g match d100a. References are ordered by
    (T, assessor). Clusters with documents but no summaries are left out and reported
    (`on_skip(cluster_id, reason)` and a warning); summaries without documents are only logged.
    """
    root = Path(path) if path is not None else None
    if root is not None:
        _require_dir(root, DUC_LAYOUT)
    if docs_dir is None:
        if root is None:
            raise DatasetError("read_duc: give the dataset root or docs_dir= and models_dir=")
        found = next((d for name in DUC_DOCS_DIRNAMES if (d := root / name).is_dir()), None)
        if found is None:
            raise DatasetError(f"{root}: no docs.without.headlines/ folder; expected {DUC_LAYOUT}")
        docs = found
    else:
        docs = _require_dir(docs_dir, "a folder of cluster folders (d100a/, ...) of TREC SGML files")
    if models_dir is None:
        if root is None:
            raise DatasetError("read_duc: give the dataset root or models_dir= with docs_dir=")
        models = _find_duc_models(root, summary_size)
    else:
        models = _require_dir(models_dir, "a folder of model summaries <CLUSTER>.M.<size>.<T>.<A>")

    references: dict[str, list[tuple[str, str, Path]]] = {}
    for f in models.iterdir():
        m = _DUC_MODEL_RE.match(f.name)
        if m and f.is_file() and int(m["size"]) == summary_size:
            key = duc_cluster_key(m["cluster"])
            references.setdefault(key, []).append((m["kind"].upper(), m["assessor"].upper(), f))
    if not references:
        raise DatasetError(
            f"{models}: no model summaries named <CLUSTER>.M.{summary_size}.<T>.<A>[.html]; "
            f"expected {DUC_LAYOUT}"
        )

    cluster_dirs = [d for d in _visible(docs.iterdir()) if d.is_dir()]
    if not cluster_dirs:
        raise DatasetError(f"{docs}: no cluster folders; expected {DUC_LAYOUT}")

    clusters: list[Cluster] = []
    skipped: list[tuple[str, str]] = []
    for cdir in cluster_dirs:
        documents = [doc for f in _visible(cdir.iterdir()) if f.is_file() for doc in parse_trec_sgml(_read_text(f), f)]
        if not documents:
            raise DatasetError(f"{cdir}: empty cluster folder; expected {DUC_LAYOUT}")
        refs = sorted(references.get(duc_cluster_key(cdir.name), []))
        if not refs:
            skipped.append((cdir.name, f"no {summary_size}-word model summary in {models}"))
            continue
        clusters.append(Cluster(id=cdir.name, documents=documents, references=[_summary_text(p) for *_, p in refs]))

    doc_keys = {duc_cluster_key(d.name) for d in cluster_dirs}
    orphans = sorted(set(references) - doc_keys, key=_natural_key)
    if orphans:
        log.info("%s: %d summary set(s) have no documents in %s (ignored)", models, len(orphans), docs)
    _report_skips(docs, skipped, on_skip)
    return clusters


# ---------------------------------------------------------------------------------------------
# TAC 2011 MultiLing pilot

TAC2011_LAYOUT = (
    "a TAC 2011 MultiLing root holding SourceTexts/M00<topic><text>.<language>, "
    "'Model Summaries'/<Language>/M00<topic>.<A>.250, "
    "correctedSubmissions/ID<n>/<Language>/M00<topic> and "
    "PublishedEvaluation/AutomaticEvaluation/ROUGE/"
)
_DATELINE_RE = re.compile(
    r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s*)?"
    r"(" + "|".join(MONTH_NAMES) + r")\s+(\d{1,2}),\s*(\d{4})(?!\d)",
    re.IGNORECASE,
)
_SLASH_DATE_RE = re.compile(r"^\s*(\d{4})/(\d{2})/(\d{2})(?!\d)")


@dataclass(slots=True, frozen=True)
class PublishedScore:
    """One published ROUGE score triple, as fractions (0-1)."""

    recall: float
    precision: float
    f1: float


def wikinews_date(text: str, max_lines: int = 6) -> str | None:
    """ISO date of a Wikinews article from its dateline ("Saturday, January 8, 2005") or a
    leading "2005/01/08" in its first lines; None when there is none."""
    for line in [line for line in text.splitlines() if line.strip()][:max_lines]:
        try:
            if m := _DATELINE_RE.match(line):
                return date(int(m[3]), MONTH_NAMES.index(m[1].lower()) + 1, int(m[2])).isoformat()
            if m := _SLASH_DATE_RE.match(line):
                return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            continue
    return None


def _tac_root(path: str | Path) -> Path:
    return _require_dir(path, TAC2011_LAYOUT)


def read_tac2011(path: str | Path, *, language: str = "english", on_skip: SkipCallback | None = None) -> list[Cluster]:
    """TAC 2011 MultiLing topics for one language (English: 10 topics x 10 texts, 3 models each).

    Source file M00AB.<language> is text B of topic M00A; cluster ids are the topic ids (M000),
    document ids the file stems (M0000), references the 'Model Summaries' files M000.<A>.250
    in assessor order. Document dates come from the Wikinews dateline in the text.
    """
    root = _tac_root(path)
    sources = _child(root, "SourceTexts")
    model_parent = _child(root, "Model Summaries")
    models = _child(model_parent, language) if model_parent is not None else None
    if sources is None or models is None or not sources.is_dir() or not models.is_dir():
        raise DatasetError(
            f"{root}: no SourceTexts/ or 'Model Summaries'/{language.capitalize()}/; expected {TAC2011_LAYOUT}"
        )

    source_re = re.compile(r"^(M\d+)(\d)\." + re.escape(language) + r"$", re.IGNORECASE)
    topics: dict[str, list[Document]] = {}
    for f in _visible(sources.iterdir()):
        if m := source_re.match(f.name):
            text = _read_text(f).strip()
            doc = Document(id=f.name.split(".")[0], text=text, date=wikinews_date(text))
            topics.setdefault(m[1].upper(), []).append(doc)
    if not topics:
        raise DatasetError(f"{sources}: no source texts named M00<topic><text>.{language}; expected {TAC2011_LAYOUT}")

    model_re = re.compile(r"^(M\d+)\.([A-Z0-9]+)\.(\d+)$", re.IGNORECASE)
    references: dict[str, list[tuple[str, Path]]] = {}
    for f in models.iterdir():
        if (m := model_re.match(f.name)) and f.is_file():
            references.setdefault(m[1].upper(), []).append((m[2].upper(), f))

    clusters, skipped = [], []
    for topic in sorted(topics, key=_natural_key):
        refs = sorted(references.get(topic, []))
        if not refs:
            skipped.append((topic, f"no model summary in {models}"))
            continue
        clusters.append(Cluster(id=topic, documents=topics[topic], references=[_read_text(p).strip() for _, p in refs]))
    orphans = set(references) - set(topics)
    if orphans:
        log.info("%s: %d model summary set(s) without source texts (ignored)", models, len(orphans))
    _report_skips(sources, skipped, on_skip)
    return clusters


def read_tac2011_peers(path: str | Path, *, language: str = "english") -> dict[str, dict[str, str]]:
    """Submitted system summaries: {system id (ID1..ID10): {topic id (M000): text}}.

    `path` is the data set root or its correctedSubmissions/ folder (ID<n>/<Language>/<topic>).
    Systems without a folder for `language` are left out (logged). Texts are returned as
    submitted, stray control characters included.
    """
    root = _require_dir(path, TAC2011_LAYOUT)
    subs = _child(root, "correctedSubmissions") or root
    systems = [d for d in _visible(subs.iterdir()) if d.is_dir() and re.fullmatch(r"ID\d+", d.name, re.IGNORECASE)]
    if not systems:
        raise DatasetError(f"{subs}: no ID<n>/ system folders; expected {TAC2011_LAYOUT}")
    peers: dict[str, dict[str, str]] = {}
    for sdir in systems:
        ldir = _child(sdir, language)
        if ldir is None or not ldir.is_dir():
            log.info("%s: no %s submission", sdir, language)
            continue
        peers[sdir.name] = {
            f.name.upper(): _read_text(f)
            for f in _visible(ldir.iterdir())
            if f.is_file() and re.fullmatch(r"M\d+", f.name, re.IGNORECASE)
        }
    if not peers:
        raise DatasetError(f"{subs}: no system has a {language.capitalize()}/ folder; expected {TAC2011_LAYOUT}")
    return peers


def _rouge_dir(path: Path) -> Path:
    for candidate in (
        path,
        path / "AutomaticEvaluation" / "ROUGE",
        path / "PublishedEvaluation" / "AutomaticEvaluation" / "ROUGE",
    ):
        if (candidate / "Averages").is_dir() or (candidate / "Detailed").is_dir():
            return candidate
    if path.name.lower() in {"averages", "detailed"}:
        return path.parent
    raise DatasetError(
        f"{path}: no ROUGE/Averages or ROUGE/Detailed folder; expected "
        "PublishedEvaluation/AutomaticEvaluation/ROUGE/"
        "{Averages/<LANGUAGE>_ROUGE-<n>.csv, Detailed/<language>Detailed.txt}"
    )


def read_tac2011_rouge(path: str | Path, *, language: str = "english") -> dict[str, dict[str, PublishedScore]]:
    """Published average ROUGE-1.5.5 scores: {system id: {"ROUGE-1"|"ROUGE-2"|"ROUGE-SU4": score}}.

    Reads PublishedEvaluation/AutomaticEvaluation/ROUGE/Averages/<LANGUAGE>_ROUGE-*.csv
    (columns runid, recall, precision, f-score; runid "ID10_ROUGE-1"). `path` may be the data set
    root, PublishedEvaluation/, or the ROUGE/ folder. The organisers ran ROUGE-1.5.5 with
    -a -x -2 4 -u -c 95 -r 1000 -n 2 -f A -p 0.5 -t 0 -d: no stemming, no length limit.
    """
    root = _require_dir(path, TAC2011_LAYOUT)
    averages = _rouge_dir(root) / "Averages"
    files = sorted(f for f in averages.glob("*.csv") if f.name.lower().startswith(language.lower() + "_rouge"))
    if not files:
        raise DatasetError(
            f"{averages}: no {language.upper()}_ROUGE-<n>.csv; expected CSV files runid,recall,precision,f-score"
        )
    scores: dict[str, dict[str, PublishedScore]] = {}
    for f in files:
        rows = list(csv.DictReader(io.StringIO(_read_text(f))))
        if not rows or not {"runid", "recall", "precision", "f-score"} <= set(rows[0]):
            raise DatasetError(f"{f}: expected a CSV header runid,recall,precision,f-score")
        for row in rows:
            system, _, metric = row["runid"].partition("_")
            if not metric:
                raise DatasetError(f"{f}: runid {row['runid']!r} is not <system>_<metric> (e.g. ID1_ROUGE-2)")
            scores.setdefault(system, {})[metric.upper()] = PublishedScore(
                float(row["recall"]), float(row["precision"]), float(row["f-score"])
            )
    return dict(sorted(scores.items(), key=lambda kv: _natural_key(kv[0])))


#: Topic of each "Eval <k>" in the published English per-summary ROUGE file. Not in topic order;
#: found by matching our per-summary scores (published settings) to all 5 published decimals,
#: identically for all 10 systems (benchmarks/calibrate_rouge_tac2011.py re-checks it).
TAC2011_EVAL_TOPICS = {
    1: "M002", 2: "M003", 3: "M001", 4: "M000", 5: "M007",
    6: "M005", 7: "M004", 8: "M006", 9: "M008", 10: "M009",
}

_DETAILED_RE = re.compile(
    r"^(?P<system>\S+)\s+(?P<metric>ROUGE-\S+)\s+Eval\s+(?P<eval>\d+)\.\S+\s+"
    r"R:(?P<r>[\d.]+)\s+P:(?P<p>[\d.]+)\s+F:(?P<f>[\d.]+)\s*$"
)


def read_tac2011_rouge_detailed(
    path: str | Path, *, language: str = "english"
) -> dict[str, dict[str, dict[int, PublishedScore]]]:
    """Published per-summary ROUGE scores: {system: {metric: {eval number: score}}}.

    Reads ROUGE/Detailed/<language>Detailed.txt, the `-d` output of ROUGE-1.5.5 (lines
    "ID1 ROUGE-2 Eval 3.ID1 R:0.10345 P:0.10117 F:0.10230"). Eval numbers are *not* in topic
    order: `TAC2011_EVAL_TOPICS` maps them to topic ids.
    """
    root = _require_dir(path, TAC2011_LAYOUT)
    detailed = _rouge_dir(root) / "Detailed"
    f = next((p for p in sorted(detailed.glob("*.txt")) if p.name.lower().startswith(language.lower())), None)
    if f is None:
        raise DatasetError(f"{detailed}: no {language}Detailed.txt; expected ROUGE-1.5.5 -d output")
    scores: dict[str, dict[str, dict[int, PublishedScore]]] = {}
    for line in _read_text(f).splitlines():
        if m := _DETAILED_RE.match(line):
            scores.setdefault(m["system"], {}).setdefault(m["metric"].upper(), {})[int(m["eval"])] = PublishedScore(
                float(m["r"]), float(m["p"]), float(m["f"])
            )
    if not scores:
        raise DatasetError(f"{f}: no per-summary lines '<system> ROUGE-<n> Eval <k>.<system> R:.. P:.. F:..'")
    return dict(sorted(scores.items(), key=lambda kv: _natural_key(kv[0])))


# ---------------------------------------------------------------------------------------------
# Multi-News

MULTINEWS_JSONL_LAYOUT = (
    "Multi-News JSON lines (gzip allowed), one cluster per line with keys "
    "idx, summary, raw_document[] and cleansed_document[]"
)
MULTINEWS_DOC_SEPARATOR = "|||||"
MULTINEWS_TEXT_LAYOUT = (
    "Multi-News text layout: a source file with one cluster per line, documents separated by |||||, "
    "and a parallel summary file with one summary per line"
)
_GZIP_MAGIC = b"\x1f\x8b"


def _require_file(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise DatasetError(f"{path}: no such file; expected {expected}")
    return path


def _open_maybe_gzip(path: Path) -> TextIO:
    """Open text for reading, gunzipping when the file starts with the gzip magic bytes."""
    with path.open("rb") as fh:
        magic = fh.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _multinews_text(text: str) -> str:
    # The original release encodes line breaks as the token NEWLINE_CHAR.
    text = text.replace("NEWLINE_CHAR", "\n")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _multinews_summary(text: str) -> str:
    # Original summaries start with an en dash ("– The ..."), an artefact of the newser.com source.
    return re.sub(r"^\s*–\s*", "", _multinews_text(text))


def _multinews_documents(cluster_id: str, docs: list[str]) -> tuple[list[Document], int]:
    documents, empty = [], 0
    for i, raw in enumerate(docs):
        text = _multinews_text(raw)
        if text:
            documents.append(Document(id=f"{cluster_id}.{i}", text=text))
        else:
            empty += 1
    return documents, empty


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0 or None, got {limit}")


def read_multinews(path: str | Path, field: str = "raw_document", limit: int | None = None) -> Iterator[Cluster]:
    """Multi-News clusters from JSON lines (gzip detected by magic bytes), lazily.

    `field` picks the documents: raw_document (all inputs) or cleansed_document (those judged
    relevant); a string value is split on ``|||||`` as in the original release. Cluster ids
    are `idx` (the line number when absent), document ids "<idx>.<position>"; the single
    reference is `summary`. Empty documents are left out (their positions stay unused in the
    ids) and counted in a log line at the end; `limit` stops after that many clusters.
    """
    p = _require_file(Path(path), MULTINEWS_JSONL_LAYOUT)
    _check_limit(limit)

    def clusters() -> Iterator[Cluster]:
        empty_docs = n = 0
        with _open_maybe_gzip(p) as fh:
            for lineno, line in enumerate(fh, start=1):
                if limit is not None and n >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(
                        f"{p}:{lineno}: not JSON ({exc.msg}); expected {MULTINEWS_JSONL_LAYOUT}"
                    ) from None
                if not isinstance(record, dict) or "summary" not in record or field not in record:
                    raise DatasetError(
                        f"{p}:{lineno}: no 'summary' or {field!r} key; expected {MULTINEWS_JSONL_LAYOUT}"
                    )
                value = record[field]
                docs = value.split(MULTINEWS_DOC_SEPARATOR) if isinstance(value, str) else value
                if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
                    raise DatasetError(
                        f"{p}:{lineno}: {field!r} is not a list of strings; expected {MULTINEWS_JSONL_LAYOUT}"
                    )
                cluster_id = str(record.get("idx", lineno - 1))
                documents, empty = _multinews_documents(cluster_id, docs)
                empty_docs += empty
                n += 1
                yield Cluster(id=cluster_id, documents=documents, references=[_multinews_summary(record["summary"])])
        if empty_docs:
            log.info("%s: left out %d empty document(s) in %d cluster(s)", p, empty_docs, n)

    return clusters()


def read_multinews_text(src_path: str | Path, tgt_path: str | Path, limit: int | None = None) -> Iterator[Cluster]:
    """Multi-News in its original text layout, lazily: line i of `src_path` holds the documents
    of cluster i separated by ``|||||`` (line breaks written NEWLINE_CHAR), line i of `tgt_path`
    its summary. Cluster ids are 0-based line numbers; gzip is detected by magic bytes."""
    src = _require_file(Path(src_path), MULTINEWS_TEXT_LAYOUT)
    tgt = _require_file(Path(tgt_path), MULTINEWS_TEXT_LAYOUT)
    _check_limit(limit)

    def clusters() -> Iterator[Cluster]:
        empty_docs = 0
        with _open_maybe_gzip(src) as src_fh, _open_maybe_gzip(tgt) as tgt_fh:
            for i, (src_line, tgt_line) in enumerate(_zip_strict(src, src_fh, tgt, tgt_fh)):
                if limit is not None and i >= limit:
                    break
                documents, empty = _multinews_documents(str(i), src_line.rstrip("\n").split(MULTINEWS_DOC_SEPARATOR))
                empty_docs += empty
                yield Cluster(id=str(i), documents=documents, references=[_multinews_summary(tgt_line)])
        if empty_docs:
            log.info("%s: left out %d empty document(s)", src, empty_docs)

    return clusters()


def _zip_strict(src: Path, src_fh: TextIO, tgt: Path, tgt_fh: TextIO) -> Iterator[tuple[str, str]]:
    n = 0
    while True:
        a, b = src_fh.readline(), tgt_fh.readline()
        if not a and not b:
            return
        if not a or not b:
            short, long_ = (src, tgt) if not a else (tgt, src)
            raise DatasetError(
                f"{short}: ends after {n} line(s) but {long_} goes on; expected {MULTINEWS_TEXT_LAYOUT}"
            )
        n += 1
        yield a, b
