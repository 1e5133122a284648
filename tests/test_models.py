"""The one place models load and the pipeline parses: any text, whatever its length."""

from __future__ import annotations

import pytest

import synopsis
from synopsis import models
from synopsis.models import text_pieces

PARAGRAPH = "The harbour board met on Monday. It heard a report on the ferry, Ana Ruiz said."


@pytest.mark.parametrize("text, size, ends", [
    ("\n\n".join([PARAGRAPH] * 40), 300, "\n\n"),  # paragraphs: cut after a blank line
    (" ".join([PARAGRAPH] * 40), 300, ". "),  # one paragraph: cut after a sentence
    ("word " * 400, 300, " "),  # no sentence: cut after a space
    ("x" * 1000, 300, "x"),  # nothing to cut at: a hard cut
])
def test_text_pieces_join_back_and_end_at_the_best_boundary(text, size, ends):
    pieces = text_pieces(text, size)
    assert "".join(pieces) == text and len(pieces) > 1
    assert all(len(p) <= size for p in pieces)
    assert all(p.endswith(ends) for p in pieces[:-1])


@pytest.fixture
def small_pipeline_limit(monkeypatch):
    """spaCy's nlp.max_length lowered from 1,000,000 to 2,000 characters, so that an article of a
    few thousand characters stands for one of several megabytes (error E088 without pieces)."""
    monkeypatch.setattr(models.nlp(), "max_length", 2000)


def test_a_text_over_the_pipelines_limit_is_parsed_in_pieces_with_its_own_offsets(small_pipeline_limit):
    text = "\n\n".join(f"{PARAGRAPH} Mayor Lorna de Vries spoke on day {n}." for n in range(60))
    (doc,) = models.parse([text])
    assert len(text) > 2000 and doc.text == text
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents)
    assert sum(1 for e in doc.ents if e.text == "Lorna de Vries" and e.start_char > 4000) > 10  # in later pieces
    assert all(text[s.start_char:s.end_char] == s.text for s in doc.sents)


def _articles(tmp_path):
    long_body = "\n\n".join(
        f"The island ferry stopped running on day {n} after a small engine fire, operator Ana Ruiz said. "
        f"\u201cWe found the cracks early,\u201d Ruiz said on day {n}, and engineers will inspect the vessel."
        for n in range(30))
    (tmp_path / "long.txt").write_text(f"Ferry halted again\n\n{long_body}\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text(
        "Ferry halted after fire\n\nThe island ferry stopped running on Sunday after a small engine fire, "
        "operator Ana Ruiz said.\n\n\u201cWe found the cracks early,\u201d Ruiz said.\n", encoding="utf-8")
    return synopsis.load_articles([tmp_path])


@pytest.mark.parametrize("entry", ["brief", "quotes", "stories"])
def test_an_article_over_the_pipelines_limit_sinks_no_input(tmp_path, small_pipeline_limit, entry):
    import json

    from synopsis.render.to_json import brief_to_dict, quotes_to_dict

    loaded = _articles(tmp_path)
    texts = {a.id: a.text for a in loaded.articles}
    assert len(texts["long"]) > 2000 and loaded.skipped == []
    if entry == "brief":
        data = brief_to_dict(synopsis.brief(loaded))
    elif entry == "quotes":
        data = quotes_to_dict(loaded.articles, synopsis.quote_ledger_of(loaded.articles))
    else:
        from synopsis.stories import write_stories

        written = write_stories(loaded, tmp_path / "out")
        assert not written.errors
        (data,) = [json.loads(p.read_text(encoding="utf-8"))["brief"] for p in written.files
                   if p.name.startswith("s0") and p.suffix == ".json"]
    assert {a["id"] for a in data["articles"]} == {"long", "short"}
    assert {c["article"] for q in data["quotes"] for c in q["citations"]} == {"long", "short"}
    for quote in data["quotes"]:
        wordings = {quote["text"]} | {v["text"] for v in quote["variants"]}
        assert all(texts[c["article"]][c["start"]:c["end"]] in wordings for c in quote["citations"])
    for sentence in data.get("summary", []):
        first = sentence["citations"][0]
        assert texts[first["article"]][first["start"]:first["end"]] == sentence["text"]
