"""Consensus citation precision on the hand-annotated DUC 2003 dev clusters (issue 20).

    python benchmarks/duc_citation_precision.py [GOLD_DIR] [--briefs DIR] [-v]

``score.py`` beside the gold (../shared/data/gold-clusters-duc2003) counts a gold consensus fact
as found when a brief's fact cites its evidence in enough files; it does not say whether the
other citations of a fact state it. This script does, for the facts it can anchor: a consensus
fact whose first citation (the sentence the fact is shown in) is gold evidence of one or more
gold facts is *anchored* to them, and each of its further citations is **correct** when it is
gold evidence of one of those facts in its own file, else **wrong**. A citation is evidence of a
fact when the first 60 characters of one of the fact's evidence fragments for that file are in
the citation's text, or the citation's first 60 characters are in the fragment (case, spacing
and quote marks ignored). Facts whose first citation is no gold evidence are counted apart
(unanchored), not judged.

Each cluster is briefed in process as ``synopsis brief <cluster>/articles --outlets
<cluster>/outlets.json`` would brief it, or read from ``--briefs DIR`` (``DIR/<cluster>.json``,
as ``score.py --keep DIR`` writes them). Prints one line per cluster and the pooled count;
``-v`` lists every wrong citation with the fact it was cited for. Reads the gold in place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[1] / "shared" / "data" / "gold-clusters-duc2003"
#: Characters of a fragment (or a citation) that must be found in the other.
PREFIX = 60


def norm(text: str) -> str:
    """Lower case, NFKC, straight quote marks dropped, spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\"'`\u2018\u2019\u201c\u201d]", "", text)
    return " ".join(text.split())


def states(citation: str, fragments: list[str]) -> bool:
    """The citation is one of these evidence fragments (see the module docstring)."""
    cited = norm(citation)
    return any(norm(f)[:PREFIX] in cited or cited[:PREFIX] in norm(f) for f in fragments if f.strip())


def read_json(path: Path) -> dict:
    """One JSON file, read as UTF-8."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def evidence(gold: dict) -> list[dict[str, list[str]]]:
    """Per gold consensus fact: file name -> its evidence fragments (a lone string as a list)."""
    per_fact = []
    for fact in gold["consensus"]:
        fragments: dict[str, list[str]] = {}
        for file, given in (fact.get("evidence") or {}).items():
            fragments[file] = [given] if isinstance(given, str) else list(given)
        per_fact.append(fragments)
    return per_fact


def file_names(data: dict, files) -> dict[str, str]:
    """The brief's article ids -> the gold's file names (by the source's name, else its stem,
    else the id itself)."""
    known = set(files)
    by_stem = {Path(f).stem: f for f in files}
    names = {}
    for article in data.get("articles", []):
        source = Path(article.get("source") or "")
        if source.name in known:
            names[article["id"]] = source.name
        else:
            names[article["id"]] = by_stem.get(source.stem) or by_stem.get(article["id"], article["id"])
    return names


def judge(gold: dict, data: dict) -> tuple[int, int, int, list[str]]:
    """(correct, wrong, unanchored facts, the wrong citations described) for one brief."""
    facts = evidence(gold)
    name = file_names(data, gold["files"])
    correct = wrong = unanchored = 0
    notes: list[str] = []
    for fact in data.get("consensus", []):
        cites = fact.get("citations") or []
        if not cites:
            continue
        head_file = name.get(cites[0]["article"], cites[0]["article"])
        anchored = [k for k, ev in enumerate(facts) if states(cites[0]["text"], ev.get(head_file, []))]
        if not anchored:
            unanchored += 1
            continue
        for c in cites[1:]:
            f = name.get(c["article"], c["article"])
            if any(states(c["text"], facts[k].get(f, [])) for k in anchored):
                correct += 1
            else:
                wrong += 1
                notes.append(f"  wrong: {f}: {c['text'][:110]!r}\n    for {gold['consensus'][anchored[0]]['fact'][:110]!r}")
    return correct, wrong, unanchored, notes


def brief_of(cdir: Path) -> dict:
    """The brief of one cluster as the CLI's JSON output gives it."""
    import synopsis

    outlets = read_json(cdir / "outlets.json")
    options = synopsis.Options(outlets=outlets)
    loaded = synopsis.load_articles([cdir / "articles"], options)
    return json.loads(synopsis.render(synopsis.brief(loaded, options), "json"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Consensus citation precision on the DUC 2003 dev clusters.")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--briefs", type=Path, default=None, help="read DIR/<cluster>.json instead of briefing")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each citation judged wrong, with its fact")
    args = parser.parse_args(argv)
    clusters = sorted(p.parent for p in args.folder.glob("*/gold.json"))
    if not clusters:
        print(f"error: no <cluster>/gold.json under {args.folder}: give the gold clusters folder "
              "(../shared/data/gold-clusters-duc2003)", file=sys.stderr)
        return 2
    started = time.process_time()
    total = [0, 0, 0]
    for cdir in clusters:
        gold = read_json(cdir / "gold.json")
        data = read_json(args.briefs / f"{cdir.name}.json") if args.briefs else brief_of(cdir)
        correct, wrong, unanchored, notes = judge(gold, data)
        total = [total[0] + correct, total[1] + wrong, total[2] + unanchored]
        print(f"{cdir.name}: {correct} of {correct + wrong} further citations state the fact; "
              f"{unanchored} facts not anchored in gold evidence")
        if args.verbose:
            print("\n".join(notes)) if notes else None
    correct, wrong, unanchored = total
    print(f"gold clusters: citation precision {correct} of {correct + wrong}"
          f" ({correct / max(correct + wrong, 1):.3f}); {unanchored} facts not anchored; "
          f"CPU {time.process_time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
