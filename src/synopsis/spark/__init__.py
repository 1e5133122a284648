"""The same pipeline on Apache Spark, for inputs one machine cannot get through (issue 24).

``synopsis spark INPUT... --out DIR`` (or :func:`synopsis.spark.pipeline.run`) runs the
single machine's functions as Spark transformations over typed columns, so that a small input
gives the same answer as ``synopsis stories``:

1. read (:mod:`.inputs`): one container file (WARC, JSON lines, Parquet) per task, as
   cc-pyspark does; every record becomes a row in input order;
2. extract and clean (:mod:`.extract`, ``mapInPandas``): ``ingest.html_document`` /
   ``sources.add.page_incoming`` / ``clean.clean_document``; the lines repeated across the
   input (``clean.repeated_lines``) are counted by Spark; a bad record is counted in an
   accumulator and listed, never fatal;
3. near-duplicates (:mod:`.copies`): banded MinHash with the single machine's signatures, star
   edges from each bucket's first article, connected components, then the single machine's
   copy rule (``NearDuplicateIndex``, earliest copy credited) inside each component;
4. stories (:mod:`.grouping`, :mod:`.blocks`): blocks by time window (packed up to a size,
   split by strongest term beyond it), ``StoryGrouper`` inside each block with the global
   document frequencies, then ``StoryGrouper.merge_stories`` across neighbouring blocks and
   connected components of the merges;
5. briefs (:mod:`.briefs`, ``applyInPandas`` per story): ``core.brief`` and
   ``render.to_json.brief_to_dict``, the JSON contract unchanged.

Outputs (:mod:`.pipeline`): Parquet tables and the same story files as ``synopsis stories``;
:mod:`.store_import` loads a run into the store. pyspark is an optional extra
(``pip install 'synopsis[spark]'``); nothing here is imported by the rest of synopsis.
"""
