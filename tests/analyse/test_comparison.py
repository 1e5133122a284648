"""Outlet comparison: consensus facts, unique facts, omissions per outlet, off-event articles."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paths import EXAMPLE, ROOT, need_shared
from helpers import corpus_of, make_article
from synopsis.analyse.comparison import (Comparison, _dependence, _off_event_statements, _self_contained, compare_outlets,
                                         precedent_year)
from synopsis.records import Sentence
from synopsis.text.words import content_tokens


def unit(*values):
    v = np.zeros(12, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def build(spec, published=None, removed=None):
    """spec: list of (article id, outlet, [(sentence, vector[, kind]), ...]) -> the corpus of one
    paragraph per article made of those sentences, with those embeddings; kind is "body" unless given."""
    articles, sentences, vectors = [], [], []
    for aid, outlet, items in spec:
        art = make_article(" ".join(sent for sent, *_ in items), id=aid, outlet=outlet,
                           published=(published or {}).get(aid), removed=(removed or {}).get(aid, []))
        articles.append(art)
        start = 0
        for k, (sent, vec, *kind) in enumerate(items):
            assert art.text[start:start + len(sent)] == sent
            sentences.append(Sentence(aid, k, start, start + len(sent), sent, kind[0] if kind else "body", 0))
            vectors.append(vec)
            start += len(sent) + 1
    return corpus_of(*articles, sentences=sentences, embeddings=np.stack(vectors))


def compare(spec, **kw) -> Comparison:
    return compare_outlets(build(spec, **kw))


FILLER = "The council also discussed the library budget for the coming season in detail."


def filler(k):
    return (f"{FILLER} Item {k} was tabled until the following session.", unit(*([0.0] * (6 + k) + [1.0])))


@pytest.mark.parametrize(
    "first, second, same",
    [
        # paraphrase: very close embeddings (a reworded sentence) group without shared words
        ("Officials warned coastal towns they could lose state grants.",
         "The minister threatens to cut state money to towns that ignore the harbor rule.", True),
        # same specific figure with a lower cosine
        ("The board set aside $48.5 million for the repairs on Tuesday.",
         "Repairs will cost the district $48.5 million, officials said.", True),
    ],
)
def test_paraphrases_group_into_one_fact(first, second, same):
    vec_a = unit(1, 0, 0, 0, 0, 0)
    vec_b = unit(1, 0.25, 0, 0, 0, 0) if "minister" in second else unit(1, 0.9, 0.5, 0, 0, 0)
    result = compare([("a", "Alpha", [(first, vec_a), filler(1)]),
                      ("b", "Beta", [(second, vec_b), filler(2)])])
    assert len(result.consensus) == (1 if same else 0)
    fact = result.consensus[0]
    assert sorted(fact.outlets) == ["Alpha", "Beta"]
    assert {c.text for c in fact.citations} == {first, second}


JOINED = "The depot was licensed for at most 80 workers on a shift; about 200 were inside when the roof gave way."
ONE_FACT = "The roof of the depot gave way while about 200 workers were inside, the police said."


@pytest.mark.parametrize("clause_vector, agreed", [
    ((0.3, 1, 0.2, 0, 0, 0), True),   # the second clause states the other outlet's fact (cosine 0.94)
    ((0.3, 0, 0, 1, 0, 0), False),    # no clause close to it: the whole sentences are 0.29 apart
])
def test_a_clause_of_a_long_sentence_agrees_with_a_sentence_stating_its_fact(clause_vector, agreed):
    corpus = build([("a", "Alpha", [(JOINED, unit(1, 0, 0, 0, 0, 0)), filler(1)]),
                    ("b", "Beta", [(ONE_FACT, unit(0.3, 1, 0, 0, 0, 0)), filler(2)])])
    spans = corpus.clause_spans
    assert [JOINED[a:b] for a, b in spans[0]] == [JOINED[:JOINED.index(";")], JOINED[JOINED.index("about"):-1]]
    corpus.set_clause_vectors([np.stack([unit(1, 0, 0, 0, 0, 0), unit(*clause_vector)]) if k == 0
                               else np.zeros((len(found), 12), dtype=np.float32) for k, found in enumerate(spans)])
    facts = compare_outlets(corpus).consensus
    assert [sorted(c.text for c in f.citations) for f in facts] == ([sorted([JOINED, ONE_FACT])] if agreed else [])


TWO_FACTS = ("The council voted to close the Greyhaven footbridge for repairs and to require every truck to use the "
             "ring road from June 3.")
TOLL = "The toll on the ring road will rise to $14 for every truck, Tomas Brek said."
B_ROAD = "Trucks must take the ring road from June 3 and pay a $14 toll."
G_ROAD = "From June 3 trucks go by the ring road and pay $14 each."
B_BRIDGE = "The footbridge will close for repairs after a council vote on Monday."
G_BRIDGE = "Councillors voted to shut the Greyhaven footbridge for repairs."


def test_a_sentence_whose_clauses_carry_two_facts_supports_both():
    """Alpha's sentence states the footbridge fact in its first clause and the ring-road fact in
    its second; Beta's and Gamma's ring-road sentences (one clause each) are in the toll fact
    already. The footbridge fact takes the first clause only, so the second clause heads the
    ring-road fact, which those sentences support too (its clause matched them)."""
    corpus = build([("a", "Alpha", [(TWO_FACTS, unit(1, 1, 0, 0, 0)), (TOLL, unit(0, 0.3, 1, 0, 0))]),
                    ("b", "Beta", [(B_ROAD, unit(0, 1, 0.9, 0.5, 0)), (B_BRIDGE, unit(1, 0, 0, 0.3, 0))]),
                    ("g", "Gamma", [(G_ROAD, unit(0, 1, 0.9, 0, 0.5)), (G_BRIDGE, unit(1, 0, 0, 0, 0.3))])])
    spans = corpus.clause_spans
    assert [len(found) for found in spans] == [2, 0, 0, 0, 0, 0]
    corpus.set_clause_vectors([np.stack([unit(1, 0, 0, 0, 0), unit(0, 1, 0.3, 0, 0)]) if k == 0
                               else np.zeros((0, 12), dtype=np.float32) for k in range(len(spans))])
    facts = {frozenset(c.text for c in f.citations) for f in compare_outlets(corpus).consensus}
    assert facts == {frozenset({TOLL, B_ROAD, G_ROAD}), frozenset({TWO_FACTS, B_BRIDGE, G_BRIDGE}),
                     frozenset({TWO_FACTS, B_ROAD, G_ROAD})}


@pytest.mark.parametrize("c_vector, joins", [
    ((0.75, 1, 0.15, 0.2), True),   # cosines to the fact 0.59, 0.86, 0.59: mean 0.68
    ((0.45, 1, 0.1, 0.2), False),   # 0.40, 0.73, 0.40: mean 0.51, below JOIN_MEAN_COSINE
])
def test_a_voice_the_star_missed_joins_by_average_link(c_vector, joins):
    """C states the fact in other words than the head A (no edge to A or D) but links to B: it
    joins when its mean cosine to A, B and D is high enough, not on the one link alone."""
    a = ("The water district ordered rationing for its customers.", unit(1, 0, 0, 0))
    b = ("Rationing was ordered by the water board after dam cracks appeared.", unit(1, 0.45, 0, 0))
    d = ("The district told customers to expect shortages.", unit(1, 0, 0.45, 0))
    c = ("Dam cracks appeared in the spillway, the board confirmed.", unit(*c_vector))
    result = compare([("a", "Alpha", [a]), ("b", "Beta", [b]), ("d", "Delta", [d]), ("c", "Gamma", [c])])
    assert len(result.consensus) == 1
    fact = result.consensus[0]
    assert fact.text == a[0]
    assert ("Gamma" in fact.outlets) == joins
    assert len(fact.outlets) == (4 if joins else 3)


# Topic sentences: the story's common words, embeddings apart (no twins, no edges).
TOPIC = [(f"Harbour officials met on day {k} about the harbour ferry timetable and fares.",
          unit(*([0.0] * (6 + k) + [1.0]))) for k in range(1, 6)]


@pytest.mark.parametrize("headline, joins", [
    # shares "strike", a word of the fact that few sentences hold
    ("Ferry crews vow strike over harbour fares", True),
    # shares only the story's topic words (harbour, ferry, fares)
    ("Harbour ferry fares under fire", False),
])
def test_an_outlet_stating_a_fact_only_in_its_headline_is_cited_by_it(headline, joins):
    fact_a = ("Ferry crews said they would strike next week over the harbour fares.", unit(1, 0, 0, 0, 0, 0, 0.5))
    fact_b = ("The crews announced a strike for next week, citing harbour fares.", unit(1, 0.2, 0, 0, 0, 0, 0.5))
    title = (headline, unit(1, 0, 0.3, 0, 0, 0, 0.6), "title")
    result = compare([("a", "Alpha", [fact_a, *TOPIC[:2]]), ("b", "Beta", [fact_b, *TOPIC[2:4]]),
                      ("c", "Gamma", [title, *TOPIC[4:]])])
    fact = next(f for f in result.consensus if fact_a[0] in {c.text for c in f.citations})
    assert ("Gamma" in fact.outlets) == joins
    if joins:
        assert fact.citations[-1].text == headline
    assert result.missing["Gamma"] == ([] if joins else [result.consensus.index(fact)])


def test_citations_are_exact_offsets():
    spec = [("a", "Alpha", [filler(1), ("Engineers found cracks in the dam spillway.", unit(1, 0, 0, 0, 0, 0))]),
            ("b", "Beta", [("Cracks were found in the dam spillway by engineers.", unit(1, 0.1, 0, 0, 0, 0)), filler(2)])]
    corpus = build(spec)
    result = compare_outlets(corpus)
    by_id = {a.id: a for a in corpus.articles}
    for c in result.consensus[0].citations:
        assert by_id[c.article].text[c.start:c.end] == c.text


def test_sentences_of_one_article_are_not_consensus():
    result = compare([("a", "Alpha", [("Engineers found cracks in the dam spillway.", unit(1, 0, 0, 0, 0, 0)),
                                      ("Engineers found cracks in the spillway again.", unit(1, 0.05, 0, 0, 0, 0))]),
                      ("b", "Beta", [("The ferry timetable changes in June for summer.", unit(0, 0, 1, 0, 0, 0))])])
    assert result.consensus == []


def test_wire_copies_count_as_one_voice():
    wire = [("The district ordered mandatory water rationing for all customers.", unit(1, 0, 0, 0, 0, 0)),
            ("Fines for violations will begin on the first of April this year.", unit(0, 1, 0, 0, 0, 0)),
            filler(1)]
    result = compare([("a", "Alpha", wire), ("b", "Beta", wire),
                      ("c", "Gamma", [("Water rationing was ordered for every customer of the district.",
                                       unit(1, 0.1, 0, 0, 0, 0)), filler(3)])])
    top = result.consensus[0]
    assert len(top.outlets) == 2 and "Alpha / Beta" in top.outlets and "Gamma" in top.outlets
    # the fact only the two copies carry is not consensus
    assert all("Fines" not in f.text for f in result.consensus)


def test_missing_lists_the_consensus_an_outlet_leaves_out():
    one = ("The district ordered mandatory water rationing for all customers.", unit(1, 0, 0, 0, 0, 0))
    one_b = ("Water rationing was ordered for every customer of the district.", unit(1, 0.4, 0, 0, 0, 0))
    two = ("The dam was completed in 1961 and holds back the reservoir.", unit(0, 1, 0, 0, 0, 0))
    two_b = ("Completed in 1961, the dam holds back the reservoir upstream.", unit(0, 1, 0.4, 0, 0, 0))
    result = compare([("a", "Alpha", [one, two]), ("b", "Beta", [one_b, two_b]),
                      ("c", "Gamma", [("Rationing was ordered for all district customers today.",
                                       unit(1, 0.05, 0, 0, 0, 0)), filler(1)])])
    assert len(result.consensus) == 2
    assert len(result.consensus[0].outlets) == 3  # ranked by number of outlets
    dam = next(k for k, f in enumerate(result.consensus) if "1961" in f.text)
    assert result.missing == {"Alpha": [], "Beta": [], "Gamma": [dam]}


def test_unique_facts_are_substantive_and_ranked_by_salience():
    result = compare([("a", "Alpha", [("Mayor Celeste Arbogast said the city would open 6 help lines for 2,400 residents.",
                                       unit(0, 0, 0, 0, 1, 0)),
                                      ("It was a long and difficult day for many of the people here.",
                                       unit(0, 0, 0, 0, 0, 1)),
                                      ("Nobody knew.", unit(0, 0, 1, 0, 0, 0))]),
                      ("b", "Beta", [filler(1)])])
    texts = [f.text for f in result.unique]
    assert "Nobody knew." not in texts  # too short
    assert texts.index(next(t for t in texts if "Arbogast" in t)) < texts.index(next(t for t in texts if "long" in t))
    assert all(len(f.outlets) == 1 for f in result.unique)


def _event(k, extra=()):
    base = [("The district ordered mandatory water rationing for all customers.", unit(1, 0.02 * k, 0, 0, 0, 0)),
            ("The board approved 48.5 million dollars for emergency dam repairs.", unit(0, 1, 0.02 * k, 0, 0, 0))]
    return base + list(extra)


@pytest.mark.parametrize("how", ["date", "overlap"])
def test_off_event_articles_are_flagged_with_reasons(how):
    later = [("A contractor was hired to rebuild the spillway after six weeks of bids.", unit(0, 0, 0, 1, 0, 0)),
             ("The cut was eased to 15 percent as the reservoir refilled in late April.", unit(0, 0, 0, 0, 1, 0)),
             ("The lowest of four bidders won the contract on a six to one vote.", unit(0, 0, 0, 0, 0, 1))]
    spec = [("a", "Alpha", _event(0, [filler(1)])), ("b", "Beta", _event(1, [filler(2)])),
            ("c", "Gamma", _event(2, [filler(3)]))]
    if how == "date":
        spec.append(("d", "Delta", _event(3, [later[0]])))
        kw = {"published": {"a": "2026-03-10", "b": "2026-03-10", "c": "2026-03-11", "d": "2026-04-21"}}
    else:  # no publication date: a caption's date plus little shared content
        spec.append(("d", "Delta", [_event(3)[0]] + later))
        kw = {"removed": {"a": ["Officials speak on March 10, 2026."], "d": ["The dam seen on April 30, 2026."]}}
    result = compare(spec, **kw)
    assert [o.article for o in result.off_event] == ["d"]
    flagged = result.off_event[0]
    assert flagged.outlet == "Delta" and flagged.score > 0
    assert any("days after" in r for r in flagged.reasons)
    if how == "overlap":
        assert any("few of its sentences" in r for r in flagged.reasons)
    # the off-event article's own lines are not offered as unique facts
    assert all(c.article != "d" for f in result.unique for c in f.citations)


@pytest.mark.parametrize("d_same_event,cohesion,closest,flagged", [
    (0.9, 1.0, None, False),   # the same event by the learned score: reaction, background, a profile
    (0.1, 1.0, None, True),    # the others cohere and nothing is close to it: another event
    (0.1, 1.0, 0.6, False),    # one article is likely on its event (a strand the others lack)
    (0.06, 0.15, None, False),  # a loosely related set: it is as far from the others as they are apart
])
def test_few_shared_facts_flag_only_a_low_same_event_score(monkeypatch, d_same_event, cohesion, closest, flagged):
    # few stated facts in common (a profile, reaction, background) flags an article only when the
    # learned same-event score sets it apart from the set too (the gold clusters' and the DUC 2003
    # event clusters' false alarms)
    import numpy as np

    from synopsis.analyse import comparison

    def scores(articles):
        p = np.full((len(articles), len(articles)), cohesion)
        k = [a.id for a in articles].index("d")
        p[k, :] = p[:, k] = d_same_event
        if closest is not None:
            p[k, 0] = p[0, k] = closest
        np.fill_diagonal(p, 1.0)
        return p

    monkeypatch.setattr(comparison, "same_event_scores", scores)
    later = [("A contractor was hired to rebuild the spillway after six weeks of bids.", unit(0, 0, 0, 1, 0, 0)),
             ("The cut was eased to 15 percent as the reservoir refilled in late April.", unit(0, 0, 0, 0, 1, 0)),
             ("The lowest of four bidders won the contract on a six to one vote.", unit(0, 0, 0, 0, 0, 1))]
    spec = [("a", "Alpha", _event(0, [filler(1)])), ("b", "Beta", _event(1, [filler(2)])),
            ("c", "Gamma", _event(2, [filler(3)])),
            ("d", "Delta", [_event(3)[0]] + later + [
                ("Engineers will drain the upper basin before the new gates are fitted.", unit(*[0] * 10, 1)),
                ("The old gates were cast in a foundry that closed decades ago.", unit(*[0] * 11, 1))])]
    result = compare(spec)
    assert [o.article for o in result.off_event] == (["d"] if flagged else [])
    if flagged:
        assert result.off_event[0].kind == "another event"
        assert any("same-event score to the other articles 0.10" in r for r in result.off_event[0].reasons)


@pytest.mark.parametrize("dates,flagged", [
    ({"a": "2026-03-10", "b": "2026-03-10", "c": "2026-03-11", "d": "2026-04-21"}, ["d"]),  # alone, six weeks on
    ({"a": "2026-03-10", "b": "2026-03-10", "c": "2026-04-19", "d": "2026-04-21"}, []),     # c covers the later days too
    ({"a": "2026-03-10", "b": "2026-03-24", "c": "2026-03-31", "d": "2026-04-21"}, []),     # coverage spread over weeks
])
def test_a_date_flag_needs_the_article_apart_from_every_other_date(dates, flagged):
    later = ("A contractor was hired to rebuild the spillway after six weeks of bids.", unit(0, 0, 0, 1, 0, 0))
    spec = [("a", "Alpha", _event(0, [filler(1)])), ("b", "Beta", _event(1, [filler(2)])),
            ("c", "Gamma", _event(2, [filler(3)])), ("d", "Delta", _event(3, [later]))]
    assert [o.article for o in compare(spec, published=dates).off_event] == flagged


def test_nothing_flagged_when_all_cover_the_event():
    result = compare([("a", "Alpha", _event(0)), ("b", "Beta", _event(1)), ("c", "Gamma", _event(2))],
                     published={"a": "2026-03-10", "b": "2026-03-11", "c": "2026-03-12"})
    assert result.off_event == []


# --- real sets ---------------------------------------------------------------------------------

def _prepare(paths, options):
    import synopsis
    from synopsis.core import reading_order

    return corpus_of(*reading_order(synopsis.load_articles(paths, options).articles), options=options)


def _stem(name):
    return name.rsplit(".", 1)[0]


def matched(fact_description, files, comparison, min_cover=0.75, min_words=0.5):
    """Index of a consensus fact matching a gold fact: its citations cover at least `min_cover`
    of the gold files and its cited sentences contain `min_words` of the description's content
    words (content_tokens). None when none does. A fact may match several gold facts when its
    sentences state several; half the words, not fewer, so that two shared topic words
    ("administration", "require") do not make a match."""
    key = content_tokens(fact_description)
    gold = {_stem(f) for f in files}
    best = None
    for k, fact in enumerate(comparison.consensus):
        cited = {c.article for c in fact.citations}
        words = set().union(*(content_tokens(c.text) for c in fact.citations))
        cover, share = len(gold & cited) / len(gold), len(key & words) / max(len(key), 1)
        if cover >= min_cover and share >= min_words and (best is None or cover + share > best[0]):
            best = (cover + share, k)
    return None if best is None else best[1]


def matched_facts(gold_facts, comparison, min_cover=0.75):
    """The gold facts that some consensus fact matches."""
    return [g["fact"] for g in gold_facts if matched(g["fact"], g["files"], comparison, min_cover) is not None]


@pytest.fixture(scope="module")
def seeds_comparison():
    import synopsis

    seeds = need_shared("seeds")
    return compare_outlets(_prepare(sorted(seeds.glob("*.txt")), synopsis.Options()))


@pytest.fixture(scope="module")
def example_comparison():
    import synopsis

    outlets = json.loads((ROOT / "examples" / "outlets.json").read_text(encoding="utf-8"))
    options = synopsis.Options(outlets=outlets)
    return compare_outlets(_prepare([EXAMPLE], options))


def test_seeds_off_event_article_flagged_and_no_other(seeds_comparison, seeds_gold):
    assert {o.article for o in seeds_comparison.off_event} == {_stem(f) for f in seeds_gold["off_event"]}
    # labelled a later development; the kind and the same-event evidence are given
    assert [o.kind for o in seeds_comparison.off_event] == ["a later development"]
    assert any("same-event score" in r for r in seeds_comparison.off_event[0].reasons)


def test_seeds_consensus_facts_found(seeds_comparison, seeds_gold):
    found = matched_facts(seeds_gold["consensus"], seeds_comparison)
    assert len(found) >= 6, found  # all six (the precedent fact since session 36)


def test_seeds_consensus_target(seeds_comparison, seeds_gold):
    found = matched_facts(seeds_gold["consensus"], seeds_comparison, min_cover=1.0)
    assert len(found) >= 6, found


def test_example_off_event(example_comparison):
    labels = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))
    assert {o.article for o in example_comparison.off_event} == {_stem(f) for f in labels["off_event"]}
    assert any("published" in r for r in example_comparison.off_event[0].reasons)
    assert example_comparison.off_event[0].kind == "a later development"


def test_example_consensus_and_unique(example_comparison):
    labels = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))
    found = matched_facts(labels["consensus"], example_comparison)
    assert len(found) >= 9, found
    unique_files = {(c.article) for f in example_comparison.unique for c in f.citations}
    assert {_stem(u["file"]) for u in labels["unique"]} <= unique_files


def test_example_cut_starting_march_16_is_a_fact_of_its_own(example_comparison):
    """The labelled fact "the restrictions take effect Monday, March 16" (its description's words
    are not the articles', so `matched` cannot find it): the board's 7-0 sentence states it in its
    second clause and the $48.5 million in its first, and supports both facts."""
    dated = [f for f in example_comparison.consensus
             if len({c.article for c in f.citations}) >= 3 and all("March 16" in c.text for c in f.citations)]
    assert len(dated) == 1
    assert {c.article for c in dated[0].citations} >= {"01_ardenport-ledger", "02_valley-courier", "03_riverline-radio"}
    board = next(c.text for c in dated[0].citations if c.article == "01_ardenport-ledger")
    assert "7-0" in board
    assert any(c.text == board for f in example_comparison.consensus if f is not dated[0]
               and any("$48.5 million" in c.text for c in f.citations) for c in f.citations)


@pytest.mark.parametrize("text, previous, anchor, year", [
    ("The ministry adopted a similar levy on ferries last year.", None, "2026-05-04", 2025),
    ("Last year the ministry began requiring such permits for ferries.", None, "2026-05-04", 2025),
    ("Last year the ministry began requiring permits for ferries.", "This is not new.", "2026-05-04", 2025),
    ("A similar levy on ferries was imposed in 2019, Ilse Varga said.", None, "2026-05-04", 2019),
    ("A similar levy was imposed two years ago.", None, "2026-05-04", 2024),
    ("The ministry adopted a similar levy last year.", None, None, "last year"),  # the same words, one event
    ("Last year the ministry began requiring permits for ferries.", None, "2026-05-04", None),  # no comparison
    ("Ports such as Velmar raised their fees last year.", None, "2026-05-04", None),  # an example
    ("Fees rose the same day last year at Velmar.", None, "2026-05-04", None),  # a time
    ("Ports with such fees as Velmar's were named in 2019.", None, "2026-05-04", None),  # an example
    ("A similar levy on ferries is planned for 2027.", None, "2026-05-04", None),  # not an earlier year
    ("The ministry adopted a similar levy on ferries.", None, "2026-05-04", None),  # no year
])
def test_precedent_year(text, previous, anchor, year):
    from datetime import date

    assert precedent_year(text, previous, date.fromisoformat(anchor) if anchor else None) == year


def test_precedent_statements_of_one_year_are_one_fact_however_far_apart_their_words():
    """Three outlets say in their own words that something like the new levy was done the year
    before (embeddings orthogonal: no other route links them); a fourth names another year."""
    a = [("The ministry imposed a ferry levy on Tuesday.", unit(1, 0, 0, 0, 0, 0)),
         ("But Ilse Varga said she was extending a similar charge brought in by the previous cabinet last year.",
          unit(0, 1, 0, 0, 0, 0))]
    b = [("A levy on ferries was announced by the ministry on Tuesday.", unit(1, 0.1, 0, 0, 0, 0)),
         ("The charge is not entirely new.", unit(0, 0, 0, 0, 0, 0, 1)),
         ("Last year, the former cabinet told operators they could be made to pay for the harbour.",
          unit(0, 0, 1, 0, 0, 0))]
    c = [("Ferries will pay a new ministry levy from Tuesday.", unit(1, 0, 0.1, 0, 0, 0)),
         ("Last year the ministry began asking for such payments on two routes.", unit(0, 0, 0, 1, 0, 0))]
    d = [("The ministry levy on ferries was set on Tuesday.", unit(1, 0, 0, 0.1, 0, 0)),
         ("A similar levy was tried in 2019 and dropped.", unit(0, 0, 0, 0, 1, 0))]
    dates = {k: "2026-05-04" for k in "abcd"}
    result = compare([("a", "Alpha", a), ("b", "Beta", b), ("c", "Gamma", c), ("d", "Delta", d)], published=dates)
    precedent = [f for f in result.consensus if any("ast year" in c.text for c in f.citations)]
    assert len(precedent) == 1
    assert sorted(c.article for c in precedent[0].citations) == ["a", "b", "c"]
    # the wording that stands alone leads: not the one opening with "But", nor "such payments"
    assert precedent[0].text.startswith("Last year, the former cabinet")
    assert not any("2019" in c.text for f in result.consensus for c in f.citations)


def test_a_copy_cut_to_four_of_ten_paragraphs_is_one_voice_as_in_stories():
    """One copy rule (synopsis.copies) for briefs and stories: the cut copy is a copy in both."""
    from test_deduplication import LONG_WIRE

    from synopsis.copies import find_duplicates

    original = make_article("Fire destroys Eldham grain warehouse", *LONG_WIRE, id="wire", outlet="Agency", title=True)
    cut = make_article("Eldham warehouse burns", *LONG_WIRE[:4], id="cut", outlet="Paper", title=True)
    other = make_article("Eldham asks why its warehouse burned",
                         "A grain warehouse in Eldham burned down overnight and the town is asking what went wrong.",
                         id="other", outlet="Gazette", title=True)
    voices = corpus_of(original, cut, other).voices
    assert voices["wire"] == voices["cut"] == "Agency / Paper"
    assert voices["other"] == "Gazette"
    assert find_duplicates([original, cut])["cut"].original == "wire"


@pytest.mark.gate
def test_duc2003_event_clusters_raise_almost_no_off_event_flag():
    """Each DUC 2003 event cluster (d30xxx, d31xxx) covers one TDT topic, so any flag is a false
    alarm; issue 21's target is no flag in at least 95% of them (measured 29 of 30; was 10:
    ``python benchmarks/off_event_clusters.py``, which also adds an article of another cluster)."""
    import synopsis
    from synopsis.evaluate.summaries import cluster_articles, read_clusters

    path = need_shared("data", "summarization", "duc2003")
    clusters = [c for c in read_clusters("duc", path) if c.id[:3] in ("d30", "d31")]
    assert len(clusters) == 30
    flagged = {c.id: [o.article for o in synopsis.brief(cluster_articles(c)).off_event] for c in clusters}
    clean = sum(1 for found in flagged.values() if not found)
    assert clean >= 29, {k: v for k, v in flagged.items() if v}


# (edges of the off-event sentence 3 to the fact's sentences, cited): a fact of three sentences
# (0 leads, 1 and 2 support it) cites an off-event article's sentence that states it by an edge
# to its first sentence or to half of its sentences, not to one supporting sentence alone (a
# later development sharing that sentence's other clause)
@pytest.mark.parametrize("linked, cited", [
    ({0}, True),
    ({1}, False),
    ({1, 2}, True),
])
def test_an_off_event_statement_needs_the_facts_first_sentence_or_half_of_it(linked, cited):
    sentences = [Sentence(a, 0, 0, 1, "x", "body", 0) for a in ("a", "b", "c", "off")]
    edges = {k: ({3: 0.6} if k in linked else {}) for k in range(3)}
    edges[3] = {k: 0.6 for k in linked}
    sim = np.full((4, 4), 0.6)
    found = _off_event_statements(0, [(1, 0.7), (2, 0.7)], edges, lambda i, j: False, sentences, sim, {"off"})
    assert [j for j, _ in found] == ([3] if cited else [])
    # a veto of the off-event sentence against any of the fact's sentences drops it
    assert _off_event_statements(0, [(1, 0.7), (2, 0.7)], edges, lambda i, j: True, sentences, sim, {"off"}) == []


@pytest.mark.parametrize("text, level", [
    ("A district spokesman disputed that, saying every inspection was done on schedule.", 2),
    ("He said the dam was safe.", 2),
    ("Renters often share a single meter, she said, so no household can prove it cut back.", 1),
    ("Owen Pritchard said every required inspection had been completed on schedule.", 0),
    ("The district confirmed that the dam was safe.", 0),  # "that" opens a clause, not a reference back
    ("Last year the board began requiring such permits.", 1),  # a kind told before
    ("Ports such as Velmar raised their fees.", 0),  # an example
    ("Storms, with such signs as hail and high wind, hit the coast.", 0),  # an example too
])
def test_dependence_on_the_sentence_before(text, level):
    assert _dependence(text) == level


def test_a_fact_is_led_by_a_wording_that_stands_alone():
    texts = ["A district spokesman disputed that, saying every inspection was done on schedule.",
             '"Every inspection was done on schedule," he said.',
             "Owen Pritchard said every required inspection had been completed on schedule."]
    sentences = [Sentence(f"a{k}", k, 0, len(t), t, "body", 0) for k, t in enumerate(texts)]
    sim = np.array([[1.0, 0.8, 0.6], [0.8, 1.0, 0.7], [0.6, 0.7, 1.0]])
    head, members = _self_contained(0, [(1, 0.8), (2, 0.6)], sentences, sim)
    # the closer one names its speaker by a pronoun only: the one that stands alone leads
    assert head == 2
    assert sorted(j for j, _ in members) == [0, 1]  # the same sentences are cited
    assert dict(members)[1] == pytest.approx(0.7)


def test_example_facts_stand_alone_and_a_level_reached_is_not_cited_for_a_drawdown(example_comparison):
    # the facts are shown in a wording that needs no sentence before it (where one outlet has it)
    assert not [f.text for f in example_comparison.consensus if _dependence(f.text) == 2]
    # the later article's level reached is not the drawdown to that level the others announce
    drawdown = [f for f in example_comparison.consensus if "lowering" in f.text or "bring the reservoir down" in f.text]
    assert drawdown
    for fact in drawdown:
        assert not [c.text for c in fact.citations if "reached its target level" in c.text]
