"""Benchmark readers on small invented files, plus a fast check on ../shared when it is there."""

from __future__ import annotations

import gzip
import json
import logging
import os
from pathlib import Path

import pytest

from synopsis.evaluate.datasets import (
    TAC2011_EVAL_TOPICS,
    Cluster,
    DatasetError,
    docno_date,
    parse_trec_sgml,
    read_duc,
    read_multinews,
    read_multinews_text,
    read_tac2011,
    read_tac2011_peers,
    read_tac2011_rouge,
    read_tac2011_rouge_detailed,
    trec_text,
    wikinews_date,
)

from paths import SHARED

# --------------------------------------------------------------------------------------------
# DUC

APW_DOC = """
<DOC>
<DOCNO> APW19981016.0240 </DOCNO>
<DATE_TIME> 1998-10-16 12:00:00 </DATE_TIME>
<BODY>
<HEADLINE> not part of the text </HEADLINE>
<TEXT>
<P>
\tRIVERTON (AP) -- The town council voted to rebuild
the old bridge &AMP; the ferry landing. &QL;
</P>
<P>
\tWork starts in spring.
</P>
<ANNOTATION>
(STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS.)
</ANNOTATION>
<P>
\tThe vote was 5 to 2.
</P>
</TEXT>
</BODY>
</DOC>
"""

NYT_DOC = """<DOC>
<DOCNO> NYT19980601.0001 </DOCNO>
<TEXT>
\t   The mayor said the bridge
would open in June.
\t   Critics disagreed &UR; strongly.
</TEXT>
</DOC>
"""

FBIS_DOC = """<DOC>
<DOCNO> FBIS3-100 </DOCNO>
<TEXT>
A report without a dated document number.
</TEXT>
</DOC>
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def duc(tmp_path: Path) -> Path:
    root = tmp_path / "duc"
    docs = root / "docs.without.headlines"
    write(docs / "d001a" / "APW19981016.0240", APW_DOC)
    write(docs / "d001a" / "FBIS3-100", FBIS_DOC)
    write(docs / "d002B" / "NYT19980601.0001", NYT_DOC)
    write(docs / "d003c" / "NYT19980601.0001", NYT_DOC)  # no summaries: skipped
    models = root / "abstracts" / "models"
    write(models / "D001.M.100.A.H.html", "The council will rebuild the bridge .\nWork starts in spring .\n")
    write(models / "D001.M.100.A.G.html", "A bridge vote passed 5 to 2 .\n")
    write(models / "d002.m.100.b.a", "The mayor expects a June opening .\n")
    write(models / "D002.M.200.B.A.html", "A longer summary that the 100-word reader ignores .\n")
    write(models / "D001.P.10.A.G.APW19981016.0240.html", "Per-document headline .\n")
    write(models / "D999.M.100.T.A.html", "Summary of a cluster whose documents are absent .\n")
    return root


def test_read_duc_root(duc: Path, caplog: pytest.LogCaptureFixture):
    skipped: list[tuple[str, str]] = []
    with caplog.at_level(logging.WARNING):
        clusters = read_duc(duc, on_skip=lambda cid, reason: skipped.append((cid, reason)))
    assert [c.id for c in clusters] == ["d001a", "d002B"]
    assert [cid for cid, _ in skipped] == ["d003c"]
    assert "skipped 1 cluster" in caplog.text and "d003c" in caplog.text

    c1 = clusters[0]
    assert [d.id for d in c1.documents] == ["APW19981016.0240", "FBIS3-100"]
    assert [d.date for d in c1.documents] == ["1998-10-16", None]
    assert c1.documents[0].text == (
        "RIVERTON (AP) -- The town council voted to rebuild the old bridge & the ferry landing.\n\n"
        "Work starts in spring.\n\nThe vote was 5 to 2."
    )
    # references in (T, assessor) order: G before H; only .M.100. files
    assert c1.references == ["A bridge vote passed 5 to 2 .", "The council will rebuild the bridge .\nWork starts in spring ."]

    c2 = clusters[1]
    assert c2.documents[0].text == "The mayor said the bridge would open in June.\n\nCritics disagreed strongly."
    assert c2.documents[0].date == "1998-06-01"
    assert c2.references == ["The mayor expects a June opening ."]


def test_read_duc_explicit_dirs_and_size(duc: Path):
    clusters = read_duc(docs_dir=duc / "docs.without.headlines", models_dir=duc / "abstracts" / "models", summary_size=200)
    assert [(c.id, c.references) for c in clusters] == [("d002B", ["A longer summary that the 100-word reader ignores ."])]


def test_read_duc_wrong_layouts(tmp_path: Path, duc: Path):
    with pytest.raises(DatasetError, match="docs.without.headlines"):
        read_duc(tmp_path)
    with pytest.raises(DatasetError, match="not a directory"):
        read_duc(tmp_path / "missing")
    with pytest.raises(DatasetError, match="models"):
        read_duc(duc, summary_size=400)
    with pytest.raises(DatasetError, match="give the dataset root"):
        read_duc()
    write(duc / "docs.without.headlines" / "d001a" / "README", "not SGML at all")
    with pytest.raises(DatasetError, match=r"README.*no <DOC>"):
        read_duc(duc)


def test_parse_trec_sgml_needs_docno_and_text():
    with pytest.raises(DatasetError, match="<DOCNO>"):
        parse_trec_sgml("<DOC><TEXT>x</TEXT></DOC>", "f")
    docs = parse_trec_sgml(APW_DOC + NYT_DOC, "two-docs")
    assert [d.id for d in docs] == ["APW19981016.0240", "NYT19980601.0001"]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("<P>\n\tRIVERTON (AP) -- Work starts &AMP; ends. &QL;\n</P>", "RIVERTON (AP) -- Work starts & ends."),
        # TREC typesets double quotation marks as `` and '' (as LaTeX does); a reader sees quotes
        ("<P>``We will rebuild,'' the mayor said.</P>\n<P>It's ``done.''</P>",
         "“We will rebuild,” the mayor said.\n\nIt's “done.”"),
    ],
)
def test_trec_text(block, expected):
    assert trec_text(block) == expected


@pytest.mark.parametrize(
    ("docno", "expected"),
    [
        ("APW19981016.0240", "1998-10-16"),
        ("NYT19980601.0001", "1998-06-01"),
        ("XIE19960807.0183", "1996-08-07"),
        ("AFP_ENG_20050101.0001", "2005-01-01"),
        ("AP880212-0001", "1988-02-12"),
        ("WSJ870101-0001", "1987-01-01"),
        ("LA010189-0001", "1989-01-01"),
        ("FBIS3-100", None),
        ("FT923-5089", None),
        ("APW19981345.0001", None),  # month 13
    ],
)
def test_docno_date(docno: str, expected: str | None):
    assert docno_date(docno) == expected


# --------------------------------------------------------------------------------------------
# TAC 2011 MultiLing


@pytest.fixture
def tac(tmp_path: Path) -> Path:
    root = tmp_path / "tac"
    src = root / "SourceTexts"
    write(src / "M0000.english", "Bridge reopens\n\nSaturday, January 8, 2005\n\nThe bridge reopened today.\n")
    write(src / "M0001.english", "2005/01/09 Ferry resumes\n\nThe ferry is back.\n")
    write(src / "M0010.english", "Storm\n\nTuesday, March 1, 2005The storm passed.\n")
    write(src / "M0020.english", "No models for this topic.\n")
    write(src / "M0000.french", "Le pont rouvre.\n")
    models = root / "Model Summaries" / "English"
    write(models / "M000.B.250", "Second model.")
    write(models / "M000.A.250", "First model.")
    write(models / "M001.A.250", "Storm model.")
    write(models / ".directory", "[Dolphin]\n")
    subs = root / "correctedSubmissions"
    write(subs / "ID1" / "English" / "M000", "System one on topic zero.")
    write(subs / "ID1" / "English" / "M001", "System one on topic one.")
    write(subs / "ID10" / "English" / "M000", "System ten.")
    write(subs / "ID2" / "French" / "M000", "Pas en anglais.")
    rouge = root / "PublishedEvaluation" / "AutomaticEvaluation" / "ROUGE"
    write(rouge / "Averages" / "ENGLISH_ROUGE-1.csv", "runid,recall,precision,f-score\nID10_ROUGE-1,0.5,0.4,0.44444\nID1_ROUGE-1,0.3,0.3,0.3\n")
    write(rouge / "Averages" / "ENGLISH_ROUGE-2.csv", "runid,recall,precision,f-score\nID1_ROUGE-2,0.1,0.2,0.13333\n")
    write(rouge / "Averages" / "FRENCH_ROUGE-1.csv", "runid,recall,precision,f-score\nID2_ROUGE-1,0.9,0.9,0.9\n")
    write(
        rouge / "Detailed" / "englishDetailed.txt",
        "---------------------------------------------\n"
        "ID1 ROUGE-1 Average_R: 0.30000 (95%-conf.int. 0.20000 - 0.40000)\n"
        ".............................................\n"
        "ID1 ROUGE-1 Eval 1.ID1 R:0.25000 P:0.50000 F:0.33333\n"
        "ID1 ROUGE-1 Eval 2.ID1 R:0.35000 P:0.10000 F:0.15556\n",
    )
    return root


def test_read_tac2011(tac: Path, caplog: pytest.LogCaptureFixture):
    skipped: list[str] = []
    with caplog.at_level(logging.WARNING):
        clusters = read_tac2011(tac, on_skip=lambda cid, reason: skipped.append(cid))
    assert [c.id for c in clusters] == ["M000", "M001"]
    assert skipped == ["M002"] and "M002" in caplog.text
    m000 = clusters[0]
    assert [d.id for d in m000.documents] == ["M0000", "M0001"]
    assert [d.date for d in m000.documents] == ["2005-01-08", "2005-01-09"]
    assert m000.references == ["First model.", "Second model."]
    assert clusters[1].documents[0].date == "2005-03-01"


def test_read_tac2011_peers(tac: Path):
    peers = read_tac2011_peers(tac)
    assert list(peers) == ["ID1", "ID10"]  # ID2 has no English folder
    assert peers["ID1"] == {"M000": "System one on topic zero.", "M001": "System one on topic one."}
    assert read_tac2011_peers(tac / "correctedSubmissions") == peers
    assert list(read_tac2011_peers(tac, language="french")) == ["ID2"]


def test_read_tac2011_published_rouge(tac: Path):
    scores = read_tac2011_rouge(tac)
    assert list(scores) == ["ID1", "ID10"]
    assert scores["ID1"]["ROUGE-2"].recall == 0.1
    assert scores["ID10"]["ROUGE-1"].f1 == pytest.approx(0.44444)
    assert read_tac2011_rouge(tac / "PublishedEvaluation") == scores
    detailed = read_tac2011_rouge_detailed(tac)
    assert detailed["ID1"]["ROUGE-1"][2].precision == pytest.approx(0.1)
    assert set(TAC2011_EVAL_TOPICS.values()) == {f"M00{i}" for i in range(10)}


def test_read_tac2011_wrong_layouts(tmp_path: Path, tac: Path):
    with pytest.raises(DatasetError, match="SourceTexts"):
        read_tac2011(tmp_path)
    with pytest.raises(DatasetError, match="ID<n>"):
        read_tac2011_peers(tmp_path)
    with pytest.raises(DatasetError, match="ROUGE"):
        read_tac2011_rouge(tmp_path)
    write(tac / "PublishedEvaluation" / "AutomaticEvaluation" / "ROUGE" / "Averages" / "ENGLISH_ROUGE-1.csv", "id,r\nx,1\n")
    with pytest.raises(DatasetError, match="runid,recall,precision,f-score"):
        read_tac2011_rouge(tac)


def test_wikinews_date():
    assert wikinews_date("Title\n\nThursday, May 19, 2005\n\nText") == "2005-05-19"
    assert wikinews_date("Title\n\nDecember 29, 2004\nText") == "2004-12-29"
    assert wikinews_date("Title only\n\nNo date in here.") is None


# --------------------------------------------------------------------------------------------
# Multi-News

RECORDS = [
    {"idx": 7, "summary": "– A bridge reopened.", "raw_document": ["Doc one.", "  ", "Doc  three."],
     "cleansed_document": ["Doc one."], "document_num": 1},
    {"idx": 8, "summary": "A ferry resumed.", "raw_document": ["Ferry story."], "cleansed_document": ["Ferry story."],
     "document_num": 1},
]


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_read_multinews_plain_and_gzip_by_magic_bytes(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    plain = write(tmp_path / "looks-gzipped.jsonl.gz", jsonl(RECORDS))  # extension lies
    packed = write(tmp_path / "looks-plain.jsonl", gzip.compress(jsonl(RECORDS).encode()))
    for path in (plain, packed):
        with caplog.at_level(logging.INFO):
            clusters = list(read_multinews(path))
        assert [c.id for c in clusters] == ["7", "8"]
        first = clusters[0]
        assert [(d.id, d.text) for d in first.documents] == [("7.0", "Doc one."), ("7.2", "Doc three.")]
        assert first.references == ["A bridge reopened."]
        assert first.documents[0].date is None
    assert "1 empty document" in caplog.text


def test_read_multinews_field_limit_and_defaults(tmp_path: Path):
    path = write(tmp_path / "mn.jsonl", jsonl(RECORDS))
    assert [len(c.documents) for c in read_multinews(path, field="cleansed_document")] == [1, 1]
    assert len(list(read_multinews(path, limit=1))) == 1
    assert list(read_multinews(path, limit=0)) == []
    no_idx = write(tmp_path / "no-idx.jsonl", jsonl([{"summary": "S.", "raw_document": "One. ||||| Two."}]))
    (cluster,) = read_multinews(no_idx)
    assert cluster.id == "0" and [d.text for d in cluster.documents] == ["One.", "Two."]


def test_read_multinews_errors(tmp_path: Path):
    with pytest.raises(DatasetError, match="no such file"):
        read_multinews(tmp_path / "missing.jsonl")
    bad = write(tmp_path / "bad.jsonl", jsonl(RECORDS[:1]) + "{not json\n")
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: not JSON"):
        list(read_multinews(bad))
    path = write(tmp_path / "mn.jsonl", jsonl(RECORDS))
    with pytest.raises(DatasetError, match="'documents'"):
        list(read_multinews(path, field="documents"))
    with pytest.raises(ValueError):
        read_multinews(path, limit=-1)


def test_read_multinews_text_layout(tmp_path: Path):
    src = write(tmp_path / "val.src", "First doc. NEWLINE_CHAR NEWLINE_CHAR Second para. ||||| Other doc. |||||\nLone doc.\n")
    tgt = write(tmp_path / "val.tgt", gzip.compress("– Summary one. NEWLINE_CHAR More.\nSummary two.\n".encode()))
    clusters = list(read_multinews_text(src, tgt))
    assert [c.id for c in clusters] == ["0", "1"]
    assert [d.text for d in clusters[0].documents] == ["First doc.\n\nSecond para.", "Other doc."]
    assert clusters[0].references == ["Summary one.\nMore."]
    assert clusters[1].references == ["Summary two."]
    assert len(list(read_multinews_text(src, tgt, limit=1))) == 1


def test_read_multinews_text_unequal_files(tmp_path: Path):
    src = write(tmp_path / "a.src", "one\ntwo\n")
    tgt = write(tmp_path / "a.tgt", "only one\n")
    with pytest.raises(DatasetError, match=r"a.tgt: ends after 1 line"):
        list(read_multinews_text(src, tgt))


# --------------------------------------------------------------------------------------------
# The real data in ../shared (read in place; skipped locally when absent, a failure in CI)

SUMMARIZATION = SHARED / "data" / "summarization"


def shared(sub: str) -> Path:
    path = SUMMARIZATION / sub
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"../shared is missing: {path} (CI must check the shared data out beside the repo)")
        pytest.skip(f"shared data not available: {path}")
    return path


def test_shared_duc2003():
    clusters = read_duc(shared("duc2003"))
    assert len(clusters) == 60
    assert all(len(c.references) == 4 for c in clusters)
    assert sum(len(c.documents) for c in clusters) == 624
    assert all(d.date and d.text for c in clusters for d in c.documents)
    assert all("<" not in d.text and "&QL;" not in d.text for c in clusters for d in c.documents)


def test_shared_tac2011():
    root = shared("tac2011-multiling-en")
    clusters = read_tac2011(root)
    assert [c.id for c in clusters] == [f"M00{i}" for i in range(10)]
    assert all(len(c.documents) == 10 and len(c.references) == 3 for c in clusters)
    assert all(d.date for c in clusters for d in c.documents)
    peers = read_tac2011_peers(root)
    assert list(peers) == [f"ID{i}" for i in range(1, 11)]
    assert all(len(p) == 10 for p in peers.values())
    published = read_tac2011_rouge(root)
    assert set(published) == set(peers)
    assert all({"ROUGE-1", "ROUGE-2", "ROUGE-SU4"} <= set(s) for s in published.values())


def test_shared_tac2011_scorer_reproduces_published_per_summary_scores():
    """With the organisers' settings (no stemming, no limit, -f A) our recall equals ROUGE-1.5.5's."""
    from synopsis.evaluate.rouge import score_recall_at

    root = shared("tac2011-multiling-en")
    refs = {c.id: c.references for c in read_tac2011(root)}
    system = read_tac2011_peers(root)["ID1"]
    detailed = read_tac2011_rouge_detailed(root)["ID1"]
    for k, topic in TAC2011_EVAL_TOPICS.items():
        ours = score_recall_at(system[topic], refs[topic], n_words=None, average="pooled", use_stemmer=False)
        assert ours.rouge1.recall == pytest.approx(detailed["ROUGE-1"][k].recall, abs=5e-6)
        assert ours.rouge2.recall == pytest.approx(detailed["ROUGE-2"][k].recall, abs=5e-6)
        assert ours.rouge2.precision == pytest.approx(detailed["ROUGE-2"][k].precision, abs=5e-6)


def test_shared_multinews_val():
    path = shared("multinews/multinews_val.jsonl.gz")
    clusters: list[Cluster] = list(read_multinews(path))
    assert len(clusters) == 5622
    assert clusters[0].id == "44972"  # idx continues the train numbering
    assert all(len(c.references) == 1 and c.references[0] for c in clusters)
    assert all(c.documents for c in clusters)
    cleansed = list(read_multinews(path, field="cleansed_document", limit=200))
    assert len(cleansed) == 200
    # the cleansed documents are the subset an LLM vote kept
    assert all(len(a.documents) <= len(b.documents) for a, b in zip(cleansed, clusters))
