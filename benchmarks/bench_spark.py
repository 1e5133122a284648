"""``synopsis spark`` on local[1] and local[2] against the single machine: wall and CPU time per stage.

    python benchmarks/bench_spark.py                          # 20,000 synthetic articles and a 20,000-page WARC
    python benchmarks/bench_spark.py --n 2000 --warc-n 0      # smaller, synthetic only
    python benchmarks/bench_spark.py --configs local1,local2 --time-limit 300   # chosen configurations, 300 s each
    python benchmarks/bench_spark.py --brief-n 100            # also the brief stage, on 100 articles
    python benchmarks/bench_spark.py --n 5000 --warc-n 0 --configs local1,local2 --block-articles 1250
                                          # 5 blocks, as 20,000 articles have 6 of 5,000: the block stages at a quarter of the cost
    python benchmarks/bench_spark.py --time-limit 420 --total-limit 7200   # both 20,000-article comparisons, at most 2 hours
    python benchmarks/bench_spark.py --n 0 --warc-configs local1,local2 --cache ~/.cache/synopsis-bench
                                          # the WARC comparison alone, its fixture kept for the next run

Inputs are made here (nothing is read from ../shared):

- synthetic: ``bench_stories.make_articles`` (invented stories, ~10% wire copies), as JSON lines
  cut into 8 files;
- WARC: the same kind of synthetic articles (``make_articles(n, n // 300, english=True)``: many
  stories over weeks, ~10% copies) as news pages with a site's furniture (:func:`story_page`,
  about 3 KB of HTML each), in 8 WARC files (one per task, as cc-pyspark reads them), so that the
  blocks, the merges across them and the copy rule are measured on WARC input too;
  ``--warc-pages newsgen`` gives the earlier fixture (``newsgen.write_warc`` pages, about 6 KB,
  all one story: their words come from one 60-word vocabulary).

Configurations (``--configs``, comma-separated): ``single`` (the single machine: ``load_articles``
or the WARC reader with ``sources.add.page_incoming``, then ``stories.write_stories``; briefs by
``write_stories``), ``local1``, ``local2`` (``synopsis.spark.pipeline.run`` on local[1] or
local[2]), or any Spark master written out (``local[4]``). Each runs in a fresh subprocess, in its
own process group, stopped (the group killed) after ``--time-limit`` seconds of wall clock; a
stopped run prints ``"stopped_after_s"`` and the next configuration starts.

Reported per configuration: wall time per stage (the driver's clock), CPU seconds per stage (the
Python workers' process time inside each stage's function, summed by an accumulator; the single
machine's process time), and the CPU time of the whole process tree (the driver, the JVM and the
Python workers: utime + stime of every live descendant and of the reaped ones, read from
/proc before the run's process exits) per article, and apart for the driver, the JVM and the
Python workers (``process_cpu_s``: in local[1], CPU the JVM spends beside the one task slot, on
JIT, Arrow and GC threads, is time local[2] cannot win back). The assignments of each Spark run are
compared with the single machine's: articles with the same story and copy, and pair agreement
(pairs grouped together by both over pairs grouped together by either).

Each Spark run has Spark's event log on (in a temporary folder); its ``timeline`` gives the jobs,
stages and tasks the run started and how the time from the first job's start to the last job's end
splits into no task running (``driver_serial_share``: the driver's planning, collecting and Python,
and the scheduling between jobs, which a second core cannot shorten), one task running (a
straggler, or a stage of one task) and two or more; ``alone_by_stage`` names the stages in which one
task ran alone longest (with their tasks' longest and summed durations: skew), ``idle_before_job``
the jobs before which no task ran longest (their call sites: the driver's serial work).
``--conf KEY=VALUE`` tries a Spark setting in the Spark runs.

The machine may be shared: the load average is printed beside each run. Under load compare CPU
seconds, not wall time; the speedup of local[2] over local[1] is a wall-clock figure and needs
a quiet machine.
"""

from __future__ import annotations

import argparse
from collections import Counter
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = 8


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_inputs(folder: Path, n: int, warc_n: int, brief_n: int, cache: Path | None = None,
                warc_pages: str = "stories") -> dict[str, list[str]]:
    """The inputs, in `folder`; with `cache`, the WARC files are kept there (made once per size
    and kind of page, reused by later runs: 20,000 pages take minutes to write)."""
    inputs: dict[str, list[str]] = {}
    if n:
        stories = _module("bench_stories")
        records = stories.make_articles(n, max(1, n // 300))
        paths = []
        for k in range(PARTS):
            path = folder / f"feed-{k}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in records[k * n // PARTS:(k + 1) * n // PARTS]),
                            encoding="utf-8")
            paths.append(str(path))
        inputs["synthetic"] = paths
    if brief_n:
        stories = _module("bench_stories")
        path = folder / "brief.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in stories.make_articles(brief_n, max(1, brief_n // 30))),
                        encoding="utf-8")
        inputs["synthetic, briefed"] = [str(path)]
    if warc_n:
        newsgen = _module("newsgen")
        where = folder if cache is None else cache / (f"warc-{warc_n}-{PARTS}" if warc_pages == "newsgen"
                                                      else f"warc-{warc_pages}-{warc_n}-{PARTS}")
        where.mkdir(parents=True, exist_ok=True)
        records = (_module("bench_stories").make_articles(warc_n, max(1, warc_n // 300), seed=11, english=True)
                   if warc_pages == "stories" else None)
        paths = []
        for k in range(PARTS):
            path = where / f"crawl-{k}.warc.gz"
            if not path.exists():  # written to a temporary name, renamed when whole
                tmp = path.with_name(path.name + ".part")
                if records is None:
                    newsgen.write_warc(tmp, warc_n // PARTS, seed=7 + k, host=f"part{k}.example")
                else:
                    write_story_warc(tmp, records[k * warc_n // PARTS:(k + 1) * warc_n // PARTS], host=f"part{k}.example")
                tmp.rename(path)
            paths.append(str(path))
        inputs["WARC"] = paths
    return inputs


def story_page(record: dict) -> str:
    """A news page around a synthetic article (``bench_stories.make_articles``): its headline and
    paragraphs inside a site's furniture (navigation, byline, related links, newsletter box,
    footer, script), its date in the page's metadata, its outlet as the site name."""
    import html

    title, *paragraphs = record["text"].split("\n\n")
    outlet = html.escape(record["outlet"])
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="/news/{k}">More from {outlet}: item {k}</a></li>' for k in range(5))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {outlet}</title>'
        f'<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{html.escape(title)}">'
        f'<meta property="article:published_time" content="{record["published"]}T10:00:00Z">'
        '<script>window.dataLayer=[];function track(){return 1}</script></head>'
        f'<body><header><a href="/">{outlet}</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a>'
        '</li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>'
        f'<main><article><h1>{html.escape(title)}</h1><p class="byline">By staff writers</p>{body}'
        f'<aside class="related"><h3>Related</h3><ul>{related}</ul></aside></article>'
        '<div class="newsletter"><p>Sign up for our newsletter to get the news delivered to your inbox.</p></div>'
        f'</main><footer><p>© 2026 {outlet}. All rights reserved.</p></footer><script>track()</script></body></html>'
    )


def write_story_warc(path: Path, records: list[dict], *, host: str = "news.example") -> None:
    """A gzip-per-record WARC of the synthetic articles as pages (:func:`story_page`), a request
    before each response, as CC-NEWS lays them out: many stories, copies among them, over weeks."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(str(path), {"software": "synopsis benchmarks"}))
        for record in records:
            url = f"https://{record['outlet']}.{host}/news/{record['id']}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(
                story_page(record).encode("utf-8")), http_headers=http))


def single_machine(paths: list[str], out: Path, briefs: bool) -> dict:
    from synopsis.stories import StoryGrouper, write_stories

    wall, cpu = {}, {}
    t0, c0 = time.perf_counter(), time.process_time()
    if any(".warc" in p for p in paths):
        from synopsis.errors import SkipInput
        from synopsis.sources.add import page_incoming
        from synopsis.sources.warc import iter_warc

        articles = []
        for path in paths:
            for page in iter_warc(path):
                try:
                    articles.append(page_incoming(page.body, url=page.url, content_type=page.content_type,
                                                  fetched_at=page.date).article)
                except SkipInput:
                    pass
        # Ids unique over the whole input in input order, as `synopsis stories` and the Spark run
        # make them (pages of different sites share URL paths, so ids like "story-0" repeat).
        from dataclasses import replace

        from synopsis.ingest import renamed_id_warning, unique_ids

        ids = unique_ids([a.id for a in articles])
        articles = [a if new == a.id else replace(a, id=new, warnings=[*a.warnings, renamed_id_warning(a.id, new)])
                    for a, new in zip(articles, ids)]
    else:
        from synopsis.core import load_articles

        articles = list(load_articles(paths).articles)
    t1, c1 = time.perf_counter(), time.process_time()
    wall["read + extract + clean"], cpu["read + extract + clean"] = t1 - t0, c1 - c0
    if briefs:
        StoryGrouper().add_all(articles)
        t2, c2 = time.perf_counter(), time.process_time()
        wall["group"], cpu["group"] = t2 - t1, c2 - c1
        write_stories(articles, out, briefs=True)  # groups again (a fresh grouper), then briefs
        t3, c3 = time.perf_counter(), time.process_time()
        wall["brief"], cpu["brief"] = (t3 - t2) - wall["group"], (c3 - c2) - cpu["group"]
    else:
        write_stories(articles, out, briefs=False)
        t2, c2 = time.perf_counter(), time.process_time()
        wall["group + write"], cpu["group + write"] = t2 - t1, c2 - c1
    return {"articles": len(articles), "seconds": wall, "cpu_seconds": cpu}


def spark_run(paths: list[str], out: Path, master: str, briefs: bool, block_articles: int) -> dict:
    """The pipeline on a session of its own with Spark's event log on (read back by :func:`timeline`)."""
    from synopsis.spark.pipeline import run
    from synopsis.spark.session import spark_session

    log_dir = Path(tempfile.mkdtemp(prefix="bench-spark-events-"))
    t = time.perf_counter()
    extra = json.loads(os.environ.get("BENCH_SPARK_CONF") or "{}")  # --conf: settings tried beside the defaults
    spark = spark_session(master, config={"spark.eventLog.enabled": "true", "spark.eventLog.dir": log_dir.as_uri(),
                                          "spark.eventLog.compress": "false", **extra})
    session_s = time.perf_counter() - t
    report = run(paths, out, master=master, briefs=briefs, block_articles=block_articles, spark=spark)
    report.seconds["session"] = round(session_s, 2)
    return {"articles": report.articles, "seconds": report.seconds, "cpu_seconds": report.cpu_seconds,
            "grouping": report.grouping, "counts": report.counts, "jobs": getattr(report, "jobs", None), "_spark": spark,
            "_log_dir": str(log_dir)}


def timeline(log_dir: str) -> dict:
    """From Spark's event log: jobs, stages and tasks run, and how the wall time from the first
    job's start to the last job's end splits by the number of tasks running at once. Time with no
    task running is the driver's serial work (planning, collecting, Python on the driver) and
    Spark's scheduling between jobs: what a second core cannot shorten."""
    events = []
    # Spark 4 writes a folder of rolled files (events_<n>_<app>; beside them .crc checksums and an appstatus marker).
    for path in sorted(p for p in Path(log_dir).rglob("events*") if p.is_file()):
        with open(path, encoding="utf-8") as fh:
            events += [json.loads(line) for line in fh if line.strip()]
    jobs = [(e["Submission Time"], None) for e in events if e["Event"] == "SparkListenerJobStart"]
    job_ends = [e["Completion Time"] for e in events if e["Event"] == "SparkListenerJobEnd"]
    tasks = [(e["Task Info"]["Launch Time"], e["Task Info"]["Finish Time"]) for e in events
             if e["Event"] == "SparkListenerTaskEnd"]
    stages = sum(e["Event"] == "SparkListenerStageCompleted" for e in events)
    if not jobs or not tasks:
        return {"jobs": len(jobs), "stages": stages, "tasks": len(tasks)}
    start, end = min(t for t, _ in jobs), max(job_ends or [max(f for _, f in tasks)])
    marks = sorted([(a, 1) for a, _ in tasks] + [(b, -1) for _, b in tasks])
    by_running: dict[int, float] = {}
    running, last = 0, start
    for at, step in marks:
        at = min(max(at, start), end)
        by_running[min(running, 2)] = by_running.get(min(running, 2), 0.0) + (at - last) / 1000
        running, last = running + step, at
    by_running[0] = by_running.get(0, 0.0) + (end - last) / 1000
    span = (end - start) / 1000
    return {"jobs": len(jobs), "stages": stages, "tasks": len(tasks), "jobs_span_s": round(span, 1),
            "no_task_running_s": round(by_running.get(0, 0.0), 1),
            "one_task_running_s": round(by_running.get(1, 0.0), 1),
            "two_or_more_running_s": round(by_running.get(2, 0.0), 1),
            "driver_serial_share": round(by_running.get(0, 0.0) / max(span, 1e-9), 3),
            "one_task_share": round(by_running.get(1, 0.0) / max(span, 1e-9), 3),
            "alone_by_stage": alone_by_stage(events), "idle_before_job": idle_before_job(events)}


def idle_before_job(events: list[dict], top: int = 8) -> list[dict]:
    """The longest stretches with no task running, each named by the job that ended it (its
    call site: the driver's line that asked for it) and the seconds of it: what the driver does
    serially (planning, collecting, its own Python) between two jobs' tasks."""
    starts = {e["Job ID"]: e for e in events if e["Event"] == "SparkListenerJobStart"}
    stage_job = {s["Stage ID"]: j for j, e in starts.items() for s in e.get("Stage Infos", [])}
    tasks = sorted((e["Task Info"]["Launch Time"], e["Task Info"]["Finish Time"], e["Stage ID"]) for e in events
                   if e["Event"] == "SparkListenerTaskEnd")
    gaps, busy_until = [], None
    for launch, finish, stage in tasks:
        if busy_until is not None and launch > busy_until:
            job = stage_job.get(stage)
            props = starts.get(job, {}).get("Properties", {}) if job is not None else {}
            gaps.append((launch - busy_until, job, props.get("callSite.short", "?")))
        busy_until = finish if busy_until is None else max(busy_until, finish)
    return [{"job": j, "call": c, "idle_s": round(g / 1000, 2)} for g, j, c in sorted(gaps, key=lambda g: -g[0])[:top]]


def alone_by_stage(events: list[dict], top: int = 8) -> list[dict]:
    """The stages in which one task ran alone longest (a straggler, or a stage of one task): per
    stage its name, tasks, the seconds one of its tasks ran with no other task running, and its
    tasks' durations (longest, sum): where a second core idled, and why."""
    names = {e["Stage Info"]["Stage ID"]: e["Stage Info"]["Stage Name"] for e in events
             if e["Event"] == "SparkListenerStageCompleted"}
    tasks = [(e["Task Info"]["Launch Time"], e["Task Info"]["Finish Time"], e["Stage ID"]) for e in events
             if e["Event"] == "SparkListenerTaskEnd"]
    marks = sorted([(a, 1, s) for a, _, s in tasks] + [(b, -1, s) for _, b, s in tasks], key=lambda m: (m[0], m[1]))
    alone: dict[int, float] = {}
    running: Counter = Counter()
    last = marks[0][0] if marks else 0
    for at, step, stage in marks:
        if sum(running.values()) == 1:
            (only,) = [s for s, k in running.items() if k]
            alone[only] = alone.get(only, 0.0) + (at - last) / 1000
        running[stage] += step
        last = at
    per_stage: dict[int, list[float]] = {}
    for a, b, s in tasks:
        per_stage.setdefault(s, []).append((b - a) / 1000)
    rows = [{"stage": s, "name": names.get(s, "?").split(" at ")[0], "tasks": len(per_stage.get(s, [])),
             "alone_s": round(t, 1), "longest_task_s": round(max(per_stage.get(s, [0])), 1),
             "tasks_sum_s": round(sum(per_stage.get(s, [])), 1)}
            for s, t in sorted(alone.items(), key=lambda st: -st[1])[:top]]
    return rows


def tree_cpu_seconds(root: int | None = None) -> dict[str, float]:
    """CPU seconds (user + system) of a process and all its descendants, live or reaped, by kind:
    ``driver`` (this process), ``jvm`` (Spark's JVM) and ``python workers`` (the rest): each live
    process's own time plus its reaped children's (``/proc/PID/stat`` fields 14-17).
    getrusage(RUSAGE_CHILDREN) in the parent would miss the JVM and Python workers, which
    pyspark never waits for."""
    root = os.getpid() if root is None else root
    children: dict[int, list[tuple[int, str, list[str]]]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                text = fh.read()
        except OSError:
            continue
        comm = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
        stats[int(entry)] = fields
        children.setdefault(int(fields[1]), []).append((int(entry), comm, fields))
    tick = os.sysconf("SC_CLK_TCK")
    out = {"driver": sum(int(x) for x in stats.get(root, ["0"] * 15)[11:15]) / tick, "jvm": 0.0, "python workers": 0.0}
    todo = [root]
    while todo:
        for pid, comm, fields in children.get(todo.pop(), []):
            out["jvm" if comm == "java" else "python workers"] += sum(int(x) for x in fields[11:15]) / tick
            todo.append(pid)
    return out


def child(mode: str, paths: list[str], out: str, briefs: bool, block_articles: int) -> None:
    result = (single_machine(paths, Path(out), briefs) if mode == "single"
              else spark_run(paths, Path(out), mode, briefs, block_articles))
    result["tree_cpu_s"] = tree_cpu_seconds()  # before the session stops: the JVM and workers are still there
    spark = result.pop("_spark", None)
    if spark is not None:
        spark.stop()  # writes the rest of the event log
        log_dir = result.pop("_log_dir")
        result["timeline"] = timeline(log_dir)
        import shutil

        shutil.rmtree(log_dir, ignore_errors=True)
    print("RESULT " + json.dumps(result))


CONFIG_NAMES = {"single": "single", "local1": "local[1]", "local2": "local[2]"}


def parse_configs(text: str) -> list[str]:
    """``single,local1,local2`` -> the modes (a Spark master may be written out: ``local[4]``)."""
    modes = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        mode = CONFIG_NAMES.get(name, name)
        if mode != "single" and not (mode.startswith(("local", "spark://", "yarn", "k8s://"))):
            raise SystemExit(f"--configs: unknown configuration {name!r}; use single, local1, local2 or a Spark master")
        modes.append(mode)
    return modes


def compare(single_out: Path, spark_out: Path) -> dict:
    def read(folder):
        rows = [json.loads(line) for line in (folder / "assignments.jsonl").read_text(encoding="utf-8").splitlines()]
        return {r["id"]: (r["story"], r["duplicate_of"]) for r in rows}

    a, b = read(single_out), read(spark_out)

    def pairs(sizes) -> int:
        return sum(k * (k - 1) // 2 for k in sizes)

    # Pairs grouped together by both / by either, from the counts of (story here, story there):
    # exact, and linear in the articles (a set of pairs is quadratic in a story's size).
    both = pairs(Counter((a[k][0], b[k][0]) for k in a if k in b).values())
    in_a = pairs(Counter(story for story, _ in a.values()).values())
    in_b = pairs(Counter(story for story, _ in b.values()).values())
    return {"same story and copy": round(sum(a[k] == b.get(k) for k in a) / max(len(a), 1), 4),
            "same copy": round(sum(a[k][1] == b.get(k, (None, None))[1] for k in a) / max(len(a), 1), 4),
            "pair agreement": round(both / max(in_a + in_b - both, 1), 4),
            "stories": [len({s for s, _ in a.values()}), len({s for s, _ in b.values()})]}


def run_config(kind: str, mode: str, paths: list[str], out: Path, briefs: bool, time_limit: float,
               block_articles: int) -> dict:
    """One configuration in a fresh subprocess (its own process group, killed at the time limit)."""
    load = os.getloadavg()[0]
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, str(out), "1" if briefs else "0",
                             str(block_articles), *paths],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "SYNOPSIS_SPARK_LOG": "ERROR"})
    try:
        stdout, stderr = proc.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the run's own group: its driver, JVM and Python workers
        proc.communicate()
        return {"kind": kind, "mode": mode, "stopped_after_s": round(time.perf_counter() - t, 1),
                "load_average": round(load, 1)}
    wall = time.perf_counter() - t
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode or not lines:
        return {"kind": kind, "mode": mode, "failed": proc.returncode, "stderr": stderr[-2000:]}
    result = json.loads(lines[-1][len("RESULT "):])
    tree_cpu = sum(result["tree_cpu_s"].values())
    n = max(result["articles"], 1)
    row = {"kind": kind, "mode": mode, "articles": result["articles"], "wall_s": round(wall, 1),
           "process_tree_cpu_s": round(tree_cpu, 1),
           "process_cpu_s": {k: round(v, 1) for k, v in result["tree_cpu_s"].items() if v},
           "process_tree_cpu_ms_per_article": round(1000 * tree_cpu / n, 2),
           "stage_wall_s": {k: round(v, 1) for k, v in result["seconds"].items()},
           "stage_cpu_s": {k: round(v, 1) for k, v in result["cpu_seconds"].items()},
           "stage_cpu_ms_per_article": {k: round(1000 * v / n, 3) for k, v in result["cpu_seconds"].items()},
           "load_average": round(load, 1), "load_average_after": round(os.getloadavg()[0], 1)}
    if "timeline" in result:
        row["timeline"] = result["timeline"]
    if "grouping" in result:
        g = result["grouping"]
        row["blocks"] = {k: g[k] for k in ("blocks", "block_sizes", "split_windows", "neighbour_pairs", "cross_block_merges",
                                           "copy_rule_mismatches")}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="synthetic articles (0: none)")
    parser.add_argument("--warc-n", type=int, default=20_000, help="WARC pages (0: none)")
    parser.add_argument("--brief-n", type=int, default=0, help="synthetic articles run with briefs (0: none)")
    parser.add_argument("--configs", type=parse_configs, default=parse_configs("single,local1,local2"),
                        help="configurations to run, comma-separated: single, local1, local2 or a Spark master "
                             "(default: single,local1,local2)")
    parser.add_argument("--time-limit", type=float, default=900.0,
                        help="wall-clock seconds per configuration before it is stopped (default 900)")
    parser.add_argument("--total-limit", type=float, default=None,
                        help="wall-clock seconds for the whole benchmark: each configuration gets at most what is "
                             "left of it (a configuration with less than 30 s left is not started)")
    parser.add_argument("--warc-configs", type=parse_configs, default=None,
                        help="configurations for the WARC input (default: --configs); e.g. local1,local2 to leave "
                             "out the single machine there (no agreement figures then)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder to keep the WARC fixture in (made once per --warc-n, reused after)")
    parser.add_argument("--warc-pages", choices=("stories", "newsgen"), default="stories",
                        help="the WARC pages: stories (default: bench_stories' synthetic articles as news pages, "
                             "many stories over weeks, ~10%% copies) or newsgen (one story: the pages share a "
                             "60-word vocabulary; the figures before session 31)")
    parser.add_argument("--block-articles", type=int, default=5000,
                        help="the Spark runs' --block-articles (default 5000, the command's default)")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="a Spark setting for the Spark runs, over the command's own (repeatable): to try one")
    parser.add_argument("--child", nargs=4, metavar=("MODE", "OUT", "BRIEFS", "BLOCK"), help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.paths, args.child[1], args.child[2] == "1", int(args.child[3]))
        return
    if args.conf:
        os.environ["BENCH_SPARK_CONF"] = json.dumps(dict(c.split("=", 1) for c in args.conf))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        inputs = make_inputs(folder, args.n, args.warc_n, args.brief_n, args.cache, args.warc_pages)
        print(f"inputs made in {time.perf_counter() - t0:.0f} s", flush=True)
        for kind, paths in inputs.items():
            briefs = kind.endswith("briefed")
            outs = {}
            for mode in (args.warc_configs or args.configs) if kind == "WARC" else args.configs:
                out = folder / f"out-{kind.split(',')[0]}-{mode}"
                outs[mode] = out
                limit = args.time_limit
                if args.total_limit is not None:
                    limit = min(limit, args.total_limit - (time.perf_counter() - started))
                    if limit < 30:
                        print(json.dumps({"kind": kind, "mode": mode, "not_started": "--total-limit reached"}), flush=True)
                        continue
                row = run_config(kind, mode, paths, out, briefs, limit, args.block_articles)
                if "articles" in row and mode != "single" and (outs.get("single", out) / "assignments.jsonl").exists() \
                        and "single" in outs:
                    row["vs single"] = compare(outs["single"], out)
                print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
