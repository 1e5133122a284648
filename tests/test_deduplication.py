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
from synopsis.records import Article, Block

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
    parts = [title, *paragraphs]
    blocks, offset = [], 0
    for i, p in enumerate(parts):
        blocks.append(Block("title" if i == 0 else "body", offset, offset + len(p), i + 1))
        offset += len(p) + 2
    return Article(id=aid, source=f"{aid}.txt", outlet=outlet, title=title, text="\n\n".join(parts), blocks=blocks)


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


@pytest.mark.parametrize("kwargs", [{"shingle": 0}, {"threshold": 0.0}, {"threshold": 1.5}, {"num_perm": 4}])
def test_bad_options(kwargs):
    with pytest.raises(ValueError):
        DedupOptions(**kwargs)
