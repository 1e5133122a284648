"""Names of people: cleaning a mention, comparison keys, surnames (with particles such as "de" and
"van"), titles before a name. The quote ledger, entities and disputes all key names with these."""

from __future__ import annotations

import re

from .lexicon import NAME_TITLES, ROLE_TITLES

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


def first_last_key(name: str) -> str | None:
    """``first|surname`` key of a name of two or more words, initials left out; None for one word."""
    tokens = [t for t in name.split() if not re.fullmatch(r"[A-Z]\.?", t)]
    if len(tokens) < 2:
        return None
    # Particles such as "de", "van" belong to the surname.
    last = tokens[-1]
    i = len(tokens) - 2
    while i > 0 and tokens[i].islower():
        last = tokens[i] + last
        i -= 1
    return name_key(tokens[0]) + "|" + name_key(last)


def is_surname_only(name: str) -> bool:
    """One capitalised word, with any lower-case particles before it ("Vries", "de Vries")."""
    tokens = name.split()
    return bool(tokens) and tokens[-1][:1].isupper() and all(t.islower() for t in tokens[:-1])


def surname_key(name: str) -> str | None:
    """Key of the surname of a name of two or more words (None for one word)."""
    key = first_last_key(name)
    return key.split("|")[1] if key else None


def split_title(text: str) -> tuple[str, str]:
    """("Seattle Mayor", "Ed Murray") from a name the recogniser took with its title."""
    name = clean_name(text, "person")
    tokens = name.split()
    cut = 0
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower().rstrip(".") in ROLE_TITLES:
            cut = i + 1
    if cut:
        return " ".join(tokens[:cut]), " ".join(tokens[cut:])
    return "", name


def person_name(text: str) -> str:
    """A person mention without the title the recogniser took with it."""
    return split_title(text)[1]


def speaker_surname(name: str) -> str:
    """Key of the last name of a speaker, particles joined ("de Vries") and Jr./Sr./II/III skipped."""
    tokens = [t for t in name.split() if not re.fullmatch(r"[A-Z]\.?", t)]
    if not tokens:
        return ""
    last = tokens[-1]
    i = len(tokens) - 2
    while i > 0 and tokens[i].islower():  # particles: de, van
        last = tokens[i] + last
        i -= 1
    if len(tokens) > 1 and tokens[-1].lower().rstrip(".") in {"jr", "sr", "ii", "iii"}:
        last = tokens[-2]
    return name_key(last)


def speaker_key(name: str) -> str:
    """Comparison key of a speaker's name: titles, case, spaces and punctuation removed."""
    return name_key(clean_name(name, "person"))
