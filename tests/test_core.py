"""The brief's guarantees: verbatim, cited, nothing from removed text, every input accounted for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import synopsis
from synopsis.errors import InputError
from synopsis.render.to_json import brief_to_dict


def squash(text: str) -> str:
    return " ".join(text.split())


def check_citations(brief):
    texts = {a.id: a.text for a in brief.articles}
    for sentence in brief.summary:
        first = sentence.citations[0]
        assert texts[first.article][first.start:first.end] == sentence.text
        cited = [c.article for c in sentence.citations]
        assert len(cited) == len(set(cited)), "each article is cited once per sentence"
        for c in sentence.citations[1:]:
            assert c.article != first.article
            assert 0 <= c.start < c.end <= len(texts[c.article])


@pytest.mark.parametrize("which", ["example", "seeds"])
def test_summary_is_verbatim_cited_and_within_budget(which, request):
    brief = request.getfixturevalue(f"{which}_brief")
    assert brief.summary
    check_citations(brief)
    assert sum(len(s.text.split()) for s in brief.summary) <= brief.words


@pytest.mark.parametrize("which", ["example", "seeds"])
def test_summary_takes_no_sentence_from_an_off_event_article(which, request):
    brief = request.getfixturevalue(f"{which}_brief")
    off = {o.article for o in brief.off_event}
    assert off, "both sets hold an article about another development"
    assert all(s.citations[0].article not in off for s in brief.summary)


def test_seed_summary_holds_no_removed_text(seeds_brief):
    removed = [squash(r.text) for a in seeds_brief.articles for r in a.removed]
    for sentence in seeds_brief.summary:
        for line in removed:
            assert squash(sentence.text) not in line and line not in squash(sentence.text)


def test_seed_summary_cites_several_outlets(seeds_brief):
    assert max(len(s.citations) for s in seeds_brief.summary) >= 3


def test_seed_further_citations_state_the_same_figure_when_the_sentence_has_one(seeds_brief):
    texts = {a.id: a.text for a in seeds_brief.articles}
    for sentence in seeds_brief.summary:
        money = re.findall(r"\$\d[\d.,]*", sentence.text)
        for c in sentence.citations[1:]:
            cited = texts[c.article][c.start:c.end]
            other_money = re.findall(r"\$\d[\d.,]*", cited)
            if money and other_money:
                assert set(money) & set(other_money), (sentence.text, cited)


def test_json_output_has_the_documented_fields(example_brief):
    data = json.loads(json.dumps(brief_to_dict(example_brief)))
    assert data["schema_version"] == synopsis.SCHEMA_VERSION
    article = data["articles"][0]
    assert {"id", "title", "outlet", "published", "source", "text", "removed"} <= set(article)
    assert {"text", "reason"} <= set(article["removed"][0]) if article["removed"] else True
    assert {"text", "citations"} <= set(data["summary"][0])
    assert {"article", "start", "end"} <= set(data["summary"][0]["citations"][0])
    assert {"name", "type", "variants", "mentions"} <= set(data["entities"][0])


def test_json_schema_file_lists_every_top_level_field(example_brief):
    schema_path = Path(synopsis.__file__).parent / "schema" / "brief.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert set(brief_to_dict(example_brief)) == set(schema["properties"])
    assert schema["properties"]["schema_version"]["const"] == synopsis.SCHEMA_VERSION


def test_example_outlets_come_from_the_map_and_metadata(example_brief):
    outlets = {a.outlet for a in example_brief.articles}
    assert len(outlets) == 5 and not any(o.startswith("0") for o in outlets)
    assert all(a.published for a in example_brief.articles)


def test_single_article_gives_a_brief_and_a_note(tmp_path):
    (tmp_path / "one.txt").write_text(
        "Ferry halted after fire\n\nThe island ferry stopped running on Sunday after a small engine fire.\n\n"
        "No passengers were hurt, the operator said in a statement on Sunday evening.\n", encoding="utf-8")
    brief = synopsis.brief([tmp_path])
    assert brief.summary and any("only one article" in w for w in brief.warnings)


def test_no_usable_article_raises_input_error_naming_the_files(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="a.pdf"):
        synopsis.brief([tmp_path])


def test_skipped_inputs_are_listed_in_the_brief(tmp_path, example_brief):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    loaded = synopsis.load_articles([tmp_path / "notes.pdf", Path(__file__).parents[1] / "examples" / "event"])
    assert len(loaded) == 5 and loaded.skipped[0].source.endswith("notes.pdf")


def test_one_person_has_one_name_across_sections(example_brief):
    """D6: entities, quotes, disputes and framing name a person alike, however outlets spell her."""
    people = {e.name for e in example_brief.entities if e.type == "person"}
    speakers = {q.speaker for q in example_brief.quotes if q.speaker}
    assert {"Lorna DeVries", "Ansel McAllister"} <= people & speakers
    assert not speakers & {"Lorna de Vries", "De Vries", "Ansel Mc Allister", "City Councilmember Rafael Oduya"}
    voices = [n for o in example_brief.framing.outlets for names in o.voice_names.values() for n in names]
    assert "De Vries" not in voices and "Lorna de Vries" not in voices
