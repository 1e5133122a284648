"""``synopsis spark INPUT... --out DIR``: the stories pipeline on Apache Spark (the optional
``synopsis[spark]`` extra; a thin command over :func:`synopsis.spark.pipeline.run`)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_app import app, note, options_from, outlet_options, settings_from, stderr
from .options import DEFAULT_MAX_BYTES


@app.command()
def spark(
    inputs: Annotated[list[str], typer.Argument(help="WARC files (one per task), lists of WARC paths (.paths), .jsonl (a store export is one), .parquet, .txt/.html files or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the story files (as `synopsis stories --out`), tables/ (Parquet) and run.json.")],
    master: Annotated[Optional[str], typer.Option(help="Spark master: local[2], spark://host:7077, yarn. Default: spark-submit's, else local[2].")] = None,
    window_days: Annotated[float, typer.Option(help="Days over which the bar for joining an older story rises; also the time window of the blocks.")] = 30.0,
    words: Annotated[int, typer.Option("--words", "-w", help="Word budget of each story's summary.")] = 150,
    no_briefs: Annotated[bool, typer.Option("--no-briefs", help="Only group; write no briefs.")] = False,
    min_brief_size: Annotated[int, typer.Option(help="Brief only stories with at least this many articles.")] = 1,
    block_articles: Annotated[int, typer.Option(help="Most articles grouped in one block (one task); bigger windows are split by strongest term.")] = 5000,
    partitions: Annotated[Optional[int], typer.Option(help="Partitions of the shuffles (default: twice the cores).")] = None,
    outlets: Annotated[Optional[Path], typer.Option(help="JSON map of file name/domain -> outlet name.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Skip inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    store: Annotated[Optional[Path], typer.Option("--store", help="Then import the run (articles, stories, briefs) into this new store, for `synopsis serve`.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Find and brief the stories of a large input on Apache Spark (same answers as `synopsis stories`)."""
    from .spark.pipeline import run
    from .stories import StoryOptions

    options = options_from(words=words, max_bytes=max_bytes, **outlet_options(outlets))
    story_options = settings_from(StoryOptions, window_days=window_days)
    from .spark.session import under_spark_submit

    if master is None and not under_spark_submit():
        master = "local[2]"
    say = (lambda m: None) if quiet else (lambda m: stderr.print(m, soft_wrap=True))
    result = run(inputs, out, master=master, story_options=story_options, brief_options=options, briefs=not no_briefs,
                 min_brief_size=min_brief_size, block_articles=block_articles, partitions=partitions, report=say)
    if store is not None:
        from .spark.store_import import import_run
        from .store import Store

        with Store(store) as db:
            imported = import_run(db, out, story_options=story_options, brief_options=options)
        say(f"imported {imported.articles} articles, {imported.stories} stories, {imported.briefs} briefs into {store}")
    if not quiet:
        for error in result.errors:
            note("note", f"no brief for story {error}")
        if result.skipped:
            note("note", f"{result.skipped} inputs or records skipped (listed in {out}/tables/skipped.parquet)")
        stderr.print(f"{result.articles} articles -> {result.stories} stories ({result.copies} copies folded) in "
                     f"{result.seconds.get('total', 0):.0f} s; wrote {out}/index.html, {out}/tables and {out}/run.json")
