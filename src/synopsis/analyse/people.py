"""The people of one article: its person mentions, the roles they are given, and the resolution of a
later mention to the full name the article uses (a surname or titled name to the full name, a
pronoun to the latest speaker or person, a role noun to the latest person given that role).

The quote extractor resolves its speakers through :class:`People` (one per extraction, since it
records each attribution as it goes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..text.lexicon import NOT_FIRST_NAME
from ..text.names import name_key, person_name, surname_key
from .article import ArticleAnalysis


@dataclass(slots=True)
class PersonMention:
    pos: int
    name: str
    roles: set[str] = field(default_factory=set)
    speaker: bool = False


class People:
    """Person mentions of one article, for resolving surnames, pronouns and role nouns."""

    def __init__(self, analysis: ArticleAnalysis) -> None:
        self.text = analysis.text
        self.mentions: list[PersonMention] = []
        full: dict[str, list[str]] = defaultdict(list)  # surname key -> full names in order
        ents = analysis.persons
        cleaned = []
        for ent in ents:
            name = person_name(ent.text)
            tokens = name.split()
            if not tokens or not name[:1].isupper():
                cleaned.append(None)
                continue
            cleaned.append(name)
            if len(tokens) > 1:
                full[surname_key(name)].append(name)
        self.full = full
        for ent, name in zip(ents, cleaned):
            if name is None:
                continue
            canonical = self.canonical(name, ent.start_char)
            self.mentions.append(PersonMention(ent.start_char, canonical, role_words(ent)))
        self.mentions.sort(key=lambda m: m.pos)

    def canonical(self, name: str, pos: int = 0) -> str:
        """A name as the article's fullest form of it (surname -> full name)."""
        tokens = name.split()
        key = surname_key(name)
        candidates = self.full.get(key, [])
        if len(tokens) == 1 or (len(tokens) == 2 and tokens[0].islower()):
            if not candidates and tokens[-1][:1].isupper():
                # the recogniser missed the full name: look for "First [M.] Surname" in the text
                pattern = r"\b((?:[A-Z][\w’'-]+\.? ){1,4})" + re.escape(name) + r"\b"
                for m in re.finditer(pattern, self.text):
                    full_name = person_name(m.group(0))
                    if len(full_name.split()) >= 2 and full_name.split()[0].lower() not in NOT_FIRST_NAME:
                        candidates = self.full[key] = [full_name]
                        break
            if candidates:
                # the most complete full name with this surname (first and last name agree)
                return max(candidates, key=lambda n: (candidates.count(n), len(n)))
            return name
        # "Stephanie Miner" and "Stephanie A. Miner" -> the longest form with the same first name
        same = [c for c in candidates if name_key(c.split()[0]) == name_key(tokens[0])]
        return max(same or [name], key=len)

    def add_role(self, pos: int, name: str, words: set[str]) -> None:
        self.mentions.append(PersonMention(pos, name, set(words), speaker=True))
        self.mentions.sort(key=lambda m: m.pos)

    def latest(self, pos: int, *, role: str | None = None, speaker_first: bool = False) -> str | None:
        before = [m for m in self.mentions if m.pos < pos]
        if role is not None:
            for m in reversed(before):
                if role in m.roles:
                    return m.name
            after = [m for m in self.mentions if m.pos >= pos and role in m.roles]
            return after[0].name if after else None
        if speaker_first:
            for m in reversed(before):
                if m.speaker and pos - m.pos < 1500:
                    return m.name
        return before[-1].name if before else None








def role_words(ent) -> set[str]:
    """Title words before a name ("Mayor", "Attorney General") and the head of its apposition."""
    words = {w.lower().rstrip(".") for w in ent.text.split()[:-1]}
    head = ent.root
    for tok in reversed(list(ent.doc[max(0, ent.start - 6):ent.start])):
        if tok.dep_ in ("compound", "amod", "nmod", "poss", "case", "punct") or tok.pos_ == "PROPN":
            if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
                words.add(tok.lower_.rstrip("."))
            if tok.dep_ == "punct" and tok.text not in (".",):
                break
        else:
            break
    for child in head.children:
        if child.dep_ == "appos":
            words.add(child.lower_)
            words.update(t.lower_ for t in child.children if t.dep_ in ("compound", "amod"))
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        words.add(head.head.lower_)
    return {w for w in words if w and w.isalpha()}
