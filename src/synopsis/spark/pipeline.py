"""``synopsis spark``: the stages in order, the tables written, the story files as one machine writes them.

Output folder (``--out DIR``), the same files as ``synopsis stories --out DIR``:
``<story>.json`` (the story and its brief), ``<story>.html``, ``stories.json``, ``index.html``,
``assignments.jsonl``; and beside them ``tables/`` (Parquet: ``articles``, ``assignments``,
``stories``, ``briefs``, ``skipped``) and ``run.json`` (counts, blocks, time and CPU per stage, the
Spark jobs started).
Tables are written into a temporary folder and renamed into place; every other file is written
whole or not at all (:mod:`synopsis.outputs`).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from ..errors import InputError
from ..options import Options
from ..outputs import check_writable_folder, write_text
from ..stories import StoryOptions

TABLES = ("articles", "assignments", "stories", "briefs", "skipped")
DEFAULT_BLOCK_ARTICLES = 5_000


@dataclass(slots=True)
class RunReport:
    """What a run did: counts (records read, skipped, failed; accumulators), the grouping's blocks,
    wall time per stage (on the driver) and CPU time per stage (summed over the Python workers)."""

    master: str | None
    inputs: int = 0
    articles: int = 0
    skipped: int = 0
    stories: int = 0
    briefed: int = 0
    copies: int = 0
    jobs: int = 0  # Spark jobs the run started (each has a fixed cost on the driver)
    counts: dict = field(default_factory=dict)
    grouping: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    cpu_seconds: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    out: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def run(inputs: list[str], out_dir: str | Path, *, master: str | None = "local[2]",
        story_options: StoryOptions | None = None, brief_options: Options | None = None, briefs: bool = True,
        min_brief_size: int = 1, block_articles: int = DEFAULT_BLOCK_ARTICLES, partitions: int | None = None,
        spark=None, report: Callable[[str], None] | None = None) -> RunReport:
    """Run the pipeline on Spark (a session on `master` unless `spark` is given) and write `out_dir`."""
    from pyspark.sql import functions as F

    from .extract import clean_records, document_lines, extract_records, read_and_extract
    from .grouping import group_stories
    from .inputs import order_of, plan_inputs, raw_row, read_container
    from .schema import document_schema, raw_schema
    from .session import counter, cpu_timed, kept, spark_session

    story_options = story_options or StoryOptions()
    brief_options = brief_options or Options()
    if block_articles < 1:
        raise InputError(f"--block-articles {block_articles} must be at least 1")
    files = plan_inputs([str(i) for i in inputs])
    if not files:
        raise InputError("give the articles: WARC files, a list of WARC paths, .jsonl, .parquet, .txt or .html files")
    out = check_writable_folder(out_dir, "--out")
    say = report or (lambda message: None)
    started = time.perf_counter()
    spark = spark or spark_session(master, partitions=partitions)
    sc = spark.sparkContext
    # Two tasks a core: the cores kept busy to the end without the per-task cost of more. A session
    # of ours sets Spark's default parallelism to that already (session.py: as a user's
    # spark.default.parallelism, it is taken as given); Spark's own default is the cores.
    given = sc.getConf().get("spark.default.parallelism")
    parts = partitions or max(2, sc.defaultParallelism * (1 if given else 2))
    counts = counter(spark)
    first_job = _last_job(sc) + 1
    result = RunReport(master=sc.master, inputs=len(files))
    clock = {"t": time.perf_counter()}

    def lap(stage: str) -> None:
        now = time.perf_counter()
        result.seconds[stage] = round(now - clock["t"], 2)
        clock["t"] = now

    result.seconds["session"] = round(clock["t"] - started, 2)
    outlets = dict(brief_options.outlets)
    max_bytes = brief_options.max_bytes

    # 1. read: container files one per task; plain files and refusals as rows made here.
    say(f"reading {len(files)} input files")
    containers = [(f.index, f.path, f.kind) for f in files if f.kind in ("warc", "jsonl", "parquet")]
    local_rows = [raw_row(order_of(f.index, 0), "file" if f.kind == "file" else "skip", source=f.path, path=f.path,
                          reason=f.reason) for f in files if f.kind in ("file", "skip")]
    raw = spark.createDataFrame(local_rows, raw_schema()) if local_rows else spark.createDataFrame([], raw_schema())
    read = partial(read_container, max_bytes=max_bytes, counts=counts)
    extract = partial(extract_records, max_bytes=max_bytes, outlets=outlets, counts=counts)
    # With at least as many container files as the run has partitions, each file's records are
    # extracted in the task that reads it (cc-pyspark's layout: the pages never cross a shuffle);
    # with fewer, the records are spread over all partitions first, so that every core extracts.
    fused = len(containers) >= parts
    listed = (spark.createDataFrame(sc.parallelize(containers, len(containers)), "index int, path string, kind string")
              if containers else None)
    if listed is not None and not fused:
        raw = raw.union(listed.mapInPandas(cpu_timed(read, counts, "read"), raw_schema()))

    # 2. extract (documents, or cleaned WARC pages), ids made unique over the whole input.
    say("extracting")
    parts_docs = []
    if local_rows or not fused:
        parts_docs.append(raw.repartition(parts).mapInPandas(cpu_timed(extract, counts, "extract"), document_schema()))
    if fused:
        parts_docs.append(listed.mapInPandas(
            cpu_timed(partial(read_and_extract, read=read, extract=extract), counts, "read + extract"), document_schema()))
    docs = parts_docs[0] if len(parts_docs) == 1 else parts_docs[0].union(parts_docs[1])
    docs = kept(docs)
    kinds, repeated = _kind_counts(docs, repeated_ids=True)  # one job: the cache filled, kinds and repeated ids
    lap("read + extract")
    docs = _unique_ids(spark, docs, repeated)

    # 3. clean, with the lines the whole input repeats (clean.repeated_lines, counted here).
    say("cleaning")
    plain = docs.where("kind = 'doc'")
    lines = plain.select("order", "text").mapInPandas(document_lines, "order long, line string, opener boolean")
    n_plain = kinds.get("doc", 0)
    # Lines in at least two documents, but not the line that opens every document (their
    # headline), each with the documents it is in: one aggregation, no job of its own, and the
    # documents' lines made once (joining the repeated lines back to them ran document_lines a
    # second time, in a job of its own).
    repeated_set = (lines.groupBy("line").agg(F.count(F.lit(1)).alias("n"), F.count_if("opener").alias("openers"),
                                              F.collect_list("order").alias("orders"))
                    .where((F.col("n") >= 2) & (F.col("openers") != F.lit(n_plain))))
    per_doc = (repeated_set.select("line", F.explode("orders").alias("order"))
               .groupBy("order").agg(F.collect_list("line").alias("repeated")))
    cleaned = kept(docs.join(per_doc, "order", "left")
                   .mapInPandas(cpu_timed(partial(clean_records, outlets=outlets, counts=counts), counts, "clean"),
                                document_schema()))
    kinds, _ = _kind_counts(cleaned)  # one job: fills the cache, counts articles and skips
    lap("clean")
    from .schema import ARTICLE_COLUMNS

    article_cols = ["order", "id", "record", "key", *(c for c in ARTICLE_COLUMNS if c != "id")]
    articles = cleaned.where("kind = 'article'").select(*article_cols)  # read from cleaned's cache
    skipped = cleaned.where("kind = 'skip'").select("order", "source", "reason")
    result.articles = kinds.get("article", 0)
    result.skipped = kinds.get("skip", 0)
    if result.articles == 0:
        detail = "; ".join(f"{r['source']}: {r['reason']}" for r in skipped.orderBy("order").limit(3).collect())
        raise InputError(f"no usable article in the input ({detail or 'nothing given'})")

    # 4. near-duplicates and stories.
    say(f"grouping {result.articles} articles into stories")
    assignments, stories, grouping = group_stories(spark, articles, story_options, block_articles=block_articles,
                                                   partitions=parts, counts=counts,
                                                   n_articles=result.articles, count=False)
    assignments = kept(assignments)
    # The stories counted in the job that plans the brief tasks (it fills the stories' cache).
    grouping.stories, brief_tasks = _brief_plan(spark, stories, n_tasks=parts, n_articles=result.articles,
                                                briefs=briefs, min_brief_size=min_brief_size)
    result.copies = grouping.copies
    result.stories = grouping.stories
    result.grouping = asdict(grouping)
    lap("group")

    # 5. briefs, one per story.
    from .briefs import BRIEF_COLUMNS, brief_task

    say(f"briefing {result.stories} stories" if briefs else "writing the stories")
    originals = (articles.join(assignments.where("duplicate_of IS NULL").select("order", "story"), "order"))
    story_cols = stories.select("story", "summary", "members", "first", "last")
    if briefs:
        brief_input = story_cols.join(originals, "story", "left")
    else:
        brief_input = story_cols.withColumn("order", F.lit(0).cast("long"))
        for c in ("id", "source", "outlet", "title", "text", "published", "published_from", "url", "raw_text"):
            brief_input = brief_input.withColumn(c, F.lit(None).cast("string"))
    from pyspark.sql import types as T

    brief_schema = T.StructType([T.StructField("story", T.StringType()), T.StructField("json", T.StringType()),
                                 T.StructField("html", T.StringType()), T.StructField("briefed", T.BooleanType()),
                                 T.StructField("error", T.StringType())])
    assert [f.name for f in brief_schema.fields] == list(BRIEF_COLUMNS)
    # Each story in the task the plan gave it (the task key alone partitions, so grouping by
    # (task, story) shuffles nothing more).
    brief_rows = brief_tasks(brief_input).repartition(parts, "task").groupBy("task", "story").applyInPandas(
        cpu_timed(partial(brief_task, brief_options=brief_options, min_brief_size=min_brief_size, briefs=briefs),
                  counts, "brief"), brief_schema)

    def brief_summary(written: Path) -> None:
        # Briefed stories and errors (in story order) read from the briefs table just written, on
        # the driver: the job that writes it runs the brief tasks, and no job of its own counts them.
        rows = list(_table_rows(written, ["story", "briefed", "error"]))
        result.briefed = sum(bool(r["briefed"]) for r in rows)
        result.errors = [r["error"] for r in sorted(rows, key=lambda r: r["story"]) if r["error"] is not None]
        lap("brief")
        say(f"writing {out}")

    # 6. outputs (the briefs table first: its job is the brief stage).
    # The assignments table's part files each sorted by input order, merged on the driver (so the
    # story files are made from the tables with no more Spark jobs); a global sort (orderBy) cost a
    # sampling job of its own and a shuffle of every assignment.
    _write_tables(out, {"briefs": brief_rows, "articles": articles, "assignments": assignments.sortWithinPartitions("order"),
                        "stories": stories.drop("summary"), "skipped": skipped}, then={"briefs": brief_summary})
    _write_story_files(out, result.articles, result.stories)
    lap("write")
    result.counts = dict(sorted(counts.value.items()))
    result.cpu_seconds = {k.removeprefix("cpu ms: "): round(v / 1000, 2) for k, v in result.counts.items()
                          if k.startswith("cpu ms: ")}
    result.counts = {k: v for k, v in result.counts.items() if not k.startswith("cpu ms: ")}
    result.seconds["total"] = round(time.perf_counter() - started, 2)
    result.jobs = _last_job(sc) + 1 - first_job
    result.out = str(out)
    write_text(out / "run.json", json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return result


#: The brief plan (:func:`_brief_plan`) places at most about twice this many stories one by one.
HEAVY_STORIES = 200_000


def _brief_plan(spark, stories, *, n_tasks: int, n_articles: int, briefs: bool, min_brief_size: int):
    """(the number of stories, a function adding each brief row's ``task`` key): the brief
    stage's tasks balanced by cost, in one job that also counts the stories.

    A story's cost is its originals plus one when it is briefed (encoding and parsing each
    original dominate), else its members over 20 (its story file only); with briefs off, its
    members. Stories of at least ``max(3, n_articles / HEAVY_STORIES)`` units (at most about
    2 x HEAVY_STORIES of them: the units sum to at most twice the articles) are collected and placed by
    :func:`grouping.balanced_tasks`, the costliest first, on top of the rest, which go by the hash
    of their id and are collected only as each task's total. Hashing alone put two of the
    biggest stories in one task now and then, and a 2-slot run waited on that task alone."""
    from pyspark.sql import functions as F

    from .grouping import balanced_tasks, spread_keys
    from .session import driver_table

    if briefs:
        cost = F.when(F.col("originals") >= max(min_brief_size, 1), F.col("originals") + 1).otherwise(F.col("size") / 20)
    else:
        cost = F.col("size")
    heavy_from = max(3.0, n_articles / HEAVY_STORIES)
    costed = stories.select("story", cost.cast("double").alias("cost"),
                            F.pmod(F.hash("story"), F.lit(n_tasks)).alias("bin"))
    light = (costed.where(F.col("cost") < heavy_from).groupBy("bin")
             .agg(F.sum("cost").alias("cost"), F.count(F.lit(1)).alias("n"))
             .select(F.lit(None).cast("string").alias("story"), "bin", "cost", "n"))
    heavy = costed.where(F.col("cost") >= heavy_from).select("story", F.lit(None).cast("int").alias("bin"), "cost",
                                                            F.lit(1).cast("long").alias("n"))
    rows = light.unionByName(heavy).collect()
    loads = [0.0] * n_tasks
    for r in rows:
        if r["story"] is None:
            loads[int(r["bin"])] += float(r["cost"])
    placed = balanced_tasks([(r["story"], float(r["cost"])) for r in rows if r["story"] is not None], n_tasks, loads)
    keys = spread_keys(n_tasks)  # key i: partition i under repartition(n_tasks, "task")
    schema = "story string, heavy_task long"
    if placed:  # through Arrow (a pandas frame): up to HEAVY_STORIES rows made on the driver
        import pandas as pd

        ordered = sorted(placed)
        heavy_df = spark.createDataFrame(pd.DataFrame({"story": pd.Series(ordered, dtype="object"), "heavy_task": pd.Series(
            [keys[placed[s]] for s in ordered], dtype="int64")}), schema).coalesce(1)  # broadcast in one task
    else:
        heavy_df = driver_table(spark, [], schema)
    by_hash = F.element_at(F.array(*(F.lit(k).cast("long") for k in keys)), F.pmod(F.hash("story"), F.lit(n_tasks)) + 1)

    def with_task(frame):
        return (frame.join(heavy_df, "story", "left").withColumn("task", F.coalesce("heavy_task", by_hash))
                .drop("heavy_task"))

    return sum(int(r["n"]) for r in rows), with_task


def _kind_counts(frame, *, repeated_ids: bool = False) -> tuple[dict[str, int], list[str]]:
    """Rows of each ``kind`` (doc, article, skip) of a persisted frame, and with `repeated_ids` the
    ids that more than one document or article has: one job, which fills the frame's cache."""
    from pyspark.sql import functions as F

    query = frame.groupBy(F.lit("kind").alias("what"), F.col("kind").alias("value")).agg(F.count(F.lit(1)).alias("n"))
    if repeated_ids:
        ids = (frame.where("kind IN ('doc', 'article')").groupBy(F.lit("id").alias("what"), F.col("id").alias("value"))
               .agg(F.count(F.lit(1)).alias("n")).where("n > 1"))
        query = query.unionByName(ids)
    rows = query.collect()
    return ({r["value"]: int(r["n"]) for r in rows if r["what"] == "kind"},
            sorted(r["value"] for r in rows if r["what"] == "id" and r["value"] is not None))


def _last_job(sc) -> int:
    """The id of the last Spark job started in this application (-1: none); ids grow by one a job."""
    tracker = sc.statusTracker()
    ids = tracker.getJobIdsForGroup(None) + tracker.getActiveJobsIds()
    return max(ids, default=-1)


def _unique_ids(spark, docs, repeated: list[str]):
    """Ids made unique over the whole input in input order, as ``ingest.unique_ids`` does for one
    machine: only ids that repeat, and ids of the form ``<repeated id>-<n>``, are looked at."""
    from pyspark.sql import functions as F

    from ..ingest import renamed_id_warning, unique_ids
    from .session import driver_table

    usable = docs.where("kind IN ('doc', 'article')")
    if not repeated:
        return docs
    base = F.regexp_extract("id", r"^(.*)-(\d+)$", 1)
    involved = (usable.where(F.col("id").isin(repeated) | base.isin(repeated)).select("order", "id")
                .orderBy("order").collect())
    renamed = [(int(r["order"]), new, renamed_id_warning(r["id"], new))
               for r, new in zip(involved, unique_ids([r["id"] for r in involved])) if new != r["id"]]
    changes = driver_table(spark, renamed, "order long, new_id string, note string")
    return (docs.join(changes, "order", "left")
            .withColumn("id", F.coalesce("new_id", "id"))
            .withColumn("warnings", F.when(F.col("note").isNull(), F.col("warnings"))
                        .otherwise(F.concat(F.coalesce("warnings", F.array().cast("array<string>")), F.array("note"))))
            .drop("new_id", "note").select(*docs.columns))


def _write_tables(out: Path, tables: dict, then: dict | None = None) -> None:
    """Parquet tables into ``tables/`` (written to a temporary folder, then renamed into place), in
    the order given; ``then[name]`` is called with the folder of table `name` once it is written."""
    final = out / "tables"
    tmp = out / ".tables.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for name, frame in tables.items():
        frame.write.mode("overwrite").parquet(str(tmp / f"{name}.parquet"))
        if then and name in then:
            then[name](tmp / f"{name}.parquet")
    old = out / ".tables.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _table_rows(folder: Path, columns: list[str], *, merged_by: str | None = None):
    """The rows of a Parquet table Spark wrote (its part files in partition order; with
    `merged_by`, part files each sorted by that column merged into one order), as dicts, a batch
    at a time: read on the driver with pyarrow, no Spark job."""
    import heapq

    import pyarrow.parquet as pq

    def rows(part):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=1024, columns=columns):
            yield from batch.to_pylist()

    parts = sorted(folder.glob("part-*.parquet"))
    if merged_by is None:
        for part in parts:
            yield from rows(part)
    else:
        yield from heapq.merge(*(rows(part) for part in parts), key=lambda row: row[merged_by])


def _write_story_files(out: Path, n_articles: int, n_stories: int | None = None) -> None:
    """The story files, index and assignments, as ``synopsis stories --out`` writes them, from
    the tables just written (``briefs``; ``assignments``, its part files merged in input order).

    The executors wrote the tables and the driver reads them: first it checks that it sees all
    their rows (from the part files' footers), else ``--out`` is not on a file system they share
    (on a cluster a folder local to each machine leaves the driver a part of the tables, or none)."""
    import pyarrow.parquet as pq

    from ..errors import SynopsisError
    from ..text.dates import day_number
    from ..stories import Assignment

    tables = out / "tables"
    expected = {"assignments": n_articles, "briefs": n_stories}
    for name, rows in expected.items():
        if rows is None:
            continue
        seen = sum(pq.ParquetFile(part).metadata.num_rows for part in (tables / f"{name}.parquet").glob("part-*.parquet"))
        if seen != rows:
            raise SynopsisError(f"--out {out}: the driver sees {seen} of the {rows} rows of the {name} table the "
                                "executors wrote; give a folder on a file system the driver and every executor share "
                                "(the same path on each)")
    index = []
    for row in _table_rows(tables / "briefs.parquet", ["story", "json", "html"]):
        write_text(out / f"{row['story']}.json", row["json"])
        if row["html"] is not None:
            write_text(out / f"{row['story']}.html", row["html"])
        data = json.loads(row["json"])
        index.append({k: v for k, v in data.items() if k not in ("articles", "brief")}
                     | {"json": f"{row['story']}.json", "html": f"{row['story']}.html" if row["html"] is not None else None})
    index.sort(key=lambda s: (-s["size"], -(day_number(s["last"]) or 0), s["id"]))  # as stories.write_stories
    write_text(out / "stories.json", json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    from ..render.stories import index_page

    write_text(out / "index.html", index_page(index, n_articles))
    lines = []
    for r in _table_rows(tables / "assignments.parquet", ["order", "id", "article", "story", "duplicate_of", "similarity"],
                         merged_by="order"):
        lines.append(Assignment(r["id"], r["article"], r["story"], r["duplicate_of"], r["similarity"]).to_json() + "\n")
    write_text(out / "assignments.jsonl", "".join(lines))
