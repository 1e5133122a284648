"""Same answers from both sentence encoders: how much of a brief changes with int8 ONNX.

    python benchmarks/same_answers.py                       # example, seeds, DUC 2003 dev clusters, MSRP
    python benchmarks/same_answers.py --duc ../shared/data/summarization/duc2003 \
        --multinews ../shared/data/summarization/multinews/multinews_val.jsonl.gz --multinews-limit 300
    python benchmarks/same_answers.py --no-sets --duc ../shared/data/summarization/duc2003 --duc-limit 6 \
        --multinews ../shared/data/summarization/multinews/multinews_val.jsonl.gz --multinews-limit 12 --msrp-limit 1000
    python benchmarks/same_answers.py --same-fact-repeat=-inf   # the summary without its same-fact floor

Every set is briefed twice in one process, with ``Options(encoder="torch")`` (all-MiniLM-L6-v2
fp32, the reference) and ``Options(encoder="onnx")`` (int8), and compared:

- same-fact decisions: the brief's rule (``SentenceSpace.same_fact`` at the citation
  threshold) on every cross-article pair of sentences that the rule looks at under either
  encoder (cosine >= threshold - NUMBER_MARGIN); reported as the share of those decisions
  that are equal, and as the overlap of the pairs judged the same fact (|both| / |either|);
- raw cosine rules: the pairs whose cosine crosses each threshold the analysers use, flipped;
- summary sentences: the share of the reference's summary sentences the int8 summary keeps;
- consensus facts (by text), unique facts, off-event articles, disputes, framing outlets;
- ROUGE (optional, ``--duc`` / ``--multinews``): each cluster briefed with the data set's word
  budget, scored as `synopsis evaluate summaries` scores (DUC: recall at 100 words; Multi-News:
  F1 at 230), so the difference the encoder makes to the *brief's* summary is measured
  (`synopsis evaluate summaries` itself runs the summarizer without embeddings);
- MSRP (train): the cosine rule (>= the citation threshold) on each pair, decisions
  compared, and accuracy / F1 against the paraphrase labels under each encoder.

Data under ../shared is read in place. Prints one JSON object per section and a summary.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
THRESHOLDS = (0.44, 0.55, 0.64, 0.72, 0.84, 0.95)  # the cosine levels the analysers use


def brief_sets() -> list[tuple[str, list[Path], Path | None]]:
    """(name, files, outlet map) of the example, the seeds and each dev cluster found."""
    sets = [("example", sorted((ROOT / "examples" / "event").iterdir()), ROOT / "examples" / "outlets.json")]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        sets.append(("seeds", sorted(seeds.glob("*.txt")), None))
    clusters = SHARED / "data" / "gold-clusters-duc2003"
    for folder in sorted(p for p in clusters.glob("d*") if (p / "articles").is_dir()):
        outlets = folder / "outlets.json"
        sets.append((folder.name, sorted((folder / "articles").glob("*.txt")), outlets if outlets.exists() else None))
    return sets


def decisions(sentences, vectors_a, vectors_b, threshold: float) -> dict:
    """The brief's same-fact rule on the pairs it examines, under both encoders."""
    import numpy as np

    from synopsis.analyse.alignment import NUMBER_MARGIN, SentenceSpace

    space_a, space_b = SentenceSpace.build(sentences, vectors_a), SentenceSpace.build(sentences, vectors_b)
    sim_a, sim_b = space_a.similarity(), space_b.similarity()
    article = np.array([s.article for s in sentences], dtype=object)
    cross = article[:, None] != article[None, :]
    upper = np.triu(np.ones_like(cross, dtype=bool), 1)
    looked = cross & upper & ((sim_a >= threshold - NUMBER_MARGIN) | (sim_b >= threshold - NUMBER_MARGIN))
    same = differ = pos_a = pos_b = both = 0
    for i, j in zip(*np.nonzero(looked)):
        a = space_a.same_fact(int(i), int(j), float(sim_a[i, j]), threshold)
        b = space_b.same_fact(int(i), int(j), float(sim_b[i, j]), threshold)
        same += a == b
        differ += a != b
        pos_a += a
        pos_b += b
        both += a and b
    pairs = cross & upper
    flips = {}
    for t in THRESHOLDS:
        above_a, above_b = (sim_a >= t) & pairs, (sim_b >= t) & pairs
        flips[str(t)] = [int((above_a != above_b).sum()), int((above_a | above_b).sum())]
    cos = (vectors_a * vectors_b).sum(axis=1)
    return {"examined": same + differ, "equal": same, "same_fact_torch": pos_a, "same_fact_onnx": pos_b,
            "same_fact_both": both, "flipped_at": flips, "pairs": int(pairs.sum()),
            "sentence_cosine_min": round(float(cos.min()), 4) if len(cos) else None,
            "sentence_cosine_mean": round(float(cos.mean()), 5) if len(cos) else None}


def compare_briefs(a, b) -> dict:
    sa, sb = [s.text for s in a.summary], [s.text for s in b.summary]
    ca, cb = {f.text for f in a.consensus}, {f.text for f in b.consensus}
    return {
        "summary": len(sa), "summary_kept": sum(1 for t in sa if t in sb), "summary_onnx": len(sb),
        "consensus": [len(ca), len(cb), len(ca & cb)],
        "unique": [len(a.unique), len(b.unique)],
        "off_event": [sorted(o.article for o in a.off_event), sorted(o.article for o in b.off_event)],
        "disputes": [len(a.disputes), len(b.disputes)],
    }


def run_brief(articles, encoder: str, words: int | None = None):
    import synopsis

    options = synopsis.Options(encoder=encoder, **({"words": words} if words else {}))
    return synopsis.brief(articles, options)


def compare_set(name: str, articles, words: int | None = None) -> dict:
    from synopsis import models
    from synopsis.analyse.sentences import split_sentences
    from synopsis.core import reading_order
    from synopsis.options import Options

    briefs = {e: run_brief(articles, e, words) for e in ("torch", "onnx")}
    ordered = reading_order(articles)
    sentences = [s for a in ordered for s in split_sentences(a)]
    texts = [s.text for s in sentences]
    vectors = {e: models.sentence_encoder(e).encode(texts) for e in ("torch", "onnx")}
    row = {"set": name, "articles": len(articles), "sentences": len(sentences)}
    row.update(decisions(sentences, vectors["torch"], vectors["onnx"], Options().citation_threshold))
    row.update(compare_briefs(briefs["torch"], briefs["onnx"]))
    row["_briefs"] = briefs
    return row


def load(files, outlets: Path | None):
    import synopsis

    options = synopsis.Options(outlets=json.loads(outlets.read_text(encoding="utf-8")) if outlets else {})
    return synopsis.load_articles(files, options).articles


def rouge_of(dataset: str, path: Path, limit: int | None) -> tuple[dict, list[dict]]:
    """The brief's summary of each cluster under both encoders, scored as the benchmark scores."""
    from synopsis.evaluate.rouge import aggregate, score_f1, score_recall_at, truncate_words
    from synopsis.evaluate.summaries import DATASETS, cluster_articles, read_clusters

    words, measure = DATASETS[dataset]
    scores = {"torch": [], "onnx": []}
    rows = []
    for cluster in read_clusters(dataset, path, limit):
        if not cluster.references:
            continue
        articles = cluster_articles(cluster)
        row = compare_set(cluster.id, articles, words)
        for encoder, result in row.pop("_briefs").items():
            text = "\n".join(s.text for s in result.summary)
            scores[encoder].append(score_recall_at(text, cluster.references, words) if measure == "recall"
                                   else score_f1(truncate_words(text, words), cluster.references))
        rows.append(row)
        print(f"{dataset} {len(rows)}: {cluster.id} summary kept {row['summary_kept']}/{row['summary']}",
              file=sys.stderr, flush=True)
    table = {}
    for encoder, values in scores.items():
        mean = aggregate(values)
        table[encoder] = {name: round(100 * getattr(getattr(mean, name), measure), 2)
                          for name in ("rouge1", "rouge2", "rougeL")}
    return {"dataset": dataset, "clusters": len(rows), "words": words, "measure": measure, "rouge": table}, rows


def msrp(path: Path, limit: int | None = None) -> dict:
    """Cosine rule at the citation threshold on MSRP pairs: decisions and scores per encoder."""
    import numpy as np

    from synopsis import models
    from synopsis.options import Options

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]
    rows = [r for r in rows if len(r) == 5][:limit]
    labels = np.array([r[0] == "1" for r in rows])
    texts = sorted({t for r in rows for t in (r[3], r[4])})
    index = {t: k for k, t in enumerate(texts)}
    left, right = [index[r[3]] for r in rows], [index[r[4]] for r in rows]
    threshold = Options().citation_threshold
    out: dict = {"pairs": len(rows), "threshold": threshold}
    said = {}
    for encoder in ("torch", "onnx"):
        vectors = models.sentence_encoder(encoder).encode(texts)
        cosine = (vectors[left] * vectors[right]).sum(axis=1)
        said[encoder] = (cosine, cosine >= threshold)
        decided = said[encoder][1]
        tp = int((decided & labels).sum())
        precision, recall = tp / max(int(decided.sum()), 1), tp / max(int(labels.sum()), 1)
        out[encoder] = {"accuracy": round(float((decided == labels).mean()), 4),
                        "precision": round(precision, 4), "recall": round(recall, 4),
                        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4)}
    out["decisions_equal"] = round(float((said["torch"][1] == said["onnx"][1]).mean()), 4)
    out["decisions_flipped"] = int((said["torch"][1] != said["onnx"][1]).sum())
    delta = np.abs(said["torch"][0] - said["onnx"][0])
    out["cosine_difference_mean"] = round(float(delta.mean()), 4)
    out["cosine_difference_max"] = round(float(delta.max()), 4)
    return out


def pooled(rows: list[dict]) -> dict:
    total = lambda key: sum(r[key] for r in rows)  # noqa: E731
    either = total("same_fact_torch") + total("same_fact_onnx") - total("same_fact_both")
    return {
        "sets": len(rows),
        "same_fact_decisions_equal": round(total("equal") / max(total("examined"), 1), 4),
        "same_fact_examined": total("examined"),
        "same_fact_overlap": round(total("same_fact_both") / max(either, 1), 4),
        "summary_sentences_kept": round(total("summary_kept") / max(total("summary"), 1), 4),
        "summary_sentences": total("summary"),
        "consensus_kept": round(sum(r["consensus"][2] for r in rows) / max(sum(r["consensus"][0] for r in rows), 1), 4),
        "off_event_equal": sum(r["off_event"][0] == r["off_event"][1] for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duc", type=Path, help="DUC 2003 root: ROUGE of the brief's summary under both encoders")
    parser.add_argument("--multinews", type=Path, help="Multi-News .jsonl(.gz): the same")
    parser.add_argument("--multinews-limit", type=int, default=300, help="only the first N Multi-News clusters")
    parser.add_argument("--duc-limit", type=int, default=None, help="only the first N DUC 2003 clusters")
    parser.add_argument("--msrp-limit", type=int, default=None, help="only the first N MSRP pairs")
    parser.add_argument("--msrp", type=Path, default=SHARED / "data" / "paraphrase-msrp" / "train.tsv")
    parser.add_argument("--no-sets", action="store_true", help="skip the example, seeds and dev clusters")
    parser.add_argument("--same-fact-repeat", type=float, default=None,
                        help="the summary's same-fact floor (summary.SAME_FACT_REPEAT) for this run; "
                             "-inf: every same-fact pair is a repeat, as before issue 25's floor")
    args = parser.parse_args()
    if args.same_fact_repeat is not None:
        from synopsis.analyse import summary as summary_module

        summary_module.SAME_FACT_REPEAT = args.same_fact_repeat
    started = time.perf_counter()
    summary = {}
    if not args.no_sets:
        rows = []
        for name, files, outlets in brief_sets():
            row = compare_set(name, load(files, outlets))
            row.pop("_briefs")
            rows.append(row)
            print(json.dumps(row), flush=True)
        summary["sets"] = pooled(rows)
    for dataset, path, limit in (("duc", args.duc, args.duc_limit), ("multinews", args.multinews, args.multinews_limit)):
        if path:
            table, rows = rouge_of(dataset, path, limit)
            table.update(pooled(rows))
            summary[dataset] = table
            print(json.dumps(table), flush=True)
    if args.msrp and args.msrp.exists():
        summary["msrp"] = msrp(args.msrp, args.msrp_limit)
        print(json.dumps(summary["msrp"]), flush=True)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({"summary": summary}, indent=1))


if __name__ == "__main__":
    main()
