"""Speed of synopsis now against a baseline revision, as ratios measured in one run.

    python benchmarks/bench_speed.py                  # baseline d921891 (before issue 25), 5 rounds
    python benchmarks/bench_speed.py --rounds 7 --baseline main --skip stories

The machine is shared and noisy, so every figure is a ratio of runs interleaved in the same
rounds (A, B, C, A, B, C, ...), reported as the median over rounds with the spread (min-max).
The baseline's ``src/`` is extracted with ``git archive`` into a temporary folder and run with
this checkout's virtualenv (``PYTHONPATH`` first), so both see the same libraries.

- warm: a brief of the seeds and the example together (10 articles), models already loaded:
  baseline (torch fp32, as it was) / this code with ``--encoder torch`` / this code with the
  default encoder. Each variant is a long-lived child process asked for one brief per round.
- cold: the README's main command, ``synopsis brief examples/event --outlets
  examples/outlets.json``, as a new process: baseline / now (default encoder).
- import: ``python -c "import synopsis"``, and ``synopsis version`` and ``--help``, new processes.
- stories: ``synopsis stories`` over the example, the seeds and the DUC 2003 dev clusters with a
  brief per story, new processes: articles per second, baseline / now.

Prints one JSON line per measure, then a summary; `uptime` before and after (the load).
"""

from __future__ import annotations

import argparse
import json
import os
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
    t = time.perf_counter()
    result = synopsis.brief(inputs, options)
    print(json.dumps({"seconds": time.perf_counter() - t, "articles": len(result.articles)}), flush=True)
"""


def extract(revision: str, into: Path) -> Path:
    """`src/` of `revision` (git archive), for PYTHONPATH."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into / "src"


def env_with(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def spread(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "n": len(values)}


def ratios(slow: list[float], fast: list[float]) -> dict:
    """Per-round ratios slow/fast: the median and the range."""
    return spread([a / b for a, b in zip(slow, fast)])


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def uptime() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
    except OSError:
        return "unknown"


def warm(variants: dict[str, tuple[Path | None, str]], inputs: list[str], rounds: int) -> dict:
    children = {}
    for name, (src, encoder) in variants.items():
        child = subprocess.Popen([PYTHON, "-c", CHILD, encoder, *inputs], env=env_with(src), cwd=ROOT,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = json.loads(child.stdout.readline())
        children[name] = child
        print(json.dumps({"warm_child": name, **ready}), flush=True)
    times: dict[str, list[float]] = {name: [] for name in children}
    articles = 0
    try:
        for _ in range(rounds):
            for name, child in children.items():
                child.stdin.write("go\n")
                child.stdin.flush()
                answer = json.loads(child.stdout.readline())
                times[name].append(answer["seconds"])
                articles = answer["articles"]
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)
    names = list(times)
    out = {"measure": "warm brief", "articles": articles, "seconds": {n: spread(v) for n, v in times.items()}}
    out["ratio"] = {f"{names[0]} / {n}": ratios(times[names[0]], times[n]) for n in names[1:]}
    if len(names) > 2:
        out["ratio"][f"{names[1]} / {names[2]}"] = ratios(times[names[1]], times[names[2]])
    return out


def interleaved(label: str, commands: dict[str, tuple[list[str], dict]], rounds: int, cwd: Path = ROOT) -> dict:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, (cmd, env) in commands.items():  # once, untimed: file caches warm for both
        timed(cmd, env, cwd)
    for _ in range(rounds):
        for name, (cmd, env) in commands.items():
            times[name].append(timed(cmd, env, cwd))
    names = list(times)
    out = {"measure": label, "seconds": {n: spread(v) for n, v in times.items()}}
    if len(names) > 1:
        out["ratio"] = {f"{n} / {names[0]}": ratios(times[n], times[names[0]]) for n in names[1:]}
    return out


def emit(row: dict) -> None:
    print(json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="d921891", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip", nargs="*", default=[], choices=["warm", "cold", "import", "stories"])
    args = parser.parse_args()
    print(json.dumps({"load_before": uptime(), "cores": os.cpu_count(), "baseline": args.baseline}), flush=True)
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    example = sorted(str(p) for p in (ROOT / "examples" / "event").iterdir())
    with tempfile.TemporaryDirectory(prefix="synopsis-bench-") as tmp:
        old = extract(args.baseline, Path(tmp))
        new_env, old_env = env_with(None), env_with(old)
        cli = [PYTHON, "-m", "synopsis"]
        if "warm" not in args.skip:
            variants = {"baseline": (old, "-"), "torch": (None, "torch"), "default": (None, "-")}
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
                              max(1, args.rounds // 2))
            count = sum(1 for _ in open(out / "assignments.jsonl", encoding="utf-8"))
            row["articles"] = count
            row["articles_per_s"] = {n: round(count / v["median"], 2) for n, v in row["seconds"].items()}
            emit(row)
    print(json.dumps({"load_after": uptime()}), flush=True)


if __name__ == "__main__":
    main()
