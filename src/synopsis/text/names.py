"""Names of people: cleaning a mention, comparison keys, surnames (with particles such as "de" and
"van"), titles before a name. The quote ledger, entities and disputes all key names with these."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from collections.abc import Iterable, Mapping

from .disjoint import DisjointSet
from .lexicon import ABBREVIATED_TITLES, NAME_TITLES, NOT_FIRST_NAME, ROLE_TITLES

_POSSESSIVE = re.compile(r"[’']s?$")


def clean_name(text: str, entity_type: str) -> str:
    """A mention without leading articles, titles (for people) and possessive endings."""
    text = " ".join(text.split()).strip(" ,.;:\"'“”‘’()")
    text = _POSSESSIVE.sub("", text).strip()
    if re.match(r"(?i)the\s", text):
        text = text[4:]
    if entity_type == "person":
        tokens = text.split()
        while len(tokens) > 1 and tokens[0].lower().rstrip(".") in NAME_TITLES:
            tokens.pop(0)
        text = " ".join(tokens)
    return text


def name_key(name: str) -> str:
    """Comparison key: letters only, lower case ("DeBlasio" and "de Blasio" -> "deblasio")."""
    return re.sub(r"[^\w]|_|\d", "", name.lower())


#: Particles that belong to the surname after them, capitalised or not ("de Vries", "De Vries",
#: "van der Berg"); a lower-case word inside a name is taken as one too.
PARTICLES = frozenset("de da di del della der den du van von le la".split())
#: Generational suffixes after a surname ("Martin Luther King Jr.").
SUFFIXES = frozenset("jr sr ii iii iv".split())
_INITIAL = re.compile(r"[A-Z]\.?")
#: Two full names this close (rapidfuzz ratio of their keys, keys of 6 letters or more) are one
#: person spelled two ways ("Eric Garceti", "Eric Garcetti"); None turns spelling merges off.
FUZZY_RATIO: float | None = 92


def _parts(name: str) -> list[str]:
    """The words of a name without initials ("J.", "A") and generational suffixes ("Jr.")."""
    return [t for t in name.split() if not _INITIAL.fullmatch(t) and t.lower().rstrip(".") not in SUFFIXES]


def _is_particle(token: str) -> bool:
    return token.islower() or token.lower() in PARTICLES


def _split_surname(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(given names, surname with its particles) of a name's parts."""
    i = len(tokens) - 1
    while i > 1 and _is_particle(tokens[i - 1]):
        i -= 1
    if i == 1 and len(tokens) > 1 and _is_particle(tokens[0]):
        i = 0  # "de Vries", "De Vries": a surname with its particle, no given name
    return tokens[:i], tokens[i:]


def surname_key(name: str) -> str:
    """Key of a name's surname: its last word with the particles before it, initials and Jr./Sr./
    II/III left out ("Lorna de Vries", "De Vries" -> "devries"; "Martin Luther King Jr." -> "king")."""
    tokens = _parts(name)
    return name_key("".join(_split_surname(tokens)[1])) if tokens else ""


def first_last_key(name: str) -> str | None:
    """``first|surname`` key of a name with a given name and a surname (initials left out), else None."""
    given, surname = _split_surname(_parts(name))
    if not given or not surname:
        return None
    return name_key(given[0]) + "|" + name_key("".join(surname))


def is_surname_only(name: str) -> bool:
    """A capitalised surname alone, with any particles before it ("Vries", "de Vries", "De Vries")."""
    tokens = _parts(name)
    return bool(tokens) and tokens[-1][:1].isupper() and not _split_surname(tokens)[0]


def split_title(text: str) -> tuple[str, str]:
    """("Seattle Mayor", "Ed Murray") from a name the recogniser took with its title; a title word
    that only a suffix follows is part of the name ("Martin Luther King Jr.")."""
    name = clean_name(text, "person")
    tokens = name.split()
    cut = 0
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower().rstrip(".") in ROLE_TITLES and _parts(" ".join(tokens[i + 1:])):
            cut = i + 1
    if cut:
        return " ".join(tokens[:cut]), " ".join(tokens[cut:])
    return "", name


#: A sentence end inside a recognised name ("Tuesday. Kim"): a word of two lower-case letters or
#: more (not an abbreviated title: "Mrs. Ortiz"), a full stop and a capital.
_SENTENCE_END_IN_NAME = re.compile(r"\b(\w*[a-z]{2,})[.!?]\s+(?=[A-Z])")


def name_start(text: str) -> int:
    """Where the name of a mention starts: after a sentence end the recogniser ran it across
    ("Tuesday. Kim" -> 9), else 0."""
    start = 0
    for m in _SENTENCE_END_IN_NAME.finditer(text):
        if m.group(1).lower() not in ABBREVIATED_TITLES:
            start = m.end()
    return start


@lru_cache(maxsize=65536)
def person_name(text: str) -> str:
    """A person mention without the title the recogniser took with it (nor the end of a sentence
    it ran across, nor a conjunction before it)."""
    name = split_title(text[name_start(text):])[1]
    words = name.split()
    while len(words) > 1 and words[0].lower() in NOT_FIRST_NAME | LEADING_WORDS:
        words.pop(0)  # "Although EDC", "But Ortiz": a word the recogniser took in with the name
    return " ".join(words)


#: Sentence openers that the recogniser takes in with a name ("Although EDC said ...").
LEADING_WORDS = frozenset("although though because since unless whereas meanwhile also".split())


def speaker_key(name: str) -> str:
    """Comparison key of a speaker's name: titles, case, spaces and punctuation removed."""
    return name_key(clean_name(name, "person"))


class NameIndex:
    """The names of people (and groups that speak: offices, organisations) across a set of
    articles, merged: one canonical name for every way a person is written, the one entities, the
    quote ledger, disputes and framing use. People's names lose their titles; groups' names only
    an article ("the") and a possessive ending.

    Names are merged when they are the same once titles (before the name, as far as the last title
    word: "City Councilmember Rafael Oduya" is Rafael Oduya), case, spaces and punctuation go
    ("DeVries" = "de Vries"); when their given name and surname agree, middle initials aside
    ("Ana M. Ortiz"); when two full names are spelled almost alike (FUZZY_RATIO: "Rafael
    Oduyah"); and a surname alone ("Kessler", "De Vries") joins the one full name it belongs to,
    and stays apart when two people share it (the unique-owner rule: "Smith" beside "Jane Smith"
    and "John Smith"). The canonical name is the most frequent form of two words or more (then
    the longest), so the person an entity names is the person a quote names.
    """

    def __init__(self, people: Iterable[str] | Mapping[str, int] = (), groups: Iterable[str] | Mapping[str, int] = (),
                 *, fuzzy: float | None = FUZZY_RATIO) -> None:
        counts: Counter[str] = Counter()
        for names, clean in ((people, person_name), (groups, _group_name)):
            for name, n in (names.items() if isinstance(names, Mapping) else ((name, 1) for name in names)):
                cleaned = clean(name)
                if name_key(cleaned):
                    counts[cleaned] += n
        forms: dict[str, Counter[str]] = defaultdict(Counter)  # key -> its forms
        for form, n in counts.items():
            forms[name_key(form)][form] += n
        groups = DisjointSet(forms)
        full = [k for k, f in forms.items() if any(first_last_key(x) for x in f)]
        by_first_last: dict[str, str] = {}
        for key in full:
            for form in forms[key]:
                fl = first_last_key(form)
                if fl:
                    groups.union(by_first_last.setdefault(fl, key), key)
        if fuzzy is not None:
            from rapidfuzz import fuzz  # only when names are compared by spelling

            for i, a in enumerate(full):
                for b in full[i + 1:]:
                    if len(a) >= 6 and len(b) >= 6 and fuzz.ratio(a, b) >= fuzzy:
                        groups.union(a, b)
        owners: dict[str, set[str]] = defaultdict(set)  # surname key -> roots of the full names
        for key in full:
            for form in forms[key]:
                if first_last_key(form):
                    owners[surname_key(form)].add(groups.find(key))
                    owners[name_key(_parts(form)[-1])].add(groups.find(key))  # "Vries" for "Lorna de Vries"
        self._owners = {k: {groups.find(r) for r in roots} for k, roots in owners.items()}
        for key, f in forms.items():
            if all(is_surname_only(form) for form in f):
                roots = self._owners.get(key, set())
                if len(roots) == 1:
                    groups.union(next(iter(roots)), key)
        self._root = {key: groups.find(key) for key in forms}
        self._owners = {k: {groups.find(r) for r in roots} for k, roots in self._owners.items()}
        merged: dict[str, Counter[str]] = defaultdict(Counter)
        for key, f in forms.items():
            merged[self._root[key]].update(f)
        self._canonical = {root: max(f, key=lambda x: (len(x.split()) > 1, f[x], len(x))) for root, f in merged.items()}
        self._canonical_of: dict[str, str] = {}

    def _root_of(self, name: str) -> str | None:
        return self._root.get(name_key(person_name(name))) or self._root.get(name_key(_group_name(name)))

    def __contains__(self, name: str) -> bool:
        return self._root_of(name) is not None

    def canonical(self, name: str) -> str:
        """The canonical name of the person (or group) `name` writes, or `name` itself when it is
        nobody's. Remembered per name (the index does not change once built; disputes and the
        ledger ask for the same few names hundreds of times)."""
        known = self._canonical_of
        if name not in known:
            known[name] = self._canonical_uncached(name)
        return known[name]

    def _canonical_uncached(self, name: str) -> str:
        cleaned = person_name(name)
        root = self._root_of(name)
        if root is None and is_surname_only(cleaned):
            roots = self._owners.get(surname_key(cleaned), set())
            root = next(iter(roots)) if len(roots) == 1 else None
        return self._canonical[root] if root is not None else name

    def same(self, a: str, b: str) -> bool:
        """Whether the two names write the same person (or party)."""
        ka, kb = name_key(person_name(a)), name_key(person_name(b))
        if not ka or not kb:
            return False
        return ka == kb or self.canonical(a) == self.canonical(b)


def _group_name(name: str) -> str:
    """An office, organisation or group as written, without an article or a possessive ending."""
    return clean_name(name, "organization")

