"""ROUGE wrapper: hand-checked scores, truncation, averaging over references, aggregation."""

from __future__ import annotations

import pytest
from rouge_score import rouge_scorer

from synopsis.evaluate.rouge import (
    PRF,
    RougeScores,
    aggregate,
    score_f1,
    score_recall_at,
    tokenize,
    truncate_words,
)

CAND = "the cat sat on the mat"
REF = "the cat lay on the mat"


# --- hand-checked scores --------------------------------------------------------------------


def test_unigram_bigram_lcs_by_hand():
    # unigrams: the x2, cat, on, mat shared -> 5 of 6 on both sides
    # bigrams: cand {the cat, cat sat, sat on, on the, the mat}, ref {the cat, cat lay, lay on,
    #          on the, the mat} -> 3 of 5 shared
    # LCS: "the cat on the mat" -> 5 of 6
    s = score_recall_at(CAND, [REF], n_words=None)
    assert s.rouge1.recall == pytest.approx(5 / 6)
    assert s.rouge1.precision == pytest.approx(5 / 6)
    assert s.rouge2.recall == pytest.approx(3 / 5)
    assert s.rouge2.precision == pytest.approx(3 / 5)
    assert s.rougeL.recall == pytest.approx(5 / 6)


def test_unequal_lengths_recall_precision_f1():
    # candidate has 7 tokens, reference 6; 5 shared unigrams
    s = score_f1(CAND + " today", REF)
    assert s.rouge1.recall == pytest.approx(5 / 6)
    assert s.rouge1.precision == pytest.approx(5 / 7)
    assert s.rouge1.f1 == pytest.approx(10 / 13)  # 2RP/(R+P) = (50/42)/(65/42)


def test_clipped_counts():
    # "the the the" against "the cat": only one "the" can match
    s = score_recall_at("the the the", ["the cat"], n_words=None)
    assert s.rouge1.recall == pytest.approx(1 / 2)
    assert s.rouge1.precision == pytest.approx(1 / 3)


def test_stemming_matches_inflections():
    cand, ref = "the cats were running", "the cat was running"
    plain = score_recall_at(cand, [ref], n_words=None, use_stemmer=False)
    stemmed = score_recall_at(cand, [ref], n_words=None)
    assert plain.rouge1.recall == pytest.approx(2 / 4)  # the, running
    assert stemmed.rouge1.recall == pytest.approx(3 / 4)  # the, cat, run ("were" != "was")


def test_tokenization_lowercases_and_drops_punctuation():
    assert tokenize("The U.S.-led plan, again!", use_stemmer=False) == ["the", "u", "s", "led", "plan", "again"]
    s = score_recall_at("The U.S.-led plan.", ["the u s led plan"], n_words=None)
    assert s.rouge1.recall == pytest.approx(1.0)
    assert s.rouge2.recall == pytest.approx(1.0)


def test_same_numbers_as_plain_rouge_score():
    cand = "Officials said the storm, which hit on Monday, killed 12 people and damaged roads."
    ref = "The storm killed twelve people on Monday, officials said; roads were damaged."
    expected = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True).score(ref, cand)
    ours = score_recall_at(cand, [ref], n_words=None)
    for name in ("rouge1", "rouge2", "rougeL"):
        assert getattr(ours, name).recall == pytest.approx(expected[name].recall)
        assert getattr(ours, name).precision == pytest.approx(expected[name].precision)
        assert getattr(ours, name).f1 == pytest.approx(expected[name].fmeasure)


def test_empty_candidate_scores_zero():
    s = score_recall_at("", [REF], n_words=None)
    assert s.rouge1 == PRF(0.0, 0.0, 0.0)


# --- truncation -----------------------------------------------------------------------------


def test_truncate_words_counts_whitespace_tokens():
    assert truncate_words("one two three four", 2) == "one two"
    assert truncate_words("one two", 5) == "one two"
    assert truncate_words("one two", None) == "one two"
    assert truncate_words("one two", 0) == ""
    # punctuation glued to a word is part of it; a spaced-out comma is a word of its own
    assert truncate_words("U.S.-led talks, resumed", 2) == "U.S.-led talks,"
    assert truncate_words("a , b c", 2) == "a ,"


def test_truncate_words_keeps_spacing_before_the_cut():
    assert truncate_words("first line\nsecond  line here", 4) == "first line\nsecond  line"


def test_truncate_words_rejects_negative():
    with pytest.raises(ValueError):
        truncate_words("a b", -1)


def test_candidate_words_past_the_limit_do_not_count():
    # the matching words come after the 3-word limit
    s = score_recall_at("x y z the cat sat", ["the cat sat"], n_words=3)
    assert s.rouge1.recall == 0.0
    assert score_recall_at("x y z the cat sat", ["the cat sat"], n_words=6).rouge1.recall == pytest.approx(1.0)


def test_references_are_cut_too():
    # reference cut to "a b": the candidate's "c d" no longer counts, and recall is out of 2
    s = score_recall_at("a c d", ["a b c d"], n_words=2)
    assert s.rouge1.recall == pytest.approx(1 / 2)


# --- several references ---------------------------------------------------------------------


def test_recall_is_averaged_over_references():
    s = score_recall_at("the cat sat", ["the cat sat", "a dog ran"], n_words=None)
    assert s.rouge1.recall == pytest.approx((1 + 0) / 2)
    assert s.rouge1.precision == pytest.approx((1 + 0) / 2)
    assert s.rouge1.f1 == pytest.approx((1 + 0) / 2)


def test_pooled_average_is_rouge155_model_average_formula():
    # ROUGE-1.5.5 -f A: hits summed over references / reference n-grams summed
    refs = ["the cat sat", "a dog ran away now"]
    pooled = score_recall_at("the cat sat", refs, n_words=None, average="pooled")
    assert pooled.rouge1.recall == pytest.approx((3 + 0) / (3 + 5))
    assert pooled.rouge1.precision == pytest.approx((3 + 0) / (3 * 2))
    assert pooled.rouge2.recall == pytest.approx((2 + 0) / (2 + 4))
    mean = score_recall_at("the cat sat", refs, n_words=None)
    assert mean.rouge1.recall == pytest.approx(0.5)


def test_reference_order_does_not_matter():
    refs = ["the cat lay on the mat", "a cat sat there"]
    assert score_recall_at(CAND, refs) == score_recall_at(CAND, refs[::-1])


def test_no_reference_is_an_error():
    with pytest.raises(ValueError):
        score_recall_at(CAND, [])
    with pytest.raises(ValueError):
        score_recall_at(CAND, [REF], average="best")  # type: ignore[arg-type]


# --- aggregation and output -----------------------------------------------------------------


def _scores(x: float) -> RougeScores:
    return RougeScores(PRF(x, x, x), PRF(x / 2, x / 2, x / 2), PRF(x, x, x))


def test_aggregate_is_mean_over_clusters():
    agg = aggregate([_scores(0.2), _scores(0.6)])
    assert agg.rouge1.recall == pytest.approx(0.4)
    assert agg.rouge2.f1 == pytest.approx(0.2)
    with pytest.raises(ValueError):
        aggregate([])


def test_fractions_inside_percentages_outside():
    s = score_recall_at(CAND, [REF], n_words=None)
    assert 0 <= s.rouge1.recall <= 1
    assert s.as_dict(percent=True)["rouge2"]["recall"] == pytest.approx(60.0)
    assert s.format() == "R-1 83.33  R-2 60.00  R-L 83.33 (recall %)"
    assert "(f1 %)" in s.format("f1")
