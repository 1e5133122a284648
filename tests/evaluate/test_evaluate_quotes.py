"""Readers and scorers of the quote evaluation (GGT, PolNeAR) on tiny synthetic cases, and floors on ../shared."""

from __future__ import annotations

import json

import pytest

from paths import need_shared
from synopsis.evaluate.datasets import DatasetError
from synopsis.evaluate.quotes import (
    GoldQuote,
    evaluate_ggt,
    evaluate_polnear,
    read_ggt,
    read_polnear,
    score_ggt,
    score_spans,
    top_level,
)
from synopsis.records import Quote

FILLER = "The harbour board met on Tuesday to discuss the new ferry timetable for the coming winter season. "


def _pred(start, end, s0=-1, s1=-1, floating=False, article="a"):
    return Quote(article=article, kind="direct", text="x" * (end - start), start=start, end=end,
                 speaker_start=s0, speaker_end=s1, floating=floating)


@pytest.mark.parametrize("pred, threshold, matched", [
    ((0, 40), 0.3, 1),   # covers 0.4 of the gold quote
    ((0, 40), 0.8, 0),
    ((0, 90), 0.8, 1),
    ((0, 30), 0.3, 0),   # exactly 0.3 is not more than 0.3
    ((50, 300), 0.3, 1),  # extra predicted characters do not count against coverage
])
def test_ggt_coverage_threshold(pred, threshold, matched):
    score = score_ggt([GoldQuote(0, 100)], [_pred(*pred)], threshold)
    assert score.matched == matched and score.gold == 1 and score.predicted == 1


def test_ggt_one_to_one_best_first():
    gold = [GoldQuote(0, 100, 0, 5), GoldQuote(100, 200, 100, 105)]
    preds = [_pred(0, 200, 0, 5), _pred(120, 200, 100, 104)]
    score = score_ggt(gold, preds, 0.3)
    # the long prediction fully covers both gold quotes, but matching is one to one: it takes gold 0
    # (ties go to the earlier gold), and the short prediction (0.8 of gold 1) takes gold 1
    assert score.matched == 2 and score.predicted == 2
    assert score.precision == 1.0 and score.recall == 1.0 and score.f1 == 1.0


def test_ggt_speaker_overlap_and_floating():
    gold = [GoldQuote(0, 50, 60, 70), GoldQuote(100, 150)]  # the second has no speaker span (floating)
    right = score_ggt(gold, [_pred(0, 50, 65, 80), _pred(100, 150, 60, 70, floating=True)], 0.3)
    assert right.speaker_right == 2 and right.speaker_accuracy == 1.0
    wrong = score_ggt(gold, [_pred(0, 50, 70, 80), _pred(100, 150, 60, 70, floating=False)], 0.3)
    assert wrong.speaker_right == 0


def test_top_level_drops_nested_predictions():
    quotes = [_pred(0, 100), _pred(10, 20), _pred(10, 20, article="b")]
    assert [(q.article, q.start) for q in top_level(quotes)] == [("a", 0), ("b", 10)]


def test_span_scores_overlap_and_exact():
    text = "Ana Ortiz said the ferry will run, and Lee Park agreed."
    gold = [(15, 33), (39, 47)]
    pred = [(18, 34), (0, 9)]
    overlap, exact = score_spans(text, gold, pred, "content")
    assert (overlap.matched, overlap.gold, overlap.predicted) == (1, 2, 2)
    assert exact.matched == 0
    _, exact = score_spans(text, [(15, 34)], [(15, 33)], "content")  # a trailing comma is trimmed
    assert exact.matched == 1


# --- GGT reader ---------------------------------------------------------------------------------


def _ggt_file(tmp_path, rows):
    path = tmp_path / "annotations.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_read_ggt_reanchors_drifted_offsets_and_skips_unparsed_quotations(tmp_path):
    text = FILLER * 2 + '"The ferry stays," said Ana Ortiz.'
    quote_at = text.index('"The ferry')
    rows = [
        {"_id": "one", "articleBodyText": text, "quotations": [
            {"quote": '"The ferry stays,"', "quote_index": f"({quote_at + 7},{quote_at + 25})",
             "speaker": "Ana Ortiz", "speaker_index": f"({text.index('Ana') + 7},{text.index('Ana') + 16})",
             "verb": "said", "verb_index": "", "reference": "Ana Ortiz"}]},
        {"_id": "two", "articleBodyText": FILLER * 2, "quotations": "[{'quote': 'unparsed'}]"},
    ]
    warnings = []
    articles = read_ggt(_ggt_file(tmp_path, rows), warn=warnings.append)
    assert [a.id for a in articles] == ["one"]
    gold = articles[0].quotes[0]
    assert text[gold.start:gold.end] == '"The ferry stays,"'
    assert text[gold.speaker_start:gold.speaker_end] == "Ana Ortiz"
    assert any("two" in w and "not a list" in w for w in warnings)


def test_read_ggt_errors_name_path_and_layout(tmp_path):
    with pytest.raises(DatasetError, match="annotations.jsonl"):
        read_ggt(tmp_path / "annotations.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no quotations here"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="quotations"):
        read_ggt(bad)


# --- PolNeAR reader -----------------------------------------------------------------------------


def test_read_polnear_brat_standoff(tmp_path):
    text = "Ana Ortiz said the ferry will run all winter."
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "paper_2016-01-01_ferry.txt").write_text(text, encoding="utf-8")
    ann = ("T1\tSource 0 9\tAna Ortiz\nT2\tCue 10 14\tsaid\nT3\tContent 15 29;30 44\tthe ferry will run all winter\n"
           "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n")
    (tmp_path / "dev" / "attributions" / "paper_2016-01-01_ferry_ab12.ann").write_text(ann, encoding="utf-8")
    (article,) = read_polnear(tmp_path, "dev")
    (att,) = article.attributions
    assert att.source == [(0, 9)] and att.cue == [(10, 14)] and att.content == [(15, 29), (30, 44)]
    with pytest.raises(DatasetError, match="expected a PolNeAR"):
        read_polnear(tmp_path, "train")


# --- floors on ../shared (measured 2026-12-02: GGT 0.3 F1 88.2, speaker 94.0; 0.8 F1 81.8) ---------


@pytest.mark.gate
def test_ggt_dev_floors():
    path = need_shared("data", "quotes-ggt", "annotations.jsonl")
    report = evaluate_ggt(path)
    loose, strict = report.score(0.3), report.score(0.8)
    assert loose.f1 >= 0.88 and loose.speaker_accuracy >= 0.938
    assert strict.f1 >= 0.81
    # what the reader sees: the ledger's canonical speaker through the brief path (measured 94.5
    # (622 of 658; per half by file order 94.5 / 94.8, benchmarks/quotes_halves.py), 93.6 before
    # issue 19's sixth round, 91.8 before its fifth, 88.4 before its fourth, 85.8 before its
    # third, 78.6 before issue 19; quote F1 88.4 at 0.3, was 87.6; targets 93 / 88)
    brief = report.brief_score(0.3)
    assert brief.speaker_accuracy >= 0.943 and brief.f1 >= 0.883
    assert any("not article text" in w for w in report.warnings)  # the record whose body is an id
    assert "F1" in report.format() and "brief" in report.format()


@pytest.mark.gate
def test_dev_clusters_floors(tmp_path):
    """The hand-annotated wire clusters through `synopsis brief` (their own scorer, read in place):
    ledger speaker accuracy, quote recall and unattributed quotes given a name."""
    import os
    import re
    import subprocess
    import sys

    score = need_shared("data", "gold-clusters-duc2003", "score.py")
    env = {**os.environ, "SYNOPSIS_VENV": sys.prefix}
    run = subprocess.run([sys.executable, str(score), "--keep", str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=1800)
    total = next(line for line in run.stdout.splitlines() if line.startswith("gold clusters:"))
    m = re.search(r"quotes R ([\d.]+) speaker ([\d.]+) \(unnamed given a name (\d+)/(\d+)\)", total)
    assert m, total
    recall, speaker, named = float(m.group(1)), float(m.group(2)), int(m.group(3))
    # measured: quotes R 0.94, speaker 0.96, unnamed given a name 0/9 (speaker 0.95 before issue 19's
    # third round; 0.88, 0.89, 2/9 before its second; 0.85 speaker before issue 19)
    assert recall >= 0.92 and speaker >= 0.95 and named <= 1, total


@pytest.mark.gate
def test_polnear_dev_sample_runs():
    path = need_shared("data", "attribution-polnear")
    report = evaluate_polnear(path, "dev", limit=4)
    assert report.articles == 4
    content = report.score("content", "overlap")
    assert content.gold > 0 and content.precision >= 0.6
    assert "content" in report.format()


@pytest.mark.parametrize("row, note", [
    ({"_id": "n", "articleBodyText": 47, "quotations": []}, "'articleBodyText' is not article text"),
    ({"_id": "l", "articleBodyText": ["a", "list"], "rawtext": 5, "quotations": [{"quote": 3}]},
     "'articleBodyText' is not article text"),
    ({"_id": "q", "articleBodyText": " ".join(["word"] * 30), "quotations": [{"quote": 12, "speaker": 7}]},
     "quotation 0 has no 'quote' text"),
])
def test_read_ggt_notes_fields_of_the_wrong_type_and_goes_on(tmp_path, row, note):
    path = tmp_path / "annotations.jsonl"
    good = {"_id": "ok", "articleBodyText": "Ana Ortiz said: \"The ferry stays.\" " + "More words here. " * 10,
            "quotations": [{"quote": "\"The ferry stays.\"", "speaker": "Ana Ortiz"}]}
    path.write_text(json.dumps(row) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    warnings = []
    articles = read_ggt(path, warn=warnings.append)
    assert [a.id for a in articles] == (["q", "ok"] if row["_id"] == "q" else ["ok"])
    assert any(note in w for w in warnings), warnings


@pytest.mark.parametrize("gold, predicted, right", [
    ("Trevor Nicholson", "Nicholson", True),          # surname
    ("Trevor Nicholson", "Mary Nicholson", True),     # the rule is the surname (last word)
    ("Lorna DeVries", "Lorna Devries", True),
    ("the Raptors", "Raptors", True),                 # containment
    ("Trevor Nicholson", "Sandra Williamson", False),
    ("Trevor Nicholson", None, False),
    ("", None, True),                                 # no speaker: right only when none is given
    ("", "Sandra Williamson", False),
    ("Mr. Okafor", "Ruth Okafor", True),              # titles left out
])
def test_same_speaker(gold, predicted, right):
    from synopsis.evaluate.quotes import same_speaker

    assert same_speaker(gold, predicted) is right


def test_score_brief_matches_ledger_citations_and_names():
    from synopsis.evaluate.quotes import LedgerQuote, score_brief

    gold = [GoldQuote(0, 100, reference="Ana Ortiz"), GoldQuote(200, 300, reference="")]
    pred = [LedgerQuote(0, 90, "Ortiz"), LedgerQuote(210, 300, "Ana Ortiz")]
    score = score_brief(gold, pred, 0.3)
    assert (score.matched, score.speaker_right) == (2, 1)
