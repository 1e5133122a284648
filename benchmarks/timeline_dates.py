"""Which timeline dates are wrong: a diagnostic beside the gold clusters' scorer.

    python benchmarks/timeline_dates.py UNDATED_DIR DATED_DIR

UNDATED_DIR and DATED_DIR hold briefs (``<cluster>.json``) written by
``../shared/data/gold-clusters-duc2003/score.py --keep DIR`` (and ``--dated --keep DIR``). The
scorer counts gold events found; this script counts the dates that are wrong, which the scorer
does not see:

- **wrong vs gold**: a resolved timeline entry's date expression lies inside a gold event's
  evidence in that file, and its date and the gold date disagree (neither is a prefix of the other);
- **wrong vs dated**: an entry of the undated brief whose date expression the dated brief (with
  publication dates, right 37-38 times of 39 on gold) resolves to another date;
- **after the set**: a date later than the set's latest publication date (from the DOCNO) when
  the clause does not look ahead (any date after it, listed for reading).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "gold-clusters-duc2003"


def _compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _entries(brief: dict) -> list[tuple[str, dict, dict]]:
    """(date, entry, citation) for every citation of a resolved entry that has its own expression."""
    return [(e["date"], e, c) for e in brief["timeline"] if e["resolved"] and e["date"]
            for c in e["citations"] if c["start"] >= 0]


def check(cluster: str, undated: dict, dated: dict | None) -> dict[str, int]:
    gold = json.loads((GOLD / cluster / "gold.json").read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in undated["articles"]}
    latest = max(re.search(r"(\d{4})(\d\d)(\d\d)", f).expand(r"\1-\2-\3")
                 for f in (p.stem for p in (GOLD / cluster / "articles").glob("*.txt")))
    counts = {"resolved": 0, "wrong vs gold": 0, "wrong vs dated": 0, "after the set": 0}
    reference = {}
    if dated is not None:
        reference = {(c["article"], c["start"]): d for d, _, c in _entries(dated)}
    for d, e, c in _entries(undated):
        counts["resolved"] += 1
        text = texts[c["article"]]
        sentence = text[c["sentence_start"]:c["sentence_end"]]
        for g in gold["timeline"]:
            evidence = g.get("evidence", {}).get(c["article"] + ".txt")
            snippets = evidence if isinstance(evidence, list) else [evidence] if evidence else []
            # the gold evidence holds this very date expression
            spans = [(m.start(), m.end()) for s in snippets for m in re.finditer(re.escape(s), text)]
            if any(a <= c["start"] < b for a, b in spans) and not _compatible(d, g["when"]):
                counts["wrong vs gold"] += 1
                print(f"  {cluster} wrong vs gold: {d} for {c['expression']!r} ({c['article']}), gold {g['when']}: "
                      f"{g['event']}")
        ref = reference.get((c["article"], c["start"]))
        if ref is not None and not _compatible(d, ref):
            counts["wrong vs dated"] += 1
            print(f"  {cluster} wrong vs dated: {d} for {c['expression']!r} ({c['article']}), dated run {ref}: "
                  f"{sentence[:100]}")
        if d[:len(latest)] > latest[:len(d)]:
            counts["after the set"] += 1
            print(f"  {cluster} after the set ({latest}): {d} for {c['expression']!r} ({c['article']}): {sentence[:100]}")
    return counts


def main() -> None:
    undated_dir, dated_dir = Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None
    total: dict[str, int] = {}
    for path in sorted(undated_dir.glob("*.json")):
        undated = json.loads(path.read_text(encoding="utf-8"))
        dated_path = dated_dir / path.name if dated_dir else None
        dated = json.loads(dated_path.read_text(encoding="utf-8")) if dated_path and dated_path.exists() else None
        counts = check(path.stem, undated, dated)
        print(f"{path.stem}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
    print("total: " + ", ".join(f"{k} {v}" for k, v in total.items()))
    if dated_dir:
        for path in sorted(dated_dir.glob("*.json")):
            counts = check(path.stem, json.loads(path.read_text(encoding="utf-8")), None)
            print(f"{path.stem} (dated): " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
