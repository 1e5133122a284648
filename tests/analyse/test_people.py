"""People of one article (synopsis.analyse.people): name variants, surname to full name, gender
from the text's own pronouns and titles, roles, organisations, and the mentions that are page
furniture. Invented sentences only (the bundled example's world)."""

from __future__ import annotations

import pytest

from helpers import make_article
from synopsis.analyse.article import ArticleAnalysis
from synopsis.analyse.people import People, is_embed_furniture


@pytest.fixture(scope="module")
def nlp():
    from synopsis import models

    return models.nlp()


def people_of(nlp, *paragraphs: str) -> People:
    article = make_article(*paragraphs, id="p1", outlet="Ardenport Ledger")
    return People(ArticleAnalysis(article, nlp(article.text)))


def token(people: People, word: str, nth: int = 0):
    found = [t for t in people.analysis.doc if t.text == word]
    return found[nth]


# --- name variants: a later mention to the article's full name --------------------------------

@pytest.mark.parametrize("paragraphs, mention, expected", [
    # a surname to the one full name that owns it
    (("Tomas Brek, a ferry pilot, docked at noon.", "Brek said the crossing was rough."), "Brek", "Tomas Brek"),
    # a titled mention: the title is not part of the name
    (("Mayor Ana Ortiz opened the pier on Monday.", "Ortiz thanked the crews."), "Ortiz", "Ana Ortiz"),
    # a particle surname, spelled either way
    (("Lorna de Vries chairs the Greyhaven board.", "De Vries said little."), "De Vries", "Lorna de Vries"),
    # the longest form with the same first name
    (("Owen Pritchard spoke first.", "Owen J. Pritchard later returned."), "Owen Pritchard", "Owen J. Pritchard"),
    # a surname no one in the article owns stays as it is
    (("Tomas Brek docked at noon.",), "Halloran", "Halloran"),
    # "the Ardenport Democrat" is a description, not a first name and a surname
    (("The vote was close.", "“We will be back,” the Ardenport Democrat said."), "Democrat", "Democrat"),
])
def test_canonical_name(nlp, paragraphs, mention, expected):
    people = people_of(nlp, *paragraphs)
    assert people.canonical(mention, len(people.text)) == expected


# --- gender: only the text's own pronouns and titles count -------------------------------------

@pytest.mark.parametrize("paragraphs, name, expected", [
    (("Ana Ortiz runs the Greyhaven clinic. She opened it in 2019.",), "Ana Ortiz", "f"),
    (("Tomas Brek docked at noon. He was tired.",), "Tomas Brek", "m"),
    (("Mrs. Halloran runs the bakery on Pier Street.", "Halloran said the ovens were old."), "Halloran", "f"),
    # no pronoun, no title: not guessed from the first name
    (("Owen Pritchard answered the phone.", "The line went dead."), "Owen Pritchard", None),
])
def test_gender_from_the_text(nlp, paragraphs, name, expected):
    assert people_of(nlp, *paragraphs).gender_of(name) == expected


@pytest.mark.parametrize("paragraphs, pronoun, expected", [
    # agreement in gender: the nearer man is skipped for "she"
    (("Ana Ortiz met Tomas Brek on the pier. He was late.",
      "She said the crossing would reopen."), ("She", 0), "Ana Ortiz"),
    # a subject of the sentence before beats a mere mention
    (("Owen Pritchard read the letter from the Greyhaven board.", "He said it was fair."), ("He", 0), "Owen Pritchard"),
    # the main clause's subject beats a subordinate clause's
    (("As Tomas Brek left the pier, Owen Pritchard called the harbour office.", "He said the boat was late."),
     ("He", 0), "Owen Pritchard"),
    # names in an embedded post's signature are page furniture, no antecedent
    (("Ana Ortiz spoke at the hearing. She was angry.",
      "The pier is closed again. — Marta Quill (@martaquill) March 3, 2026",
      "She said the fine was unfair."), ("She", 1), "Ana Ortiz"),
])
def test_pronoun_antecedent(nlp, paragraphs, pronoun, expected):
    people = people_of(nlp, *paragraphs)
    assert people.antecedent(token(people, *pronoun)) == expected


# --- roles and descriptions ---------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs, role, expected", [
    (("District spokesman Owen Pritchard said the pipes were sound.", "The spokesman declined to say more."),
     "spokesman", "Owen Pritchard"),
    (("Tomas Brek docked at noon.",), "spokesman", None),
])
def test_role_holder(nlp, paragraphs, role, expected):
    people = people_of(nlp, *paragraphs)
    assert people.latest(len(people.text), role=role) == expected


def test_epithet_is_the_one_main_subject_named_before(nlp):
    people = people_of(nlp, "As the Greyhaven school reopened, Councilmember Ana Ortiz blamed the board.",
                       "“They let us down,” the Ardenport Democrat said.")
    assert people.epithet(people.text.index("the Ardenport Democrat")) == "Ana Ortiz"


def test_dateline_is_no_person(nlp):
    people = people_of(nlp, "ARDENPORT, Ore. — Tomas Brek, who pilots the night ferry, plans to retire.")
    assert {m.name for m in people.mentions} == {"Tomas Brek"}


# --- organisations --------------------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs, name, expected", [
    (("The Greyhaven Regional Water District raised its rates.", "GRWD said the rise was needed."),
     "GRWD", "Greyhaven Regional Water District"),
    (("Ardenport-based Harbor Lines runs the ferry.",), "Harbor", "Harbor Lines"),
    (("Tomas Brek docked at noon.",), "Pier Council", "Pier Council"),
])
def test_organisation_full_name(nlp, paragraphs, name, expected):
    assert people_of(nlp, *paragraphs).org_name(name) == expected


def test_it_after_a_named_organisation_subject(nlp):
    people = people_of(nlp, "The Greyhaven Regional Water District raised its rates.",
                       "GRWD declined to answer questions. “We are reviewing every meter,” it said.")
    assert people.organisation_pronoun(token(people, "it")) == "Greyhaven Regional Water District"


@pytest.mark.parametrize("paragraphs, expected", [
    (("The Greens believe the rise is unfair; they say rents already doubled.",), "Greens"),
    (("Key to the Liberals’ plan is a rebate.", "Most of it, they promise, will go to families."), "Liberals"),
    # no plural group before the pronoun: no one
    (("Tomas Brek docked at noon.", "Later they said the crossing was rough."), None),
])
def test_plural_group(nlp, paragraphs, expected):
    people = people_of(nlp, *paragraphs)
    assert people.plural_group(token(people, "they")) == expected


@pytest.mark.parametrize("paragraph, expected", [
    ("Rates go up again in May. — Ana Ortiz (@anaortiz) March 3, 2026", True),
    ("The Ledger's Owen Pritchard explains the new rates. 2:41.", True),
    ("Owen Pritchard said the meeting ended at 10:45 p.m.", False),
    ("Ana Ortiz (@anaortiz) posted a photo of the pier.", False),
])
def test_embed_furniture(paragraph, expected):
    assert is_embed_furniture(paragraph) is expected
