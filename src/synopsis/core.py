"""The pipeline: ingest -> clean -> analyse -> Brief. Rendering lives in :mod:`synopsis.render`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import models
from .analyse.alignment import SentenceSpace, best_per_article, same_fact_pairs
from .analyse.comparison import compare_outlets
from .analyse.disputes import find_disputes
from .analyse.entities import entity_mentions, merge_entities
from .analyse.figures import figure_ledger
from .analyse.framing import outlet_framing
from .analyse.quotes import extract_quotes, quote_ledger
from .analyse.sentences import split_sentences
from .analyse.summary import SummaryInput, summarize
from .analyse.timeline import build_timeline
from .clean import clean_document, repeated_lines
from .errors import InputError, SkipInput
from .ingest import read_inputs
from .options import Options
from .records import Article, Brief, Citation, LedgerEntry, Sentence, SkippedInput, SummarySentence

#: Called with the name of each step as it starts (the CLI shows it as progress).
StepReporter = Callable[[str], None]


@dataclass
class LoadResult:
    """Articles ready for analysis, and the inputs that could not be used (with reasons)."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)


def load_articles(
    inputs: Iterable[str | Path] | str | Path, options: Options | None = None, *, stdin=None
) -> LoadResult:
    """Read and clean articles from folders, files or ``-`` (stdin).

    Raises :class:`InputError` only when `inputs` is not a path or a list of paths; every input
    that cannot be used is listed in ``skipped`` with the reason."""
    options = options or Options()
    read = read_inputs(_input_paths(inputs), max_bytes=options.max_bytes, stdin=stdin)
    repeated = repeated_lines(read.documents)
    result = LoadResult(skipped=list(read.skipped))
    for doc in read.documents:
        try:
            result.articles.append(clean_document(doc, repeated=repeated, outlets=options.outlets))
        except SkipInput as err:
            result.skipped.append(SkippedInput(doc.source, str(err)))
    return result


def _input_paths(inputs) -> list[str]:
    """`inputs` as a list of path strings: one path (str, bytes or os.PathLike) or an iterable of them."""
    import os

    def one(item) -> str:
        if isinstance(item, (str, bytes, os.PathLike)):
            return os.fsdecode(item)
        raise InputError(f"an input must be a path (str or pathlib.Path) or '-' for stdin, not "
                         f"{type(item).__name__} {item!r:.60}")

    if isinstance(inputs, (str, bytes, os.PathLike)):
        return [one(inputs)]
    try:
        items = list(inputs)
    except TypeError:
        raise InputError(f"inputs must be a path or a list of paths, not {type(inputs).__name__} {inputs!r:.60}") from None
    return [one(item) for item in items]


def _unique_ids(articles: Sequence[Article]) -> list[Article]:
    """The articles, those whose id repeats an earlier one's renamed (with a warning): citations
    name articles by id, so ids must be unique in a brief."""
    from dataclasses import replace

    from .ingest import renamed_id_warning, unique_ids

    ids = unique_ids([a.id for a in articles])
    return [a if new == a.id else replace(a, id=new, warnings=[*a.warnings, renamed_id_warning(a.id, new)])
            for a, new in zip(articles, ids)]


def reading_order(articles: Sequence[Article]) -> list[Article]:
    """Articles by publication date (undated last), then input order."""
    indexed = list(enumerate(articles))
    indexed.sort(key=lambda pair: (pair[1].published is None, pair[1].published or "", pair[0]))
    return [a for _, a in indexed]


def quote_ledger_of(articles: Sequence[Article]) -> list[LedgerEntry]:
    """Who said what across the articles (parses them; `brief` does this along with entities)."""
    articles = _unique_ids(articles)
    quotes = {a.id: extract_quotes(a, doc) for a, doc in zip(articles, models.parse(a.text for a in articles))}
    return quote_ledger(quotes, articles)


@contextmanager
def _step(report: StepReporter | None, name: str):
    if report:
        report(name)
    yield


def brief(
    inputs: Iterable[str | Path] | str | Path | LoadResult | Sequence[Article],
    options: Options | None = None,
    *,
    report: StepReporter | None = None,
) -> Brief:
    """Build a brief from input paths, a :class:`LoadResult`, or cleaned articles.

    Raises :class:`InputError` when no usable article remains.
    """
    options = options or Options()
    with _step(report, "reading and cleaning articles"):
        if isinstance(inputs, LoadResult):
            loaded = inputs
        elif isinstance(inputs, Sequence) and inputs and isinstance(inputs[0], Article):
            loaded = LoadResult(list(inputs))
        else:
            loaded = load_articles(inputs, options)
    if not loaded.articles:
        detail = "; ".join(f"{s.source}: {s.reason}" for s in loaded.skipped[:3])
        raise InputError(f"no usable article in the input ({detail or 'nothing given'})")

    articles = reading_order(_unique_ids(loaded.articles))
    warnings = [f"{a.source}: {w}" for a in articles for w in a.warnings]
    if len(articles) == 1:
        warnings.append(
            f"only one article ({articles[0].source}): the brief cannot compare outlets; "
            "add other articles about the same event"
        )

    with _step(report, "splitting sentences"):
        sentences = [s for a in articles for s in split_sentences(a)]

    with _step(report, "loading the language model"):
        models.nlp()
    with _step(report, "finding people, organisations, places and quotes"):
        docs = list(models.parse(a.text for a in articles))
        mentions = [m for article, doc in zip(articles, docs) for m in entity_mentions(article, doc)]
        entities = merge_entities(mentions)
        quotes = quote_ledger({a.id: extract_quotes(a, doc) for a, doc in zip(articles, docs)}, articles)
    with _step(report, "listing figures"):
        figures = figure_ledger(articles, docs)

    with _step(report, "loading the sentence encoder"):
        encoder = models.sentence_encoder()
    with _step(report, "aligning sentences across outlets"):
        embeddings = encoder.encode([s.text for s in sentences])
        space = SentenceSpace.build(sentences, embeddings)
        matches = same_fact_pairs(space, options.citation_threshold)
        citable = [s.kind in ("body", "dek") for s in sentences]
        same_fact = {(i, j) for i, pairs in matches.items() for j, _ in pairs}
        cited = {i: best_per_article(space, [(j, sim) for j, sim in pairs if citable[j]])
                 for i, pairs in matches.items()}

    with _step(report, "placing events on a timeline"):
        row = {(s.article, s.start): k for k, s in enumerate(sentences)}
        similarity = space.similarity()  # the alignment's matrix, not computed again

        def sentence_cosine(a: str, a_start: int, b: str, b_start: int) -> float:
            i, j = row.get((a, a_start)), row.get((b, b_start))
            return float(similarity[i, j]) if i is not None and j is not None else 0.0

        timeline = build_timeline(articles, docs, options.date, sentence_cosine)

    with _step(report, "comparing the outlets"):
        comparison = compare_outlets(articles, sentences, space, matches)
        disputes = find_disputes(articles, docs, sentences, embeddings, quotes)
        left_out = {outlet: [comparison.consensus[k].text for k in facts] for outlet, facts in comparison.missing.items()}
        framing = outlet_framing(articles, sentences, embeddings, quotes, left_out)

    with _step(report, "writing the summary"):
        support = np.array([sum(sim for _, sim in cited.get(i, [])) for i in range(len(sentences))])
        # The summary tells the event the set is about: an article flagged as covering another
        # event or a later development gives it no sentence (it may still be cited).
        off = {o.article for o in comparison.off_event}
        if all(s.article in off for s in sentences):
            off = set()  # never an empty summary for want of an on-event article
        keep = [i for i, s in enumerate(sentences) if s.article not in off]
        index = {i: k for k, i in enumerate(keep)}
        inp = SummaryInput([sentences[i] for i in keep], [a.id for a in articles if a.id not in off],
                           embeddings[keep], support[keep],
                           {(index[i], index[j]) for i, j in same_fact if i in index and j in index})
        chosen = [keep[k] for k in summarize(inp, options.words, options.summarizer)]
        summary = [_cited(sentences, i, cited.get(i, [])) for i in chosen]
        if not summary:
            warnings.append(_empty_summary_note(inp.sentences, options.words))

    return Brief(
        articles=articles,
        summary=summary,
        entities=entities,
        skipped=list(loaded.skipped),
        warnings=warnings,
        summarizer=options.summarizer,
        words=options.words,
        quotes=quotes,
        consensus=comparison.consensus,
        unique=comparison.unique,
        missing=comparison.missing,
        off_event=comparison.off_event,
        figures=figures,
        timeline=timeline,
        disputes=disputes,
        framing=framing,
        outlet_profiles={a.outlet: options.outlet_profiles[a.outlet] for a in articles
                         if a.outlet in options.outlet_profiles},
    )


def _empty_summary_note(sentences: Sequence[Sentence], words: int) -> str:
    """Why a summary came out empty, in words a user can act on."""
    from .analyse.summary import MAX_WORDS, MIN_WORDS, is_candidate

    body = [s for s in sentences if s.kind in ("body", "dek")]
    usable = [s for s in body if is_candidate(s)]
    shortest = min((len(s.text.split()) for s in usable), default=0)
    if usable and shortest > words:
        return (f"the summary is empty: the shortest sentence that could open it has {shortest} words, "
                f"more than the budget of {words}: raise --words")
    if usable:
        return f"the summary is empty: the summarizer chose none of the {len(usable)} sentences that could open it"
    return (f"the summary is empty: none of the {len(body)} body sentences can stand alone in a summary "
            f"(a sentence of {MIN_WORDS} to {MAX_WORDS} words that ends like one); "
            "check that the input holds English news text")


def _cited(sentences: list[Sentence], i: int, matches: list[tuple[int, float]]) -> SummarySentence:
    own = sentences[i]
    citations = [Citation(own.article, own.start, own.end, 1.0)]
    citations += [
        Citation(sentences[j].article, sentences[j].start, sentences[j].end, round(sim, 3)) for j, sim in matches
    ]
    return SummarySentence(own.text, citations)
