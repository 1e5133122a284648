"""The clauses of a long sentence: where a news sentence that states two facts divides.

A wire sentence often joins two facts ("The ferry was rated for no more than 90 passengers;
about 200 were aboard when it capsized"); compared whole with a sentence of another outlet
that states one of them, its second fact dilutes the match. :func:`clause_spans` divides a long
sentence at a semicolon, a dash, a comma before a conjunction, a relative or a subordinator,
before a second infinitive of one verb ("voted to fund the repairs and to require a 20 percent
cut"), and after an opening subordinate clause ("Though many historians say ..., he was tried ...").
Pieces shorter than ``MIN_CLAUSE_WORDS`` stay with their neighbour. Character spans are relative
to the sentence text; a sentence that does not divide has no clauses (the sentence is its own).
"""

from __future__ import annotations

import re

from .lexicon import NOUN_PHRASE_STARTS

#: Sentences of fewer words are not divided.
MIN_SENTENCE_WORDS = 16
#: A clause has at least this many words; a shorter piece joins its neighbour.
MIN_CLAUSE_WORDS = 6

#: Words after a comma that open a clause ("as", "since", "before" open phrases as often: "as a
#: senator for life", "since 1990").
_JOINERS = ("and", "but", "while", "when", "whereas", "although", "though", "after", "because", "which",
            "who", "whose", "where")
#: Where a clause ends: a semicolon or a dash (the wire's " _ " and " -- " included), a comma
#: before a word that opens a clause, or a subordinator that opens one without a comma ("... in a
#: rented hall when a fire broke out").
_BREAK = re.compile(r";\s+|\s+(?:_|--|—|–)\s+|,\s+(?=(?:" + "|".join(_JOINERS) + r")\b)"
                    r"|\s+(?=(?:when|while|because|although|whereas)\s)", re.IGNORECASE)
#: A second infinitive of one verb ("... to set aside $48.5 million and to require every household
#: to cut ..."): a verb phrase with its own object, so a clause of its own. The word after "to" is
#: lowercase (a name makes "to" a preposition: "and to Ardenport") and not a determiner or pronoun.
_INFINITIVE = re.compile(r"\s+(?=and\s+to\s+(?!(?:" + "|".join(sorted(NOUN_PHRASE_STARTS)) + r")\b)[a-z]+\b)")
#: A sentence that opens with a subordinate clause divides at its first comma.
_OPENER = re.compile(r"^[\"“‘'(]*(?:though|although|while|when|after|because|as|if|since|before|despite|even though)\b",
                     re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the clauses of `text`, in order, or ``[]`` when the
    sentence is short or does not divide into pieces of ``MIN_CLAUSE_WORDS`` words."""
    if _words(text) < MIN_SENTENCE_WORDS:
        return []
    cuts = [(m.start(), m.end()) for pattern in (_BREAK, _INFINITIVE) for m in pattern.finditer(text)]
    if _OPENER.match(text):
        comma = text.find(", ")
        if comma > 0:
            cuts.append((comma, comma + 2))
    cuts.sort()
    pieces: list[list[int]] = []
    at = 0
    for start, end in cuts:
        if start <= at:
            continue
        pieces.append([at, start])
        at = end
    pieces.append([at, len(text)])
    merged: list[list[int]] = []
    for piece in pieces:
        if merged and _words(text[merged[-1][0]:merged[-1][1]]) < MIN_CLAUSE_WORDS:
            merged[-1][1] = piece[1]
        else:
            merged.append(piece)
    if len(merged) > 1 and _words(text[merged[-1][0]:merged[-1][1]]) < MIN_CLAUSE_WORDS:
        last = merged.pop()
        merged[-1][1] = last[1]
    if len(merged) < 2:
        return []
    out = []
    for start, end in merged:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;"))
        trail = len(piece.rstrip(" ,;."))
        out.append((start + lead, start + trail))
    return out
