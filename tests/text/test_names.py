"""Names of people: keys, surnames, titles, and the one name index of a set (D5, D6)."""

from __future__ import annotations

import pytest

from synopsis.text.names import NameIndex, first_last_key, is_surname_only, person_name, surname_key


@pytest.mark.parametrize("name, surname, first_last, alone", [
    ("Lorna de Vries", "devries", "lorna|devries", False),
    ("Lorna De Vries", "devries", "lorna|devries", False),  # a capitalised particle is a particle too
    ("De Vries", "devries", None, True),
    ("Stephanie A. Miner", "miner", "stephanie|miner", False),
    ("Martin Luther King Jr.", "king", "martin|king", False),
    ("Garcetti", "garcetti", None, True),
])
def test_surname_keys(name, surname, first_last, alone):
    assert (surname_key(name), first_last_key(name), is_surname_only(name)) == (surname, first_last, alone)


@pytest.mark.parametrize("mention, name", [
    ("Seattle Mayor Ed Murray", "Ed Murray"),
    ("City Councilmember Rafael Oduya", "Rafael Oduya"),
    ("Martin Luther King Jr.", "Martin Luther King Jr"),  # a title word ("King") before a suffix is the name
    ("Mayor Garcetti", "Garcetti"),
])
def test_person_name_drops_the_title(mention, name):
    assert person_name(mention) == name


@pytest.mark.parametrize("names, ask, canonical", [
    # the unique-owner rule: a surname joins the one full name it belongs to, else stays apart
    (["Jeff Sessions", "Sessions"], "Sessions", "Jeff Sessions"),
    (["Jane Smith", "John Smith"], "Smith", "Smith"),
    (["Bill Moross"], "Ross", "Ross"),  # a surname is a word, not the end of a longer one
    (["Martin Luther King Jr."], "King", "Martin Luther King Jr"),
    (["Lorna de Vries", "Lorna DeVries", "Lorna DeVries"], "De Vries", "Lorna DeVries"),  # most frequent form
    (["Lorna de Vries"], "Vries", "Lorna de Vries"),
    (["Ansel McAllister", "Ansel McAllister", "Ansel Mc Allister"], "Ansel Mc Allister", "Ansel McAllister"),
    (["Eric Garcetti", "Eric Garceti"], "Garcetti", "Eric Garcetti"),  # one person, two spellings
    (["Stephanie A. Miner", "Stephanie Miner", "Stephanie Miner"], "Stephanie A. Miner", "Stephanie Miner"),
])
def test_name_index(names, ask, canonical):
    assert NameIndex(names).canonical(ask) == canonical


def test_spelling_merges_can_be_turned_off():
    assert NameIndex(["Eric Garcetti", "Eric Garceti"], fuzzy=None).canonical("Eric Garceti") == "Eric Garceti"
