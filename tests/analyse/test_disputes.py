"""Disputes: cue kinds on short invented texts, a non-dispute, the seeds and the bundled example."""

from __future__ import annotations

import pytest

from helpers import corpus_of, make_article
from synopsis.analyse.disputes import find_disputes, same_party


CASES = {
    "rejected": [["Harbor plan stalls",
                  "Port director Alma Reyes said the new terminal would create 900 jobs within two years.",
                  "Union leader Tomas Brandt flatly rejected that claim, saying the jobs would be temporary."]],
    "disputed": [["Harbor plan stalls",
                  "Councilwoman Ines Moretti told reporters that the harbor dredging had been finished in May.",
                  "A port spokesman disputed that, saying the dredging is still under way."]],
    "fired back": [["Harbor plan stalls",
                    "Governor Paul Kessler said Lakeport ignored a state order to close the marina.",
                    "Lakeport's harbour office fired back within the hour and called the governor's claim \"invented.\""]],
    "already": [["State warns towns over filing rule",
                 "Governor Paul Kessler said coastal towns violate the 2019 harbor filing rule and would lose grants."],
                ["Towns answer the governor",
                 "Many of the coastal towns Kessler named say they already follow the 2019 harbor filing rule."]],
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason="content cue on a 2-sentence set: "
                                                                          "IDF too flat to link the claim", strict=True))
                                  if n == "already" else n for n in sorted(CASES)])
def test_dispute_cue_kinds(name):
    articles = [make_article(*paras, id=f"a{i}", outlet=f"Outlet {i}", title=True) for i, paras in enumerate(CASES[name])]
    disputes = find_disputes(corpus_of(*articles))
    assert len(disputes) == 1, [d.summary for d in disputes]
    d = disputes[0]
    assert d.rebuttals
    for side in [d.claim, *d.rebuttals]:
        for c in side.citations:
            art = next(a for a in articles if a.id == c.article)
            assert art.text[c.start:c.end].strip()
    if name == "already":
        assert d.claim.citations[0].article == "a0" and d.rebuttals[0].citations[0].article == "a1"
    assert "says" in d.summary


def test_plain_statements_are_not_disputes():
    article = make_article(
        "Harbor plan advances",
        "Port director Alma Reyes said the new terminal would open in June.",
        "Union leader Tomas Brandt said his members would work extra shifts to finish it.",
        "The city council said it was not planning a vote this month.",
        id="a0", title=True)
    assert find_disputes(corpus_of(article)) == []


@pytest.mark.parametrize("a,b,role_a,expected", [
    ("Sessions", "Jeff Sessions", None, True),
    ("District spokesman", "Owen Park", None, False),
    ("Owen Park", "District spokesman", "district spokesman", True),
    ("The union", "Alma Reyes", None, False),
    ("Ross", "Bill Moross", None, False),  # D5: a surname is a word, not the end of a longer one
    ("the harbour office", "The Lakeport harbour office", None, True),  # a body written shorter
])
def test_same_party(a, b, role_a, expected):
    assert same_party(a, b, role_a, None) is expected


def test_same_party_asks_the_set_who_a_surname_is():
    from synopsis.text.names import NameIndex

    names = NameIndex(["Jane Smith", "John Smith", "Jeff Sessions"])
    assert not same_party("Smith", "Jane Smith", names=names)  # two Smiths: the surname names neither
    assert same_party("Sessions", "Jeff Sessions", names=names)


def test_seeds_gold_disputes(seeds_brief, seeds_gold):
    assert len(seeds_gold["disputes"]) == 2
    disputes = find_disputes(corpus_of(*seeds_brief.articles))
    text = lambda side: " ".join(seeds_brief.article(c.article).text[c.start:c.end] for c in side.citations)
    compliance = [d for d in disputes if "Sessions" in d.claim.party and "1373" in text(d.claim)
                  and any("ACLU" in r.party or "ACLU" in text(r) for r in d.rebuttals)
                  and any("National League of Cities" in (r.role or "") for r in d.rebuttals)]
    denver = [d for d in disputes if "Sessions" in d.claim.party and "Denver" in text(d.claim)
              and any("Denver mayor" in r.party for r in d.rebuttals)]
    assert compliance and denver
    assert len(disputes) <= 3  # no flood of false disputes


def test_example_disputes(example_brief):
    disputes = find_disputes(corpus_of(*example_brief.articles))
    parties = [{d.claim.party, *(r.party for r in d.rebuttals)} for d in disputes]
    assert {"Owen Pritchard", "Victor Szalai"} in parties  # maintenance history, 01 + 03 + 04
    maint = disputes[parties.index({"Owen Pritchard", "Victor Szalai"})]
    assert {c.article[:2] for s in [maint.claim, *maint.rebuttals] for c in s.citations} >= {"01", "03", "04"}
    assert any("Lorna DeVries" in p for p in parties)  # the "surprise" dispute, under the entity's name
    assert len(disputes) <= 4
