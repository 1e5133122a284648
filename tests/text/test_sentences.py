"""Sentence splitting on news text: abbreviations, quotations, dashes."""

from __future__ import annotations

import pytest

from synopsis.analyse.sentences import split_sentences, split_spans

from helpers import make_article


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gov. Ana Ruiz spoke first. Mr. Lee left at 5 p.m. Monday.",
         ["Gov. Ana Ruiz spoke first.", "Mr. Lee left at 5 p.m. Monday."]),
        ("She joined the U.S. Army in 2004. Then she moved to Washington, D.C. with her family.",
         ["She joined the U.S. Army in 2004.", "Then she moved to Washington, D.C. with her family."]),
        ("The U.S. agency said no. Officials in the U.S. said yes.",
         ["The U.S. agency said no.", "Officials in the U.S. said yes."]),
        ("Rep. Tom Vale, D-Gull Bay, said so. Dr. Imani Stone agreed.",
         ["Rep. Tom Vale, D-Gull Bay, said so.", "Dr. Imani Stone agreed."]),
        ("The harbour––the busiest on the coast––closed early. Ferries stopped.",
         ["The harbour––the busiest on the coast––closed early.", "Ferries stopped."]),
        ("It was a shock — or so they said. Then it ended.", ["It was a shock — or so they said.", "Then it ended."]),
        ("“We will rebuild,” she said. “We always have.”", ["“We will rebuild,” she said.", "“We always have.”"]),
        # guillemets are quotation marks too (the mark set of text.quotemarks)
        ("«We will fight. We will win», the mayor said. Then she left.",
         ["«We will fight. We will win», the mayor said.", "Then she left."]),
        ('"We will rebuild. We always have," the mayor said. Others were less sure.',
         ['"We will rebuild. We always have," the mayor said.', "Others were less sure."]),
        ('She said, "This is it. It is done." Then she left.', ['She said, "This is it. It is done."', "Then she left."]),
        ("He lives in St. Louis. No. 5 is next.", ["He lives in St. Louis.", "No. 5 is next."]),
        ("The plan costs $4.1 billion. It passed.", ["The plan costs $4.1 billion.", "It passed."]),
        # paragraphs glued without a space by a flattened page; not a name or a file name
        ("They detained immigrants.Dozens of cities refused.", ["They detained immigrants.", "Dozens of cities refused."]),
        ("He read the Node.js notes and left.", ["He read the Node.js notes and left."]),
        ("She joined the U.S.Army early.", ["She joined the U.S.Army early."]),
        ("Headline without a stop", ["Headline without a stop"]),
        # tokenized, lower-cased text (spaces around quotation marks): a lone mark after a stop
        # opens the next sentence when it leaves a quotation open, and after a closed quotation
        # a lower-case word starts a new sentence
        ('The mayor will not resign. " i have no plans to go, " tovar said at home. He left.',
         ["The mayor will not resign.", '" i have no plans to go, " tovar said at home.', "He left."]),
        ('She offered a " sincere apology to all. " the council says it will meet. It did.',
         ['She offered a " sincere apology to all. "', "the council says it will meet.", "It did."]),
        # a photo caption run into the article ends at its credit
        ("Crowds gather in the square, on Monday,... (Associated Press) the vigil went on all night. It rained.",
         ["Crowds gather in the square, on Monday,... (Associated Press)", "the vigil went on all night.", "It rained."]),
        ("A ferry leaves Riverton harbour (AP Photo/Jo Vale) The strike began on Monday. Talks failed.",
         ["A ferry leaves Riverton harbour (AP Photo/Jo Vale)", "The strike began on Monday.", "Talks failed."]),
        # edited text attaches its marks: a quotation and its attribution stay one sentence
        ('"Stop it." he said. Then it ended.', ['"Stop it." he said.', "Then it ended."]),
        ("   ", []),
    ],
)
def test_split_spans(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize("paragraph, first", [
    ("WARSAW, Poland (AP) _ A cold wave has killed 32 people. Most were men.", "A cold wave has killed 32 people."),
    ("WASHINGTON — The minister spoke on Monday. She took no questions.", "The minister spoke on Monday."),
    ("LONDON (Reuters) - Shares rose. Bonds fell.", "Shares rose."),
    ("The minister spoke on Monday. She took no questions.", "The minister spoke on Monday."),
])
def test_a_wire_dateline_is_not_part_of_the_first_sentence(paragraph, first):
    article = make_article(paragraph, outlet="A")
    sentences = split_sentences(article)
    assert sentences[0].text == first
    assert paragraph[sentences[0].start:sentences[0].end] == first


def test_split_sentences_keeps_offsets_and_block_kinds():
    text = "Ferry halted\n\nThe ferry stopped. Nobody was hurt."
    article = make_article("Ferry halted", "The ferry stopped. Nobody was hurt.", outlet="A", title=True)
    assert article.text == text
    sentences = split_sentences(article)
    assert [s.text for s in sentences] == ["Ferry halted", "The ferry stopped.", "Nobody was hurt."]
    assert [s.kind for s in sentences] == ["title", "body", "body"]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2]
