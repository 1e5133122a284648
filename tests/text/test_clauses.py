"""Where a long news sentence divides into clauses (text/clauses.py)."""

from __future__ import annotations

import pytest

from synopsis.text.clauses import clause_spans


def clauses(text: str) -> list[str]:
    return [text[a:b] for a, b in clause_spans(text)]


@pytest.mark.parametrize("text, expected", [
    # a semicolon joins two facts
    ("The depot was licensed for at most 80 workers on a shift; about 200 were inside when the roof gave way.",
     ["The depot was licensed for at most 80 workers on a shift", "about 200 were inside when the roof gave way"]),
    # an opening subordinate clause ends at its comma
    ("Though several engineers say the mayor delayed the repairs for years, she was cleared by the inquiry in May.",
     ["Though several engineers say the mayor delayed the repairs for years", "she was cleared by the inquiry in May"]),
    # a comma before a conjunction or a relative
    ("The flood was the worst the valley has seen in a century, and it struck the poorest districts first of all.",
     ["The flood was the worst the valley has seen in a century", "and it struck the poorest districts first of all"]),
    ("Most of the passengers were students from the northern towns, who had boarded the ferry at the last stop.",
     ["Most of the passengers were students from the northern towns", "who had boarded the ferry at the last stop"]),
    # the wire's dash
    ("The council voted to close the old bridge to trucks _ a decision the haulage firms called a disaster for trade.",
     ["The council voted to close the old bridge to trucks", "a decision the haulage firms called a disaster for trade"]),
    # a second infinitive of one verb, with its own object, is a clause of its own
    ("The council voted 5-2 on Monday to close the Greyhaven footbridge for repairs and to require every cyclist "
     "to use the river road until June.",
     ["The council voted 5-2 on Monday to close the Greyhaven footbridge for repairs",
      "and to require every cyclist to use the river road until June"]),
    # ... but "and to" before a determiner or a name is a preposition: no clause
    ("The ferry sailed from Ardenport to the islands and to the northern coast towns before it turned back at dusk.",
     []),
    ("Buses will run from the airport to the stadium every ten minutes and to Ardenport once an hour on weekends.", []),
    # a short sentence, or one whose pieces would be too short, does not divide
    ("The dam held; the town was spared.", []),
    ("Rescuers, who arrived within minutes of the first call from the harbour master, found the hull already submerged.",
     []),
    ("The ministry said the new rules would apply to every port and every ferry operator in the country from June.", []),
])
def test_long_sentences_divide_at_their_clause_boundaries(text, expected):
    assert clauses(text) == expected


def test_spans_are_in_order_inside_the_text_and_without_edge_punctuation():
    text = "The fire broke out before dawn on Sunday in a crowded warehouse; by noon the police had arrested two guards."
    spans = clause_spans(text)
    assert spans == sorted(spans) and all(0 <= a < b <= len(text) for a, b in spans)
    assert all(text[a:b] == text[a:b].strip(" ,;.") for a, b in spans)
