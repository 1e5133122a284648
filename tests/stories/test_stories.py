"""Online story grouping, wire-copy collapse, state files and the stories output.

All articles are invented for these tests (three made-up events, several outlets each).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from synopsis.core import LoadResult, load_articles
from synopsis.records import Article
from synopsis.stories.grouping import JOIN_FEATURES
from synopsis.stories import (
    STATE_VERSION,
    StateError,
    StoryGrouper,
    StoryOptions,
    group_articles,
    headline_phrase,
    name_words,
    record_id,
    tokens,
    write_stories,
)

from helpers import make_article
from paths import EXAMPLE, need_shared

FIRE = [
    "Firefighters in the river town of Eldham spent the night containing a blaze that destroyed a grain "
    "warehouse on Tuesday, the regional fire service said.",
    "No one was hurt, but about 40 residents of nearby streets were moved to a school gym as a precaution "
    "while smoke drifted over the harbour district.",
    "Fire chief Marta Lindqvist said the cause was not yet known and that investigators would enter the "
    "warehouse once the structure had been declared safe.",
    "The warehouse, built in 1911, stored about 2,000 tonnes of barley for the Eldham grain cooperative.",
]
FIRE_2 = [
    "A historic grain warehouse in Eldham burned down overnight, forcing residents of the harbour district "
    "from their homes.",
    "Fire chief Marta Lindqvist told reporters the blaze started shortly after midnight and that the barley "
    "stored inside fed the flames.",
    "The Eldham grain cooperative said the warehouse was insured.",
]
FIRE_3 = [
    "Investigators began searching the ruins of the Eldham grain warehouse on Wednesday.",
    "Marta Lindqvist, the fire chief, said faulty wiring was one possible cause of the blaze in the harbour "
    "district, where residents were allowed back home.",
]
VOTE = [
    "Lawmakers in Corvale voted 61 to 38 on Thursday to raise the minimum wage to 15 dollars by 2027, "
    "after a debate that ran past midnight.",
    "Speaker Idris Mabunda called the wage bill a promise kept to working families; business groups warned "
    "that small shops in Corvale would cut hours.",
    "The minimum wage bill now goes to Governor Helena Strand, who has said she will sign it.",
]
VOTE_2 = [
    "Corvale's parliament approved a higher minimum wage late on Thursday, 61 votes to 38.",
    "Governor Helena Strand is expected to sign the wage bill next week, her office said.",
    "Speaker Idris Mabunda said small shops would get a tax credit to soften the change.",
]
COMET = [
    "Astronomers at the Pelham observatory have found a comet that will pass close enough to be seen "
    "with binoculars in March.",
    "The comet, named Pelham-Okafor after the two astronomers who spotted it, is about five kilometres "
    "across, said lead astronomer Chidi Okafor.",
]
COMET_2 = [
    "A newly found comet, Pelham-Okafor, should be visible with binoculars in March, the Pelham observatory "
    "said on Friday.",
    "Astronomer Chidi Okafor said the comet would come no closer than 40 million kilometres.",
]


def article(aid, title, paragraphs, *, outlet="Outlet", published=None, source=None) -> Article:
    """The headline and paragraphs as one article (``helpers.make_article``, in this file's order)."""
    return make_article(title, *paragraphs, id=aid, outlet=outlet, title=True, published=published, source=source)


def stream() -> list[Article]:
    return [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, outlet="Wire", published="2026-03-03"),
        article("vote1", "Corvale raises minimum wage", VOTE, outlet="Daily", published="2026-03-05"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, outlet="Herald", published="2026-03-03"),
        article("comet1", "Astronomers find new comet", COMET, outlet="Science", published="2026-03-06"),
        article("fire-copy", "Night fire guts barley store", FIRE[:-1], outlet="Gazette", published="2026-03-04"),
        article("vote2", "Wage bill passes in Corvale", VOTE_2, outlet="Times", published="2026-03-06"),
        article("comet2", "Comet Pelham-Okafor visible in March", COMET_2, outlet="Herald", published="2026-03-07"),
        article("fire3", "Investigators search Eldham ruins", FIRE_3, outlet="Times", published="2026-03-04"),
    ]


EXPECTED = {"fire1": "fire", "fire2": "fire", "fire3": "fire", "fire-copy": "fire",
            "vote1": "vote", "vote2": "vote", "comet1": "comet", "comet2": "comet"}


def partition(assignments) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a in assignments:
        groups.setdefault(a.story, set()).add(a.article)
    return {frozenset(g) for g in groups.values()}


def expected_partition(ids) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for i in ids:
        groups.setdefault(EXPECTED[i], set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_groups_three_events():
    result = group_articles(stream())
    assert partition(result.assignments) == expected_partition(EXPECTED)
    assert [a.article for a in result.assignments] == [a.id for a in stream()]  # input order


def test_wire_copy_collapses_into_the_original():
    result = group_articles(stream())
    by_article = {a.article: a for a in result.assignments}
    copy = by_article["fire-copy"]
    assert copy.duplicate_of == "fire1.txt"  # the original's record id (its source: no own id)
    fire = result.story(copy.story)
    assert fire.size == 4 and len(fire.originals) == 3
    assert "Gazette" in fire.outlets
    assert "Gazette" not in fire.independent_outlets  # a copy never counts as another source
    summary = fire.summary()
    wire = next(a for a in summary["articles"] if a["id"] == "fire1")
    assert [c["outlet"] for c in wire["copies"]] == ["Gazette"]
    assert summary["first"] == "2026-03-03" and summary["last"] == "2026-03-04"


def test_earliest_copy_is_credited_even_when_given_later():
    arts = stream()
    late_original = replace(arts[0], published="2026-03-05")  # the "copy" is now the earliest
    arts[0] = late_original
    result = group_articles(arts)
    by_article = {a.article: a for a in result.assignments}
    assert by_article["fire1"].duplicate_of == "fire-copy.txt"
    assert by_article["fire-copy"].duplicate_of is None


@pytest.mark.parametrize("order", [
    list(range(8)),
    list(reversed(range(8))),
    [3, 1, 4, 0, 5, 2, 7, 6],
])
def test_deterministic_and_independent_of_input_order_when_dated(order):
    base = group_articles(stream())
    arts = stream()
    shuffled = group_articles([arts[i] for i in order])
    assert partition(shuffled.assignments) == partition(base.assignments)
    again = group_articles([arts[i] for i in order])
    assert [(a.article, a.story, a.duplicate_of) for a in again.assignments] == \
        [(a.article, a.story, a.duplicate_of) for a in shuffled.assignments]


@pytest.mark.parametrize("gap_days,penalty,joins", [
    (1, 0.05, True),       # next day: joins
    (400, 0.0, True),      # far apart but no time penalty
    (400, 0.9, False),     # far apart, a penalty no cosine can beat: a new story
    (5000, 0.0, False),    # beyond the retirement window: the old story is gone
])
def test_time_window(gap_days, penalty, joins):
    from datetime import date, timedelta

    later = (date(2026, 3, 3) + timedelta(days=gap_days)).isoformat()
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("vote1", "Corvale raises minimum wage", VOTE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published=later),
    ]
    options = StoryOptions(time_penalty=penalty, window_days=30, dedup=None)
    result = group_articles(arts, options)
    stories = {a.article: a.story for a in result.assignments}
    assert (stories["fire1"] == stories["fire2"]) is joins


def test_max_live_stories_bounds_memory():
    grouper = StoryGrouper(StoryOptions(max_live_stories=2))
    grouper.add_all(stream())
    assert len(grouper.live) <= 2
    assert grouper.retired_count >= 1


def test_state_round_trip_continues_stories(tmp_path):
    arts = stream()
    day1 = [a for a in arts if a.published <= "2026-03-04"]
    day2 = [a for a in arts if a.published > "2026-03-04"]
    first = StoryGrouper()
    first.add_all(day1)
    path = tmp_path / "state.json"
    first.save_state(path)
    data = json.loads(path.read_text())
    assert data["version"] == STATE_VERSION and data["format"] == "synopsis-stories-state"

    second = StoryGrouper.load_state(path)
    assert second.state() == first.state()  # nothing lost in the round trip
    assignments = second.add_all(day2)
    story_of = {a.article: a.story for a in assignments}
    # New stories continue the numbering of the saved state.
    assert min(story_of.values()) > max(first.live)
    # A copy of yesterday's wire story found today joins yesterday's story.
    copy = article("late-copy", "Barley store fire", FIRE, outlet="Evening", published="2026-03-06")
    late = second.add(copy)
    fire_id = next(s.id for s in first.live.values() if any(m.id == "fire1" for m in s.members))
    assert late.story == fire_id and late.duplicate_of == "fire1.txt"


@pytest.mark.parametrize("content,message", [
    ("not json at all", "not valid JSON"),
    ('{"hello": 1}', "not a synopsis stories state file"),
    ('[1, 2]', "not a synopsis stories state file"),
    ('{"format": "synopsis-stories-state", "version": 999}', "state version 999"),
    ('{"format": "synopsis-stories-state", "version": 1, "options": {}}', "damaged state file"),
])
def test_bad_state_files(tmp_path, content, message):
    path = tmp_path / "state.json"
    path.write_text(content)
    with pytest.raises(StateError, match=message):
        StoryGrouper.load_state(path)


def test_missing_state_file(tmp_path):
    with pytest.raises(StateError, match="no such state file"):
        StoryGrouper.load_state(tmp_path / "nope.json")


def test_state_with_other_dedup_settings_is_refused(tmp_path):
    from synopsis.deduplication import DedupOptions

    g = StoryGrouper()
    g.add_all(stream())
    path = tmp_path / "s.json"
    g.save_state(path)
    with pytest.raises(StateError, match="near-duplicate settings"):
        StoryGrouper.load_state(path, StoryOptions(dedup=DedupOptions(num_perm=128)))


@pytest.mark.parametrize("kwargs", [{"threshold": 0}, {"threshold": 1.2}, {"window_days": 0},
                                    {"time_penalty": -1}, {"max_live_stories": 0}])
def test_bad_options(kwargs):
    with pytest.raises(ValueError):
        StoryOptions(**kwargs)


def test_options_dict_round_trip():
    o = StoryOptions(threshold=0.3, window_days=7)
    assert StoryOptions.from_dict(o.to_dict()) == o
    with pytest.raises(ValueError, match="unknown story option"):
        StoryOptions.from_dict({"treshold": 0.3})


@pytest.mark.parametrize("text,expected", [
    ("The 65,000 dollars and 65000 dollars", ["65000", "dollar", "65000", "dollar"]),
    ("Officials' reports on Obama's trips", ["official", "report", "obama", "trip"]),
    ("A b 12 of the", []),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize("a,b,expected", [
    ({"x": 0.6, "y": 0.8}, {"y": 0.5, "z": 1.0}, 0.4),  # one shared term
    ({"x": 0.6, "y": 0.8}, {"x": 0.6, "y": 0.8}, 1.0),  # the same vector
    ({"x": 1.0}, {"y": 1.0}, 0.0),  # nothing shared
    ({}, {"y": 1.0}, 0.0),
])
def test_sparse_dot_is_the_full_sum(a, b, expected):
    from synopsis.stories.grouping import _dot

    full = sum(w * b.get(t, 0.0) for t, w in a.items())
    assert _dot(a, b) == full  # bit for bit: the grouper's decisions do not move
    assert _dot(a, b) == pytest.approx(expected)


@pytest.mark.parametrize("hits,k,expected", [
    ({"s3": 0.5, "s1": 0.9, "s2": 0.5, "s4": 0.1}, 2, ["s1", "s2"]),  # a tie at the k-th weight: lower id
    ({"s3": 0.5, "s1": 0.9, "s2": 0.5, "s4": 0.1}, 3, ["s1", "s2", "s3"]),
    ({"s2": 0.2, "s1": 0.2}, 5, ["s1", "s2"]),  # fewer hits than k
    ({f"s{i:02d}": float(i % 7) for i in range(40)}, 10, None),  # many ties: as heapq.nsmallest
])
def test_candidate_stories_are_the_heaviest_hits(hits, k, expected):
    import heapq

    from synopsis.stories.grouping import _best_hits

    reference = heapq.nsmallest(k, hits.items(), key=lambda kv: (-kv[1], kv[0]))
    assert _best_hits(hits, k) == reference
    if expected is not None:
        assert [sid for sid, _ in _best_hits(hits, k)] == expected


@pytest.mark.parametrize("iso,expected", [
    ("2026-03-10", 739685), ("2026-03-10T09:00", 739685), (None, None), ("", None), ("March", None),
])
def test_day_number_cache(iso, expected):
    from synopsis.text.dates import day_number

    assert day_number(iso) == expected
    assert day_number(iso) == expected  # the second time from the cache


@pytest.mark.parametrize("title,expected", [
    ("Blaze destroys Eldham grain warehouse", "Blaze destroys Eldham grain warehouse"),
    ("Firefighters fought a fire. Then it rained.", "Firefighters fought a fire"),
    ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen",
     "one two three four five six seven eight nine ten eleven twelve thirteen fourteen…"),
])
def test_headline_phrase(title, expected):
    assert headline_phrase(title) == expected


@pytest.mark.parametrize("aid,source,expected", [
    ("abc", "feed.jsonl:3", "abc"),                          # JSON line with its own id
    ("feed.jsonl:3", "feed.jsonl:3", "feed.jsonl:3"),        # JSON line without an id
    ("_data_feed.jsonl:3", "/data/feed.jsonl:3", "/data/feed.jsonl:3"),
    ("story", "articles/story.txt", "articles/story.txt"),   # a file: its path
])
def test_record_id(aid, source, expected):
    assert record_id(Article(id=aid, source=source, outlet="o", title="t", text="x")) == expected


# --- bad input through load_articles -------------------------------------------------------------

def _jsonl_line(record) -> str:
    return json.dumps(record) + "\n"


def test_bad_jsonl_records_are_skipped_with_reasons(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = [{"id": f"g{i}", "text": "\n\n".join([t, *p]), "published": d, "outlet": o}
            for i, (t, p, d, o) in enumerate([
                ("Blaze destroys Eldham grain warehouse", FIRE, "2026-03-03", "Wire"),
                ("Eldham warehouse burns overnight", FIRE_2, "2026-03-03", "Herald"),
                ("Corvale raises minimum wage", VOTE, "2026-03-05", "Daily"),
            ])]
    with path.open("w") as fh:
        fh.write(_jsonl_line(good[0]))
        fh.write("\n   \n")                                   # empty lines: ignored
        fh.write(_jsonl_line({"id": "no-text", "title": "x"}))  # missing field
        fh.write("{broken json\n")
        fh.write(_jsonl_line(["not", "an", "object"]))
        fh.write(_jsonl_line({"id": "huge", "text": "word " * 10_000_000}))  # a 50 MB line
        fh.write(_jsonl_line(good[1]))
        fh.write(_jsonl_line({"text": "\n\n".join(["Wage bill passes in Corvale", *VOTE_2]), "published": "2026-03-06"}))
        fh.write(_jsonl_line(good[2]))
    loaded = load_articles([path])
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in loaded.skipped}
    assert "no 'text' or 'html' field" in reasons["4"]
    assert "not valid JSON" in reasons["5"]
    assert "must be an object" in reasons["6"]
    assert "record is 50.0 MB, over the 5.0 MB limit" in reasons["7"]
    assert len(loaded.articles) == 4

    out = write_stories(loaded, tmp_path / "out", briefs=False)
    lines = [json.loads(x) for x in (tmp_path / "out" / "assignments.jsonl").read_text().splitlines()]
    ids = [x["id"] for x in lines]
    assert ids[:3] == ["g0", "g1", str(path) + ":9"]  # own id, else the source
    assert set(lines[0]) >= {"id", "story", "duplicate_of"}
    assert lines[0]["story"] == lines[1]["story"] and lines[2]["story"] == lines[3]["story"]
    assert lines[0]["story"] != lines[2]["story"]
    assert out.skipped == loaded.skipped


def test_write_stories_files(tmp_path):
    out = write_stories(stream(), tmp_path / "out", briefs=False, state=tmp_path / "state.json")
    files = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"index.html", "assignments.jsonl", "stories.json"} <= files
    index = json.loads((tmp_path / "out" / "stories.json").read_text())
    assert [s["size"] for s in index] == sorted((s["size"] for s in index), reverse=True)
    assert index[0]["label"] and index[0]["size"] == 4
    assert len(index) == 3 and all(f"{s['id']}.json" in files for s in index)
    story = json.loads((tmp_path / "out" / f"{index[0]['id']}.json").read_text())
    assert story["originals"] == 3 and "brief" not in story
    html = (tmp_path / "out" / "index.html").read_text()
    assert index[0]["label"].split()[0] in html
    assert (tmp_path / "state.json").exists()
    assert len(out.result.assignments) == 8


def test_write_stories_refuses_empty_input(tmp_path):
    from synopsis.errors import InputError

    with pytest.raises(InputError, match="no usable article"):
        write_stories(LoadResult(), tmp_path / "out", briefs=False)


def test_write_stories_with_briefs(tmp_path):
    """One real brief per story (loads the models: the slowest test here)."""
    arts = [a for a in stream() if a.id.startswith("comet")]
    write_stories(arts, tmp_path / "out")
    index = json.loads((tmp_path / "out" / "stories.json").read_text())
    assert len(index) == 1 and index[0]["html"]
    story = json.loads((tmp_path / "out" / index[0]["json"]).read_text())
    assert story["brief"]["summary"] and {a["id"] for a in story["brief"]["articles"]} == {"comet1", "comet2"}
    page = (tmp_path / "out" / index[0]["html"]).read_text()
    assert 'href="index.html"' in page


def test_merge_pass_joins_split_stories_at_batch_end():
    """Two stories split online (a threshold no article can reach) are merged at batch end when
    their centroids are close, and the returned assignments name the surviving story."""
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published="2026-03-03"),
        article("vote1", "Corvale raises minimum wage", VOTE, published="2026-03-03"),
    ]
    split = group_articles(arts, StoryOptions(threshold=0.99, threshold_single=0.99, merge_threshold=None, dedup=None,
                                              join_model=None))  # the bars alone decide online
    assert len({a.story for a in split.assignments}) == 3
    merged = group_articles(arts, StoryOptions(threshold=0.99, threshold_single=0.99, join_model=None, merge_threshold=0.05,
                                               dedup=None))
    story = {a.article: a.story for a in merged.assignments}
    assert story["fire1"] == story["fire2"] == "s000001"
    assert story["vote1"] != story["fire1"]
    kept = merged.story("s000001")
    assert {m.id for m in kept.members} == {"fire1", "fire2"}
    assert {s.id for s in merged.stories} == set(story.values())  # the absorbed story is gone


def test_merge_pass_respects_time_penalty():
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published="2027-06-03"),
    ]
    options = StoryOptions(threshold=0.99, threshold_single=0.99, join_model=None, merge_threshold=0.05, time_penalty=0.95,
                           dedup=None)
    result = group_articles(arts, options)
    assert len({a.story for a in result.assignments}) == 2


@pytest.mark.parametrize("single,joins", [
    (0.05, True),   # a story of one article merges at the single-article threshold
    (None, False),  # None: the pair needs merge_threshold (unreachable here)
    (0.99, False),
])
def test_merge_pass_single_article_threshold(single, joins):
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published="2026-03-03"),
        article("vote1", "Corvale raises minimum wage", VOTE, published="2026-03-03"),
    ]
    options = StoryOptions(threshold=0.99, threshold_single=0.99, join_model=None, merge_threshold=0.99,
                           merge_threshold_single=single, merge_rounds=1, merge_average=None,
                           dedup=None)
    story = {a.article: a.story for a in group_articles(arts, options).assignments}
    assert (story["fire1"] == story["fire2"]) is joins
    assert story["vote1"] != story["fire1"]


@pytest.mark.parametrize("bar,joins", [
    (0.05, True),   # average link: the two fire stories' mean cosine is far above 0.05
    (0.99, False),  # and below 0.99
])
def test_merge_pass_average_link(bar, joins):
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published="2026-03-03"),
        article("vote1", "Corvale raises minimum wage", VOTE, published="2026-03-03"),
    ]
    # Centroid bars that no pair reaches: only the average-link bar decides.
    options = StoryOptions(threshold=0.99, threshold_single=0.99, join_model=None, merge_threshold=0.99, merge_threshold_single=0.99,
                           merge_average=bar, merge_rounds=1, dedup=None)
    story = {a.article: a.story for a in group_articles(arts, options).assignments}
    assert (story["fire1"] == story["fire2"]) is joins
    assert story["vote1"] != story["fire1"]


@pytest.mark.parametrize("merge", [False, True])
def test_story_mass_is_the_norm_of_the_sum_of_its_vectors(merge):
    """Mass = |v1 + v2| for two articles, whether the second joined online or by a merge; it is
    saved in the state, and replayed from the members' similarities when a state lacks it."""
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published="2026-03-03"),
    ]
    options = (StoryOptions(threshold=0.99, threshold_single=0.99, join_model=None, merge_average=0.01, dedup=None) if merge
               else StoryOptions(threshold=0.01, threshold_single=0.01, dedup=None))
    grouper = StoryGrouper(options)
    grouper.add_all(arts)
    (story,) = grouper.live.values()
    v1, v2 = (grouper.vector(a) for a in arts)
    expected = math.sqrt(sum((v1.get(t, 0.0) + v2.get(t, 0.0)) ** 2 for t in set(v1) | set(v2)))
    assert 1.0 < expected < 2.0
    assert story.mass == pytest.approx(expected, abs=1e-9)
    state = grouper.state()
    assert StoryGrouper.from_state(state).live[story.id].mass == pytest.approx(expected, abs=1e-6)
    for entry in state["stories"]:
        del entry["mass"]
    if not merge:  # the online join recorded the cosine to the story: the replay recovers the mass
        assert StoryGrouper.from_state(state).live[story.id].mass == pytest.approx(expected, abs=1e-3)


def test_undated_article_joins_a_story_retired_in_the_same_batch():
    """A batch whose dates jump past retire_days: the old story is out of reach of the new dated
    articles, but the batch's undated articles (grouped last) can still join it; it is retired at
    the end of the batch."""
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2017-03-03"),
        article("vote1", "Corvale raises minimum wage", VOTE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2),
        article("fire3", "Investigators search Eldham ruins", FIRE_3, published="2026-03-04"),
    ]
    grouper = StoryGrouper(StoryOptions(dedup=None))
    story = {a.article: a.story for a in group_articles(arts, grouper=grouper).assignments}
    assert story["fire2"] == story["fire1"]
    assert story["fire3"] not in (story["fire1"], story["vote1"])  # dated: beyond retire_days
    assert story["fire1"] not in grouper.live and grouper.retired_count == 1
    assert story["fire1"] in {s.id for s in grouper.stories()}  # still reported for this run


def test_seeds_and_example_make_two_stories():
    """The five seeds (one event of 2017, three of them undated) and the example (2026): one
    story each, the seeds' later development (dated December 2017) inside the seeds' story."""
    seeds = need_shared("seeds")
    loaded = load_articles([seeds, EXAMPLE])
    story = {a.article: a.story for a in group_articles(loaded.articles).assignments}
    seed_ids = {p.stem for p in seeds.glob("*.txt")}
    assert len(seed_ids) == 5 and len(story) == 10
    groups = {frozenset(k for k, v in story.items() if v == s) for s in set(story.values())}
    assert groups == {frozenset(seed_ids), frozenset(story) - seed_ids}


def test_name_words_are_the_words_of_names_inside_sentences():
    # the one definition of text.words.inner_names (D12): whole names, not "Mc" or "Neill"
    assert name_words("Officials at NASA said McAllister met O'Neill in Ardenport.") == {
        "nasa", "mcallister", "o'neill", "ardenport"}


def _outputs(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _feed(tmp_path, name="feed.jsonl", arts=None) -> LoadResult:
    path = tmp_path / name
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text, "outlet": a.outlet, "published": a.published})
                            + "\n" for a in arts or stream()), encoding="utf-8")
    return load_articles([path])


@pytest.mark.parametrize("batch", ["articles", "a JSON-lines feed", "text files"])
def test_a_batch_given_again_changes_nothing(tmp_path, batch):
    if batch == "text files":
        folder = tmp_path / "crawl"
        folder.mkdir()
        for a in stream():
            (folder / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
        load = lambda: load_articles([folder])  # noqa: E731
    elif batch == "a JSON-lines feed":
        load = lambda: _feed(tmp_path)  # noqa: E731
    else:
        load = stream
    state = tmp_path / "state.json"
    write_stories(load(), tmp_path / "run1", briefs=False, state=state)
    saved = state.read_bytes()
    for run in ("run2", "run3"):  # a retried cron job
        again = write_stories(load(), tmp_path / run, briefs=False, state=state)
        assert state.read_bytes() == saved
        assert _outputs(tmp_path / run) == _outputs(tmp_path / "run1")
        assert sum(s.size for s in again.result.stories) == 8
    data = json.loads(saved)
    assert data["n_docs"] == 8 and sum(len(s["members"]) for s in data["stories"]) == 8


def test_an_article_given_again_keeps_its_story_and_copy_credit():
    grouper = StoryGrouper()
    first = grouper.add_all(stream())
    n_docs, seq = grouper.n_docs, grouper.seq
    again = grouper.add_all(list(reversed(stream())))
    assert list(reversed(again)) == first  # same story, same credit of the original, same similarity
    assert (grouper.n_docs, grouper.seq) == (n_docs, seq)
    assert grouper.add(stream()[0]) == first[0]


def test_records_that_share_an_id_but_not_a_text_are_different_articles(tmp_path):
    """Two feeds that both number their records are not confused; an edited record is a new version."""
    state = tmp_path / "state.json"
    write_stories(_feed(tmp_path), tmp_path / "run1", briefs=False, state=state)
    other = [replace(a, text=a.text + "\n\nThis version was corrected on Friday.") for a in stream()]
    second = write_stories(_feed(tmp_path, "other.jsonl", other), tmp_path / "run2", briefs=False, state=state)
    assert sum(s.size for s in second.result.stories) == 16
    assert json.loads(state.read_text())["n_docs"] == 16


def _saved_state(tmp_path) -> tuple:
    g = StoryGrouper()
    g.add_all(stream())
    return tmp_path / "state.json", g.state()


def _damage(data: dict, how: str) -> None:
    stories = data["stories"]
    if how == "next_story behind the stories":
        data["next_story"] = 2
    elif how == "a story twice":
        stories.append(dict(stories[0]))
    elif how == "seq behind a story":
        data["seq"] = 1
    elif how == "a frequency over n_docs":
        data["df"][next(iter(data["df"]))] = data["n_docs"] + 1
    elif how == "a story ending before it begins":
        stories[0]["first"], stories[0]["last"] = "2026-03-09", "2026-03-01"
    elif how == "an article in two stories":
        stories[1]["members"].append(dict(stories[0]["members"][0]))
    elif how == "a story id of another form":
        stories[0]["id"] = "story-1"
    elif how == "a story without articles":
        stories[0]["members"] = []


@pytest.mark.parametrize("how", ["next_story behind the stories", "a story twice", "seq behind a story",
                                 "a frequency over n_docs", "a story ending before it begins",
                                 "an article in two stories", "a story id of another form",
                                 "a story without articles"])
def test_a_state_that_contradicts_itself_is_refused_and_left_untouched(tmp_path, how):
    path, data = _saved_state(tmp_path)
    _damage(data, how)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StateError, match="inconsistent state file|listed twice") as err:
        write_stories(stream(), tmp_path / "out", briefs=False, state=path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert path.read_bytes() == before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_version_1_state_is_still_read(tmp_path):
    path, data = _saved_state(tmp_path)
    data["version"] = 1
    for s in data["stories"]:
        for m in s["members"]:
            del m["key"]
    path.write_text(json.dumps(data), encoding="utf-8")
    grouper = StoryGrouper.load_state(path)
    assert sum(len(s.members) for s in grouper.live.values()) == 8
    assert grouper.state()["version"] == STATE_VERSION


@pytest.mark.parametrize("intercept,joins", [
    (10.0, True),    # the learned decision says "same event" for every candidate in the band
    (-10.0, False),  # and "another event" for every one
])
def test_learned_join_decides_the_candidates_within_its_band(intercept, joins):
    """With the band covering every margin the model alone decides: the same two fire articles
    join or not by the model's probability, whatever their cosine to the bar."""
    arts = [
        article("fire1", "Blaze destroys Eldham grain warehouse", FIRE, published="2026-03-03"),
        article("fire2", "Eldham warehouse burns overnight", FIRE_2, published="2026-03-03"),
    ]
    grouper = StoryGrouper(StoryOptions(join_band=1.0, merge_threshold=None, dedup=None))
    grouper._join_weights = ([0.0] * len(JOIN_FEATURES), intercept)
    story = {a.article: a.story for a in group_articles(arts, grouper=grouper).assignments}
    assert (story["fire1"] == story["fire2"]) is joins


def test_join_observer_sees_the_features_of_the_best_candidates():
    rows = []
    grouper = StoryGrouper(StoryOptions(join_model=None, merge_threshold=None, dedup=None))
    grouper.join_observer = lambda art, seen: rows.extend((art.id, story.id, x, m) for story, x, m in seen)
    result = group_articles(stream(), grouper=grouper)
    assert rows and all(len(x) == len(JOIN_FEATURES) for _, _, x, _ in rows)
    # the first feature is the cosine, the third its margin over the bar
    assert all(math.isclose(x[2], m) and x[0] > m for _, _, x, m in rows)
    # without the model the bars alone decide: the same groups as the default grouping without it
    assert partition(result.assignments) == partition(group_articles(stream(), StoryOptions(
        join_model=None, merge_threshold=None, dedup=None)).assignments)


def test_the_shipped_join_model_has_the_grouper_s_features():
    weights, intercept = StoryGrouper()._join_model()
    assert len(weights) == len(JOIN_FEATURES) and math.isfinite(intercept)
