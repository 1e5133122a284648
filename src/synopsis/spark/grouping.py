"""Story grouping at scale (Spark side of :mod:`synopsis.spark.blocks`).

Stages: features (signature, band keys, terms, window: one ``mapInPandas``), document
frequencies over the distinct articles (as ``StoryGrouper.observe`` counts them), near-duplicates
(:mod:`.copies`), the block plan (window sizes, and strongest terms of windows that are too big,
collected on the driver: one row per window or term), ``StoryGrouper`` per block
(``applyInPandas``), global story ids (each block's ids offset by the stories the blocks before
it created), merges across neighbouring blocks (``applyInPandas`` per pair), connected
components of the merges, and one final story per component.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ..stories import StoryOptions
from .schema import frame_of, to_article

STORY_ROWS = ("block", "kind", "order", "record", "article", "story", "duplicate_of", "similarity", "members",
              "first", "last", "centroid", "seq", "created")


def _block_output_schema():
    from pyspark.sql import types as T

    from .schema import member_type

    s = T.StringType()
    return T.StructType([
        T.StructField("block", T.IntegerType()), T.StructField("kind", s), T.StructField("order", T.LongType()),
        T.StructField("record", s), T.StructField("article", s), T.StructField("story", s),
        T.StructField("duplicate_of", s), T.StructField("similarity", T.DoubleType()),
        T.StructField("members", T.ArrayType(member_type())), T.StructField("first", s), T.StructField("last", s),
        T.StructField("centroid", T.MapType(s, T.DoubleType())), T.StructField("seq", T.LongType()),
        T.StructField("created", T.LongType()),
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


def strongest_terms(frames, *, options: StoryOptions, n_docs: int):
    """(article columns, df map) -> (order, term): each original's strongest term."""
    import pandas as pd

    from collections import Counter

    from .blocks import grouper_with, strongest_term

    # One grouper per task, its document frequencies swapped per article (``vector`` reads only
    # ``df`` and ``n_docs``): a grouper per article cost ~6 ms each (its near-duplicate index).
    grouper = grouper_with({}, n_docs, replace(options, dedup=None))
    for frame in frames:
        orders, terms = [], []
        for rec in frame.to_dict("records"):
            grouper.df = Counter(rec["df"] or {})
            orders.append(int(rec["order"]))
            terms.append(strongest_term(grouper, to_article(rec)))
        yield pd.DataFrame({"order": orders, "term": terms})


def block_task(frame, *, options: StoryOptions, n_docs: int):
    """``applyInPandas`` over one block: the single machine's grouper over its articles."""
    from .blocks import group_block, member_values

    frame = frame.sort_values("order")
    block = int(frame["block"].iloc[0])
    articles, df = [], {}
    order_of = {}
    for rec in frame.to_dict("records"):
        article = to_article(rec)
        articles.append(article)
        order_of[article.id] = int(rec["order"])
        if rec["df"]:
            df.update(rec["df"])
    result = group_block(articles, df, n_docs, options)
    rows = []
    for article, a in zip(articles, result.assignments):
        rows.append({"block": block, "kind": "assign", "order": order_of[article.id], "record": a.id,
                     "article": a.article, "story": a.story, "duplicate_of": a.duplicate_of,
                     "similarity": float(a.similarity)})
    for story in result.stories:
        rows.append({"block": block, "kind": "story", "story": story.id,
                     "members": [member_values(m) for m in story.members], "first": story.first, "last": story.last,
                     "centroid": dict(story.centroid), "seq": int(story.seq), "created": int(result.created)})
    return frame_of(rows, STORY_ROWS)


def _stories_of(frame):
    from .blocks import story_from_values

    return [story_from_values(rec["story"], rec["members"], rec["first"], rec["last"], rec["centroid"] or {},
                              rec["seq"] or 0)
            for rec in frame.to_dict("records")]


def merge_task(frame, *, options: StoryOptions):
    """``applyInPandas`` over the stories of one pair of neighbouring blocks -> merges (src, dst numbers)."""
    import pandas as pd

    from .blocks import boundary_merges, story_number

    low = int(frame["low"].iloc[0])
    left = _stories_of(frame[frame["block"] == low])
    right = _stories_of(frame[frame["block"] != low])
    merges = boundary_merges(left, right, options)
    return pd.DataFrame({"src": [story_number(g) for g, _ in merges], "dst": [story_number(k) for _, k in merges]},
                        columns=["src", "dst"])


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
    """``applyInPandas`` over the stories of one component -> the final story and its summary."""
    from .blocks import combine_stories, member_values

    story = combine_stories(_stories_of(frame), options)
    blocks = sorted({int(b) for b in frame["block"]})
    return frame_of([{
        "story": story.id, "label": story.label, "size": story.size, "originals": len(story.originals),
        "outlets": story.outlets, "first": story.first, "last": story.last,
        "members": [member_values(m) for m in story.members], "centroid": dict(story.centroid), "blocks": blocks,
        "summary": json.dumps(story.summary(), ensure_ascii=False),
    }], [f.name for f in final_schema().fields])


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
    stories: int = 0


def group_stories(spark, articles, options: StoryOptions, *, block_articles: int, partitions: int, counts=None):
    """``articles`` (the articles table) -> (assignments DataFrame, stories DataFrame, report)."""
    from functools import partial

    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from .blocks import plan_blocks, windows_to_split
    from .copies import find_copies
    from .session import cpu_timed

    report = GroupingReport()
    feats = articles.mapInPandas(cpu_timed(partial(feature_rows, options=options), counts, "features"), features_schema()).persist()
    report.articles = feats.count()
    first_of_key = Window.partitionBy("key").orderBy("order")
    fresh = feats.withColumn("_n", F.row_number().over(first_of_key)).where("_n = 1").drop("_n")
    n_docs = report.distinct = fresh.count()
    df_table = (fresh.select(F.explode("terms").alias("term")).groupBy("term").agg(F.count(F.lit(1)).alias("df"))
                .where(F.col("df") >= options.min_df))

    if options.dedup is not None:
        copies = find_copies(feats, options.dedup, counts=counts).persist()
    else:
        copies = spark.createDataFrame([], "order long, original long, similarity double")
    report.copies = copies.count()

    # Each article's anchor: its own window, or its original's (copies follow their originals).
    originals = feats.join(copies.select("order"), "order", "left_anti").select("order", "window", "terms")
    dfmap = (originals.select("order", F.explode("terms").alias("term")).join(df_table, "term")
             .groupBy("order").agg(F.map_from_entries(F.collect_list(F.struct("term", "df"))).alias("df")))
    anchor = (feats.select("order").join(copies.select("order", "original"), "order", "left")
              .withColumn("anchor", F.coalesce("original", "order")).select("order", "anchor"))
    anchored = anchor.join(originals.select(F.col("order").alias("anchor"), "window"), "anchor").persist()
    window_counts = {int(r["window"]): int(r["n"]) for r in
                     anchored.groupBy("window").agg(F.count(F.lit(1)).alias("n")).collect()}
    split = windows_to_split(window_counts, block_articles)
    report.split_windows = len(split)
    term_counts: dict = {}
    terms_df = None
    if split:
        wide = (articles.join(originals.where(F.col("window").isin(split)).select("order"), "order")
                .join(dfmap, "order", "left"))
        terms_df = wide.mapInPandas(cpu_timed(partial(strongest_terms, options=options, n_docs=n_docs), counts, "strongest terms"),
                                    "order long, term string").persist()
        counted = (anchored.where(F.col("window").isin(split))
                   .join(terms_df.select(F.col("order").alias("anchor"), "term"), "anchor")
                   .groupBy("window", "term").agg(F.count(F.lit(1)).alias("n")).collect())
        term_counts = {(int(r["window"]), r["term"]): int(r["n"]) for r in counted}
    plan = plan_blocks(window_counts, term_counts, block_articles)
    report.blocks = len(plan.sizes)
    report.block_sizes = list(plan.sizes)

    by_window = spark.createDataFrame([(w, b) for w, b in plan.by_window.items()], "window int, block int")
    placed = anchored.join(by_window, "window", "left")
    if split:
        by_term = spark.createDataFrame([(w, t, b) for (w, t), b in plan.by_term.items()],
                                        "window int, term string, tblock int")
        placed = (placed.join(terms_df.select(F.col("order").alias("anchor"), "term"), "anchor", "left")
                  .join(by_term, ["window", "term"], "left")
                  .withColumn("block", F.coalesce("block", "tblock")))
    placed = placed.select("order", "block")
    block_input = articles.join(placed, "order").join(dfmap, "order", "left").repartition(partitions, "block")
    grouped = block_input.groupBy("block").applyInPandas(
        cpu_timed(partial(block_task, options=options, n_docs=n_docs), counts, "group"), _block_output_schema()).persist()

    created = {int(r["block"]): int(r["created"]) for r in
               grouped.where("kind = 'story'").groupBy("block").agg(F.max("created").alias("created")).collect()}
    offsets, total = {}, 0
    for b in range(len(plan.sizes)):
        offsets[b] = total
        total += created.get(b, 0)
    offset_df = spark.createDataFrame(list(offsets.items()), "block int, offset long")
    renumber = F.format_string("s%06d", F.expr("offset + cast(substring(story, 2) as long)"))
    grouped = grouped.join(offset_df, "block").withColumn("story", renumber).drop("offset").persist()

    # Copies inside blocks that the global pass did not find (a check of the closure argument).
    block_copies = grouped.where("kind = 'assign' AND duplicate_of IS NOT NULL").select("order")
    global_copies = copies.select("order")
    report.copy_rule_mismatches = (block_copies.join(global_copies, "order", "left_anti").count()
                                   + global_copies.join(block_copies, "order", "left_anti").count())

    stories = grouped.where("kind = 'story'").select("block", "story", "members", "first", "last", "centroid", "seq")
    pairs = plan.neighbours()
    report.neighbour_pairs = len(pairs)
    final_of = None
    if pairs:
        pair_df = spark.createDataFrame([(k, a, a) for k, (a, b) in enumerate(pairs)] +
                                        [(k, b, a) for k, (a, b) in enumerate(pairs)], "pair int, block int, low int")
        merges = (stories.join(pair_df, "block").groupBy("pair")
                  .applyInPandas(cpu_timed(partial(merge_task, options=options), counts, "merge"), "src long, dst long").persist())
        report.cross_block_merges = merges.count()
        if report.cross_block_merges:
            from .graph import connected_components

            final_of = connected_components(merges).select(
                F.format_string("s%06d", "node").alias("story"), F.format_string("s%06d", "component").alias("final"))
    with_final = stories.join(final_of, "story", "left") if final_of is not None else stories.withColumn("final", F.lit(None))
    with_final = with_final.withColumn("final", F.coalesce("final", "story"))
    final_stories = with_final.groupBy("final").applyInPandas(cpu_timed(partial(combine_task, options=options), counts, "combine"),
                                                              final_schema()).persist()
    report.stories = final_stories.count()

    story_map = with_final.select("story", "final")
    assignments = (grouped.where("kind = 'assign'").join(story_map, "story")
                   .select("order", F.col("record").alias("id"), "article", F.col("final").alias("story"),
                           "duplicate_of", "similarity"))
    return assignments, final_stories, report
