"""`synopsis evaluate same-fact`: the MSRP reader and runner on invented pairs, and the CV floors (gate)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paths import ROOT, need_shared
from synopsis.evaluate.datasets import DatasetError
from synopsis.evaluate.same_fact import SameFactScore, evaluate_same_fact, read_msrp

HEADER = "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
ROWS = [
    ("1", "11", "12", "The water board voted 7-0 on Tuesday to cut water use by 20 percent.",
     "On Tuesday the water board voted unanimously to cut water use by 20 percent."),
    ("0", "13", "14", "Shares of Kestrel Power rose 4 percent on Thursday.",
     "Shares of Kestrel Power fell 4 percent on Thursday."),
    ("1", "11", "15", "The water board voted 7-0 on Tuesday to cut water use by 20 percent.",
     "A 20 percent cut in water use was approved by the water board on Tuesday, 7-0."),
    ("0", "16", "17", "The Kestrel dam was completed in 1961.", "The Kestrel reservoir reached 55 percent on Monday."),
]


@pytest.fixture()
def msrp(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_reader_keeps_file_order_and_labels(msrp):
    pairs = read_msrp(msrp)
    assert [(p.id1, p.id2, p.same) for p in pairs] == [(r[1], r[2], r[0] == "1") for r in ROWS]
    assert pairs[0].text1.startswith("The water board")  # the BOM is not part of the first column


@pytest.mark.parametrize("text, message", [
    ("a\tb\n", "not an MSRP file"),
    (HEADER + "2\t1\t2\tx\ty\n", "line 2 is not"),
    (HEADER + "1\t1\t2\tonly four\n", "line 2 is not"),
    (HEADER, "holds no pair"),
])
def test_reader_says_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        read_msrp(path)


@pytest.mark.parametrize("pred, gold, p, r, acc", [
    ([1, 1, 0, 0], [1, 0, 1, 0], 0.5, 0.5, 0.5),
    ([1, 1, 1, 1], [1, 1, 1, 0], 0.75, 1.0, 0.75),
    ([0, 0], [1, 0], 0.0, 0.0, 0.5),
])
def test_scores(pred, gold, p, r, acc):
    s = SameFactScore.of([bool(x) for x in pred], [bool(x) for x in gold])
    assert (s.precision, s.recall, s.accuracy) == pytest.approx((p, r, acc))


@pytest.mark.parametrize("decision", ["brief", "rule", "model"])
def test_every_pair_is_decided_and_written_in_input_order(msrp, tmp_path, decision):
    out = tmp_path / "decisions.jsonl"
    report = evaluate_same_fact(msrp, "msrp", decision, out=out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["id1"], x["id2"]) for x in lines] == [(r[1], r[2]) for r in ROWS]
    assert all(set(x) == {"id1", "id2", "same", "score"} and isinstance(x["same"], bool) for x in lines)
    assert report.score.n == len(ROWS) and report.baseline.accuracy == 0.5
    assert not list(tmp_path.glob(".*.tmp"))
    assert decision in report.format() and "all positive" in report.format()


def test_cli_bad_input_is_one_line(tmp_path, msrp):
    for args in (["--dataset", "msrp", str(tmp_path / "missing.tsv")], ["--dataset", "snli", str(tmp_path)],
                 ["--dataset", "msrp", str(msrp), "--out", str(tmp_path / "no" / "such" / "folder.jsonl")]):
        run = subprocess.run([sys.executable, "-m", "synopsis", "evaluate", "same-fact", *args],
                             capture_output=True, text=True, cwd=ROOT)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr


@pytest.mark.gate
def test_same_fact_cross_validated_floors():
    """MSRP training half, 5-fold CV as scripts/train_same_fact.py runs it (5.5 minutes on two
    cores: it encodes and parses the 8,152 sentences). Measured (docs/evaluation.md): accuracy
    0.780 at P >= 0.5, P 0.861 at R 0.788 at the shipped threshold; today's rule 0.733."""
    need_shared("data", "paraphrase-msrp", "train.tsv")
    need_shared("data", "gold-clusters-duc2003")
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_same_fact

    figures = train_same_fact.main(["--no-write"])
    assert figures["cv_at_half"].accuracy >= 0.775
    assert min(figures["cv_fold_accuracy"]) >= 0.74
    assert figures["cv_shipped"].precision >= 0.85 and figures["cv_shipped"].recall >= 0.77
    assert figures["rule"].accuracy < figures["cv_at_half"].accuracy
    shipped = train_same_fact.SameFactModel.load()
    assert abs(figures["threshold"] - shipped.threshold) <= 0.02  # the shipped file is what the script trains
    assert max(abs(a - b) for a, b in zip(figures["model"].coef, shipped.coef)) < 0.05
