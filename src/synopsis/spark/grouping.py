"""Story grouping at scale (Spark side of :mod:`synopsis.spark.blocks`).

Stages: features (signature, band keys, terms, window: one ``mapInPandas``), document
frequencies over the distinct articles (as ``StoryGrouper.observe`` counts them), near-duplicates
(:mod:`.copies`), the block plan (window sizes, and strongest terms of windows that are too big,
collected on the driver: one row per window or term), ``StoryGrouper`` per block, global story
ids (each block's ids offset by the stories the blocks before it created), merges across
neighbouring blocks (``applyInPandas`` per pair), connected components of the merges, and one
final story per component.

How the work is cut (what made local[2] hardly faster than local[1] before):

- a task that weighs words gets the document frequencies of its own articles' terms as a
  second frame of a ``cogroup`` ((term, df) rows: one table per block, or per chunk of a split
  window), not a map column per article (an exploded row per article and term, shuffled twice);
- one task per block, and per pair of neighbouring blocks, the biggest first, each in a
  partition of its own (:func:`spread_keys`), so two cores are not left with one busy and one
  idle by hash collisions of a few block numbers;
- stories travel between the stages as one JSON string each (:func:`.blocks.story_json`), not
  as nested Arrow types; the combine and copy-rule stages make one pandas call per share of
  their groups, not one per story or component;
- small graphs' connected components are found on the driver in one job (:mod:`.graph`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ..stories import StoryOptions
from .schema import frame_of, to_article

STORY_ROWS = ("block", "kind", "order", "record", "article", "story", "duplicate_of", "similarity", "state", "created")
#: Article columns the grouper reads (``to_article``: the rest are given as nulls).
GROUPING_COLUMNS = ("id", "source", "outlet", "title", "text", "published", "url", "raw_text", "blocks")


def _block_output_schema():
    """Rows of a block: an assignment per article (``kind`` assign) and a story per story (``kind``
    story, its members, dates and centroid in ``state``: :func:`.blocks.story_json`)."""
    from pyspark.sql import types as T

    s = T.StringType()
    return T.StructType([
        T.StructField("block", T.IntegerType()), T.StructField("kind", s), T.StructField("order", T.LongType()),
        T.StructField("record", s), T.StructField("article", s), T.StructField("story", s),
        T.StructField("duplicate_of", s), T.StructField("similarity", T.DoubleType()),
        T.StructField("state", s), T.StructField("created", T.LongType()),
    ])


def features_schema():
    from pyspark.sql import types as T

    return T.StructType([
        T.StructField("order", T.LongType()), T.StructField("key", T.StringType()),
        T.StructField("published", T.StringType()), T.StructField("window", T.IntegerType()),
        T.StructField("signature", T.BinaryType()), T.StructField("shingles", T.IntegerType()),
        T.StructField("bands", T.ArrayType(T.BinaryType())),
        T.StructField("terms", T.ArrayType(T.StringType())),
    ])


def feature_rows(frames, *, options: StoryOptions):
    """Article rows -> what grouping needs of each: its key, window, signature, band keys and
    the distinct terms of its text and headline (``StoryGrouper.observe`` counts these)."""
    from ..copies import DedupOptions, NearDuplicateIndex, body_text
    from ..stories import StoryGrouper, article_key
    from .blocks import window_of
    from .copies import band_keys, band_ranges, signature_bytes

    grouper = StoryGrouper(options)
    index = NearDuplicateIndex(options.dedup or DedupOptions())
    ranges = band_ranges(index)
    for frame in frames:
        out = []
        for rec in frame.to_dict("records"):
            article = to_article(rec)
            signature, shingles = index.sign(body_text(article))
            terms = set(grouper.terms(article.text)) | set(grouper.terms(article.title))
            out.append({"order": int(rec["order"]), "key": article_key(article), "published": article.published,
                        "window": window_of(article.published, options.window_days),
                        "signature": signature_bytes(signature), "shingles": int(shingles),
                        "bands": band_keys(signature, ranges) if options.dedup is not None else [],
                        "terms": sorted(terms)})
        yield frame_of(out, [f.name for f in features_schema().fields])


def _vocabulary(frame) -> dict[str, int]:
    """The document frequencies handed to a task: (term, df) rows -> {term: df}."""
    if frame is None or frame.empty:
        return {}
    return dict(zip(frame["term"].tolist(), (int(x) for x in frame["df"].tolist())))


def strongest_terms(frame, vocab, *, options: StoryOptions, n_docs: int):
    """``cogroup`` over one chunk of the articles of split windows, with the document frequencies
    of the chunk's terms -> (order, term): each original's strongest term."""
    import pandas as pd

    from .blocks import grouper_with, strongest_term

    # One grouper per chunk (``vector`` reads only ``df`` and ``n_docs``); no near-duplicate index
    # (building one costs ~7 ms: datasketch solves for its bands).
    grouper = grouper_with(_vocabulary(vocab), n_docs, replace(options, dedup=None))
    orders, terms = [], []
    for rec in frame.to_dict("records"):
        orders.append(int(rec["order"]))
        terms.append(strongest_term(grouper, to_article(rec)))
    return pd.DataFrame({"order": pd.Series(orders, dtype="int64"), "term": pd.Series(terms, dtype=object)})


def block_task(frame, vocab, *, options: StoryOptions, n_docs: int):
    """``cogroup`` over one block: its articles and the document frequencies of its originals'
    terms -> the single machine's grouper over the articles (assignments and stories)."""
    from .blocks import group_block, story_json

    if frame.empty:
        return frame_of([], STORY_ROWS)
    frame = frame.sort_values("order")
    block = int(frame["block"].iloc[0])
    articles = [to_article(rec) for rec in frame.to_dict("records")]
    orders = [int(x) for x in frame["order"].tolist()]
    result = group_block(articles, _vocabulary(vocab), n_docs, options)
    rows = [{"block": block, "kind": "assign", "order": order, "record": a.id, "article": a.article, "story": a.story,
             "duplicate_of": a.duplicate_of, "similarity": float(a.similarity)}
            for order, a in zip(orders, result.assignments)]
    rows += [{"block": block, "kind": "story", "story": story.id, "state": story_json(story),
              "created": int(result.created)} for story in result.stories]
    return frame_of(rows, STORY_ROWS)


def _stories_of(frame):
    from .blocks import story_from_json

    return [story_from_json(story, state) for story, state in zip(frame["story"].tolist(), frame["state"].tolist())]


def merge_task(frame, *, options: StoryOptions):
    """``applyInPandas`` over the stories of one pair of neighbouring blocks -> merges (src, dst numbers)."""
    import pandas as pd

    from .blocks import boundary_merges, story_entry, story_number

    low = int(frame["low"].iloc[0])
    left, right = [], []
    for block, story, state in zip(frame["block"].tolist(), frame["story"].tolist(), frame["state"].tolist()):
        (left if int(block) == low else right).append(story_entry(story, state))
    merges = boundary_merges(left, right, options)
    return pd.DataFrame({"src": pd.Series([story_number(g) for g, _ in merges], dtype="int64"),
                         "dst": pd.Series([story_number(k) for _, k in merges], dtype="int64")})


def final_schema():
    from pyspark.sql import types as T

    from .schema import member_type

    s = T.StringType()
    return T.StructType([
        T.StructField("story", s), T.StructField("label", s), T.StructField("size", T.IntegerType()),
        T.StructField("originals", T.IntegerType()), T.StructField("outlets", T.ArrayType(s)),
        T.StructField("first", s), T.StructField("last", s), T.StructField("members", T.ArrayType(member_type())),
        T.StructField("centroid", T.MapType(s, T.DoubleType())), T.StructField("blocks", T.ArrayType(T.IntegerType())),
        T.StructField("summary", s),
    ])


def combine_task(frame, *, options: StoryOptions):
    """``applyInPandas`` over a share of the components (``final``: the story they end as) -> each
    component's final story and summary, components in id order. One pandas call per task, not per
    story: most components are a single story."""
    from .blocks import combine_stories, member_values

    parts: dict[str, tuple[list, set]] = {}
    for final, block, story in zip(frame["final"].tolist(), frame["block"].tolist(), _stories_of(frame)):
        stories, blocks = parts.setdefault(final, ([], set()))
        stories.append(story)
        blocks.add(int(block))
    rows = []
    for final in sorted(parts):
        stories, blocks = parts[final]
        story = combine_stories(stories, options)
        rows.append({
            "story": story.id, "label": story.label, "size": story.size, "originals": len(story.originals),
            "outlets": story.outlets, "first": story.first, "last": story.last,
            "members": [member_values(m) for m in story.members], "centroid": dict(story.centroid),
            "blocks": sorted(blocks),
            "summary": json.dumps(story.summary(), ensure_ascii=False),
        })
    return frame_of(rows, [f.name for f in final_schema().fields])


@dataclass(slots=True)
class GroupingReport:
    """What the grouping stage found and how it split the work."""

    articles: int = 0
    distinct: int = 0  # articles counted in the document frequencies (distinct keys)
    copies: int = 0
    blocks: int = 0
    block_sizes: list[int] = field(default_factory=list)
    split_windows: int = 0
    neighbour_pairs: int = 0
    cross_block_merges: int = 0
    copy_rule_mismatches: int = 0  # copies found inside blocks that the global pass did not find (expected 0)
    stories: int | None = 0


#: At most this many tasks for the pairs of neighbouring blocks: one task per pair up to it.
MAX_TASKS = 10_000
#: Stories per pandas call of the combine stage.
COMBINE_SHARE = 5_000


_M32 = 0xFFFFFFFF


def _rotl32(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _M32


def _mix_k1(k: int) -> int:
    return (_rotl32((k * 0xCC9E2D51) & _M32, 15) * 0x1B873593) & _M32


def _mix_h1(h: int, k: int) -> int:
    return (_rotl32(h ^ k, 13) * 5 + 0xE6546B64) & _M32


def spark_hash_long(value: int, seed: int = 42) -> int:
    """Spark's ``hash`` of a long (Murmur3 x86 32-bit, ``Murmur3_x86_32.hashLong``, seed 42): the
    hash of ``repartition(n, col)``, which sends a row to partition ``pmod(hash, n)``."""
    v = value & 0xFFFFFFFFFFFFFFFF
    h = _mix_h1(_mix_h1(seed, _mix_k1(v & _M32)), _mix_k1(v >> 32)) ^ 8
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    h ^= h >> 16
    return h - (1 << 32) if h >= 1 << 31 else h


def spread_keys(n: int) -> list[int]:
    """n long keys, the i-th of which Spark's hash partitioning (``repartition(n, col)``: Murmur3,
    ``pmod(hash(key), n)``) sends to partition i: so that each block is a task of its own, in the
    order chosen (the biggest first), where hashing the block numbers would put some blocks
    together in one task and leave a core idle. Found on the driver (:func:`spark_hash_long`), no
    Spark job."""
    if n <= 1:
        return [0] * max(n, 1)
    found: dict[int, int] = {}
    key = 0
    while len(found) < n:
        found.setdefault(spark_hash_long(key) % n, key)
        key += 1
    return [found[i] for i in range(n)]


def balanced_tasks(costs, n_tasks: int, loads=None) -> dict:
    """Story -> task (0..n_tasks-1) for `costs` ((story, cost) pairs): the costliest first, each to
    the task with the least load so far (ties: the lower task), starting from `loads` (what each
    task holds already). Greedy longest-processing-time: no task ends more than the costliest
    story later than a perfect split, where hashing story ids can put two of the biggest stories
    in one task while the other core idles. Deterministic (ties broken by story id)."""
    import heapq

    if n_tasks < 1:
        raise ValueError("n_tasks must be at least 1")
    start = list(loads) if loads is not None else [0.0] * n_tasks
    heap = [(float(start[t]), t) for t in range(n_tasks)]
    heapq.heapify(heap)
    placed = {}
    for story, cost in sorted(costs, key=lambda sc: (-sc[1], sc[0])):
        load, task = heapq.heappop(heap)
        placed[story] = task
        heapq.heappush(heap, (load + float(cost), task))
    return placed


def _grouping_columns(articles):
    """The articles with the columns the grouper reads (``GROUPING_COLUMNS``; the rest null)."""
    from pyspark.sql import functions as F

    from .schema import articles_schema

    types = {f.name: f.dataType for f in articles_schema().fields}
    nulls = [F.lit(None).cast(types[c]).alias(c) for c in ("published_from", "removed", "credits", "warnings")]
    return articles.select("order", *GROUPING_COLUMNS, *nulls)


def _vocabulary_rows(frame, key: str, df_table):
    """(`key`, term, df): the document frequencies of the distinct terms of `frame`'s rows (which
    have `key` and ``terms``) per value of `key`: what each task of that key needs to weigh them."""
    from pyspark.sql import functions as F

    return frame.select(key, F.explode("terms").alias("term")).distinct().join(df_table, "term").select(key, "term", "df")


def group_stories(spark, articles, options: StoryOptions, *, block_articles: int, partitions: int, counts=None,
                  n_articles: int | None = None, count: bool = True):
    """``articles`` (the articles table) -> (assignments DataFrame, stories DataFrame, report).
    Without `count` the stories are not counted here (``report.stories`` is None): the caller
    counts them in a job of its own that reads them anyway (the brief plan)."""
    from functools import partial

    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from .blocks import plan_blocks, windows_to_split
    from .copies import find_copies
    from .session import cpu_timed, driver_table, kept

    report = GroupingReport()
    report.articles = n_articles if n_articles is not None else articles.count()
    feats = kept(articles.mapInPandas(cpu_timed(partial(feature_rows, options=options), counts, "features"), features_schema()))
    # Document frequencies over the distinct articles (the first of each key, as observe counts them).
    fresh_terms = kept(feats.groupBy("key").agg(F.min_by("terms", "order").alias("terms")))
    df_table = (fresh_terms.select(F.explode("terms").alias("term")).groupBy("term").agg(F.count(F.lit(1)).alias("df"))
                .where(F.col("df") >= options.min_df))

    if options.dedup is not None:
        copies = kept(find_copies(feats, options.dedup, partitions=partitions, counts=counts))
    else:
        copies = driver_table(spark, [], "order long, original long, similarity double")

    # Each article's anchor: its own window, or its original's (copies follow their originals).
    originals = feats.join(copies.select("order"), "order", "left_anti").select("order", "window", "terms")
    anchor = (feats.select("order").join(copies.select("order", "original"), "order", "left")
              .withColumn("anchor", F.coalesce("original", "order")).select("order", "anchor"))
    anchored = kept(anchor.join(originals.select(F.col("order").alias("anchor"), "window"), "anchor"))
    # One job: the articles per window, the distinct articles (the document frequencies' count)
    # and the copies; it fills the caches of the features, the copies and the anchors.
    totals = (anchored.groupBy(F.lit("window").alias("what"), "window").agg(F.count(F.lit(1)).alias("n"))
              .unionByName(fresh_terms.agg(F.count(F.lit(1)).alias("n"))
                           .select(F.lit("distinct").alias("what"), F.lit(None).cast("int").alias("window"), "n"))
              .unionByName(copies.agg(F.count(F.lit(1)).alias("n"))
                           .select(F.lit("copies").alias("what"), F.lit(None).cast("int").alias("window"), "n"))
              .collect())
    window_counts = {int(r["window"]): int(r["n"]) for r in totals if r["what"] == "window"}
    n_docs = report.distinct = sum(int(r["n"]) for r in totals if r["what"] == "distinct")
    report.copies = sum(int(r["n"]) for r in totals if r["what"] == "copies")
    split = windows_to_split(window_counts, block_articles)
    report.split_windows = len(split)
    term_counts: dict = {}
    terms_df = None
    light = _grouping_columns(articles)
    if split:
        # Strongest terms of the originals of split windows, in `partitions` chunks, each task
        # handed its chunk's document frequencies (one table per task, not a map per article).
        chunk = F.pmod(F.col("order"), F.lit(partitions)).cast("long")
        wide = originals.where(F.col("window").isin(split)).select("order", "terms", chunk.alias("chunk"))
        keys = spread_keys(partitions)
        def key_df():  # one per side of the cogroup (a DataFrame joined into both is ambiguous there)
            return driver_table(spark, [(c, keys[c]) for c in range(partitions)], "chunk long, task long")

        # Only the task key is on both sides (a column of the same lineage on both is ambiguous).
        chunk_articles = (light.join(wide.select("order", "chunk"), "order").join(key_df(), "chunk")
                          .select(*light.columns, "task").repartition(partitions, "task"))
        chunk_vocab = (_vocabulary_rows(wide, "chunk", df_table).join(key_df(), "chunk").select("task", "term", "df")
                       .repartition(partitions, "task"))
        terms_df = kept(chunk_articles.groupBy("task").cogroup(chunk_vocab.groupBy("task")).applyInPandas(
            cpu_timed(partial(strongest_terms, options=options, n_docs=n_docs), counts, "strongest terms", cogroup=True),
            "order long, term string"))
        counted = (anchored.where(F.col("window").isin(split))
                   .join(terms_df.select(F.col("order").alias("anchor"), "term"), "anchor")
                   .groupBy("window", "term").agg(F.count(F.lit(1)).alias("n")).collect())
        term_counts = {(int(r["window"]), r["term"]): int(r["n"]) for r in counted}
    plan = plan_blocks(window_counts, term_counts, block_articles)
    report.blocks = len(plan.sizes)
    report.block_sizes = list(plan.sizes)

    by_window = driver_table(spark, plan.by_window.items(), "window int, block int")
    placed = anchored.join(by_window, "window", "left")
    if split:
        by_term = driver_table(spark, [(w, t, b) for (w, t), b in plan.by_term.items()],
                               "window int, term string, tblock int")
        placed = (placed.join(terms_df.select(F.col("order").alias("anchor"), "term"), "anchor", "left")
                  .join(by_term, ["window", "term"], "left")
                  .withColumn("block", F.coalesce("block", "tblock")))
    placed = kept(placed.select("order", "block"))

    # One task per block, the biggest first (each a partition of its own: ``spread_keys``), with
    # the document frequencies of the block's originals' terms beside its articles. Both sides
    # are partitioned by the task key alone, so the cogroup shuffles nothing more.
    n_tasks = len(plan.sizes)
    keys = spread_keys(n_tasks)
    biggest_first = sorted(range(len(plan.sizes)), key=lambda b: (-plan.sizes[b], b))

    def task_df():  # one per side of the cogroup (a DataFrame joined into both is ambiguous there)
        return driver_table(spark, [(b, keys[rank]) for rank, b in enumerate(biggest_first)], "block int, task long")

    block_articles_df = light.join(placed, "order").join(task_df(), "block").repartition(n_tasks, "task")
    block_vocab = (_vocabulary_rows(originals.join(placed, "order"), "block", df_table).join(task_df(), "block")
                   .select("task", "term", "df").repartition(n_tasks, "task"))
    grouped = kept(block_articles_df.groupBy("task").cogroup(block_vocab.groupBy("task"))
                   .applyInPandas(cpu_timed(partial(block_task, options=options, n_docs=n_docs), counts, "group", cogroup=True),
                                  _block_output_schema()))

    # Stories created per block (for the global ids) and, in the same job, copies inside blocks
    # that the global pass did not find, or the other way round (a check of the closure argument;
    # expected 0): block -1 holds the mismatches.
    block_copies = grouped.where("kind = 'assign' AND duplicate_of IS NOT NULL").select("order", F.lit(1).alias("b"))
    global_copies = copies.select("order", F.lit(1).alias("g"))
    mismatches = (block_copies.join(global_copies, "order", "full_outer").where("b IS NULL OR g IS NULL")
                  .agg(F.count(F.lit(1)).cast("long").alias("created")).select(F.lit(-1).alias("block"), "created"))
    created = {int(r["block"]): int(r["created"]) for r in
               grouped.where("kind = 'story'").groupBy("block").agg(F.max("created").alias("created"))
               .unionByName(mismatches).collect()}
    report.copy_rule_mismatches = created.pop(-1, 0)
    offsets, total = {}, 0
    for b in range(len(plan.sizes)):
        offsets[b] = total
        total += created.get(b, 0)
    offset_df = driver_table(spark, offsets.items(), "block int, offset long")
    renumber = F.format_string("s%06d", F.expr("offset + cast(substring(story, 2) as long)"))
    grouped = kept(grouped.join(offset_df, "block").withColumn("story", renumber).drop("offset"))

    stories = grouped.where("kind = 'story'").select("block", "story", "state")
    pairs = plan.neighbours()
    report.neighbour_pairs = len(pairs)
    final_of = None
    if pairs:
        # One task per pair of neighbouring blocks, the costliest (most stories) first.
        n_pair_tasks = min(len(pairs), MAX_TASKS)
        pair_keys = spread_keys(n_pair_tasks)
        costliest = sorted(range(len(pairs)), key=lambda k: (-(created.get(pairs[k][0], 0) + created.get(pairs[k][1], 0)), k))
        rows = []
        for rank, k in enumerate(costliest):
            a, b = pairs[k]
            rows += [(k, pair_keys[rank % n_pair_tasks], a, a), (k, pair_keys[rank % n_pair_tasks], b, a)]
        pair_df = driver_table(spark, rows, "pair int, task long, block int, low int")
        merges = (stories.join(pair_df, "block").repartition(n_pair_tasks, "task").groupBy("task", "pair")
                  .applyInPandas(cpu_timed(partial(merge_task, options=options), counts, "merge"), "src long, dst long"))
        from .graph import connected_components

        merges = kept(merges)
        # The merges collected once (small: see graph.py), with no count before when the stories
        # of the pairs bound them (a story merges at most once in each of its pairs).
        bound = sum(created.get(a, 0) + created.get(b, 0) for a, b in pairs)
        components, report.cross_block_merges = connected_components(merges, with_count=True, at_most=bound)
        final_of = components.select(F.format_string("s%06d", "node").alias("story"),
                                     F.format_string("s%06d", "component").alias("final"))
    with_final = stories.join(final_of, "story", "left") if final_of is not None else stories.withColumn("final", F.lit(None))
    with_final = with_final.withColumn("final", F.coalesce("final", "story"))
    # Components in shares, one pandas call per share (not per story).
    shares = max(partitions, -(-total // COMBINE_SHARE))
    final_stories = kept(with_final.withColumn("share", F.pmod(F.hash("final"), F.lit(shares)))
                         .groupBy("share").applyInPandas(cpu_timed(partial(combine_task, options=options), counts, "combine"),
                                                         final_schema()))
    report.stories = final_stories.count() if count else None

    story_map = with_final.select("story", "final")
    assignments = (grouped.where("kind = 'assign'").join(story_map, "story")
                   .select("order", F.col("record").alias("id"), "article", F.col("final").alias("story"),
                           "duplicate_of", "similarity"))
    return assignments, final_stories, report
