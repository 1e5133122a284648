"""Framing per outlet: voices by role, loaded wording, topic shares, the bundled example."""

from __future__ import annotations

import pytest

from helpers import corpus_of
from synopsis.analyse.framing import loaded_score, outlet_framing, voice_kind


@pytest.mark.parametrize("role,name,kind", [
    ("Ardenport Mayor", "Ana Ortiz", "local leaders"),
    ("City Councilmember", "Rafael Oduya", "local leaders"),
    ("Attorney General", "Tomas Brek", "officials"),
    ("district spokesman", "Owen Park", "officials"),
    ("president of the Brannock League of Towns", "Ida Marsh", "advocates"),
    ("president, Eastside Tenants Association", "Priya Raman", "advocates"),
    ("professor of law at Harlow University", "Ann Lee", "experts"),
    ("laundromat owner", "Mara Diaz", "residents and others"),
    (None, "Denise Hawley", "residents and others"),
])
def test_voice_kinds(role, name, kind):
    assert voice_kind(role, name) == kind


@pytest.mark.parametrize("text,words,per_100", [
    ("The board met on Tuesday and approved the budget.", [], 0.0),
    ("The board's reckless fiasco stunned the town.", ["reckless", "fiasco"], 28.57),
    ('The mayor called it "a reckless fiasco" on Tuesday.', [], 0.0),  # quoted words are the speaker's
    # any quotation mark the quote extractor pairs (D1): guillemets, low-9, single marks
    ("The mayor called it «a reckless fiasco» on Tuesday.", [], 0.0),
    ("The mayor called it „a reckless fiasco“ on Tuesday.", [], 0.0),
    ("The mayor called it ‘a reckless fiasco’ on Tuesday.", [], 0.0),
    # an inch mark opens no quotation: the rest of the paragraph is the outlet's own
    ('Crews laid a 6" pipe; the reckless plan failed.', ["reckless"], 12.5),
])
def test_loaded_score(text, words, per_100):
    found, score, _ = loaded_score(text)
    assert found == words and score == pytest.approx(per_100, abs=0.01)


@pytest.fixture(scope="module")
def example_framing(example_brief):
    return outlet_framing(corpus_of(*example_brief.articles), missing={"The Civic Lantern": ["fact x"]})


def test_example_framing(example_framing):
    by = {o.outlet: o for o in example_framing.outlets}
    assert len(by) == 5 and example_framing.topics
    for o in by.values():
        assert o.headline and o.lede
        assert sum(o.topic_shares.values()) == pytest.approx(1.0)
    # the opinionated outlet uses the most loaded wording, and its loaded words are listed
    lantern = by["The Civic Lantern"]
    assert lantern.loaded_per_100 == max(o.loaded_per_100 for o in by.values())
    assert {"fiasco", "reckless"} <= set(lantern.loaded_words)
    assert lantern.leaves_out == ["fact x"] and by["The Ardenport Ledger"].leaves_out == []
    # the residents' story quotes residents and local leaders; the Ledger mostly officials
    courier = by["Brannock Valley Courier"]
    assert courier.voices["residents and others"] >= 2 and courier.voices["local leaders"] >= 1
    ledger = by["The Ardenport Ledger"]
    assert ledger.voices["officials"] == max(ledger.voices.values())
    assert "per 100" in example_framing.loaded_explanation or "loaded_per_100" in example_framing.loaded_explanation
