"""Summarizers behind one interface; one selector for budget, redundancy and order."""

from __future__ import annotations

import numpy as np
import pytest

from synopsis.analyse import summary
from synopsis.analyse.summary import SUMMARIZERS, SummaryInput, is_candidate, select, summarize, summarizer, topic_groups
from synopsis.records import Sentence

TEXTS = {
    "a": ["Engineers found cracks in the spillway of the Kestrel dam on Monday morning.",
          "The district ordered a twenty percent cut in water use for all customers.",
          "Residents were told to stop watering lawns and washing cars at home."],
    "b": ["Cracks in the Kestrel dam spillway were found by engineers on Monday.",
          "A twenty percent cut in water use was ordered for every customer of the district.",
          "The board also approved money for emergency repairs to the spillway."],
    "c": ["Ferry fares will rise in June after a vote by the harbour board members.",
          "The dam repairs could take a year, according to the district engineer."],
}


def build_input(with_embeddings=True):
    sentences = []
    for art, texts in TEXTS.items():
        for i, t in enumerate(texts):
            sentences.append(Sentence(art, i, 0, len(t), t, "body", i))
    inp = SummaryInput(sentences, list(TEXTS))
    if with_embeddings:
        matrix = inp.tfidf().toarray()
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        inp.embeddings = (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)
    return inp


@pytest.mark.parametrize("method", sorted(SUMMARIZERS))
def test_every_summarizer_is_deterministic_and_within_budget(method):
    first = summarize(build_input(), 40, method)
    second = summarize(build_input(), 40, method)
    assert first == second and first
    inp = build_input()
    assert sum(len(inp.sentences[i].text.split()) for i in first) <= 40


@pytest.mark.parametrize("method", sorted(SUMMARIZERS))
def test_no_two_chosen_sentences_repeat_each_other(method):
    inp = build_input()
    chosen = summarize(inp, 200, method)
    texts = [inp.sentences[i].text for i in chosen]
    assert not ({TEXTS["a"][0], TEXTS["b"][0]} <= set(texts))


def test_selection_is_in_reading_order():
    inp = build_input()
    scores = np.arange(len(inp.sentences), dtype=float)  # prefers later sentences
    chosen = select(inp, scores, 200)
    keys = [(list(TEXTS).index(inp.sentences[i].article), inp.sentences[i].index) for i in chosen]
    assert keys == sorted(keys)


def test_lead_takes_opening_sentences_in_turn():
    inp = build_input()
    chosen = summarize(inp, 28, "lead")  # a0 (13 words); b0 repeats a0; c0 (14 words)
    assert [(inp.sentences[i].article, inp.sentences[i].index) for i in chosen] == [("a", 0), ("c", 0)]


def test_unknown_summarizer_names_the_choices():
    with pytest.raises(ValueError, match="choose one of"):
        summarizer("magic")


@pytest.mark.parametrize(
    "text, kind, expected",
    [("A full sentence with just enough words in it to count.", "body", True),
     ("Too short.", "body", False),
     ("Okafor said that increase would go ahead as planned.", "body", False),  # 9 words
     ("Mayors across the valley issued statements after the vote:", "body", False),
     ("A headline with enough words in it to count", "title", False),
     ("Board votes to fund repairs as rationing for customers begins Monday", "dek", False),
     ("It announced on Tuesday that all customers must use less water.", "body", False),
     ("But the board said the repairs would take at least a full year.", "body", False),
     # a demonstrative with a shell noun points back to what was told before
     ("District spokesman Owen Pritchard flatly rejected that account on Friday.", "body", False),
     ("The board members denied these claims at a public meeting.", "body", False),
     ("On that night the board members met again to discuss the repairs.", "body", True),
     # a speaker named only by a pronoun is named in an earlier sentence
     ("“You cannot wash the dishes with good intentions,” he said on Monday.", "body", False),
     ('She said the district would " not gamble " with the safety of the families.', "body", False),
     ("The repairs will take at least a year and cost millions, they told reporters.", "body", True),
     ("The manager said she would not gamble with the safety of the families.", "body", True),
     ("The board said it would report its findings by the end of this year.", "body", True),
     ("“We will not gamble with the safety of families below the dam,” de Vries said.", "body", True),
     # Pre-tokenized text sets the closing quote off with a space; the sentence still ends.
     ('the manager said the district " will not gamble with the families below the dam. "', "body", True),
     ('The district said the spillway repairs would start in June or later "', "body", False),
     # a wire-style photo caption run into the article is no sentence of the story
     ("FILE - In this March 3, 2024, file photo, the harbour master speaks to reporters in Gull Bay.", "body", False),
     ("In this 2019 photo provided by the district, crews inspect the spillway below the dam.", "body", False),
     ("In this town the 2019 flood is still the photo that everyone remembers best.", "body", True)],
)
def test_candidates(text, kind, expected):
    assert is_candidate(Sentence("a", 0, 0, len(text), text, kind, 0)) is expected


@pytest.mark.parametrize("cosine, embedded, both_chosen", [
    (summary.SAME_FACT_REPEAT, True, False),  # the same fact, close as wholes: a repeat
    (summary.REDUNDANCY - 0.01, True, False),
    (summary.SAME_FACT_REPEAT - 0.01, True, True),  # one fact shared, each says more: not a repeat
    (0.0, True, True),
    (0.0, False, False),  # no embeddings (TF-IDF cosine only): the alignment's word is enough
])
def test_sentences_aligned_as_the_same_fact_are_not_both_chosen(cosine, embedded, both_chosen):
    inp = build_input(with_embeddings=False)
    a1, b2 = 1, 4  # the two "twenty percent cut" sentences of articles a and b
    if embedded:
        inp.cosine = np.eye(len(inp.sentences))  # no cosine redundancy but this pair's
        inp.cosine[a1, b2] = inp.cosine[b2, a1] = cosine
    else:
        inp.tfidf_similarity()[a1, b2] = inp.tfidf_similarity()[b2, a1] = 0.0
    inp.same_fact = {(a1, b2)}
    chosen = select(inp, np.ones(len(inp.sentences)), 500)
    assert ({a1, b2} <= set(chosen)) is both_chosen


LEANING = "It said the spillway cracks would take a year and cost millions of dollars to repair."


@pytest.mark.parametrize("texts, words, expected", [
    # the best-covering sentence leans on the one before: with room for one sentence it is not
    # taken (without the rule it would be), an outlet that says it outright is
    ({"a": ["The district ordered a cut in water use for all customers on Monday.", LEANING],
      "b": ["Ferry fares will rise in June after a vote by the harbour board.",
            "Engineers said the spillway cracks would take a year and cost millions of dollars to repair."],
      "c": ["The library will close early on Friday for a staff training day.",
            "The spillway cracks would take a year and cost millions of dollars to repair, officials said."]},
     16, ["b1"]),
    # with room, it is taken after its predecessor
    ({"a": ["The district ordered a cut in water use for all customers on Monday.",
            "It said repairs to the old intake tower would begin in the autumn."],
      "b": ["Ferry fares will rise in June after a vote by the harbour board.",
            "Customers must cut water use, the district ordered on Monday."],
      "c": ["The library will close early on Friday for a staff training day."]},
     80, ["a0", "a1", "b0", "b1", "c0"]),
])
def test_a_sentence_that_leans_on_the_one_before_comes_only_after_it(texts, words, expected):
    sentences = [Sentence(art, i, 0, len(t), t, "body", i) for art, ts in texts.items() for i, t in enumerate(ts)]
    inp = SummaryInput(sentences, list(texts))
    inp.embeddings = np.eye(len(sentences), dtype=np.float32)  # no cosine redundancy
    chosen = [f"{inp.sentences[i].article}{inp.sentences[i].index}" for i in summarize(inp, words, "coverage")]
    assert chosen == expected


@pytest.mark.parametrize("scores, words, expected_last", [
    # Picks: c1 (12 words), then c0 (14), which runs over 25 words, so c0 goes after c1.
    ([1, 0, 0, 0, 0, 0, 2, 3], 25, "Ferry fares will rise in June after a vote by the harbour board members."),
    # Everything fits: plain reading order, so the last sentence of the last article ends it.
    ([1, 0, 0, 0, 0, 0, 2, 3], 500, "The dam repairs could take a year, according to the district engineer."),
])
def test_with_fill_the_sentence_that_runs_over_comes_last(scores, words, expected_last):
    inp = build_input()
    chosen = select(inp, np.array(scores, dtype=float), words, fill=True)
    texts = [inp.sentences[i].text for i in chosen]
    assert texts[-1] == expected_last
    fitting = chosen[:-1] if sum(len(t.split()) for t in texts) > words else chosen
    keys = [(list(TEXTS).index(inp.sentences[i].article), inp.sentences[i].index) for i in fitting]
    assert keys == sorted(keys)


def _blocks(*sizes, near=()):
    """A cosine matrix of sentences in blocks: 0.8 inside a block, 0.05 across (0.5 across the
    two blocks named in `near`), 1 on the diagonal."""
    labels = np.repeat(np.arange(len(sizes)), sizes)
    sim = np.where(labels[:, None] == labels[None, :], 0.8, 0.05)
    if near:
        a, b = near
        sim[np.ix_(labels == a, labels == b)] = sim[np.ix_(labels == b, labels == a)] = 0.5
    np.fill_diagonal(sim, 1.0)
    return sim


@pytest.mark.parametrize("similarity, groups, expected", [
    (_blocks(3, 2), 2, [0, 0, 0, 1, 1]),
    (_blocks(2, 2, 2), 3, [0, 0, 1, 1, 2, 2]),
    (_blocks(2, 2, 2, near=(1, 2)), 2, [0, 0, 1, 1, 1, 1]),  # the two nearest blocks merge
    (_blocks(2), 5, [0, 0]),  # too few sentences to group
])
def test_topic_groups_follow_the_similarity_blocks(similarity, groups, expected):
    labels = topic_groups(similarity, groups)
    # compare partitions, not label values
    assert len(set(labels)) == len(set(expected))
    assert all((labels[i] == labels[j]) == (expected[i] == expected[j])
               for i in range(len(expected)) for j in range(len(expected)))


@pytest.mark.parametrize("similarity, groups, expected", [
    (_blocks(3, 2), 2, [0, 0, 0, 1, 1]),
    (_blocks(2, 2, 2), 3, [0, 0, 1, 1, 2, 2]),
    (_blocks(2, 2, 2, near=(1, 2)), 2, [0, 0, 1, 1, 1, 1]),
    (_blocks(1, 1, 1), 3, [0, 1, 2]),  # as many groups as sentences: each its own
    (np.ones((4, 4)), 2, [0, 0, 0, 1]),  # all equal: SciPy's tie order decides, and it is kept
])
def test_topic_group_labels_are_scipys(similarity, groups, expected):
    assert topic_groups(similarity, groups).tolist() == expected


def _similarities():
    """Cosine matrices of sentences: random counts over few words (many ties, equal rows)."""
    rng = np.random.default_rng(7)
    for n in (3, 4, 6, 12, 40, 120):
        for _ in range(8):
            vectors = rng.integers(0, 3, (n, 5)).astype(float)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
            yield vectors @ vectors.T


def test_ward_linkage_and_cut_tree_are_scipys_bit_for_bit():
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")  # SciPy is a dependency; a brief no longer imports this
    from scipy.spatial.distance import squareform

    from synopsis.analyse.summary import cut_tree, ward_linkage

    for similarity in _similarities():
        n = len(similarity)
        distance = np.sqrt(np.clip(2.0 - 2.0 * similarity, 0.0, None))
        np.fill_diagonal(distance, 0.0)
        theirs = hierarchy.linkage(squareform(distance, checks=False), "ward")
        ours = ward_linkage(distance)
        assert ours.tobytes() == theirs.tobytes()
        for groups in sorted({1, 2, max(2, n // 7), n // 2, n}):
            assert cut_tree(ours, groups).tolist() == hierarchy.cut_tree(theirs, n_clusters=groups).ravel().tolist()


TWO_TOPICS = {
    "a": ["Engineers found new cracks in the spillway of the Kestrel dam on Monday morning.",
          "The cracks in the Kestrel dam spillway grew wider overnight, the engineers reported on Tuesday.",
          "Ferry fares across the harbour will rise in June after a vote by the board."],
    "b": ["The engineers said cracks in the Kestrel dam spillway were found on Monday morning.",
          "Engineers reported on Tuesday that the spillway cracks at the Kestrel dam grew wider overnight."],
    "c": ["New cracks were found by engineers in the Kestrel dam spillway on Monday morning.",
          "The harbour board voted to raise ferry fares across the harbour in June."],
    "d": ["Spillway cracks at the Kestrel dam grew wider overnight, engineers reported on Tuesday."],
}


@pytest.mark.parametrize("diversity, spread", [(0.0, False), (1e6, True)])
def test_the_diversity_reward_spreads_picks_over_topic_groups(monkeypatch, diversity, spread):
    # Without the reward, two facts of the dam story win on concept weight; with a dominant
    # reward, the second pick comes from the other topic group (the ferry fares).
    monkeypatch.setattr(summary, "DIVERSITY", diversity)
    sentences = [Sentence(a, i, 0, len(t), t, "body", i) for a, ts in TWO_TOPICS.items() for i, t in enumerate(ts)]
    inp = SummaryInput(sentences, list(TWO_TOPICS))
    chosen = summarize(inp, 30, "coverage")
    groups = topic_groups(inp.tfidf_similarity(), 2)
    assert len(chosen) == 2
    assert bool(groups[chosen[0]] != groups[chosen[1]]) is spread
