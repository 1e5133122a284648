"""``synopsis spark`` on a real local[2] Spark against the single machine, on small inputs.

Few runs, each checking much (a Spark job costs seconds even on five articles):

- the bundled example, the seeds, a JSON-lines file with bad records, a WARC written here (the
  seeds as pages, copies among them, non-article records) and a damaged WARC, in one run: the same
  story files, assignments, index and briefs byte for byte as the single machine, bad records
  counted and listed, never fatal;
- synthetic stories cut into many small blocks, as JSON lines and as WARC pages: every article
  assigned once, merges across block boundaries, the copies the single machine's, and agreement
  with the single machine measured (the one documented difference);
- the run imported into a store, its stories and briefs served by the web app.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "event"

OUTLETS = json.loads((ROOT / "examples" / "outlets.json").read_text(encoding="utf-8"))
STORY_FILES = ("assignments.jsonl", "stories.json", "index.html")


def write_warc(path: Path, records) -> None:
    """records: (url, status, content type, body bytes)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in records:
            http = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def page_of(text: str, site: str) -> bytes:
    """A news page around an article's text: headline, paragraphs, site name."""
    title, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html><head><title>{html.escape(title)}</title>'
            f'<meta property="og:site_name" content="{site}"></head><body><nav>Home News</nav>'
            f"<article><h1>{html.escape(title)}</h1>{body}</article><footer>(c) {site}</footer></body></html>").encode()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir):
    """The example and seeds folders, a JSON-lines file with bad lines, a WARC and a damaged WARC."""
    tmp = tmp_path_factory.mktemp("spark-inputs")
    bad = tmp / "feed.jsonl"
    good = {"id": "ok1", "outlet": "Lindell Post", "published": "2026-05-02", "title": "Harbour pilots agree contract",
            "text": "Harbour pilots agree contract\n\nHarbour pilots in Port Lindell agreed a new contract on Friday "
                    "after three weeks of talks, the port authority said.\n\nThe deal raises pay by 4 percent over two "
                    "years and adds a second pilot on night crossings, according to the union's statement.\n\n"
                    "Shipping agents said the first vessels delayed by the dispute would sail on Saturday morning."}
    bad.write_bytes(json.dumps(good).encode() + b'\n'
                    b'{"id": "broken", "text": \n'
                    b'{"id": "empty", "text": ""}\n'
                    b'["not", "an", "object"]\n'
                    b"\n")
    seeds = sorted(seeds_dir.glob("*.txt"))
    warc = tmp / "crawl.warc.gz"
    pages = [(f"https://wire{n}.example/news/seed-{n}", 200, "text/html; charset=utf-8",
              page_of(path.read_text(encoding="utf-8"), f"Wire {n}")) for n, path in enumerate(seeds[:3])]
    write_warc(warc, [*pages,
                      ("https://copy.example/news/again", 200, "text/html", pages[0][3]),  # a copy in the WARC
                      ("https://wire0.example/gone", 404, "text/html", b"<html>not found</html>"),
                      ("https://wire0.example/logo.png", 200, "image/png", b"\x89PNG...."),
                      ("https://wire0.example/menu", 200, "text/html", b"<html><body><nav>Home</nav></body></html>")])
    damaged = tmp / "damaged.warc.gz"
    # Its pages, then a gzip member that does not decompress: damaged after them.
    damaged.write_bytes(warc.read_bytes() + b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"garbage" * 50)
    return [str(EXAMPLE), str(seeds_dir), str(bad), str(warc), str(damaged)]


def bench_module(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_machine(inputs: list[str], out: Path, story_options=None, **kwargs):
    """The single machine's answer: ``synopsis stories`` reading the files, with the WARC pages
    read as ``synopsis add`` reads them (``sources.add.page_incoming``), in input order."""
    from dataclasses import replace

    from synopsis.core import load_articles
    from synopsis.errors import SkipInput
    from synopsis.ingest import renamed_id_warning, unique_ids
    from synopsis.options import Options
    from synopsis.sources.add import page_incoming
    from synopsis.sources.outlets import OutletBook
    from synopsis.sources.warc import WarcCounts, iter_warc
    from synopsis.stories import StoryOptions, write_stories

    options = Options(outlets=OUTLETS)
    files = [i for i in inputs if ".warc" not in i]
    loaded = load_articles(files, options)
    articles, skipped = list(loaded.articles), [s.reason for s in loaded.skipped]
    for warc in (i for i in inputs if ".warc" in i):
        counts = WarcCounts()
        for page in iter_warc(warc, counts):
            try:
                articles.append(page_incoming(page.body, url=page.url, content_type=page.content_type,
                                              outlets=OutletBook(OUTLETS), fetched_at=page.date).article)
            except SkipInput as err:
                skipped.append(str(err))
        if counts.error:
            skipped.append(counts.error)
    # Ids unique over the whole input in input order, as ``synopsis stories`` makes them.
    ids = unique_ids([a.id for a in articles])
    articles = [a if new == a.id else replace(a, id=new, warnings=[*a.warnings, renamed_id_warning(a.id, new)])
                for a, new in zip(articles, ids)]
    write_stories(articles, out, story_options or StoryOptions(), brief_options=options, **kwargs)
    return articles, skipped


def one_machine_with_hash_seed_0(inputs: list[str], out: Path) -> tuple[list[str], list[str]]:
    """:func:`one_machine` in a process with PYTHONHASHSEED=0, as the Spark workers run
    (``synopsis.spark.session``): the disputes' topic words that tie in rarity come in the
    order of a set of strings, which the hash seed decides (analyse/disputes.py,
    ``rare_shared``), so two single-machine runs differ there unless their seeds agree.
    Returns the article ids and the skip reasons."""
    import os
    import subprocess
    import sys

    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from test_pipeline import one_machine; "
            "a, s = one_machine(json.loads(sys.argv[2]), __import__('pathlib').Path(sys.argv[3])); "
            "print(json.dumps([[x.id for x in a], s]))")
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), json.dumps(inputs), str(out)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    ids, skipped = json.loads(done.stdout.strip().splitlines()[-1])
    return ids, skipped


def test_same_answers_as_one_machine_and_bad_records_skipped(spark, inputs, tmp_path_factory):
    import pyarrow.parquet as pq

    from synopsis.options import Options
    from synopsis.spark.pipeline import run

    out = tmp_path_factory.mktemp("spark-run") / "out"
    # 3 partitions for the 3 container files: each is read and extracted in one task (the fused
    # path), the .txt files beside them go through the extract stage of their own (the test of
    # the blocks below, one file in 4 partitions, takes the path with a shuffle in between).
    report = run(inputs, out, spark=spark, brief_options=Options(outlets=OUTLETS), partitions=3)
    single = tmp_path_factory.mktemp("single") / "out"
    articles, skipped = one_machine_with_hash_seed_0(inputs, single)

    # The same articles, stories, assignments, briefs and pages, byte for byte.
    assert report.articles == len(articles) and report.errors == []
    names = sorted(p.name for p in single.iterdir())
    assert sorted(p.name for p in out.iterdir() if p.name not in ("tables", "run.json")) == names
    for name in names:
        assert (out / name).read_bytes() == (single / name).read_bytes(), name
    stories = json.loads((single / "stories.json").read_text(encoding="utf-8"))
    assert report.stories == len(stories) >= 3 and "ok1" in articles  # the example, the seeds, the harbour pilots
    assert report.copies >= 4  # the WARC pages of the seeds and the copy inside the WARC
    seed_story = max(stories, key=lambda s: s["size"])
    data = json.loads((out / seed_story["json"]).read_text(encoding="utf-8"))
    assert data["brief"]["schema_version"] and data["brief"]["summary"]

    # Bad records: counted in the accumulator, listed with the single machine's reasons, never fatal.
    listed = pq.read_table(out / "tables" / "skipped.parquet").to_pylist()
    assert sorted(r["reason"] for r in listed) == sorted(skipped)
    assert len(listed) == report.skipped >= 5  # 3 bad JSON lines, the menu page, the damaged WARC
    counts = report.counts
    assert counts["records skipped"] >= 4 and counts["WARC files damaged"] == 1 and counts["WARC files read"] == 2
    assert counts["WARC records skipped: HTTP 404"] >= 1 and counts["WARC records skipped: not HTML"] >= 1
    assert "records failed" not in counts

    # The tables: typed columns, one assignment per article, one row per story and brief.
    tables = {n: pq.read_table(out / "tables" / f"{n}.parquet") for n in ("articles", "assignments", "stories", "briefs")}
    assert tables["articles"].num_rows == tables["assignments"].num_rows == len(articles)
    assert tables["stories"].num_rows == tables["briefs"].num_rows == len(stories)
    assert str(tables["articles"].schema.field("blocks").type).startswith("list<element: struct<kind: string")
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(run_json["cpu_seconds"]) >= {"read + extract", "extract", "clean", "features", "group", "brief"}
    assert 10 <= run_json["jobs"] == report.jobs

    # Imported into a store, the stories and briefs are what `synopsis serve` shows.
    from synopsis.spark.store_import import import_run
    from synopsis.store import Store

    db = tmp_path_factory.mktemp("store") / "s.db"
    with Store(db) as store:
        imported = import_run(store, out, brief_options=Options(outlets=OUTLETS))
        assert (imported.articles, imported.stories, imported.briefs) == (len(articles), len(stories), len(stories))
        listed_stories = {s.id: s for s in store.list_stories(limit=100)}
        assert {s["id"] for s in stories} == set(listed_stories)
        # The damaged WARC repeats the first WARC's URLs: the store keeps one article per URL.
        assert sum(s.size for s in listed_stories.values()) == store.count() == len(set(articles)) - 4
        assert store.integrity() == []
        with pytest.raises(Exception, match="already holds stories"):
            import_run(store, out)
    from starlette.testclient import TestClient

    from synopsis.web import WebSettings, create_app

    with TestClient(create_app(WebSettings(store=db)), base_url="http://127.0.0.1:8765") as client:
        served = client.get(f"/api/stories/{seed_story['id']}/brief")
        assert served.status_code == 200
        assert served.json()["summary"] == data["brief"]["summary"]


def test_blocks_merge_across_boundaries(spark, tmp_path):
    """Synthetic stories over 20 days in blocks of at most 25 articles (a window of 2 days):
    every article in exactly one story, stories joined across block boundaries, the copy rule
    equal to the single machine's, and the grouping measured against it (pairs of articles put
    together by both, over pairs put together by either)."""
    import importlib.util

    from synopsis.core import load_articles
    from synopsis.spark.pipeline import run
    from synopsis.stories import StoryGrouper, StoryOptions

    spec = importlib.util.spec_from_file_location("bench_stories", ROOT / "benchmarks" / "bench_stories.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in bench.make_articles(160, 20, seed=3)), encoding="utf-8")
    options = StoryOptions(window_days=2)
    report = run([str(feed)], tmp_path / "out", spark=spark, story_options=options, briefs=False, block_articles=25)
    spark_story = {json.loads(line)["id"]: json.loads(line)["story"]
                   for line in (tmp_path / "out" / "assignments.jsonl").read_text(encoding="utf-8").splitlines()}
    spark_copy = {json.loads(line)["id"]: json.loads(line)["duplicate_of"]
                  for line in (tmp_path / "out" / "assignments.jsonl").read_text(encoding="utf-8").splitlines()}
    single = StoryGrouper(options).add_all(load_articles([feed]).articles)

    assert len(spark_story) == len(single) == 160
    assert report.grouping["blocks"] >= 6 and report.grouping["neighbour_pairs"] >= 5
    assert report.grouping["copy_rule_mismatches"] == 0
    assert spark_copy == {a.id: a.duplicate_of for a in single}  # copies: the single machine's, exactly
    agreement = pair_agreement({a.id: a.story for a in single}, spark_story)
    print(f"blocks {report.grouping['blocks']}, cross-block merges {report.grouping['cross_block_merges']}, "
          f"stories {report.stories} (one machine {len({a.story for a in single})}), pair agreement {agreement:.3f}")
    assert agreement >= 0.9


def test_warc_stories_merge_across_blocks(spark, tmp_path):
    """Many stories as WARC pages (the benchmark's WARC fixture, small: 180 synthetic articles
    over 18 days, copies among them, in 3 WARC files, each read and extracted in its task), cut
    into blocks of at most 20 articles: the articles and the copies are the single machine's
    reading the same WARC files, stories join across block boundaries, and the grouping agrees
    with the single machine's (pairs of articles put together by both, over either)."""
    from synopsis.spark.pipeline import run
    from synopsis.stories import StoryOptions

    bench = bench_module("bench_spark")
    records = bench_module("bench_stories").make_articles(180, 18, seed=5, english=True)
    warcs = []
    for k in range(3):
        warcs.append(tmp_path / f"crawl-{k}.warc.gz")
        bench.write_story_warc(warcs[-1], records[k * 60:(k + 1) * 60], host=f"part{k}.example")
    options = StoryOptions(window_days=2)
    report = run([str(w) for w in warcs], tmp_path / "out", spark=spark, story_options=options, briefs=False,
                 block_articles=20, partitions=3)
    rows = [json.loads(line) for line in (tmp_path / "out" / "assignments.jsonl").read_text(encoding="utf-8").splitlines()]
    single = tmp_path / "single"
    one_machine([str(w) for w in warcs], single, story_options=options, briefs=False)
    single_rows = [json.loads(line) for line in (single / "assignments.jsonl").read_text(encoding="utf-8").splitlines()]

    assert [r["id"] for r in rows] == [r["id"] for r in single_rows] and len(rows) == report.articles == 180
    assert {r["id"]: r["duplicate_of"] for r in rows} == {r["id"]: r["duplicate_of"] for r in single_rows}
    assert report.copies == sum(r["duplicate_of"] is not None for r in single_rows) >= 10
    g = report.grouping
    assert g["blocks"] >= 6 and g["neighbour_pairs"] >= 5 and g["cross_block_merges"] >= 5
    assert g["copy_rule_mismatches"] == 0
    agreement = pair_agreement({r["id"]: r["story"] for r in single_rows}, {r["id"]: r["story"] for r in rows})
    print(f"WARC: blocks {g['blocks']}, cross-block merges {g['cross_block_merges']}, stories {report.stories} "
          f"(one machine {len({r['story'] for r in single_rows})}), pair agreement {agreement:.3f}")
    assert agreement >= 0.9


def pair_agreement(a: dict, b: dict) -> float:
    """Pairs in the same story in both groupings over pairs in the same story in either (1.0: equal)."""
    def pairs(assign):
        by_story: dict = {}
        for article, story in assign.items():
            by_story.setdefault(story, []).append(article)
        return {(x, y) for members in by_story.values() for x in members for y in members if x < y}

    pa, pb = pairs(a), pairs(b)
    return len(pa & pb) / max(len(pa | pb), 1)


@pytest.mark.parametrize("openers, footer", [
    (["Dam repairs approved", "Dam repairs approved", "Dam repairs approved"], "Sign up for our newsletter today"),
    (["Dam repairs approved", "Dam repairs approved", "Valley council votes"], "Sign up for our newsletter today"),
])
def test_repeated_lines_as_one_machine(spark, tmp_path, openers, footer):
    """The lines repeated across the input, counted by Spark: a line that opens every document
    is their headline and stays; a line that opens only some of them, and a footer in all of
    them, are repeated lines (clean.repeated_lines): the cleaned texts equal the single machine's."""
    import pyarrow.parquet as pq

    from synopsis.core import load_articles
    from synopsis.spark.pipeline import run

    body = ("Engineers said on Monday that the repairs to the spillway would take three months and cost "
            "about 4 million dollars, according to the district board.")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{k}", "published": f"2026-03-0{k + 1}",
                                        "text": f"{title}\n\n{body} Story {k} adds its own line.\n\n{footer}"}) + "\n"
                            for k, title in enumerate(openers)), encoding="utf-8")
    run([str(feed)], tmp_path / "out", spark=spark, briefs=False)
    spark_texts = {r["id"]: r["text"] for r in pq.read_table(tmp_path / "out" / "tables" / "articles.parquet").to_pylist()}
    single = {a.id: a.text for a in load_articles([str(feed)]).articles}
    assert spark_texts == single
    assert all(footer not in text for text in single.values())


def test_out_not_shared_with_the_executors(tmp_path):
    """Tables the driver sees only in part (as on a cluster whose --out is a folder local to each
    machine): one line saying that --out must be shared, before any story file is written."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from synopsis.errors import SynopsisError
    from synopsis.spark.pipeline import _write_story_files

    for name, rows in (("assignments", [{"id": "a1", "article": "a1", "story": "s000001", "duplicate_of": None,
                                          "similarity": 1.0}]),
                       ("briefs", [{"story": "s000001", "json": "{}", "html": None}])):
        folder = tmp_path / "tables" / f"{name}.parquet"
        folder.mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows), folder / "part-00000-x.snappy.parquet")
    with pytest.raises(SynopsisError, match="the driver sees 1 of the 2 rows of the assignments table"):
        _write_story_files(tmp_path, n_articles=2, n_stories=1)
    assert not list(tmp_path.glob("s*.json")) and not (tmp_path / "assignments.jsonl").exists()
