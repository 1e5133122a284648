"""The Porter stemmer (Porter 1980) as NLTK's ``PorterStemmer()`` runs it (its default mode,
``NLTK_EXTENSIONS``): the same stem for every word, without importing NLTK.

Why it is written here: ``from nltk.stem.porter import PorterStemmer`` imports the whole of
NLTK's package first, and with it SciPy's ``stats`` and scikit-learn (``nltk.collocations``,
``nltk.classify``): about a second of CPU in every cold brief to compute a stem. No other
package on PyPI implements NLTK's variant (Snowball's ``porter`` and PyStemmer are the original
algorithm with Martin Porter's extensions, which stem some words differently), and every
figure of the analysers was measured with NLTK's stems. The steps below follow NLTK 3.10's
``nltk/stem/porter.py`` (Apache License 2.0) rule for rule, in its order, with its extensions:
the irregular forms, ``ies``/``ied`` of four letters, ``y -> i`` only after a consonant that is
not the whole stem, ``alli`` before step 2, ``fulli`` and ``logi``, a two-letter ``*o``.
``tests/text/test_porter.py`` compares the two on every word of the seeds and the dev sets.
"""

from __future__ import annotations

from collections.abc import Callable

_VOWELS = frozenset("aeiou")

#: NLTK's irregular forms: the word -> its stem.
_IRREGULAR = {
    "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
    "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
    "cannings": "canning", "canning": "canning", "howe": "howe", "proceed": "proceed",
    "exceed": "exceed", "succeed": "succeed",
}


def _consonants(word: str) -> list[bool]:
    """Per letter, whether it is a consonant: not a, e, i, o, u, and a y only at the start or
    after a vowel (the paper's definition)."""
    flags: list[bool] = []
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            flags.append(False)
        elif ch == "y":
            flags.append(True if i == 0 else not flags[i - 1])
        else:
            flags.append(True)
    return flags


def _measure(stem: str) -> int:
    """m of [C](VC){m}[V]: how many vowel-consonant runs the stem has."""
    m, previous_vowel = 0, False
    for consonant in _consonants(stem):
        if consonant and previous_vowel:
            m += 1
        previous_vowel = not consonant
    return m


def _positive(stem: str) -> bool:
    return _measure(stem) > 0


def _over_one(stem: str) -> bool:
    return _measure(stem) > 1


def _has_vowel(stem: str) -> bool:
    return not all(_consonants(stem))


def _double_consonant(word: str) -> bool:
    """*d: the word ends in two equal consonants."""
    return len(word) >= 2 and word[-1] == word[-2] and _consonants(word)[-1]


def _cvc(word: str) -> bool:
    """*o: the word ends consonant-vowel-consonant, the last not w, x or y (NLTK: or it is a
    vowel and a consonant alone)."""
    if len(word) >= 3:
        flags = _consonants(word)
        if flags[-3] and not flags[-2] and flags[-1] and word[-1] not in "wxy":
            return True
    if len(word) == 2:
        flags = _consonants(word)
        return not flags[0] and flags[1]
    return False


Rule = tuple[str, str, "Callable[[str], bool] | None"]


def _first_rule(word: str, rules: list[Rule]) -> str:
    """The first rule whose suffix the word ends with decides (``*d``: a double consonant); when
    its condition on the rest fails, the word stays as it is."""
    for suffix, replacement, condition in rules:
        if suffix == "*d" and _double_consonant(word):
            stem = word[:-2]
            return stem + replacement if condition is None or condition(stem) else word
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if condition is None or condition(stem) else word
    return word


def _step1a(word: str) -> str:
    if word.endswith("ies") and len(word) == 4:
        return word[:-3] + "ie"
    return _first_rule(word, [("sses", "ss", None), ("ies", "i", None), ("ss", "ss", None), ("s", "", None)])


def _step1b(word: str) -> str:
    if word.endswith("ied"):
        return word[:-3] + ("ie" if len(word) == 4 else "i")
    if word.endswith("eed"):
        stem = word[:-3]
        return stem + "ee" if _measure(stem) > 0 else word
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
            stem = word[: -len(suffix)]
            break
    else:
        return word
    last = stem[-1]
    return _first_rule(stem, [
        ("at", "ate", None), ("bl", "ble", None), ("iz", "ize", None),
        ("*d", last, lambda _: last not in "lsz"),
        ("", "e", lambda s: _measure(s) == 1 and _cvc(s)),
    ])


def _step1c(word: str) -> str:
    return _first_rule(word, [("y", "i", lambda s: len(s) > 1 and _consonants(s)[-1])])


_STEP2: list[Rule] = [
    ("ational", "ate", _positive), ("tional", "tion", _positive), ("enci", "ence", _positive),
    ("anci", "ance", _positive), ("izer", "ize", _positive), ("bli", "ble", _positive),
    ("alli", "al", _positive), ("entli", "ent", _positive), ("eli", "e", _positive),
    ("ousli", "ous", _positive), ("ization", "ize", _positive), ("ation", "ate", _positive),
    ("ator", "ate", _positive), ("alism", "al", _positive), ("iveness", "ive", _positive),
    ("fulness", "ful", _positive), ("ousness", "ous", _positive), ("aliti", "al", _positive),
    ("iviti", "ive", _positive), ("biliti", "ble", _positive), ("fulli", "ful", _positive),
]


def _step2(word: str) -> str:
    if word.endswith("alli") and _positive(word[:-4]):
        return _step2(word[:-4] + "al")
    # NLTK's "logi" rule measures the word without "ogi" (the stem and its "l")
    return _first_rule(word, [*_STEP2, ("logi", "log", lambda _: _positive(word[:-3]))])


_STEP3: list[Rule] = [
    ("icate", "ic", _positive), ("ative", "", _positive), ("alize", "al", _positive),
    ("iciti", "ic", _positive), ("ical", "ic", _positive), ("ful", "", _positive), ("ness", "", _positive),
]

_STEP4: list[Rule] = [
    ("al", "", _over_one), ("ance", "", _over_one), ("ence", "", _over_one), ("er", "", _over_one),
    ("ic", "", _over_one), ("able", "", _over_one), ("ible", "", _over_one), ("ant", "", _over_one),
    ("ement", "", _over_one), ("ment", "", _over_one), ("ent", "", _over_one),
    ("ion", "", lambda s: _measure(s) > 1 and s[-1] in "st"),
    ("ou", "", _over_one), ("ism", "", _over_one), ("ate", "", _over_one), ("iti", "", _over_one),
    ("ous", "", _over_one), ("ive", "", _over_one), ("ize", "", _over_one),
]


def _step5a(word: str) -> str:
    if word.endswith("e"):
        stem = word[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            return stem
    return word


def _step5b(word: str) -> str:
    return _first_rule(word, [("ll", "l", lambda _: _measure(word[:-1]) > 1)])


def porter_stem(word: str) -> str:
    """The Porter stem of `word`, lower-cased, as NLTK's ``PorterStemmer().stem(word)`` gives it."""
    stem = word.lower()
    if stem in _IRREGULAR:
        return _IRREGULAR[stem]
    if len(word) <= 2:
        return stem
    stem = _step1c(_step1b(_step1a(stem)))
    stem = _first_rule(_first_rule(_step2(stem), _STEP3), _STEP4)
    return _step5b(_step5a(stem))
