"""Figure ledger (issue 5, part 2): normalised figures, what they count, citations, conflicts."""

from __future__ import annotations

import json

import pytest

from paths import EXAMPLE, ROOT, need_shared
from helpers import corpus_of, make_article
from synopsis.analyse.figures import FigureEntry, figure_ledger


def _ledger(*texts: str) -> list[FigureEntry]:
    articles = [make_article(t, id=f"a{i}", outlet=f"Outlet {i}", published="2024-05-07") for i, t in enumerate(texts)]
    return figure_ledger(corpus_of(*articles))


# (sentence, expected value, unit, qualifier)
FORMS = [
    ("The harbour will get $4.1 billion from the state.", 4.1e9, "USD", "exact"),
    ("The agency spent more than $870 million on the program.", 8.7e8, "USD", "more than"),
    ("The county lost $1.6 million in state aid.", 1.6e6, "USD", "exact"),
    ("Officials set aside 2.3 million dollars for the bridge.", 2.3e6, "USD", "exact"),
    ("Ticket sales fell 12 percent this spring.", 12, "percent", "exact"),
    ("About 35% of voters stayed home.", 35, "percent", "about"),
    ("The coast has upwards of 600 moorings.", 600, "moorings", "at least"),
    ("Police detained more than 200 protesters downtown.", 200, "protesters", "more than"),
    ("Roughly 14,500 people were evacuated from the valley.", 14500, "people", "about"),
    ("Some 9,000 residents lost power overnight.", 9000, "people", "about"),
    ("Nearly 80 teachers signed the letter.", 80, "teachers", "nearly"),
    ("Up to 300 workers could lose their jobs.", 300, "workers", "up to"),
    ("Fewer than 50 families returned home.", 50, "families", "less than"),
    ("Two dozen firefighters fought the blaze.", 24, "firefighters", "exact"),
    ("A third of the budget goes to schools.", 100 / 3, "percent", "exact"),
    ("Eleven schools closed early.", 11, "schools", "exact"),
]


@pytest.mark.parametrize("sentence,value,unit,qualifier", FORMS)
def test_forms(sentence, value, unit, qualifier):
    ledger = _ledger(sentence)
    assert ledger, sentence
    entry = ledger[0]
    assert entry.value == pytest.approx(value)
    assert entry.unit == unit
    assert entry.qualifier == qualifier
    mention = entry.mentions[0]
    assert sentence[mention.start:mention.end] == mention.text
    assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end


@pytest.mark.parametrize("sentence,low,high,unit", [
    ("Between 200 and 300 volunteers showed up.", 200, 300, "volunteers"),
    ("Prices rose 20-25 percent in a year.", 20, 25, "percent"),
    ("The repair will cost $3-5 million, engineers said.", 3e6, 5e6, "USD"),
])
def test_ranges(sentence, low, high, unit):
    entry = _ledger(sentence)[0]
    assert (entry.value, entry.high, entry.unit, entry.qualifier) == (pytest.approx(low), pytest.approx(high),
                                                                     unit, "between")


def test_change_is_two_figures_not_a_range():
    values = sorted(e.value for e in _ledger("The board cut the limit from 20 percent to 15 percent."))
    assert values == [15, 20]


def test_vote_tally():
    ledger = _ledger("The council voted 5-2 to approve the plan.")
    assert [(e.value, e.unit) for e in ledger] == [(5, "votes")]


@pytest.mark.parametrize("sentence", [
    "The bridge opened in 1961 and was repaired in 2019.",
    "The 2024 findings were minor, the spokesman said.",
    "Ferries must follow 46 U.S.C. 3318 to keep their licences.",
    "The ferry broke section 1373 of the port code, he said.",
    "Call the help line at 555-867-5309 for details.",
    "Readers can subscribe for $9.99/month or $5 a month.",
    "He was the first mayor to speak; a second vote is planned.",
    "The meeting starts at 7:30 p.m. on March 24.",
    "The office is at 1200 Harbor Street.",
    "Members of Local 414 walked out.",
    "Read page nine of the report.",
])
def test_not_figures(sentence):
    assert _ledger(sentence) == [], sentence


# (sentence, value, high, unit): ages, durations and measures are figures with their unit;
# number words and phrases are read as numbers
TIMED_AND_MEASURED = [
    ("She has run the shop on Delmont Avenue for 11 years.", 11, None, "years"),
    ("Earl Pettibone, 81, lives alone.", 81, None, "years of age"),
    ("The 78-year-old harbour master retired.", 78, None, "years of age"),
    ("He ran the port through a 17-year tenure.", 17, None, "years"),
    ("The three-day visit ended in the capital.", 3, None, "days"),
    ("Fire trucks arrived four minutes later.", 4, None, "minutes"),
    ("A 36-foot wall surrounds the yard.", 36, None, "feet"),
    ("The wall is 18 feet high.", 18, None, "feet"),
    ("The truck carried 70,000 pounds of explosives.", 70000, None, "pounds"),
    ("The club was fined 70,000 pounds by the league.", 70000, None, "GBP"),
    ("Half a million people crossed the bridge last year.", 500000, None, "people"),
    ("Half a dozen firefighters were hurt.", 6, None, "firefighters"),
    ("Dozens of homes were damaged.", 24, 99, "homes"),
    ("Earl Pettibone, who is 81, lives alone.", 81, None, "years of age"),
    ("The victims, as young as 9, were swimming.", 9, None, "years of age"),
    ("Pettibone moved to Delmont, a country of 4 million, last spring.", 4e6, None, "people"),
    ("The flood trapped 67 of them in the valley.", 67, None, "people"),
    ("The concert was set up by eight stage-builders.", 8, None, "builders"),
]


@pytest.mark.parametrize("sentence,value,high,unit", TIMED_AND_MEASURED)
def test_ages_durations_measures_and_number_words(sentence, value, high, unit):
    ledger = _ledger(sentence)
    assert [(e.value, e.high, e.unit) for e in ledger] == [(pytest.approx(value), high, unit)], sentence


def test_conflict_needs_the_same_fact_or_the_same_counted_noun():
    # the same counted noun, one value per article: a conflict
    ledger = _ledger("Police said 21 people were wounded in the blast.", "The blast wounded 24 people, police said.")
    assert all(e.conflicts_with for e in ledger)
    # two durations of different things are not
    ledger = _ledger("The trial lasted 4 minutes.", "The mayor has served 6 minutes as acting chair of a meeting about parks.")
    assert not any(e.conflicts_with for e in ledger)


def test_a_precise_count_is_one_figure_whatever_it_is_said_to_count():
    # (texts, entries): 2,413 is too precise to be two things of one story; 300 is not
    for texts, n in [(("Officials counted 2,413 cases of torture.", "The report lists 2,413 political prisoners."), 1),
                     (("The plant employs 300 workers.", "The state built 300 shelters."), 2)]:
        assert len(_ledger(*texts)) == n, texts


def test_a_population_conflicts_with_another():
    ledger = _ledger("Delmont has 4.7 million inhabitants, most of them farmers.",
                     "Farming employs most of Delmont, a country of 4 million.")
    counts = [e for e in ledger if e.value in (4e6, 4.7e6)]
    assert len(counts) == 2
    assert all(e.conflicts_with for e in counts)


def test_same_figure_across_outlets_is_one_entry():
    ledger = _ledger("The state will spend some $2.5 billion on levees.",
                     "Lawmakers approved $2.5 billion for levee repairs.")
    assert len(ledger) == 1
    assert ledger[0].outlets == ["Outlet 0", "Outlet 1"]
    assert not ledger[0].conflicts_with


def test_conflict_same_thing_different_values():
    ledger = _ledger("The boil order affects about 45,000 residents.",
                     "Some 38,000 residents are under the boil order.")
    by_value = {e.value: i for i, e in enumerate(ledger)}
    assert ledger[by_value[45000]].conflicts_with == [by_value[38000]]
    assert ledger[by_value[38000]].conflicts_with == [by_value[45000]]


def test_different_things_are_not_conflicts():
    ledger = _ledger("Inspectors issued 412 warnings last month.", "Inspectors issued 37 fines last month.",
                     "The plant employs 300 workers.")
    assert len(ledger) == 3
    assert all(not e.conflicts_with for e in ledger)


def test_one_article_with_both_values_is_not_a_conflict():
    ledger = _ledger("The cut was eased from 20 percent to 15 percent.", "Residents must cut use by 20 percent.",
                     "The new 15 percent limit starts soon.")
    assert all(not e.conflicts_with for e in ledger)


def _by_file(articles):
    return {a.id: a for a in articles}


def test_seed_figures(seeds_gold):
    import synopsis

    seeds = need_shared("seeds")
    articles = synopsis.load_articles(sorted(seeds.glob("*.txt"))).articles
    ledger = figure_ledger(corpus_of(*articles))
    missing = []
    for gold in seeds_gold["figures"]:
        want = {f.rsplit(".", 1)[0] for f in gold["files"]}
        hits = [e for e in ledger if e.value == pytest.approx(gold["value"]) and set(e.articles) == want
                and (gold["unit"] != "percent") == (e.unit != "percent")]
        if not hits:
            missing.append(gold["what"])
    assert not missing
    texts = {m.text for e in ledger for m in e.mentions}
    for bad in seeds_gold["not_figures"]:
        assert bad not in texts
        assert all(bad not in a.text[m.sentence_start:m.sentence_end] for e in ledger for m in e.mentions
                   for a in articles if a.id == m.article)


def test_example_figures_and_conflict():
    import synopsis

    labels = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))
    outlets = json.loads((ROOT / "examples" / "outlets.json").read_text(encoding="utf-8"))
    articles = synopsis.load_articles([EXAMPLE], synopsis.Options(outlets=outlets)).articles
    ledger = figure_ledger(corpus_of(*articles))

    def find(value, files):
        want = {f.rsplit(".", 1)[0] for f in files}
        return [i for i, e in enumerate(ledger) if e.value == pytest.approx(value) and want <= set(e.articles)]

    for gold in labels["figures"] + labels["unrelated_figures"]:
        assert find(gold["value"], gold["files"]), gold["what"]
    for conflict in labels["figure_conflicts"]:
        a, b = (find(v["value"], v["files"]) for v in conflict["values"])
        assert a and b and b[0] in ledger[a[0]].conflicts_with, conflict["what"]
    conflicts = [e for e in ledger if e.conflicts_with]
    assert len(conflicts) == 2 * len(labels["figure_conflicts"])
    # offsets point at the figure in the article text
    texts = {a.id: a.text for a in articles}
    for e in ledger:
        for m in e.mentions:
            assert texts[m.article][m.start:m.end] == m.text
