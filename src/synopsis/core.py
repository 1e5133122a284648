"""The pipeline: ingest -> clean -> analyse -> Brief. Rendering lives in :mod:`synopsis.render`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


from . import models
from .analyse.comparison import compare_outlets
from .analyse.corpus import Corpus
from .analyse.disputes import find_disputes
from .analyse.figures import figure_ledger
from .analyse.framing import outlet_framing
from .analyse.summary import summarize
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
    return Corpus(_unique_ids(articles)).ledger


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
    cache: models.BriefCache | None = None,
) -> Brief:
    """Build a brief from input paths, a :class:`LoadResult`, or cleaned articles.

    `cache`: what earlier briefs computed (a :class:`synopsis.store.Store`): only the
    sentences and articles it lacks are encoded and parsed, and the results added to it.
    Raises :class:`InputError` when no usable article remains.
    """
    with models.one_blas_thread():  # the brief's threads are its own (see one_blas_thread)
        return _brief(inputs, options or Options(), report, cache)


def _brief(inputs, options: Options, report: StepReporter | None, cache: models.BriefCache | None) -> Brief:
    models.preload(encoder=options.encoder)  # in the background, while files are read and cleaned
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

    corpus = Corpus(articles, options)
    with _step(report, "splitting sentences"):
        sentences = corpus.sentences

    with _step(report, "loading the sentence encoder"):
        encoder = models.sentence_encoder(options.encoder)
    if encoder.note:
        warnings.append(encoder.note)
    # Sentences are encoded in the background while spaCy parses the articles.
    # The clauses of long sentences are pooled from the same forward pass (same-fact matching).
    encoding = models.encode_in_background(encoder, [s.text for s in sentences], cache=cache,
                                           spans=corpus.clause_spans)

    with _step(report, "loading the language model"):
        models.nlp()
    with _step(report, "finding people, organisations, places and quotes"):
        corpus.parse(cache=cache)
        entities = corpus.entities
        quotes = corpus.ledger
    with _step(report, "aligning sentences across outlets"):
        corpus.set_embeddings(encoding.result())
        corpus.set_clause_vectors(encoding.span_vectors())
        if encoding.note:
            warnings.append(encoding.note)
        corpus.cited  # noqa: B018 - each step computes what the next ones share
    with _step(report, "placing events on a timeline"):
        timeline = build_timeline(corpus)
    with _step(report, "comparing the outlets"):
        comparison = compare_outlets(corpus)
        disputes = find_disputes(corpus)
        left_out = {outlet: [comparison.consensus[k].text for k in facts] for outlet, facts in comparison.missing.items()}
        framing = outlet_framing(corpus, left_out)
    with _step(report, "listing figures"):
        figures = figure_ledger(corpus, {o.article for o in comparison.off_event})
    with _step(report, "writing the summary"):
        summary, considered = _summary(corpus, {o.article for o in comparison.off_event}, _fact_pairs(corpus, comparison),
                                       disputes)
        if not summary:
            warnings.append(_empty_summary_note(considered, options.words))

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


def _fact_pairs(corpus: Corpus, comparison) -> set[tuple[int, int]]:
    """Pairs of rows that state one agreed fact (the citations of a consensus fact): a summary
    gives each fact once."""
    pairs = set()
    for fact in comparison.consensus:
        rows = [r for c in fact.citations if (r := corpus.row_of(c.article, c.start)) is not None]
        pairs.update((i, j) for i in rows for j in rows if i != j)
    return pairs


def _both_sides(corpus: Corpus, chosen: list[int], disputes: Sequence, words: int, off_event: set[str],
                same: set[tuple[int, int]]) -> list[int]:
    """The summary's rows with the other side of each dispute it tells one side of, while the word
    budget allows: a sentence of the other side that can stand alone, is not off the event and does
    not state the same fact as a chosen one; in reading order (rows are in reading order)."""
    from .analyse.summary import is_candidate

    sentences = corpus.sentences
    picked = list(chosen)
    used = sum(len(sentences[r].text.split()) for r in picked)
    for dispute in disputes:
        sides = [dispute.claim, *dispute.rebuttals]
        rows = [[r for c in side.citations if (r := corpus.row_of(c.article, c.start)) is not None
                 and sentences[r].article not in off_event] for side in sides]
        told = [any(r in picked for r in side) for side in rows]
        if not any(told) or all(told):
            continue
        for side, is_told in zip(rows, told):
            if is_told:
                continue
            for r in side:
                n = len(sentences[r].text.split())
                if (used + n <= words and is_candidate(sentences[r])
                        and not any((r, c) in same or (c, r) in same or (r, c) in corpus.same_fact for c in picked)):
                    picked.append(r)
                    used += n
                    break
    return picked if len(picked) == len(chosen) else sorted(picked)


def _summary(corpus: Corpus, off_event: set[str], same: set[tuple[int, int]] = frozenset(),
             disputes: Sequence = ()) -> tuple[list[SummarySentence], list[Sentence]]:
    """The summary, each sentence cited by its own sentence and the best match in every other
    article; and the sentences it was chosen from.

    The summary tells the event the set is about: an article flagged as covering another event or a
    later development gives it no sentence (it may still be cited), unless every article is flagged
    (never an empty summary for want of an on-event article).
    """
    if all(s.article in off_event for s in corpus.sentences):
        off_event = set()
    inp, rows = corpus.summary_input(off_event, same)
    options = corpus.options
    chosen = [rows[k] for k in summarize(inp, options.words, options.summarizer)]
    if disputes:  # when the set holds a dispute and the budget allows, both sides
        chosen = _both_sides(corpus, chosen, disputes, options.words, off_event, set(same))
    return [_cited(corpus, r) for r in chosen], inp.sentences


def _cited(corpus: Corpus, i: int) -> SummarySentence:
    sentences = corpus.sentences
    own = sentences[i]
    citations = [Citation(own.article, own.start, own.end, 1.0)]
    citations += [
        Citation(sentences[j].article, sentences[j].start, sentences[j].end, round(sim, 3))
        for j, sim in corpus.cited.get(i, [])
    ]
    return SummarySentence(own.text, citations)
