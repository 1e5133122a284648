"""A literal prefilter for regular expressions: the words a match cannot do without.

The cleaner tries a dozen case-insensitive patterns on every line of every page; Python's
``re`` tries each alternative at each position, so a 60-word paragraph that matches none of
them costs about 40 µs a pattern. But nearly every pattern holds a word that any match must
contain ("caption", "javascript", "newsletter" ...): when none of those words is in the line,
the pattern cannot match, which a substring test (``in``) tells 50 times faster. This is the
prefilter of RE2 and Hyperscan (required "factors"), taken from the parsed pattern by
:func:`required_literals`, never written by hand, so a pattern edited later keeps a correct
prefilter.

Case: the line and the literals are compared after :func:`fold`, which maps every character
that ``re.IGNORECASE`` equates with an ASCII letter to that letter (``str.lower`` and three
more: dotless ``ı``, long ``ſ`` and the dot that lower-casing ``İ`` leaves), so a line the
pattern matches always passes the filter. Literals holding other cased non-ASCII letters are
not used (their case rules are wider); a pattern with no usable literal is always run.

The parse comes from ``re._parser``, the standard library's own (private, Python 3.11+) parser,
so the prefilter reads exactly the tree ``re`` compiles. Being private, it may change: when it is
missing or its tree is not what this module knows, every pattern is run without a prefilter,
which is slower and gives the same matches.
"""

from __future__ import annotations

import re

try:
    from re import _constants as C
    from re import _parser
except ImportError:  # a Python whose re lacks them: no prefilter, the same matches
    C = _parser = None

_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s", "\u0307": None})


def fold(text: str) -> str:
    """`text` lower-cased so that a case-insensitive match of an ASCII word is a substring."""
    low = text.lower()
    return low if low.isascii() else low.translate(_FOLD)


def _usable(ch: str) -> bool:
    return ch.isascii() or ch.lower() == ch.upper()


def _required(items) -> frozenset[str] | None:
    """Literals of which any match of the parsed sequence `items` holds one (None: none known)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def end_run():
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is C.LITERAL and _usable(chr(av)):
            run.append(fold(chr(av)))
            continue
        if op is C.AT:  # zero-width (\b, ^, $): the text on either side is contiguous
            continue
        end_run()
        if op is C.SUBPATTERN:
            found = _required(av[-1])
        elif op is C.BRANCH:
            branches = [_required(b) for b in av[1]]
            found = None if any(b is None for b in branches) else frozenset().union(*branches)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required(av[2])
        elif op is C.ATOMIC_GROUP:
            found = _required(av)
        else:  # classes, categories, any, lookarounds, back-references: nothing required
            found = None
        if found:
            candidates.append(found)
    end_run()
    if not candidates:
        return None
    # The most selective set: the one whose shortest literal is longest.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Folded strings of which every match of `pattern` holds at least one (in the searched
    text, folded), or None when the pattern has no such literal."""
    if _parser is None:
        return None
    try:
        found = _required(_parser.parse(pattern.pattern, pattern.flags))
    except (AttributeError, TypeError, ValueError, IndexError):  # a parse tree of another shape
        return None
    return found if found and all(found) else None


class Prefiltered:
    """A compiled pattern with its prefilter: :meth:`search` runs the pattern only on a text
    that holds one of its required literals. `folded` is ``fold(text)``, passed when the caller
    tries several patterns on one text."""

    __slots__ = ("pattern", "literals")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.literals = required_literals(pattern)

    def possible(self, folded: str) -> bool:
        return self.literals is None or any(word in folded for word in self.literals)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if not self.possible(fold(text) if folded is None else folded):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str, folded: str | None = None):
        if not self.possible(fold(text) if folded is None else folded):
            return iter(())
        return self.pattern.finditer(text)
