"""Evaluation of quote extraction on the GenderGapTracker and PolNeAR annotations.

Both data sets are read in place and never copied.

**GenderGapTracker** (Asr et al. 2021): ``annotations.jsonl``, one article a line with the input
text in ``articleBodyText`` and ``quotations[]`` (``speaker``, ``verb``, ``quote``,
``speaker_index``/``verb_index``/``quote_index`` as ``"(start,end)"`` strings, ``reference``).
The stored offsets often drift from ``articleBodyText`` (they were taken on an older copy of the
text), so each gold span is re-anchored: kept when the slice equals the annotated string, else
moved to the occurrence of that string nearest the stated offset (after shifting by the drift
of the quote it belongs to); a span whose string is absent is dropped with a warning. An article
whose ``quotations`` is not a list (an unparsed string) is skipped with a warning; so is an
article whose ``articleBodyText`` is not article text (e.g. a bare record id) unless its
``rawtext`` holds the annotated quotes, which is then used with a warning.

Scoring follows GGT's ``evaluate_quotes.py``: a predicted quote covers a gold quote by the share
of the gold quote's characters it contains; pairs above the threshold (0.3, and separately 0.8)
are matched one to one, best coverage first; precision = matched / predicted, recall = matched /
gold. The speaker of a matched pair is right when the predicted speaker mention overlaps the
gold speaker span, or, for a gold quote without speaker span (GGT's floating quotes), when the
prediction is floating too. As GGT annotates a reported clause as one quote, a predicted quote
lying inside another predicted quote of the same article is not scored separately.

**PolNeAR** (Newell et al. 2018): brat standoff, ``<split>/text/<name>.txt`` and
``<split>/attributions/<name>_<annotator>.ann`` with ``Source``, ``Cue`` and ``Content`` text
bounds (possibly discontinuous, ``a b;c d``) tied by ``Attribution`` events. Matching rule:
spans of each role (source, cue, content) are matched one to one, largest character overlap
first; a pair matches when it overlaps by at least half of the shorter span ("overlap"), and,
reported separately, when both spans are equal after trimming spaces and punctuation ("exact").
Predicted sources and cues come from quotes whose speaker/cue was found in their own sentence.
When an article was annotated by several annotators, the first annotation file is used.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Article, Quote
from ..text.sentences import line_blocks
from .datasets import DatasetError

log = logging.getLogger(__name__)

GGT_THRESHOLDS = (0.3, 0.8)
GGT_LAYOUT = ("a JSON-lines file (annotations.jsonl) with one article per line: 'articleBodyText' and "
              "'quotations' [{'quote', 'quote_index': '(start,end)', 'speaker', 'speaker_index', ...}]")
POLNEAR_LAYOUT = ("a PolNeAR data folder with <split>/text/<name>.txt and <split>/attributions/"
                  "<name>_<annotator>.ann (brat standoff: Source, Cue, Content, Attribution)")

Warn = Callable[[str], None]


# ---------------------------------------------------------------------------------------------
# records


@dataclass(slots=True)
class GoldQuote:
    start: int
    end: int
    speaker_start: int = -1
    speaker_end: int = -1
    speaker: str = ""
    reference: str = ""


@dataclass(slots=True)
class GoldArticle:
    id: str
    text: str
    quotes: list[GoldQuote]
    outlet: str = ""


@dataclass(slots=True)
class GoldAttribution:
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class PolnearArticle:
    id: str
    text: str
    attributions: list[GoldAttribution]


class _Matching:
    """Precision, recall and F1 from counts of gold, predicted and matched items."""

    __slots__ = ()
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class QuoteScore(_Matching):
    """Quote matching at one coverage threshold (GGT protocol)."""

    threshold: float
    gold: int
    predicted: int
    matched: int
    speaker_right: int

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0


@dataclass(slots=True)
class SpanScore(_Matching):
    """Precision/recall/F1 of one span role (PolNeAR)."""

    role: str
    rule: str  # "overlap" | "exact"
    gold: int
    predicted: int
    matched: int


@dataclass(slots=True)
class GGTReport:
    """The span rule (`scores`: extraction alone, speaker by mention overlap) and the brief path
    (`brief_scores`: cleaning, extraction and the ledger, speaker by the ledger's canonical name
    against GGT's ``reference``: what the reader of a brief sees)."""

    path: str
    articles: int
    scores: list[QuoteScore]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    brief_scores: list[QuoteScore] = field(default_factory=list)

    def score(self, threshold: float) -> QuoteScore:
        return next(s for s in self.scores if abs(s.threshold - threshold) < 1e-9)

    def brief_score(self, threshold: float) -> QuoteScore:
        return next(s for s in self.brief_scores if abs(s.threshold - threshold) < 1e-9)

    def format(self) -> str:
        lines = [f"GenderGapTracker quotes: {self.path} ({self.articles} articles, {self.seconds:.1f} s)",
                 f"{'path':>6} {'overlap':>8} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6} "
                 f"{'speaker':>8}"]
        for path, scores in (("span", self.scores), ("brief", self.brief_scores)):
            for s in scores:
                lines.append(f"{path:>6} {s.threshold:>8.1f} {s.gold:>5} {s.predicted:>5} {s.matched:>5} "
                             f"{100 * s.precision:>6.1f} {100 * s.recall:>6.1f} {100 * s.f1:>6.1f} "
                             f"{100 * s.speaker_accuracy:>8.1f}")
        lines.append("span: extraction alone, speaker right when the predicted mention overlaps the gold one; "
                     "brief: cleaning, extraction and the ledger, speaker right when the ledger's name matches "
                     "the gold reference (same surname, or one name's words contain the other's)")
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


@dataclass(slots=True)
class PolnearReport:
    path: str
    split: str
    articles: int
    scores: list[SpanScore]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def score(self, role: str, rule: str = "overlap") -> SpanScore:
        return next(s for s in self.scores if s.role == role and s.rule == rule)

    def format(self) -> str:
        lines = [f"PolNeAR attributions: {self.path} [{self.split}] ({self.articles} articles, {self.seconds:.1f} s)",
                 f"{'span':>8} {'rule':>8} {'gold':>6} {'pred':>6} {'match':>6} {'P':>6} {'R':>6} {'F1':>6}"]
        for s in self.scores:
            lines.append(f"{s.role:>8} {s.rule:>8} {s.gold:>6} {s.predicted:>6} {s.matched:>6} "
                         f"{100 * s.precision:>6.1f} {100 * s.recall:>6.1f} {100 * s.f1:>6.1f}")
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# GGT reader


def _parse_index(value) -> tuple[int, int] | None:
    m = re.fullmatch(r"\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*", str(value or ""))
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    return (a, b) if b > a else None


def _anchor(text: str, string: str, near: int) -> tuple[int, int] | None:
    """The occurrence of `string` in `text` nearest `near` (spaces may differ), or None."""
    if not string.strip():
        return None
    hits = [m.start() for m in re.finditer(re.escape(string), text)]
    length = len(string)
    if not hits:
        core = string.strip()
        pattern = r"\s+".join(re.escape(w) for w in core.split())
        found = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
        if not found:
            return None
        return min(found, key=lambda se: abs(se[0] - near))
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + length


def _looks_like_text(text: object) -> bool:
    return isinstance(text, str) and len(text.split()) >= 20


def read_ggt(path: str | Path, *, warn: Warn | None = None) -> list[GoldArticle]:
    """GGT annotated articles with their gold quotes re-anchored in ``articleBodyText``."""
    path = Path(path)
    if path.is_dir():
        path = path / "annotations.jsonl"
    if not path.is_file():
        raise DatasetError(f"{path}: not found; expected {GGT_LAYOUT}")
    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        log.warning(message)
        if warn:
            warn(message)

    articles = []
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise DatasetError(f"{path}:{n}: not JSON ({err.msg}); expected {GGT_LAYOUT}") from None
            if not isinstance(row, dict) or "quotations" not in row or "articleBodyText" not in row:
                raise DatasetError(f"{path}:{n}: no 'articleBodyText'/'quotations'; expected {GGT_LAYOUT}")
            article_id = str(row.get("_id", f"line{n}"))
            quotations = row["quotations"]
            if not isinstance(quotations, list):
                note(f"{path}:{n} ({article_id}): 'quotations' is a {type(quotations).__name__}, not a list; "
                     "article skipped")
                continue
            text = row.get("articleBodyText") or ""
            if not _looks_like_text(text):
                raw = row.get("rawtext") or ""
                found = sum(1 for q in quotations if isinstance(q, dict) and isinstance(q.get("quote"), str)
                            and q["quote"] and isinstance(raw, str) and q["quote"] in raw)
                if _looks_like_text(raw) and found >= max(1, len(quotations) // 2):
                    note(f"{path}:{n} ({article_id}): 'articleBodyText' is not article text ({text[:30]!r}); "
                         "its 'rawtext' is used instead")
                    text = raw
                else:
                    note(f"{path}:{n} ({article_id}): 'articleBodyText' is not article text; article skipped")
                    continue
            gold = []
            for k, q in enumerate(quotations):
                if not isinstance(q, dict):
                    note(f"{path}:{n} ({article_id}): quotation {k} is not an object; skipped")
                    continue
                quote = q.get("quote") or ""
                qidx = _parse_index(q.get("quote_index"))
                if not isinstance(quote, str) or not quote.strip():
                    note(f"{path}:{n} ({article_id}): quotation {k} has no 'quote' text; skipped")
                    continue
                if qidx and text[qidx[0]:qidx[1]] == quote:
                    qspan = qidx
                else:
                    qspan = _anchor(text, quote, qidx[0] if qidx else 0)
                if qspan is None:
                    note(f"{path}:{n} ({article_id}): quotation {k} is not in the article text; skipped")
                    continue
                drift = qspan[0] - qidx[0] if qidx else 0
                speaker = q.get("speaker") if isinstance(q.get("speaker"), str) else ""
                sidx = _parse_index(q.get("speaker_index"))
                sspan = (-1, -1)
                if speaker.strip():
                    if sidx and text[sidx[0]:sidx[1]] == speaker:
                        sspan = sidx
                    else:
                        near = sidx[0] + drift if sidx else qspan[0]
                        sspan = _anchor(text, speaker, near) or (-1, -1)
                gold.append(GoldQuote(qspan[0], qspan[1], sspan[0], sspan[1], speaker, q.get("reference") or ""))
            articles.append(GoldArticle(article_id, text, gold, str(row.get("outlet") or "")))
    if not articles:
        raise DatasetError(f"{path}: no usable article; expected {GGT_LAYOUT}")
    return articles


def article_from_text(article_id: str, text: str, outlet: str = "") -> Article:
    """An `Article` over plain text whose paragraphs are its non-empty lines (a lone "." is none)."""
    return Article(id=article_id, source=article_id, outlet=outlet or article_id, title="", text=text,
                   blocks=line_blocks(text))


# ---------------------------------------------------------------------------------------------
# scoring


def _coverage(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    g0, g1 = gold
    overlap = max(0, min(g1, pred[1]) - max(g0, pred[0]))
    return overlap / (g1 - g0) if g1 > g0 else 0.0


def top_level(quotes: Sequence[Quote]) -> list[Quote]:
    """Quotes not lying inside another quote of the same article (longest first on ties)."""
    ordered = sorted(quotes, key=lambda q: (q.start, -q.end))
    out: list[Quote] = []
    for q in ordered:
        if any(o.article == q.article and o.start <= q.start and q.end <= o.end for o in out):
            continue
        out.append(q)
    return out


def _matched_pairs(gold: Sequence, predicted: Sequence, threshold: float) -> list[tuple[int, int]]:
    """GGT's matching: (gold, predicted) index pairs whose coverage of the gold quote is over
    `threshold`, one to one, best coverage first (ties by position)."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            cov = _coverage((g.start, g.end), (p.start, p.end))
            if cov > threshold:
                pairs.append((cov, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def score_ggt(gold: Sequence[GoldQuote], predicted: Sequence[Quote], threshold: float) -> QuoteScore:
    """GGT matching for one article: coverage of the gold quote > threshold, one to one, best first."""
    matched = speaker_right = 0
    for i, j in _matched_pairs(gold, predicted, threshold):
        matched += 1
        g, p = gold[i], predicted[j]
        if g.speaker_start >= 0:
            right = p.speaker_start >= 0 and min(g.speaker_end, p.speaker_end) > max(g.speaker_start, p.speaker_start)
        else:
            right = p.floating or p.speaker_start < 0
        speaker_right += right
    return QuoteScore(threshold, len(gold), len(predicted), matched, speaker_right)


_NAME_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")


def _name_words(name: str) -> list[str]:
    from ..text.names import clean_name

    return [w.lower() for w in _NAME_WORD.findall(clean_name(name, "person"))]


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """The brief path's speaker rule: a gold quote without a speaker is right only when none is given;
    else the names are right when their last words (surnames) match or one's words contain the other's."""
    gold_words = _name_words(gold or "")
    if not gold_words:
        return not predicted
    pred_words = _name_words(predicted or "")
    if not pred_words:
        return False
    if gold_words[-1] == pred_words[-1]:
        return True
    return set(gold_words) <= set(pred_words) or set(pred_words) <= set(gold_words)


@dataclass(slots=True)
class LedgerQuote:
    """A citation of the ledger in one article, with the speaker the entry names."""

    start: int
    end: int
    speaker: str | None


def score_brief(gold: Sequence[GoldQuote], predicted: Sequence[LedgerQuote], threshold: float) -> QuoteScore:
    """GGT matching of one article's ledger citations; a matched quote's speaker is right by
    :func:`same_speaker` of the gold ``reference`` (else its speaker) and the entry's name."""
    matched = speaker_right = 0
    for i, j in _matched_pairs(gold, predicted, threshold):
        matched += 1
        speaker_right += same_speaker(gold[i].reference or gold[i].speaker, predicted[j].speaker)
    return QuoteScore(threshold, len(gold), len(predicted), matched, speaker_right)


def _sum_scores(scores: Iterable[QuoteScore], threshold: float) -> QuoteScore:
    total = QuoteScore(threshold, 0, 0, 0, 0)
    for s in scores:
        total.gold += s.gold
        total.predicted += s.predicted
        total.matched += s.matched
        total.speaker_right += s.speaker_right
    return total


def _norm_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    strip = " \t\n.,;:!?\"'“”‘’()—–-"
    while a < b and text[a] in strip:
        a += 1
    while b > a and text[b - 1] in strip:
        b -= 1
    return a, b


def score_spans(text: str, gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]],
                role: str = "content") -> tuple[SpanScore, SpanScore]:
    """(overlap, exact) matching of one role's spans in one article (see the module docstring)."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            overlap = min(g[1], p[1]) - max(g[0], p[0])
            shorter = min(g[1] - g[0], p[1] - p[0])
            if overlap > 0 and shorter > 0 and overlap >= 0.5 * shorter:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p = set(), set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    gold_norm = [_norm_span(text, g) for g in gold]
    exact = 0
    taken = set()
    for p in predicted:
        pn = _norm_span(text, p)
        for i, g in enumerate(gold_norm):
            if i not in taken and g == pn:
                taken.add(i)
                exact += 1
                break
    return (SpanScore(role, "overlap", len(gold), len(predicted), len(used_g)),
            SpanScore(role, "exact", len(gold), len(predicted), exact))


# ---------------------------------------------------------------------------------------------
# PolNeAR reader


def _brat_spans(field_text: str) -> list[tuple[int, int]]:
    spans = []
    for part in field_text.split(";"):
        a, b = part.split()
        spans.append((int(a), int(b)))
    return spans


def read_polnear(path: str | Path, split: str = "dev", *, limit: int | None = None) -> list[PolnearArticle]:
    """PolNeAR articles of one split with their Source/Cue/Content attributions."""
    root = Path(path)
    base = root / split if (root / split).is_dir() else root
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DatasetError(f"{root}: no {split}/text and {split}/attributions folders; expected {POLNEAR_LAYOUT}")
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(name, ann)  # first annotator when several annotated the article
    articles = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann = anns.get(txt.stem)
        if ann is None:
            log.warning("%s: no annotation file in %s; skipped", txt, ann_dir)
            continue
        text = txt.read_text(encoding="utf-8")
        bounds: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        events = []
        for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            try:
                if parts[0].startswith("T"):
                    label, spans = parts[1].split(" ", 1)
                    bounds[parts[0]] = (label, _brat_spans(spans))
                elif parts[0].startswith("E"):
                    events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
            except (IndexError, ValueError):
                raise DatasetError(f"{ann}:{n}: not a brat standoff line; expected {POLNEAR_LAYOUT}") from None
        attributions = []
        for event in events:
            att = GoldAttribution()
            for role in ("Source", "Cue", "Content"):
                ref = event.get(role)
                if ref and ref in bounds:
                    getattr(att, role.lower()).extend(bounds[ref][1])
            if att.content or att.cue:
                attributions.append(att)
        articles.append(PolnearArticle(txt.stem, text, attributions))
        if limit is not None and len(articles) >= limit:
            break
    if not articles:
        raise DatasetError(f"{base}: no annotated article; expected {POLNEAR_LAYOUT}")
    return articles


# ---------------------------------------------------------------------------------------------
# running the extractor


def _extract_all(articles: Sequence[Article]) -> dict[str, list[Quote]]:
    from ..analyse.corpus import Corpus

    corpus = Corpus(articles)
    corpus.parse(batch_size=8)
    return corpus.quotes


def brief_path_quotes(gold: Sequence[GoldArticle]) -> dict[str, tuple[str, list[GoldQuote], list[LedgerQuote]]]:
    """Each GGT article through the path of ``synopsis brief``: cleaned as a plain-text input
    (:func:`synopsis.clean.clean_document`), parsed, its quotes extracted and merged into its own
    ledger (each article is a brief of its own: the articles are about different events).

    Returns article id -> (cleaned text, gold quotes re-anchored in it, the ledger's citations in
    it, outermost only). A gold quote whose words the cleaner removed is kept unmatched (a miss)."""
    from .. import models
    from ..analyse.corpus import Corpus
    from ..clean import clean_document
    from ..errors import SkipInput
    from ..ingest import RawDocument

    cleaned: list[tuple[GoldArticle, Article | None]] = []
    for g in gold:
        raw = RawDocument(id=g.id, source=g.id, text=g.text, outlet=g.outlet or g.id, name=g.id)
        try:
            cleaned.append((g, clean_document(raw)))
        except SkipInput:
            cleaned.append((g, None))
    kept = [a for _, a in cleaned if a is not None]
    corpora = {a.id: Corpus([a]) for a in kept}
    for a, doc in zip(kept, models.parse([a.text for a in kept], batch_size=8)):
        corpora[a.id].analyses[0].set_doc(doc)
    out = {}
    for g, article in cleaned:
        if article is None:
            out[g.id] = ("", [GoldQuote(-2, -1, reference=q.reference, speaker=q.speaker) for q in g.quotes], [])
            continue
        text = article.text
        anchored = []
        for q in g.quotes:
            near = round(q.start * len(text) / max(1, len(g.text)))
            span = _anchor(text, g.text[q.start:q.end], near)
            anchored.append(GoldQuote(*(span or (-2, -1)), speaker=q.speaker, reference=q.reference))
        citations = sorted(((c.start, c.end, e.speaker) for e in corpora[article.id].ledger
                            for c in e.citations if c.article == article.id), key=lambda c: (c[0], -c[1]))
        outer: list[LedgerQuote] = []
        for start, end, speaker in citations:
            if not any(o.start <= start and end <= o.end for o in outer):
                outer.append(LedgerQuote(start, end, speaker))
        out[g.id] = (text, anchored, outer)
    return out


def evaluate_ggt(path: str | Path, thresholds: Sequence[float] = GGT_THRESHOLDS, *, brief: bool = True) -> GGTReport:
    """Run quote extraction on the GGT annotations at `path` and score it (GGT protocol): the
    span rule on extraction alone, and (`brief`) the ledger's speakers through the brief path."""
    import time

    warnings: list[str] = []
    gold = read_ggt(path, warn=warnings.append)
    articles = [article_from_text(g.id, g.text, g.outlet) for g in gold]
    t0 = time.perf_counter()
    predicted = _extract_all(articles)
    seconds = time.perf_counter() - t0
    scores = []
    for threshold in thresholds:
        per_article = [score_ggt(g.quotes, top_level(predicted[g.id]), threshold) for g in gold]
        scores.append(_sum_scores(per_article, threshold))
    brief_scores = []
    if brief:
        through = brief_path_quotes(gold)
        for threshold in thresholds:
            per_article = [score_brief(g, p, threshold) for _, g, p in through.values()]
            brief_scores.append(_sum_scores(per_article, threshold))
    return GGTReport(str(path), len(gold), scores, warnings, seconds, brief_scores)


def evaluate_polnear(path: str | Path, split: str = "dev", *, limit: int | None = None) -> PolnearReport:
    """Run quote extraction on PolNeAR `split` (``train`` or ``dev``) and score sources, cues and contents."""
    import time

    gold = read_polnear(path, split, limit=limit)
    articles = [article_from_text(g.id, g.text) for g in gold]
    t0 = time.perf_counter()
    predicted = _extract_all(articles)
    seconds = time.perf_counter() - t0
    totals: dict[tuple[str, str], SpanScore] = {}
    for g in gold:
        quotes = top_level(predicted[g.id])
        pred = {
            "source": [(q.speaker_start, q.speaker_end) for q in quotes if q.speaker_start >= 0 and not q.floating],
            "cue": [(q.cue_start, q.cue_end) for q in quotes if q.cue_start >= 0],
            "content": [(q.start, q.end) for q in quotes],
        }
        for role in ("source", "cue", "content"):
            spans = [s for a in g.attributions for s in getattr(a, role)]
            if role == "content":  # a discontinuous content is one span from its first to its last part
                spans = [(min(s[0] for s in a.content), max(s[1] for s in a.content))
                         for a in g.attributions if a.content]
            for sc in score_spans(g.text, spans, sorted(set(pred[role])), role):
                key = (sc.role, sc.rule)
                if key not in totals:
                    totals[key] = SpanScore(sc.role, sc.rule, 0, 0, 0)
                totals[key].gold += sc.gold
                totals[key].predicted += sc.predicted
                totals[key].matched += sc.matched
    order = [(r, m) for r in ("source", "cue", "content") for m in ("overlap", "exact")]
    return PolnearReport(str(path), split, len(gold), [totals[k] for k in order if k in totals], [], seconds)
