"""The same-event pair score (issue 21, item 1): shipped model, features, ordering of pairs."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import make_article
from synopsis.analyse.same_event import FAST_FEATURES, FEATURES, SameEventModel, pair_features, same_event_scores
from synopsis.errors import SynopsisError

FIRE_A = make_article(
    "Ferry fire in Gull Bay",
    "A fire broke out on the Gull Bay ferry Marisol on Monday, forcing 212 passengers into lifeboats, "
    "harbour master Ines Okafor said. \u201cThe crew got everyone off in eleven minutes,\u201d Okafor said.",
    "The Marisol had been inspected in February. Two crew members were treated for smoke.",
    id="fire-a", outlet="Ledger", title=True, published="2026-03-09")
FIRE_B = make_article(
    "212 passengers escape burning Gull Bay ferry",
    "Passengers of the Marisol ferry took to lifeboats after fire broke out off Gull Bay, said harbour "
    "master Ines Okafor. \u201cThe crew got everyone off in eleven minutes,\u201d she said of the 212 on board.",
    "Two crew members were treated for smoke inhalation, the ferry company said.",
    id="fire-b", outlet="Courier", title=True, published="2026-03-09")
BUDGET = make_article(
    "School board adopts budget",
    "The Northgate school board adopted a $48 million budget on Tuesday after a long debate over teacher "
    "pay, board president Tomas Varga said. The budget adds 14 teaching posts.",
    "Parents had asked the board to restore the music programme cut last year.",
    id="budget", outlet="Herald", title=True, published="2026-03-10")


def test_shipped_models_load_with_their_features():
    fast, full = SameEventModel.shipped("fast"), SameEventModel.shipped("full")
    assert fast.features == FAST_FEATURES and full.features == FEATURES
    assert len(fast.weights) == len(FAST_FEATURES) and len(full.weights) == len(FEATURES)
    with pytest.raises(SynopsisError, match="no same-event model named"):
        SameEventModel.shipped("huge")


def test_pair_features_are_symmetric_and_bounded():
    x = pair_features([FIRE_A, FIRE_B, BUDGET])
    assert x.shape == (3, 3, len(FEATURES))
    assert np.allclose(x, x.transpose(1, 0, 2), atol=1e-6)
    col = FEATURES.index
    assert x[0, 1, col("quotes")] == 1.0 and x[0, 2, col("quotes")] == 0.0
    assert x[0, 1, col("words")] > x[0, 2, col("words")]
    assert x[0, 1, col("names")] > x[0, 2, col("names")]
    assert x[0, 1, col("headline")] > 0 and x[0, 2, col("headline")] == 0
    assert x[0, 1, col("days")] == 0.0 and x[0, 2, col("days")] == pytest.approx(np.log1p(1))
    assert x[0, 1, col("lead")] == 0.0  # no embeddings given


@pytest.mark.parametrize("with_leads", [False, True])
def test_same_event_scores_order_pairs(with_leads):
    leads = None
    if with_leads:  # stand-in unit vectors: the two fire leads alike, the budget's apart
        leads = np.array([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0]], dtype=np.float32)
    p = same_event_scores([FIRE_A, FIRE_B, BUDGET], leads)
    assert p.shape == (3, 3) and np.allclose(np.diag(p), 1.0)
    assert p[0, 1] > 0.5 > p[0, 2]
    assert p[0, 1] > p[1, 2]


def test_dense_and_sparse_matrices_give_the_same_features(monkeypatch):
    """A brief's few articles get dense matrices (no SciPy import); a large set gets sparse ones:
    the features agree to float32 rounding either way."""
    import sys

    from synopsis.analyse import same_event

    articles = [FIRE_A, FIRE_B, BUDGET]
    dense = pair_features(articles)
    monkeypatch.setattr(same_event, "DENSE_CELLS", 0)
    sparse = pair_features(articles)
    assert "scipy.sparse" in sys.modules
    assert dense.shape == sparse.shape
    np.testing.assert_allclose(dense, sparse, rtol=0, atol=1e-6)
    assert dense[0, 1, FEATURES.index("words")] > dense[0, 2, FEATURES.index("words")]
