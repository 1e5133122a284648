"""`synopsis evaluate summaries`: the runner on invented clusters, and quality floors on ../shared.

The floors are the CI gate (as trafilatura's evaluation gate): they fail when a change drops a
benchmark score below the pinned figure. They are set a little under what was measured
(docs/evaluation.md) and run on the full DUC 2003 and TAC 2011 dev sets and the first 200
Multi-News val clusters, in about 20 s.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from paths import need_shared
from synopsis.errors import InputError
from synopsis.evaluate.summaries import evaluate_summaries, read_peers

CLUSTERS = [
    {
        "idx": 7,
        "summary": "Cracks were found in the Kestrel dam spillway. The water district ordered a twenty "
                   "percent cut in water use while engineers plan repairs.",
        "raw_document": [
            "Engineers found cracks in the spillway of the Kestrel dam on Monday morning. The water district "
            "ordered a twenty percent cut in water use for all customers. Residents were told to stop "
            "watering lawns and washing cars.",
            "Cracks in the Kestrel dam spillway were found by engineers on Monday. A twenty percent cut in "
            "water use was ordered for every customer of the district. Repairs to the spillway could take "
            "most of a year, the district engineer said.",
        ],
    },
    {
        "idx": 8,
        "summary": "The harbour board voted to raise ferry fares in June, citing fuel costs.",
        "raw_document": [
            "The harbour board voted on Tuesday to raise ferry fares in June for every route. Board members "
            "said the rise was needed because fuel costs had doubled since the spring.",
            "Ferry fares will rise in June after a vote by the harbour board members on Tuesday. Commuters "
            "said the new fares would cost them more than forty dollars a month.",
        ],
    },
]


@pytest.fixture()
def multinews(tmp_path: Path) -> Path:
    path = tmp_path / "mn.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CLUSTERS), encoding="utf-8")
    return path


def test_every_system_scores_every_cluster_and_the_csv_has_a_row_each(multinews):
    result = evaluate_summaries("multinews", multinews, words=40)
    assert result.systems == ["coverage", "lead", "centroid", "lexrank"]
    assert result.clusters == ["7", "8"] and result.measure == "f1"
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert len(rows) == 8
    assert {"cluster", "system", "words", "rouge1_recall", "rouge2_f1", "rougeL_precision"} <= set(rows[0])
    for row in result.table():
        assert 0 < row["rouge1"] <= 100
    assert "coverage" in result.format() and "40 words" in result.format()


#: A document that is nothing but page furniture: an embedded post's location notice.
FURNITURE = "Tweet with a location to share where you are. You can always delete your tweet location history."


def test_a_document_of_page_furniture_is_left_out_as_in_a_brief_and_reported(tmp_path):
    clusters = [dict(CLUSTERS[0], raw_document=CLUSTERS[0]["raw_document"] + [FURNITURE]),
                dict(CLUSTERS[1], raw_document=[FURNITURE, FURNITURE])]
    path = tmp_path / "mn.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in clusters), encoding="utf-8")
    out = tmp_path / "out"
    result = evaluate_summaries("multinews", path, words=60, systems=["coverage", "lead"], out=out)
    # cluster 7 keeps its two articles; cluster 8, all furniture, keeps both documents whole
    assert [doc for doc, _ in result.left_out] == ["7.2"]
    assert "page furniture" in result.left_out[0][1]
    assert "left out 1 document(s)" in result.format() and "7.2" in result.format()
    assert "location" not in (out / "7.txt").read_text(encoding="utf-8")
    assert result.clusters == ["7", "8"]


def test_out_writes_whole_sentences_one_a_line_and_peers_score_them_the_same(multinews, tmp_path):
    out = tmp_path / "out"
    first = evaluate_summaries("multinews", multinews, words=25, systems=["coverage", "lead"], out=out)
    written = (out / "7.txt").read_text(encoding="utf-8").splitlines()
    source = " ".join(CLUSTERS[0]["raw_document"])
    assert written and all(line in source and line.rstrip().endswith(".") for line in written)
    assert (out / "baselines" / "lead" / "8.txt").exists()
    again = evaluate_summaries("multinews", multinews, words=25, systems=["lead"], peers=out)
    assert again.systems == ["lead", "out"]
    assert again.mean("out") == first.mean("coverage")


@pytest.mark.parametrize(
    "layout, expected",
    [
        ({"7.txt": "a", "8.txt": "b"}, {"peers": {"7", "8"}}),
        ({"sysA/7.txt": "a", "sysB/D100.txt": "b", "notes.md": "x"}, {"sysA": {"7"}, "sysB": {"d100"}}),
    ],
)
def test_read_peers_layouts(tmp_path, layout, expected):
    root = tmp_path / "peers"
    for name, text in layout.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    assert {system: set(s) for system, s in read_peers(root).items()} == expected


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_read_peers_says_what_layout_it_needs(tmp_path, make):
    with pytest.raises(InputError, match=r"<cluster id>\.txt"):
        read_peers(make(tmp_path))


def test_unknown_dataset_names_the_choices(multinews):
    with pytest.raises(InputError, match="choose one of duc, tac, multinews"):
        evaluate_summaries("cnn", multinews)


# Pinned floors: (dataset, path below ../shared, limit, {system: {measure: floor}}, margin over
# the best baseline that the system must keep on ROUGE-2). Measured values are in
# docs/evaluation.md; floors sit about 0.3 points under them.
FLOORS = [
    ("duc", ("data", "summarization", "duc2003"), None, {"rouge1": 38.5, "rouge2": 9.9}, 0.9),
    ("tac", ("data", "summarization", "tac2011-multiling-en"), None, {"rouge1": 51.8, "rouge2": 22.3}, 0.5),
    ("multinews", ("data", "summarization", "multinews", "multinews_val.jsonl.gz"), 200,
     {"rouge1": 43.5, "rouge2": 14.0}, None),
]


@pytest.mark.gate
@pytest.mark.parametrize("dataset, parts, limit, floors, margin", FLOORS, ids=[f[0] for f in FLOORS])
def test_summary_quality_floors(dataset, parts, limit, floors, margin):
    result = evaluate_summaries(dataset, need_shared(*parts), limit=limit)
    table = {row["system"]: row for row in result.table()}
    for measure, floor in floors.items():
        assert table["coverage"][measure] >= floor, result.format()
    if margin is not None:
        best_baseline = max(table[s]["rouge2"] for s in ("lead", "centroid", "lexrank"))
        assert table["coverage"]["rouge2"] >= best_baseline + margin, result.format()


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_refused_not_taken_as_no_limit(tmp_path, limit):
    from synopsis.evaluate.summaries import read_clusters

    path = tmp_path / "mn.jsonl"
    path.write_text(json.dumps({"summary": "S.", "raw_document": ["A document."]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="limit must be at least 1"):
        list(read_clusters("multinews", path, limit))
