"""Off-event flags on real one-event sets: false alarms, and an added article of another event.

    python benchmarks/off_event_clusters.py [DUC2003_DIR] [--limit N] [--no-intruders] [--out FILE]

DUC 2003's event clusters (``d30xxx``, ``d31xxx``: ten wire and newspaper articles each, all on
one TDT topic; ../shared/data/summarization/duc2003) are briefed as a user would brief them
(publication dates from the document ids), and two figures are printed:

- **clusters without a flag**: the share of clusters in which no article is flagged as another
  event or a later development (issue 21's target: at least 95%);
- **added articles flagged**: each cluster is briefed again with one article of another cluster
  added (the middle article of the cluster seven places on, so every cluster lends one and
  receives one), and the added article should be flagged as another event; the cluster's own
  articles should still raise no flag.

With ``--out FILE`` one JSON line per article: set, article, whether it was added, and the
flag's kind (empty when none) with its reasons.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[1] / "shared" / "data" / "summarization" / "duc2003"


def event_clusters(folder: Path, limit: int | None):
    from synopsis.evaluate.summaries import cluster_articles, read_clusters

    clusters = [c for c in read_clusters("duc", folder) if c.id[:3] in ("d30", "d31")]
    return [(c.id, cluster_articles(c)) for c in clusters[:limit]]


def flags(articles) -> dict[str, object]:
    from synopsis import brief

    return {o.article: o for o in brief(articles).off_event}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="first N event clusters only")
    parser.add_argument("--no-intruders", action="store_true", help="skip the added-article run")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder: give the DUC 2003 folder "
              "(../shared/data/summarization/duc2003)", file=sys.stderr)
        return 2
    started = time.process_time()
    sets = event_clusters(args.folder, args.limit)
    lines, clean, caught, intruders, own_flags = [], 0, 0, 0, 0
    for k, (name, articles) in enumerate(sets):
        found = flags(articles)
        clean += not found
        lines += [dict(set=name, article=a.id, added=False, kind=found[a.id].kind if a.id in found else "",
                       reasons=found[a.id].reasons if a.id in found else []) for a in articles]
        print(f"{name}: {len(articles)} articles, {len(found)} flagged "
              + " ".join(f"{a} ({o.kind})" for a, o in found.items()), flush=True)
        if args.no_intruders or len(sets) < 2:
            continue
        lender = sets[(k + 7) % len(sets)][1] if len(sets) > 7 else sets[(k + 1) % len(sets)][1]
        added = lender[len(lender) // 2]
        found = flags(articles + [added])
        intruders += 1
        caught += found.get(added.id) is not None and found[added.id].kind == "another event"
        own_flags += sum(1 for a in articles if a.id in found)
        lines.append(dict(set=name, article=added.id, added=True, kind=found[added.id].kind if added.id in found else "",
                          reasons=found[added.id].reasons if added.id in found else []))
        print(f"{name} + {added.id}: added article {'flagged' if added.id in found else 'NOT flagged'}, "
              f"{sum(1 for a in articles if a.id in found)} of its own flagged", flush=True)
    print(f"\nevent clusters without a flag: {clean} of {len(sets)} ({clean / len(sets):.1%}; target >= 95%)")
    if intruders:
        print(f"added article of another cluster flagged as another event: {caught} of {intruders}; "
              f"own articles flagged in those runs: {own_flags}")
    print(f"CPU {time.process_time() - started:.0f} s")
    if args.out:
        args.out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
