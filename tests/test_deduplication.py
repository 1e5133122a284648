"""Near-duplicate (wire copy) detection. All texts are invented for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from synopsis.deduplication import (
    DedupOptions,
    NearDuplicateIndex,
    body_text,
    find_duplicates,
    shingle_hashes,
)
from synopsis.records import Article

from helpers import make_article

WIRE = [
    "Firefighters in the river town of Eldham spent the night containing a blaze that destroyed a "
    "grain warehouse on Tuesday, the regional fire service said.",
    "No one was hurt, but about 40 residents of nearby streets were moved to a school gym as a "
    "precaution while smoke drifted over the harbour district.",
    "Fire chief Marta Lindqvist said the cause was not yet known and that investigators would enter "
    "the building once the structure had been declared safe.",
    "The warehouse, built in 1911, stored about 2,000 tonnes of barley for a local cooperative, which "
    "said it was insured and would rebuild on the same site.",
    "Residents were told to keep windows closed until Wednesday morning.",
]

OTHER_SAME_TOPIC = [
    "A grain warehouse in Eldham burned down overnight and the town is asking what went wrong.",
    "Neighbours described flames rising above the roofs of the harbour district and said they had "
    "complained about faulty wiring in the old building for years.",
    "The cooperative that owns the site has not answered questions about its safety inspections, "
    "and a councillor called for a review of all historic storage buildings in the region.",
]


def article(aid: str, title: str, paragraphs: list[str], outlet: str = "Outlet") -> Article:
    """The headline and paragraphs as one article (``helpers.make_article``, in this file's order)."""
    return make_article(title, *paragraphs, id=aid, outlet=outlet, title=True)


ORIGINAL = article("wire", "Fire destroys Eldham grain warehouse", WIRE, "Agency")

CASES = [
    # (name, candidate, is a copy?)
    ("same text, new headline", article("a", "Blaze guts historic barley store", WIRE), True),
    ("new headline, last paragraph trimmed", article("b", "Night fire in Eldham", WIRE[:-1]), True),
    ("new headline, dateline and a word changed",
     article("c", "Warehouse fire", ["ELDHAM — " + WIRE[0].replace("Tuesday", "Tuesday night"), *WIRE[1:]]), True),
    ("last two paragraphs trimmed", article("d", "Fire in Eldham", WIRE[:3]), True),
    ("another report on the same event", article("e", "Eldham asks why its warehouse burned", OTHER_SAME_TOPIC), False),
    ("first paragraph only", article("f", "Fire", WIRE[:1]), False),
]


@pytest.mark.parametrize("name,candidate,is_copy", CASES, ids=[c[0] for c in CASES])
def test_copy_or_not(name, candidate, is_copy):
    found = find_duplicates([ORIGINAL, candidate])
    assert (candidate.id in found) is is_copy
    if is_copy:
        assert found[candidate.id].original == "wire"
        assert 0.5 <= found[candidate.id].similarity <= 1.0


def test_headline_is_not_compared():
    assert "Fire destroys" not in body_text(ORIGINAL)
    assert body_text(ORIGINAL).startswith("Firefighters")


def test_copy_of_a_copy_credits_the_earliest():
    a = article("a", "One", WIRE)
    b = article("b", "Two", WIRE[:-1])
    c = article("c", "Three", WIRE[:-1])
    found = find_duplicates([a, b, c])
    assert found["b"].original == "a" and found["c"].original == "a"


@pytest.mark.parametrize("text,expected", [
    ("", 0),
    ("one two", 1),  # shorter than a shingle: one shingle of the whole text
    ("a b c d e", 1),
    ("a b c d e f g", 3),
    ("a b c d e a b c d e", 5),  # repeated shingles count once
])
def test_shingle_counts(text, expected):
    assert len(shingle_hashes(text, 5)) == expected


def test_signatures_are_deterministic_across_indexes():
    text = body_text(ORIGINAL)
    one, two = NearDuplicateIndex(), NearDuplicateIndex()
    assert np.array_equal(one.signature(text), two.signature(text))
    other_seed = NearDuplicateIndex(DedupOptions(seed=2))
    assert not np.array_equal(one.signature(text), other_seed.signature(text))


def test_remove_forgets_an_entry():
    index = NearDuplicateIndex()
    index.check("wire", body_text(ORIGINAL))
    assert len(index) == 1 and "wire" in index
    index.remove("wire")
    assert index.check("copy", body_text(ORIGINAL), index=False) is None
    index.remove("never-there")  # no error


def test_add_refuses_a_key_twice():
    index = NearDuplicateIndex()
    sig = index.signature("some words for a signature here")
    index.add("k", sig)
    with pytest.raises(KeyError):
        index.add("k", sig)


@pytest.mark.parametrize("kwargs", [{"shingle": 0}, {"threshold": 0.0}, {"threshold": 1.5}, {"num_perm": 4},
                                    {"containment": 0.0}, {"candidates": 0.6}])
def test_bad_options(kwargs):
    with pytest.raises(ValueError):
        DedupOptions(**kwargs)


# --- the one copy rule (synopsis.copies): containment of the shorter text -----------------------

LONG_WIRE = WIRE[:4] + [
    "The regional fire service said four engines and a ladder truck from two neighbouring towns had "
    "answered the call shortly after midnight.",
    "Traffic on the harbour road was diverted for most of the morning while crews kept water on the "
    "smouldering roof of the building, and buses to the ferry terminal ran on a longer route.",
    "The cooperative's chair told members in a letter that the season's harvest had already been "
    "sold and that no farmer would lose income.",
    "Town officials said a public meeting about the fire would be held at the library next week, and "
    "that the mayor would answer questions from residents about the evacuation.",
    "A fund for the families moved from their homes had raised a little over 3,000 euros by noon, "
    "most of it in small gifts from people in the town and the villages around it.",
    "The last large fire in Eldham, in 1987, destroyed a timber yard on the other bank of the river "
    "and led to the building of the fire station that answered the call on Tuesday.",
]


def test_a_copy_cut_to_four_of_ten_paragraphs_is_a_copy():
    """Jaccard of the two is about 0.4 (below the symmetric 0.5), containment about 1."""
    original = article("wire10", "Fire destroys Eldham grain warehouse", LONG_WIRE, "Agency")
    cut = article("cut", "Eldham warehouse burns", LONG_WIRE[:4], "Paper")
    assert len(LONG_WIRE) == 10
    found = find_duplicates([original, cut])
    assert "cut" in found and found["cut"].original == "wire10"
    assert found["cut"].similarity < 0.5


@pytest.mark.parametrize("share,a,b,expected", [
    # (share of the text found in the original, its shingles, the original's, a copy?)
    (1.0, 100, 100, True), (0.67, 100, 120, True), (0.6, 100, 100, False),
    (1.0, 40, 100, True), (1.0, 30, 100, False), (1.0, 0, 100, False),
    (1.0, 120, 100, False),  # longer than the original: a fuller version, not a copy
])
def test_copy_rule_table(share, a, b, expected):
    from synopsis.copies import is_copy

    assert is_copy(share, a, b) is expected


def test_containment_from_jaccard_and_sizes():
    from synopsis.copies import containment

    # A = 40 shingles inside B = 100: Jaccard 0.4, containment 1.
    assert containment(0.4, 40, 100) == pytest.approx(1.0)
    # Two sets of 100 sharing 50: Jaccard 1/3, containment 1/2.
    assert containment(1 / 3, 100, 100) == pytest.approx(0.5)


def test_a_fuller_later_version_is_no_copy():
    short = article("short", "Fire", LONG_WIRE[:4])
    full = article("full", "Fire destroys Eldham grain warehouse", LONG_WIRE)
    assert find_duplicates([short, full]) == {}
    assert "short" in find_duplicates([full, short])


def test_state_signatures_without_shingle_counts_use_the_jaccard_rule():
    index = NearDuplicateIndex()
    sig, size = index.sign(body_text(article("w", "t", LONG_WIRE)))
    index.add("w", sig)  # as loaded from a state saved before the counts were kept
    cut_sig, cut_size = index.sign(body_text(article("c", "t", LONG_WIRE[:4])))
    assert index.query(cut_sig, cut_size) is None
    index.remove("w")
    index.add("w", sig, size)
    assert index.query(cut_sig, cut_size)[0] == "w"


@pytest.mark.parametrize("candidates,num_perm", [(0.2, 64), (0.5, 64), (0.5, 128)])
def test_band_index_finds_the_candidates_of_datasketch(candidates, num_perm):
    """The compact band table gives the candidate sets of datasketch's MinHashLSH (same bands),
    also after removals; signatures drawn so that many entries share a few bands."""
    from datasketch import MinHash, MinHashLSH

    index = NearDuplicateIndex(DedupOptions(num_perm=num_perm, candidates=candidates, threshold=max(candidates, 0.5)))
    lsh = MinHashLSH(threshold=candidates, num_perm=num_perm)
    assert index._lsh.hashranges == lsh.hashranges  # the Spark path bands by them
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=(20, num_perm), dtype=np.uint64)
    signatures = {}
    for i in range(300):
        sig = base[i % 20].copy()
        changed = rng.random(num_perm) < rng.uniform(0.2, 1.0)
        sig[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint64)
        signatures[f"a{i}"] = sig
        index.add(f"a{i}", sig)
        lsh.insert(f"a{i}", MinHash(num_perm=num_perm, hashvalues=sig, scheme=index._scheme), check_duplication=False)
    for i in range(0, 300, 7):
        index.remove(f"a{i}")
        lsh.remove(f"a{i}")
    shared = 0
    for q in range(40):
        query = base[q % 20].copy()
        changed = rng.random(num_perm) < rng.uniform(0.1, 0.7)
        query[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint64)
        expected = set(lsh.query(MinHash(num_perm=num_perm, hashvalues=query, scheme=index._scheme)))
        assert index._lsh.query(query) == expected
        shared += len(expected)
    assert shared > 40  # the queries did find candidates
