"""Summarizers behind one interface; one selector for budget, redundancy and order."""

from __future__ import annotations

import numpy as np
import pytest

from synopsis.analyse.summary import SUMMARIZERS, SummaryInput, is_candidate, select, summarize, summarizer
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
    [("A full sentence with enough words in it.", "body", True),
     ("Too short.", "body", False),
     ("Mayors across the country put out statements after the event:", "body", False),
     ("A headline with enough words in it to count", "title", False),
     ("Board votes to fund repairs as rationing for customers begins Monday", "dek", False),
     ("It announced on Tuesday that all customers must use less water.", "body", False),
     ("But the board said the repairs would take at least a full year.", "body", False),
     ("“We will not gamble with the safety of families below the dam,” she said.", "body", True),
     # Pre-tokenized text sets the closing quote off with a space; the sentence still ends.
     ('the manager said the district " will not gamble with the families below the dam. "', "body", True),
     ('The district said the spillway repairs would start in June or later "', "body", False)],
)
def test_candidates(text, kind, expected):
    assert is_candidate(Sentence("a", 0, 0, len(text), text, kind, 0)) is expected


def test_sentences_aligned_as_the_same_fact_are_not_both_chosen():
    inp = build_input()
    a1, b2 = 1, 4  # the two "twenty percent cut" sentences of articles a and b
    inp.embeddings = np.eye(len(inp.sentences), dtype=np.float32)  # no cosine redundancy at all
    inp.same_fact = {(a1, b2)}
    chosen = select(inp, np.ones(len(inp.sentences)), 500)
    assert not ({a1, b2} <= set(chosen))


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
