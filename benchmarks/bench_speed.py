"""Speed of synopsis now against a baseline revision, as ratios measured in one run.

    python benchmarks/bench_speed.py                  # baseline main (the code without this branch), 5 rounds
    python benchmarks/bench_speed.py --rounds 7 --baseline d921891 --skip stories
    python benchmarks/bench_speed.py --baseline 6fa4250 --baseline-encoder torch --skip cold import stories rebrief

The machine is shared and noisy, so every figure is a ratio of runs interleaved in the same
rounds (A, B, C, A, B, C, ...), reported as the median over rounds with the spread (min-max).
The baseline's ``src/`` is extracted with ``git archive`` into a temporary folder and run with
this checkout's virtualenv (``PYTHONPATH`` first), so both see the same libraries; this code
runs from this checkout's ``src/`` the same way.

- warm: a brief of the seeds and the example together (10 articles), models already loaded:
  baseline (its default encoder, or ``--baseline-encoder``) / this code with ``--encoder torch`` / this code with the
  default encoder. Each variant is a long-lived child process asked for one brief per round.
- cold: the README's main command, ``synopsis brief examples/event --outlets
  examples/outlets.json``, as a new process: baseline / now (default encoder).
  Its CPU time includes the encoder's own process (``models.EncoderProcess``), which the CLI
  waits for at exit, so that ``RUSAGE_CHILDREN`` counts it.
- import: ``python -c "import synopsis"``, and ``synopsis version`` and ``--help``, new processes.
- stories: ``synopsis stories`` over the example, the seeds and the DUC 2003 dev clusters with a
  brief per story, new processes: articles per second, baseline / now.
- re-brief: the seeds + example (10 articles) briefed into a store (``core.brief(cache=store)``)
  that holds the sentence vectors and parses of 9 of them (the story before its new article)
  against the same brief into an empty store (from scratch), in one warm process of this code.

Every measure gives wall seconds and CPU seconds (the process's own, threads included, for the
warm children; ``RUSAGE_CHILDREN`` for new processes): on a shared machine wall time carries
the other users' load, CPU time much less of it. Ratios are given for both.
Prints one JSON line per measure; `uptime` before and after (the load).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PYTHON = sys.executable

CHILD = r"""
import json, sys, time
t = time.perf_counter()
import synopsis
from synopsis import models
encoder = sys.argv[1]
options = synopsis.Options(encoder=encoder) if encoder != "-" else synopsis.Options()
inputs = sys.argv[2:]
synopsis.brief(inputs, options)  # loads the models and warms up
print(json.dumps({"ready": round(time.perf_counter() - t, 2)}), flush=True)
for line in sys.stdin:
    t, c = time.perf_counter(), time.process_time()
    result = synopsis.brief(inputs, options)
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c,
                      "articles": len(result.articles)}), flush=True)
"""

REBRIEF = r"""
import json, shutil, sys, tempfile, time
from pathlib import Path
import synopsis
from synopsis.core import load_articles, reading_order
from synopsis.store import Store
rounds, inputs = int(sys.argv[1]), sys.argv[2:]
articles = reading_order(load_articles(inputs, synopsis.Options()).articles)
options = synopsis.Options()
synopsis.brief(articles, options)  # loads the models and warms up
with tempfile.TemporaryDirectory() as tmp:
    empty, before = Path(tmp) / "empty.db", Path(tmp) / "before.db"
    Store(empty).close()
    with Store(before) as store:  # the story before its last article: its vectors kept
        synopsis.brief(articles[:-1], options, cache=store)
    for _ in range(rounds):
        for name, prepared in (("scratch", empty), ("cached", before)):
            target = Path(tmp) / "round.db"
            shutil.copyfile(prepared, target)
            with Store(target) as store:
                t, c = time.perf_counter(), time.process_time()
                synopsis.brief(articles, options, cache=store)
                print(json.dumps({"variant": name, "seconds": time.perf_counter() - t,
                                  "cpu": time.process_time() - c, "articles": len(articles)}), flush=True)
            target.unlink()
"""


def extract(revision: str, into: Path) -> Path:
    """`src/` of `revision` (git archive), for PYTHONPATH."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into / "src"


def env_with(src: Path | None) -> dict[str, str]:
    """The environment of a run of the code in `src` (None: this checkout's ``src/``, first on
    the path, so that "now" is this code whichever virtualenv runs the script, also one whose
    editable install points at another checkout)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src if src is not None else ROOT / "src")
    return env


def spread(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "n": len(values)}


def ratios(slow: list[float], fast: list[float]) -> dict:
    """Per-round ratios slow/fast: the median and the range."""
    return spread([a / b for a, b in zip(slow, fast)])


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its threads) of one run of `cmd`."""
    t, c = time.perf_counter(), children_cpu()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t, children_cpu() - c


def uptime() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
    except OSError:
        return "unknown"


def summarise(label: str, wall: dict[str, list[float]], cpu: dict[str, list[float]], base: str) -> dict:
    """Spreads of wall and CPU seconds per variant, and the ratios of the others to `base`
    (baseline / variant when base is the slow one: how many times faster)."""
    out = {"measure": label, "seconds": {n: spread(v) for n, v in wall.items()},
           "cpu_seconds": {n: spread(v) for n, v in cpu.items()}}
    others = [n for n in wall if n != base]
    out["ratio"] = {f"{base} / {n}": ratios(wall[base], wall[n]) for n in others}
    out["cpu_ratio"] = {f"{base} / {n}": ratios(cpu[base], cpu[n]) for n in others}
    return out


def warm(variants: dict[str, tuple[Path | None, str]], inputs: list[str], rounds: int) -> dict:
    children = {}
    for name, (src, encoder) in variants.items():
        child = subprocess.Popen([PYTHON, "-c", CHILD, encoder, *inputs], env=env_with(src), cwd=ROOT,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = json.loads(child.stdout.readline())
        children[name] = child
        print(json.dumps({"warm_child": name, **ready}), flush=True)
    wall: dict[str, list[float]] = {name: [] for name in children}
    cpu: dict[str, list[float]] = {name: [] for name in children}
    articles = 0
    try:
        for _ in range(rounds):
            for name, child in children.items():
                child.stdin.write("go\n")
                child.stdin.flush()
                answer = json.loads(child.stdout.readline())
                wall[name].append(answer["seconds"])
                cpu[name].append(answer["cpu"])
                articles = answer["articles"]
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)
    names = list(wall)
    out = summarise("warm brief", wall, cpu, names[0])
    out["articles"] = articles
    if len(names) > 2:  # torch fp32 / int8, both this code
        out["ratio"][f"{names[1]} / {names[2]}"] = ratios(wall[names[1]], wall[names[2]])
        out["cpu_ratio"][f"{names[1]} / {names[2]}"] = ratios(cpu[names[1]], cpu[names[2]])
    return out


def rebrief(inputs: list[str], rounds: int) -> dict:
    child = subprocess.run([PYTHON, "-c", REBRIEF, str(rounds), *inputs], env=env_with(None), cwd=ROOT,
                           capture_output=True, text=True, check=True)
    wall: dict[str, list[float]] = {"scratch": [], "cached": []}
    cpu: dict[str, list[float]] = {"scratch": [], "cached": []}
    articles = 0
    for line in child.stdout.splitlines():
        row = json.loads(line)
        wall[row["variant"]].append(row["seconds"])
        cpu[row["variant"]].append(row["cpu"])
        articles = row["articles"]
    out = summarise("re-brief after one new article (store cache)", wall, cpu, "scratch")
    out["articles"] = articles
    return out


def interleaved(label: str, commands: dict[str, tuple[list[str], dict]], rounds: int, cwd: Path = ROOT,
                warmup: bool = True) -> dict:
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for name, (cmd, env) in commands.items():  # once, untimed: file caches warm for both
        if warmup:
            timed(cmd, env, cwd)
    for _ in range(rounds):
        for name, (cmd, env) in commands.items():
            seconds, used = timed(cmd, env, cwd)
            wall[name].append(seconds)
            cpu[name].append(used)
    names = list(wall)
    out = summarise(label, wall, cpu, names[0])
    # For start-up times the interesting figure is now / baseline (a share of today's time).
    out["share"] = {f"{n} / {names[0]}": ratios(wall[n], wall[names[0]]) for n in names[1:]}
    out["cpu_share"] = {f"{n} / {names[0]}": ratios(cpu[n], cpu[names[0]]) for n in names[1:]}
    return out


def emit(row: dict) -> None:
    print(json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="main", help="git revision to compare with (main: the code "
                        "without this branch's changes; d921891: main when issue 25 began)")
    parser.add_argument("--baseline-encoder", default="-", choices=["-", "torch", "onnx"],
                        help="the baseline's encoder in the warm brief (-: its default; torch: the target's "
                             "'today's torch fp32 path' when the baseline already defaults to int8)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip", nargs="*", default=[], choices=["warm", "cold", "import", "stories", "rebrief"])
    args = parser.parse_args()
    revision = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline], capture_output=True,
                              text=True, check=True).stdout.strip()
    print(json.dumps({"load_before": uptime(), "cores": os.cpu_count(), "baseline": f"{args.baseline} ({revision})"}),
          flush=True)
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    example = sorted(str(p) for p in (ROOT / "examples" / "event").iterdir())
    with tempfile.TemporaryDirectory(prefix="synopsis-bench-") as tmp:
        old = extract(args.baseline, Path(tmp))
        new_env, old_env = env_with(None), env_with(old)
        cli = [PYTHON, "-m", "synopsis"]
        if "warm" not in args.skip:
            variants = {"baseline": (old, args.baseline_encoder), "torch": (None, "torch"), "default": (None, "-")}
            emit(warm(variants, seeds + example, args.rounds))
        if "cold" not in args.skip:
            main_command = ["brief", "examples/event", "--outlets", "examples/outlets.json"]
            emit(interleaved("cold: synopsis brief examples/event --outlets examples/outlets.json",
                                       {"baseline": (cli + main_command, old_env), "now": (cli + main_command, new_env)},
                                       args.rounds))
        if "import" not in args.skip:
            for label, argv in (("import synopsis", ["-c", "import synopsis"]), ("synopsis version", ["-m", "synopsis", "version"]),
                                ("synopsis --help", ["-m", "synopsis", "--help"]), ("python itself", ["-c", "pass"])):
                emit(interleaved(label, {"baseline": ([PYTHON, *argv], old_env), "now": ([PYTHON, *argv], new_env)},
                                           args.rounds))
        if "stories" not in args.skip:
            clusters = sorted(str(p / "articles") for p in (SHARED / "data" / "gold-clusters-duc2003").glob("d*"))
            inputs = [str(ROOT / "examples" / "event"), str(SHARED / "seeds"), *clusters]
            out = Path(tmp) / "stories"
            command = ["stories", *inputs, "--out", str(out), "--quiet"]
            row = interleaved("stories with briefs", {"baseline": (cli + command, old_env), "now": (cli + command, new_env)},
                              max(1, args.rounds // 2), warmup=False)  # minutes a run: file caches are a detail
            count = sum(1 for _ in open(out / "assignments.jsonl", encoding="utf-8"))
            row["articles"] = count
            row["articles_per_s"] = {n: round(count / v["median"], 2) for n, v in row["seconds"].items()}
            row["articles_per_cpu_s"] = {n: round(count / v["median"], 2) for n, v in row["cpu_seconds"].items()}
            emit(row)
        if "rebrief" not in args.skip:
            emit(rebrief(seeds + example, args.rounds))
    print(json.dumps({"load_after": uptime()}), flush=True)


if __name__ == "__main__":
    main()
