"""GGT quote scores per half of the annotated articles (issue 19): does a speaker rule generalise?

The GenderGapTracker articles are read in place (../shared/data/quotes-ggt/annotations.jsonl;
nothing is copied) and split by their order in the file: the first half and the second half
(the first half gets the odd one). Each half is scored as `synopsis evaluate quotes --dataset ggt`
scores the whole file: the span rule at 0.3 (speaker by mention overlap) and the brief path at
0.3 (speaker by the ledger's name against GGT's reference). A rule derived from errors of one
half is kept only when the other half does not drop. `--errors` lists the brief path's wrong
speakers (article, gold reference, predicted name, the quote's start) for error analysis; the
listing is printed only, never written into the repository.

    python benchmarks/quotes_halves.py [--errors] [--half 1|2]
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GGT = ROOT.parent / "shared" / "data" / "quotes-ggt" / "annotations.jsonl"


def main() -> None:
    from synopsis.evaluate.quotes import (_extract_all, _matched_pairs, _sum_scores, article_from_text,
                                          brief_path_quotes, read_ggt, same_speaker, score_brief, score_ggt,
                                          top_level)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=str(GGT))
    parser.add_argument("--errors", action="store_true", help="list the brief path's wrong speakers")
    parser.add_argument("--half", type=int, choices=(1, 2), help="list errors of this half only")
    parser.add_argument("--context", type=int, default=0, help="print this many characters before each error")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    gold = read_ggt(args.path)
    cut = (len(gold) + 1) // 2
    halves = {1: gold[:cut], 2: gold[cut:]}
    t0 = time.process_time()
    predicted = _extract_all([article_from_text(g.id, g.text, g.outlet) for g in gold])
    through = brief_path_quotes(gold)
    cpu = time.process_time() - t0
    print(f"GGT halves by file order: {len(halves[1])} + {len(halves[2])} articles (CPU {cpu:.1f} s)")
    print(f"{'half':>5} {'span F1':>8} {'span spk':>9} {'brief F1':>9} {'brief spk':>10} {'right/matched':>14}")
    for h, part in (*halves.items(), (0, gold)):
        span = _sum_scores([score_ggt(g.quotes, top_level(predicted[g.id]), 0.3) for g in part], 0.3)
        brief = _sum_scores([score_brief(through[g.id][1], through[g.id][2], 0.3) for g in part], 0.3)
        print(f"{h or 'all':>5} {100 * span.f1:>8.1f} {100 * span.speaker_accuracy:>9.1f} {100 * brief.f1:>9.1f} "
              f"{100 * brief.speaker_accuracy:>10.1f} {brief.speaker_right:>7}/{brief.matched}")
    if not args.errors:
        return
    for h, part in halves.items():
        if args.half and h != args.half:
            continue
        for g in part:
            text, gq, pq = through[g.id]
            for i, j in _matched_pairs(gq, pq, 0.3):
                ref = gq[i].reference or gq[i].speaker
                if not same_speaker(ref, pq[j].speaker):
                    print(f"[{h}] {g.id} @{gq[i].start}: gold {ref!r} / predicted {pq[j].speaker!r}")
                    if args.context:
                        lo = max(0, gq[i].start - args.context)
                        print("    " + text[lo:gq[i].end + 80].replace("\n", " | "))


if __name__ == "__main__":
    main()
