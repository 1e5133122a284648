"""The same-fact decision (synopsis.analyse.same_fact): invented pairs, the shipped model file."""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pytest

from synopsis import models
from synopsis.analyse.same_fact import (FEATURES, MODEL_FILE, NUMBER_FEATURES, SameFactModel, default_idf, mismatch,
                                        pair_features, ranges, score_pairs, sentence_facts)
from synopsis.evaluate.same_fact import sentence_space

# (first sentence, second sentence, same fact?): written for these tests (invented event).
SAME = [
    ("The water board voted 7-0 on Tuesday to cut water use by 20 percent.",
     "On Tuesday the water board voted unanimously to cut water use by 20 percent."),
    ("Engineers found cracks in the spillway of the Kestrel dam on Monday.",
     "Cracks in the Kestrel dam's spillway were found by engineers on Monday."),
    ("The fire killed 12 people and injured 40 others at the Harlow market.",
     "Twelve people died and 40 were hurt when fire swept through the Harlow market."),
    ("Mayor Ana Ruiz said the harbour would reopen on Friday.",
     "The harbour will reopen on Friday, Mayor Ana Ruiz said."),
]
DIFFERENT = [
    ("Shares of Kestrel Power rose 4 percent on Thursday.", "Shares of Kestrel Power fell 4 percent on Thursday."),
    ("The council approved the new budget for the harbour.", "The council rejected the new budget for the harbour."),
    ("The Kestrel dam was completed in 1961 and supplies 70 percent of the city's water.",
     "The Kestrel reservoir reached its target level of 55 percent on Monday."),
    ("The district will draw $48.5 million from its reserves to pay for repairs.",
     "The district later won a $4.2 million state grant for the repairs."),
    ("Rescue crews reached the Harlow market four minutes after the first call.",
     "The Harlow market had stood on the square since the nineteenth century."),
]
# One slot changed in otherwise the same words. MSRP, on which the model is trained, does not
# teach these (its judges call many such pairs "the same"; see docs/evaluation.md), so they wait
# for figures normalised with what they count and for slot-level checks (issue 20, phase 2).
SLOT_CHANGED = [
    ("The water board voted to cut water use by 20 percent.", "The water board voted to cut water use by 15 percent."),
    ("The fire killed 12 people at the Harlow market on Sunday.", "The fire killed 31 people at the Harlow market on Sunday."),
    ("Mayor Ana Ruiz said the harbour would reopen on Friday.", "Governor Tom Bell said the harbour would reopen on Friday."),
    ("The ferry service resumed on Monday after the storm.", "The ferry service resumed in March after the storm."),
    ("The minister said the dam was safe.", "The minister said the dam was not safe."),
]


def _probability(pairs, *, but_for_numbers=False) -> np.ndarray:
    return _scored(tuple(pairs), but_for_numbers)


@lru_cache(maxsize=None)
def _scored(pairs, but_for_numbers) -> np.ndarray:
    texts = [t for pair in pairs for t in pair]
    emb = models.sentence_encoder().encode(texts)
    space = sentence_space(texts, emb)
    facts = [sentence_facts(t, doc, space.tokens[k]) for k, (t, doc) in enumerate(zip(texts, models.parse(texts)))]
    rows = [(2 * k, 2 * k + 1) for k in range(len(pairs))]
    cos = [float(emb[i] @ emb[j]) for i, j in rows]
    return score_pairs(models.same_fact_model(), rows, facts, cos, space.idf, default_idf(len(texts)),
                       but_for_numbers=but_for_numbers)


@pytest.mark.parametrize("pair, same", [(p, True) for p in SAME] + [(p, False) for p in DIFFERENT],
                         ids=[f"same-{k}" for k in range(len(SAME))] + [f"different-{k}" for k in range(len(DIFFERENT))])
def test_invented_pairs(pair, same):
    # Scored together with every other pair of the table, so the IDF is that of a small set.
    pairs = SAME + DIFFERENT
    p = _probability(pairs)[pairs.index(pair)]
    assert bool(p >= models.same_fact_model().threshold) is same, f"P(same) = {p:.3f}"


@pytest.mark.parametrize("pair", SLOT_CHANGED, ids=["figure", "count", "actor", "time", "negation"])
@pytest.mark.xfail(strict=True, reason="single-slot conflicts are not learnt from MSRP (phase 2)")
def test_one_slot_changed_is_another_fact(pair):
    p = _probability(SLOT_CHANGED)[SLOT_CHANGED.index(pair)]
    assert p < models.same_fact_model().threshold, f"P(same) = {p:.3f}"


def _facts(pair):
    return [sentence_facts(t, doc) for t, doc in zip(pair, models.parse(list(pair)))]


@pytest.mark.parametrize("pair, another", [(p, False) for p in SAME] + [(p, True) for p in SLOT_CHANGED[:4]]
                         + [(DIFFERENT[2], True), (DIFFERENT[3], True), (DIFFERENT[0], True)],
                         ids=[f"same-{k}" for k in range(len(SAME))] + ["figure", "count", "actor", "time"]
                         + ["1961-vs-55-percent", "48.5m-vs-4.2m", "rose-vs-fell"])
def test_mismatch_vetoes_another_figure_date_or_sense(pair, another):
    # what the brief's recall-oriented test is vetoed by: another figure, another date, an opposite
    if pair == SLOT_CHANGED[2]:
        another = False  # another actor is not a mismatch of this kind (the model weighs actors)
    a, b = _facts(pair)
    assert mismatch(a, b) is another and mismatch(b, a) is another


def test_but_for_numbers_ignores_the_figures():
    pair = ("The district will draw $48.5 million from its reserves to pay for the repairs.",
            "The district will draw $12 million from its reserves to pay for the repairs.")
    plain, but_for = _probability([pair]), _probability([pair], but_for_numbers=True)
    assert but_for[0] > plain[0]


def test_features_are_symmetric_and_named():
    a = sentence_facts("Police said 21 people were wounded in the blast on Friday.")
    b = sentence_facts("Twenty-four people were wounded, police said.")
    idf = {"polic": 0.5, "wound": 2.0}
    ab, ba = pair_features(a, b, 0.8, idf, 3.0), pair_features(b, a, 0.8, idf, 3.0)
    assert len(ab) == len(FEATURES) and ab == pytest.approx(ba)


def test_pairs_under_the_floor_score_zero_without_features():
    model = models.same_fact_model()
    facts = [sentence_facts("x"), sentence_facts("y")]
    assert score_pairs(model, [(0, 1)], facts, [model.floor - 0.01], {}, 1.0).tolist() == [0.0]


def test_the_shipped_model_loads_and_is_what_the_training_script_writes():
    model = SameFactModel.load()
    assert model.features == FEATURES and set(NUMBER_FEATURES) <= set(FEATURES)
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(FEATURES)
    assert np.all(np.isfinite(model.coef)) and np.all(model.scale > 0)
    assert 0.5 <= model.threshold < 1 and 0 < model.floor < 1 and set(model.vetoes) <= set(FEATURES)
    text = MODEL_FILE.read_text(encoding="utf-8")
    assert len(text.encode()) < 8000  # a few KB of package data
    assert model.to_json() == text  # the script writes SameFactModel.to_json()
    assert json.loads(text)["trained_on"].startswith("MSRP train")
    assert models.same_fact_model() is models.same_fact_model()  # loaded once


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(format=99), "another layout"),
    (lambda d: d.update(features=d["features"][:-1]), "another layout or feature set"),
])
def test_a_model_file_of_another_version_says_what_to_do(tmp_path, edit, message):
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        SameFactModel.load(path)


@pytest.mark.parametrize("pair, another", [
    (("The Kestrel reservoir reached its target level of 55 percent of capacity last week.",
      "Crews will begin lowering the Kestrel reservoir to about 55 percent of capacity."), True),
    (("Crews will begin lowering the Kestrel reservoir to about 55 percent of capacity.",
      "The district plans to bring the Kestrel reservoir down to about 55 percent of capacity."), False),
], ids=["level-reached-vs-moved-to", "two-ways-of-moving-it"])
def test_a_level_reached_is_not_a_level_being_moved_to(pair, another):
    # a shared figure alone is not the same fact when one side says it stands there and the other
    # that it is being brought there (the verb that governs the figure)
    a, b = _facts(pair)
    assert mismatch(a, b) is another and mismatch(b, a) is another



@pytest.mark.parametrize("text, found", [
    ("The crowd was mostly aged 14 to 19, stewards said.", [(14, 19)]),
    ("Most were between the ages of 14 and 16.", [(14, 16)]),
    ("The fair drew between 2,000 and 3,000 people.", [(2000, 3000)]),
    ("Ages ranged from 14-19.", [(14, 19)]),
    ("The board voted 7-0 to close the fair.", []),   # a vote, not a range
    ("Tickets cost 5 euros and 19 people queued.", []),
])
def test_ranges(text, found):
    assert ranges(text) == found


@pytest.mark.parametrize("pair, another", [
    (("The crowd at the Harlow fair was mostly aged 14 to 19, stewards said.",
      "Most of the injured were between the ages of 14 and 16."), True),   # one end shared: two counts
    (("The crowd at the Harlow fair was mostly aged 14 to 19, stewards said.",
      "Stewards said the fair's crowd was mostly aged 14 to 19."), False),  # the same range
], ids=["one-end-differs", "same-range"])
def test_two_ranges_that_differ_at_one_end_are_another_fact(pair, another):
    a, b = _facts(pair)
    assert mismatch(a, b) is another and mismatch(b, a) is another
