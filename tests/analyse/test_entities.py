"""Entity variants merge: titles, possessives, spacing, middle initials, lone surnames."""

from __future__ import annotations

import pytest

from synopsis.analyse.entities import clean_name, merge_entities, name_key
from synopsis.records import EntityMention


def mentions(*items):
    out = []
    for i, (etype, article, text) in enumerate(items):
        out.append((etype, EntityMention(article, i * 10, i * 10 + len(text), clean_name(text, etype))))
    return out


@pytest.mark.parametrize(
    "text, etype, expected",
    [
        ("Mayor Ana DeVries", "person", "Ana DeVries"),
        ("Ana de Vries's", "person", "Ana de Vries"),
        ("the Harbour Authority", "organization", "Harbour Authority"),
        ("Attorney General Lee Park", "person", "Lee Park"),
        ("Gull Bay’s", "place", "Gull Bay"),
    ],
)
def test_clean_name(text, etype, expected):
    assert clean_name(text, etype) == expected


def test_name_key_ignores_case_space_and_punctuation():
    assert name_key("DeVries") == name_key("de Vries") == name_key("De-Vries")


def test_spelling_variants_merge_into_one_person():
    (entity,) = merge_entities(mentions(("person", "a", "Ana DeVries"), ("person", "b", "Ana de Vries"),
                                        ("person", "b", "Mayor Ana de Vries")))
    assert entity.type == "person"
    assert entity.mentions == {"a": 1, "b": 2}
    assert set(entity.variants) == {"Ana DeVries", "Ana de Vries"}


def test_surname_joins_the_only_full_name_even_when_tagged_as_organisation():
    entities = merge_entities(mentions(("person", "a", "Lee Park"), ("person", "a", "Park"),
                                       ("organization", "b", "Park"), ("place", "c", "Gull Bay")))
    park = next(e for e in entities if e.name == "Lee Park")
    assert park.mentions == {"a": 2, "b": 1}
    assert park.total == 3


def test_surname_with_particle_joins_the_full_name():
    (entity,) = merge_entities(mentions(("person", "a", "Lorna DeVries"), ("person", "b", "de Vries")))
    assert entity.name == "Lorna DeVries" and entity.mentions == {"a": 1, "b": 1}


def test_surname_shared_by_two_people_stays_apart():
    entities = merge_entities(mentions(("person", "a", "Lee Park"), ("person", "a", "Jo Park"),
                                       ("person", "b", "Park")))
    assert sorted(e.name for e in entities) == ["Jo Park", "Lee Park", "Park"]


def test_middle_initial_variant_merges():
    (entity,) = merge_entities(mentions(("person", "a", "Stella R. Mora"), ("person", "b", "Stella Mora"),
                                        ("person", "b", "Mora")))
    assert entity.total == 3 and len(entity.mentions) == 2


def test_seeds_merge_deblasio_variants(seeds_brief):
    people = [e for e in seeds_brief.entities if e.type == "person"]
    blasio = [e for e in people if "blasio" in name_key(e.name)]
    assert len(blasio) == 1, [e.name for e in blasio]
    assert len(blasio[0].mentions) == 2
    sessions = [e for e in people if name_key(e.name).endswith("sessions")]
    assert len(sessions) == 1 and len(sessions[0].mentions) == 5


def test_example_entities_have_counts_per_article(example_brief):
    ids = {a.id for a in example_brief.articles}
    assert example_brief.entities
    for entity in example_brief.entities:
        assert set(entity.mentions) <= ids and entity.total == sum(entity.mentions.values())


@pytest.mark.parametrize(
    "name, expected",
    [("Kestrel Falls Dam", "place"), ("Harlow Street", "place"), ("Brannock Engineers Guild", "organization"),
     ("Lorna DeVries", "person")],
)
def test_names_with_place_or_organisation_heads_are_not_people(name, expected):
    (entity,) = merge_entities(mentions(("person", "a", name), ("person", "b", name)))
    assert entity.type == expected
