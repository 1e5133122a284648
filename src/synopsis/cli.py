"""Command line: ``synopsis brief PATH...`` and friends (typer)."""

# No `from __future__ import annotations` here: typer reads every command's parameters on each
# run (`--help` too), and string annotations are compiled and evaluated each time it reads
# them; evaluated once at import, `synopsis --help` takes 0.14 -> 0.11 CPU s (issue 25).
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .cli_app import Progress as _Progress
from .cli_app import MARKUP, app, choices, stderr
from .cli_app import note as _note
from .cli_app import options_from as _options
from .cli_app import outlet_options
from .cli_app import settings_from as _settings
from .errors import InputError, SynopsisError
from .options import DEFAULT_MAX_BYTES, Options, check_words


Encoder = choices("Encoder", "onnx", "torch")


_ENCODER_HELP = "Sentence encoder: onnx (all-MiniLM-L6-v2 in int8, fast) or torch (the same model in fp32)."


Format = choices("Format", "terminal", "md", "html", "json")


def _summarizer_names() -> list[str]:
    from .analyse.summary import SUMMARIZERS

    return list(SUMMARIZERS)


def read_outlet_map(path: Path) -> dict[str, str]:
    """Outlet names from a user's outlets file (.json or .toml; see :mod:`synopsis.sources.outlets`)."""
    from .sources.outlets import read_outlets

    return read_outlets(path).names


def _load(inputs: list[str], options: Options, quiet: bool, progress: _Progress):
    """Read and clean the inputs; each skipped input gets a line on stderr (unless --quiet)."""
    from .core import load_articles

    progress("reading and cleaning articles")
    loaded = load_articles(inputs, options)
    if not quiet:
        for skipped in loaded.skipped:
            _note("skipped", f"{skipped.source}: {skipped.reason}")
    return loaded


@app.command()
def brief(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Folders, files (.txt, .html, .jsonl), - for stdin, or URLs.")] = None,
    words: Annotated[int, typer.Option("--words", "-w", help="Word budget of the summary.")] = 150,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.terminal,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    outlets: Annotated[Optional[Path], typer.Option(help="JSON map of file name/domain -> outlet name.")] = None,
    summarizer: Annotated[str, typer.Option(help="Summarizer: coverage, support, lexrank, centroid or lead.")] = "coverage",
    max_bytes: Annotated[int, typer.Option(help="Skip inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    date: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD: anchor of relative dates, overriding publication dates.")] = None,
    encoder: Annotated[Encoder, typer.Option(help=_ENCODER_HELP)] = Encoder.onnx,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or notes on stderr.")] = False,
    store: Annotated[Optional[Path], typer.Option("--store", help="A store to brief from (--story, --search) or to add URLs to; it keeps the brief's sentence vectors and parses for the next brief.")] = None,
    story: Annotated[Optional[str], typer.Option(help="Brief this stored story (see `synopsis stories --store`).")] = None,
    search: Annotated[Optional[str], typer.Option(help="Brief the stored articles that best match these words.")] = None,
    contact: Annotated[Optional[str], typer.Option(help="Sent in the User-Agent when fetching URLs: how to reach you.")] = None,
) -> None:
    """Brief a set of articles about one event (files, URLs, or a story or search of the store)."""
    from . import models
    from .outputs import check_writable_file, write_text

    options = _options(words=words, summarizer=summarizer, max_bytes=max_bytes, date=date, encoder=encoder.value,
                       **outlet_options(outlets))
    if out is not None:
        check_writable_file(out, "--out")
    # First thing: the models load while the rest is imported and the articles are read and
    # cleaned, the int8 encoder in a process of its own (beside spaCy's load and parse).
    models.preload(encoder=options.encoder, process=True)
    from . import cli_library as _library
    from .core import brief as build_brief
    from .render import render

    with _Progress(not quiet) as progress:
        progress("reading and cleaning articles")
        loaded = _library.brief_inputs(list(inputs or []), options, store=store, story=story, search_query=search,
                                       contact=contact, report=progress)
        if not quiet:
            for skipped in loaded.skipped:
                _note("skipped", f"{skipped.source}: {skipped.reason}")
        with _library.brief_cache(store) as cache:
            result = build_brief(loaded, options, report=progress, cache=cache)
        _library.remember_brief(store, result, loaded, story=story, search_query=search, options=options)
    if not quiet:
        for warning in result.warnings:
            _note("note", warning)
        _library.note_file_name_outlets(result.articles, options, list(inputs or []))
    if fmt is Format.terminal and out is None:
        from .render.to_terminal import print_brief

        print_brief(result, Console())
        return
    text = render(result, fmt.value)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            write_text(out, text)
        except OSError as err:
            raise InputError(f"{out}: cannot be written ({err.strerror}); give a file in an existing folder") from None
        if not quiet:
            stderr.print(f"wrote {out}")


@app.command()
def stories(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Folders, files (.txt, .html, .jsonl), - for stdin; with --store also URLs, feeds, WARCs.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the stories' briefs, index.html and assignments.jsonl.")] = None,
    state: Annotated[Optional[Path], typer.Option(help="JSON state file: read when it exists (stories continue), then written.")] = None,
    words: Annotated[int, typer.Option("--words", "-w", help="Word budget of each story's summary.")] = 150,
    window_days: Annotated[float, typer.Option(help="Days over which the bar for joining an older story rises to its full value.")] = 30.0,
    no_briefs: Annotated[bool, typer.Option("--no-briefs", help="Only group; write no briefs (fast).")] = False,
    min_brief_size: Annotated[int, typer.Option(help="Brief only stories with at least this many articles.")] = 1,
    outlets: Annotated[Optional[Path], typer.Option(help="JSON map of file name/domain -> outlet name.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Skip inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    encoder: Annotated[Encoder, typer.Option(help=_ENCODER_HELP)] = Encoder.onnx,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or notes on stderr.")] = False,
    store: Annotated[Optional[Path], typer.Option("--store", help="Continue the stories kept in this store (no state file): its new articles are grouped and briefed there.")] = None,
    list_only: Annotated[bool, typer.Option("--list", help="With --store: only list the stored stories.")] = False,
) -> None:
    """Find the stories in a stream of articles, fold wire copies, and brief every story."""
    from . import models
    from .outputs import check_writable_file, check_writable_folder
    from .stories import StoryGrouper, StoryOptions, write_stories

    options = _options(words=words, max_bytes=max_bytes, encoder=encoder.value, **outlet_options(outlets))
    story_options = _settings(StoryOptions, window_days=window_days)
    if store is not None:
        from . import cli_library as _library

        if not no_briefs and not list_only:
            models.preload(encoder=options.encoder)  # loads while the store's new articles are read
        _library.stories_from_store(store, list(inputs or []), options, story_options,
                                    briefs=not no_briefs, min_brief_size=min_brief_size, list_only=list_only,
                                    quiet=quiet)
        return
    if not inputs or out is None:
        raise InputError("give the articles and --out FOLDER, or --store PATH to continue the stories of a store")
    # Everything that can be found out before the work is: a state that cannot be used, a
    # folder or state file that cannot be written.
    grouper = None
    if state is not None:
        check_writable_file(state, "--state")
        if state.exists():
            grouper = StoryGrouper.load_state(state, story_options)
    check_writable_folder(out, "--out")
    if not no_briefs:
        models.preload(encoder=options.encoder)  # loads while the articles are read and cleaned
    with _Progress(not quiet) as progress:
        loaded = _load(inputs, options, quiet, progress)
        written = write_stories(loaded, out, story_options, state=state, grouper=grouper, brief_options=options,
                                briefs=not no_briefs, min_brief_size=min_brief_size, report=progress)
    if not quiet:
        for error in written.errors:
            _note("note", f"no brief for story {error}")
        result = written.result
        copies = sum(1 for a in result.assignments if a.duplicate_of is not None)
        stderr.print(f"{len(result.assignments)} articles -> {len(result.stories)} stories ({copies} copies folded); "
                     f"wrote {out}/index.html and {out}/assignments.jsonl")


QuoteFormat = choices("QuoteFormat", "table", "json")


@app.command()
def quotes(
    inputs: Annotated[list[str], typer.Argument(help="Folders, files (.txt, .html, .jsonl) or - for stdin.")],
    fmt: Annotated[QuoteFormat, typer.Option("--format", "-f", help="A table, or JSON (the brief's quotes[]).")] = QuoteFormat.table,
    outlets: Annotated[Optional[Path], typer.Option(help="JSON map of file name/domain -> outlet name.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Skip inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or notes on stderr.")] = False,
) -> None:
    """List who said what: every quote with its speaker, merged across outlets."""
    from . import models
    from .core import quote_ledger_of, reading_order
    from .render.common import ledger, one_line, quote_outlets, speaker_label

    options = _options(max_bytes=max_bytes, outlets=read_outlet_map(outlets) if outlets else {})
    models.preload(encoder=None)  # spaCy only, while the articles are read and cleaned
    with _Progress(not quiet) as progress:
        loaded = _load(inputs, options, quiet, progress)
        if not loaded.articles:
            detail = "; ".join(f"{s.source}: {s.reason}" for s in loaded.skipped[:3])
            raise InputError(f"no usable article in the input ({detail or 'nothing given'})")
        articles = reading_order(loaded.articles)
        progress("finding quotes")
        entries = quote_ledger_of(articles)
    if not quiet:
        for article in articles:
            for warning in article.warnings:
                _note("note", f"{article.source}: {warning}")
    if fmt is QuoteFormat.json:
        from .render.to_json import quotes_to_dict

        sys.stdout.write(json.dumps(quotes_to_dict(articles, entries), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    from .records import Brief

    view = Brief(articles=articles, summary=[], entities=[], quotes=entries)
    table = Table(show_lines=False, expand=True)
    for column, style, ratio in (("speaker", "bold", 2), ("kind", "dim", 1), ("quote", "", 6), ("outlets", "cyan", 2)):
        table.add_column(column, style=style, overflow="fold", ratio=ratio)
    for entry in ledger(view):
        who = speaker_label(entry) + (f" ({entry.role})" if entry.role else "")
        text = f"“{one_line(entry.text)}”" + (" [wordings differ]" if entry.differs else "")
        table.add_row(who, entry.kind, text, ", ".join(quote_outlets(view, entry)))
    Console().print(table)
    if not quiet:
        _note("note", f"{len(entries)} quotes in {len(articles)} articles; --format json for offsets and wordings")


evaluate_app = typer.Typer(no_args_is_help=True, help="Score synopsis on standard benchmarks (data read in place).",
                           rich_markup_mode=MARKUP)
app.add_typer(evaluate_app, name="evaluate")


SummaryDataset = choices("SummaryDataset", "duc", "tac", "multinews")


@evaluate_app.command("summaries")
def evaluate_summaries(
    path: Annotated[Path, typer.Argument(help="The data set: DUC root, TAC 2011 MultiLing root, or Multi-News .jsonl(.gz).")],
    dataset: Annotated[SummaryDataset, typer.Option(help="Which benchmark layout and scoring convention.")],
    words: Annotated[Optional[int], typer.Option(help="Word budget (default: DUC 100, TAC 250, Multi-News 230).")] = None,
    systems: Annotated[str, typer.Option(help="Comma-separated summarizers to run (the first is the system).")] = ",".join(
        ("coverage", "lead", "centroid", "lexrank")),
    peers: Annotated[Optional[Path], typer.Option(help="Folder of other systems' <cluster id>.txt (or a sub-folder per system).")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Write summaries to DIR/<cluster id>.txt (baselines: DIR/baselines/<name>/), one sentence a line.")] = None,
    csv_path: Annotated[Optional[Path], typer.Option("--csv", help="Per-cluster scores (default: DIR/scores.csv with --out, else none).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N clusters.")] = None,
) -> None:
    """ROUGE-1/2/L of the summarizer and the lead, centroid and LexRank baselines, in one run."""
    from .evaluate.summaries import evaluate_summaries as run
    from .outputs import check_writable_file, check_writable_folder, write_text

    names = [n.strip() for n in systems.split(",") if n.strip()]
    unknown = [n for n in names if n not in _summarizer_names()]
    if unknown or not names:
        raise InputError(f"--systems: unknown summarizer {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(_summarizer_names())}")
    if words is not None:
        _settings(check_words, words)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; give the {dataset.value} data set")
    if csv_path is None and out is not None:
        csv_path = out / "scores.csv"
    if out is not None:
        check_writable_folder(out, "--out")
    if csv_path is not None:  # its folder is created as --out's is
        check_writable_folder(csv_path.parent, "--csv")
        check_writable_file(csv_path, "--csv")
    with _Progress(True) as progress:
        progress(f"summarizing {dataset.value} clusters")
        result = run(dataset.value, path, words=words, systems=names, peers=peers, out=out, limit=limit,
                     progress=lambda n, total: progress(f"summarized {n}{f'/{total}' if total else ''} clusters"))
    print(result.format())
    if csv_path is not None:
        write_text(csv_path, result.to_csv())
        stderr.print(f"wrote per-cluster scores to {csv_path}")
    if out is not None:
        stderr.print(f"wrote summaries to {out}/<cluster id>.txt (baselines under {out}/baselines/)")


StoryDataset = choices("StoryDataset", "multinews", "duc")


@evaluate_app.command("stories")
def evaluate_stories(
    path: Annotated[Path, typer.Argument(help="Multi-News .jsonl(.gz) (documents pooled) or a DUC root (a dated stream).")],
    dataset: Annotated[StoryDataset, typer.Option(help="Which data set layout.")],
    limit: Annotated[Optional[int], typer.Option(min=1, help="Multi-News: only the first N clusters.")] = None,
    seed: Annotated[int, typer.Option(help="Multi-News: seed of the shuffle of the pooled documents.")] = 13,
) -> None:
    """BCubed and pairwise precision/recall/F1 of story grouping and of a TF-IDF single-link baseline."""
    from .evaluate.stories import evaluate_stories as run

    if not path.exists():
        raise InputError(f"{path}: no such file or folder; give the {dataset.value} data set")
    with _Progress(True) as progress:
        progress(f"grouping the {dataset.value} documents")
        report = run(dataset.value, path, limit=limit, seed=seed)
    print(report.format())


QuoteDataset = choices("QuoteDataset", "ggt", "polnear")


@evaluate_app.command("quotes")
def evaluate_quotes(
    path: Annotated[Path, typer.Argument(help="GGT annotations.jsonl, or the PolNeAR root (holding dev/, train/).")],
    dataset: Annotated[QuoteDataset, typer.Option(help="Which annotation scheme and scoring.")],
    split: Annotated[str, typer.Option(help="PolNeAR split: dev or train.")] = "dev",
    limit: Annotated[Optional[int], typer.Option(min=1, help="PolNeAR: only the first N articles.")] = None,
) -> None:
    """Quote precision, recall, F1 and speaker accuracy (GGT), or source/cue/content spans (PolNeAR)."""
    from .evaluate.quotes import evaluate_ggt, evaluate_polnear

    if not path.exists():
        raise InputError(f"{path}: no such file or folder; give the {dataset.value} data set")
    import logging

    logging.getLogger("synopsis.evaluate").setLevel(logging.ERROR)  # the report lists the warnings itself
    with _Progress(True) as progress:
        progress(f"extracting quotes from {dataset.value} articles")
        if dataset is QuoteDataset.ggt:
            report = evaluate_ggt(path)
        else:
            report = evaluate_polnear(path, split, limit=limit)
    print(report.format())


SameFactDataset = choices("SameFactDataset", "msrp")


SameFactDecision = choices("SameFactDecision", "brief", "rule", "model")


@evaluate_app.command("same-fact")
def evaluate_same_fact(
    path: Annotated[Path, typer.Argument(help="MSRP train.tsv or test.tsv (or their folder).")],
    dataset: Annotated[SameFactDataset, typer.Option(help="Which labelled pairs.")],
    decision: Annotated[SameFactDecision, typer.Option(
        help="brief: what a brief uses for citations, agreement and the summary (the model, or the rule "
             "without a figure, date or sense mismatch); rule: the embedding-and-overlap rule alone; "
             "model: the calibrated decision alone.")] = SameFactDecision.brief,
    out: Annotated[Optional[Path], typer.Option(help="Write one JSON line per pair: id1, id2, same, score.")] = None,
) -> None:
    """Precision, recall, F1 and accuracy of the same-fact decision on labelled sentence pairs."""
    from .evaluate.same_fact import evaluate_same_fact as run

    if not path.exists():
        raise InputError(f"{path}: no such file or folder; give MSRP's train.tsv or test.tsv")
    with _Progress(True) as progress:
        report = run(path, dataset.value, decision.value, out=out, progress=progress)
    print(report.format())
    if out is not None:
        stderr.print(f"wrote {report.score.n} decisions to {out}")


@evaluate_app.command("extraction")
def evaluate_extraction(
    path: Annotated[Path, typer.Argument(help="The Zyte benchmark folder (ground-truth.json and html/<id>.html.gz).")],
    limit: Annotated[Optional[int], typer.Option(help="Only the first N pages (by id).")] = None,
) -> None:
    """4-gram shingle F1 of synopsis's HTML path and of trafilatura's defaults, in one run."""
    from .evaluate.extraction import evaluate_extraction as run

    if not path.exists():
        raise InputError(f"{path}: no such folder; give the Zyte benchmark folder")
    with _Progress(True) as progress:
        progress("extracting pages")
        report = run(path, limit=limit, progress=lambda n, total: progress(f"extracted {n}/{total} pages"))
    print(report.format())


@app.command()
def version() -> None:
    """Print the version."""
    from . import __version__

    print(f"synopsis {__version__}")


def main() -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit, never a traceback."""
    if sys.argv[1:] == ["version"]:
        # Answered before typer parses anything: typer 0.29 imports pydantic (about 0.15 s)
        # to coerce the first parameter value it meets.
        version()
        return
    try:
        # Without standalone mode typer returns the exit code of a typer.Exit instead of exiting,
        # and turns Ctrl-C into Exit(130): a returned 130 is an interrupted run, not a success.
        code = app(standalone_mode=False)
    except SynopsisError as err:
        _note("synopsis: error:", str(err), style="bold red")
        sys.exit(2)
    except (typer.Exit, SystemExit) as err:
        code = getattr(err, "exit_code", getattr(err, "code", 0))
        sys.exit(code)
    except KeyboardInterrupt:
        _interrupted()
    except Exception as err:  # usage errors and the like
        import click

        # Typer 0.29 raises usage errors from its own copy of click (typer.TyperException), not
        # click.ClickException: both print a usage line and exit 2.
        if isinstance(err, (click.ClickException, typer.TyperException)) and hasattr(err, "show"):
            err.show()
            sys.exit(getattr(err, "exit_code", 2))
        if os.environ.get("SYNOPSIS_DEBUG"):
            raise
        stderr.print(f"synopsis: internal error: {type(err).__name__}: {err} "
                     "(set SYNOPSIS_DEBUG=1 for a traceback and please report it)", soft_wrap=True)
        sys.exit(70)
    if code == 130:
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _interrupted() -> None:
    """Ctrl-C: exit 130 (128 + SIGINT), as shells expect, at once (models still loading in the
    background are not waited for: :func:`synopsis.interrupts.exit_interrupted`). Every output file
    is written whole or not at all (:mod:`synopsis.outputs`), so an interrupted run leaves nothing
    half-written."""
    from .interrupts import INTERRUPTED, exit_interrupted

    stderr.print(INTERRUPTED, soft_wrap=True)
    exit_interrupted(130)


from . import cli_library  # noqa: E402,F401  (registers add, collect, search, export, outlets)
from . import cli_web  # noqa: E402,F401  (registers serve)
from . import cli_spark  # noqa: E402,F401  (registers spark; pyspark is imported only when it runs)

if __name__ == "__main__":
    main()
