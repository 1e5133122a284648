"""Timeline (issue 5, part 4): dates resolved against the publication date, merged across outlets."""

from __future__ import annotations

import json

import pytest

from paths import EXAMPLE, ROOT, need_shared
from helpers import corpus_of, make_article
from synopsis.analyse.timeline import TimelineEvent, build_timeline
from synopsis.options import Options

# 2024-05-08 is a Wednesday.
PUBLISHED = "2024-05-08"


def _timeline(*texts: str, published: str | None = PUBLISHED, reference: str | None = None) -> list[TimelineEvent]:
    articles = [make_article(t, id=f"a{i}", outlet=f"Outlet {i}", published=published) for i, t in enumerate(texts)]
    return build_timeline(corpus_of(*articles, options=Options(date=reference)))


@pytest.mark.parametrize("sentence,date,granularity", [
    ("The council approved the budget on Monday.", "2024-05-06", "day"),
    ("The mayor said Wednesday that the plan would go ahead.", "2024-05-08", "day"),
    ("The county will test the sirens on Saturday.", "2024-05-11", "day"),
    ("The strike ended yesterday, union leaders said.", "2024-05-07", "day"),
    ("The union filed a lawsuit last month.", "2024-04", "month"),
    ("The district raised rates last year.", "2023", "year"),
    ("In January, the governor signed the order.", "2024-01", "month"),
    ("The hearing is set for June 3.", "2024-06-03", "day"),
    ("Divers finished the inspection on Feb. 24.", "2024-02-24", "day"),
    ("The press briefing took place on March 27, 2017.", "2017-03-27", "day"),
    ("The dam was completed in 1961.", "1961", "year"),
    ("The policy was first adopted in 2016.", "2016", "year"),
    ("The plant closed three years ago.", "2021", "year"),
    ("The city's statement comes two months after the governor signed an executive order.", "2024-03", "month"),
    ("The structure has been rated high hazard since the 1980s.", "1980", "decade"),
    # month and year: "March 1997" is a month, not March 19
    ("The plant opened in March 1997 after a long delay.", "1997-03", "month"),
    ("Inspectors last visited in April 1976, the records show.", "1976-04", "month"),
    # a month without its year in a past clause: the latest one on or before publication
    ("She remained chair of the board until March, when she retired.", "2024-03", "month"),
    ("The ferry ran until October, when the service was cut.", "2023-10", "month"),
    ("The ferry will run until October.", "2024-10", "month"),
    # weeks are dated by their Monday, with week granularity
    ("The council met last week to discuss the levy.", "2024-04-29", "week"),
    ("The council will vote on the levy next week.", "2024-05-13", "week"),
    ("The bridge closed two weeks ago.", "2024-04-22", "week"),
    # a plan looks ahead
    ("The union is planning on Saturday to march to city hall.", "2024-05-11", "day"),
])
def test_resolution(sentence, date, granularity):
    events = [e for e in _timeline(sentence) if e.resolved]
    assert events, sentence
    assert (events[0].date, events[0].granularity) == (date, granularity)
    cite = events[0].citations[0]
    assert sentence[cite.start:cite.end] == cite.expression
    assert cite.sentence_start <= cite.start < cite.end <= cite.sentence_end


@pytest.mark.parametrize("sentence", [
    "She has run the laundromat for 11 years.",
    "Engineers spent two weeks reviewing the results.",
    "The agency tracks such cities weekly.",
    "Few towns are in breach of rule 1373, he said.",
])
def test_not_dates(sentence):
    assert _timeline(sentence) == []


@pytest.mark.parametrize("text,date", [
    # counted from the date given just before, not from the publication date (2024-05-08)
    ("The mayor filed the appeal on Monday. Her deputy filed one a day earlier.", "2024-05-05"),
    ("The dam was finished in 1961. A power station opened two years later.", "1963"),
    ("The inquiry opened on March 4. Its report came three weeks later.", "2024-03-25"),
])
def test_earlier_and_later_count_from_the_previous_date(text, date):
    events = _timeline(text)
    last = max((e for e in events if e.resolved), key=lambda e: e.citations[0].start)
    assert last.date == date


@pytest.mark.parametrize("text", [
    "The mayor filed the appeal on Monday. Her deputy filed one a day earlier.",  # Monday undatable
    "Her deputy filed an appeal a day earlier.",  # nothing to count from
])
def test_earlier_without_a_date_to_count_from_is_unresolved(text):
    events = _timeline(text, published=None)
    assert events and not any(e.resolved and e.date and e.date.startswith("2024") for e in events)
    assert any(not e.resolved and "day" in e.expression for e in events)


def test_a_weekday_resolves_once_per_article():
    # One outlet dates the vote; the undated article's second "Tuesday" takes the same date.
    dated = make_article("The county board approved the landfill contract on Tuesday by a vote of five to two.",
                         id="a", outlet="Outlet A", published=PUBLISHED)
    undated = make_article("The county board approved the landfill contract on Tuesday by a vote of five to two. "
                           "Residents protested outside the meeting on Tuesday, holding signs.",
                           id="b", outlet="Outlet B")
    events = build_timeline(corpus_of(dated, undated))
    dates = {e.date for e in events for c in e.citations if c.article == "b" and c.expression == "Tuesday"}
    assert dates == {"2024-05-07"}


def test_nothing_past_is_dated_after_the_set():
    # "the June 3 parade" in a past clause, anchor in May: read forward it would be after the set
    events = _timeline("Officials cancelled the June 3 parade, citing the heat.")
    assert not any(e.resolved and e.date > PUBLISHED for e in events)


def test_relative_date_without_publication_date_is_unresolved():
    events = _timeline("The council approved the budget on Monday, a year after the vote in 2019.", published=None)
    unresolved = [e for e in events if not e.resolved]
    assert ("Monday", None) in [(e.expression, e.date) for e in unresolved]
    assert [e.date for e in events if e.resolved] == ["2019"]
    assert all(not e.resolved for e in events[-len(unresolved):])  # unresolved last


def test_reference_date_overrides_publication():
    events = _timeline("The council approved the budget on Monday.", reference="2017-03-29")
    assert events[0].date == "2017-03-27"


def test_same_event_merges_across_outlets_sorted():
    events = _timeline("The Harbor Authority closed the Pier 9 terminal on Monday after a chemical leak.",
                       "A chemical leak forced the Harbor Authority to close the terminal at Pier 9 Monday.",
                       "The terminal first opened in 1998.")
    assert [e.date for e in events] == ["1998", "2024-05-06"]
    assert events[1].outlets == ["Outlet 0", "Outlet 1"]


def test_different_events_same_day_stay_apart():
    events = _timeline("The school board hired a new superintendent on Monday.",
                       "A water main burst downtown Monday, flooding several streets.")
    assert len(events) == 2


def test_seed_timeline():
    import synopsis

    seeds = need_shared("seeds")
    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))
    articles = synopsis.load_articles(sorted(seeds.glob("*.txt"))).articles
    briefing = next(g for g in gold["timeline"] if g["when"].count("-") == 2 and len(g["files"]) >= 4)
    want = {f.rsplit(".", 1)[0] for f in briefing["files"]}
    # The seed files carry no publication date; one has a dated photo caption. Its "Monday" dates
    # the briefing, and other outlets' "Monday" sentences about the same event join it; a weekday
    # resolves once per article, so every other "Monday" of those articles takes the same date.
    undated = build_timeline(corpus_of(*articles))
    dated_by_others = [e for e in undated if e.date == briefing["when"]]
    assert dated_by_others and len(set(dated_by_others[0].articles) & want) >= 3
    mondays = {}
    for e in undated:
        for c in e.citations:
            if c.expression.lower() == "monday":
                mondays.setdefault(c.article, set()).add(e.date)
    assert len(mondays) >= 3 and all(dates == {briefing["when"]} for dates in mondays.values())
    events = build_timeline(corpus_of(*articles, options=Options(date=briefing["when"])))
    assert any(e.date == briefing["when"] and set(e.articles) == want for e in events)
    order = next(g for g in gold["timeline"] if g["when"].count("-") == 1 and g["when"] < briefing["when"])
    assert any(e.date == order["when"] and e.granularity == "month" for e in events)
    dates = [e.date for e in events if e.resolved]
    assert dates == sorted(dates)


def test_example_timeline():
    import synopsis

    labels = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))
    outlets = json.loads((ROOT / "examples" / "outlets.json").read_text(encoding="utf-8"))
    articles = synopsis.load_articles([EXAMPLE], synopsis.Options(outlets=outlets)).articles
    events = build_timeline(corpus_of(*articles))
    found = 0
    for gold in labels["timeline"]:
        want = {f.rsplit(".", 1)[0] for f in gold["files"]}
        covered = set().union(*[set(e.articles) for e in events if e.date == gold["when"]] or [set()])
        found += bool(covered & want)
    assert found >= len(labels["timeline"]) - 1
    texts = {a.id: a.text for a in articles}
    for e in events:
        for c in e.citations:
            if c.start >= 0:
                assert texts[c.article][c.start:c.end] == c.expression


def test_seed_brief_timeline_dates_the_briefing_for_all_its_outlets(seeds_brief, seeds_gold):
    # In the brief, sentence embeddings let an undated "Monday" join the event another outlet
    # dates (from a dated photo caption), so no --date is needed.
    briefing = next(g for g in seeds_gold["timeline"] if g["when"].count("-") == 2 and len(g["files"]) >= 4)
    want = {f.rsplit(".", 1)[0] for f in briefing["files"]}
    assert any(e.date == briefing["when"] and want <= set(e.articles) for e in seeds_brief.timeline)
    order = next(g for g in seeds_gold["timeline"] if g["when"].count("-") == 1 and g["when"] < briefing["when"])
    assert any(e.date == order["when"] for e in seeds_brief.timeline)
