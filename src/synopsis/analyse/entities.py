"""People, organisations and places, with name variants merged across articles.

Mentions come from spaCy's named-entity recogniser. Variants are merged in three steps,
following the usual cross-document coreference heuristics for names (Bagga & Baldwin 1998,
simplified to string evidence):

1. the same name once titles, possessives, case, spaces and punctuation are removed
   ("Mayor Bill DeBlasio" = "Bill de Blasio's");
2. the same first and last name with or without middle initials ("Stephanie A. Miner");
3. a surname alone joins the one full name in the set that ends with it ("Sessions" ->
   "Jeff Sessions"); it stays apart when two full names share the surname.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Article, Entity, EntityMention

LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}

#: Titles and roles that precede names and are not part of them.
NAME_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "gov", "governor", "sen", "senator", "rep", "representative",
    "president", "vice", "mayor", "attorney", "general", "sheriff", "judge", "justice", "secretary", "speaker",
    "chief", "officer", "minister", "prime", "chancellor", "gen", "lt", "col", "capt", "sgt", "st", "rev",
    "former", "state", "us", "u.s", "ag", "councilman", "councilwoman", "councillor", "commissioner",
    "director", "spokesman", "spokeswoman", "spokesperson", "sir", "dame", "lord", "lady", "king", "queen",
    "pope", "deputy", "acting", "interim", "superintendent", "inspector", "detective",
}
#: Last words that make a name a place or an organisation, whatever the recogniser said.
PLACE_HEADS = {"dam", "bridge", "reservoir", "river", "lake", "street", "avenue", "road", "park", "county",
               "city", "bay", "harbor", "harbour", "island", "valley", "falls", "airport", "station", "square"}
ORG_HEADS = {"department", "council", "district", "association", "union", "guild", "board", "company", "agency",
             "authority", "commission", "committee", "party", "office", "ministry", "court", "university",
             "institute", "center", "centre", "foundation", "corporation", "inc", "group", "bank", "police"}
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(slots=True)
class _Cluster:
    type_votes: Counter
    forms: Counter  # surface forms (cleaned) -> count
    mentions: list[EntityMention]

    @property
    def type(self) -> str:
        return self.type_votes.most_common(1)[0][0]

    def best_form(self) -> str:
        # The most frequent multi-word form; a single word only when nothing longer exists.
        return max(self.forms, key=lambda f: (min(len(f.split()), 3) > 1, self.forms[f], len(f)))


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


def _first_last_key(name: str) -> str | None:
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


def _is_surname_only(name: str) -> bool:
    """One capitalised word, with any lower-case particles before it ("Vries", "de Vries")."""
    tokens = name.split()
    return bool(tokens) and tokens[-1][:1].isupper() and all(t.islower() for t in tokens[:-1])


def _surname_key(name: str) -> str | None:
    key = _first_last_key(name)
    return key.split("|")[1] if key else None


def entity_mentions(article: Article, doc) -> list[tuple[str, EntityMention]]:
    """(type, mention) pairs for people, organisations and places in a parsed article."""
    found = []
    for ent in doc.ents:
        entity_type = LABEL_TYPES.get(ent.label_)
        if entity_type is None:
            continue
        name = clean_name(ent.text, entity_type)
        if len(name) < 2 or not any(ch.isupper() for ch in name):
            continue
        found.append((entity_type, EntityMention(article.id, ent.start_char, ent.end_char, name)))
    return found


def merge_entities(mentions: Sequence[tuple[str, EntityMention]]) -> list[Entity]:
    """Group mentions into entities with merged variants, most mentioned first."""
    clusters: dict[str, _Cluster] = {}
    for entity_type, mention in mentions:
        key = name_key(mention.text)
        if not key:
            continue
        cluster = clusters.setdefault(key, _Cluster(Counter(), Counter(), []))
        cluster.type_votes[entity_type] += 1
        cluster.forms[mention.text] += 1
        cluster.mentions.append(mention)

    parent = {key: key for key in clusters}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    # Step 2: first + last name with or without middle initials.
    by_first_last: dict[str, list[str]] = defaultdict(list)
    for key, cluster in clusters.items():
        if cluster.type == "person":
            for form in cluster.forms:
                fl = _first_last_key(form)
                if fl:
                    by_first_last[fl].append(key)
    for keys in by_first_last.values():
        for other in keys[1:]:
            union(keys[0], other)

    # Step 3: a lone surname joins the single full name that ends with it.
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for key, cluster in clusters.items():
        if cluster.type == "person":
            for form in cluster.forms:
                surname = _surname_key(form)
                if surname:
                    full_by_surname[surname].add(find(key))
    for key, cluster in clusters.items():
        single = all(_is_surname_only(form) for form in cluster.forms)
        if not single or cluster.type == "place":
            continue
        owners = {find(k) for k in full_by_surname.get(key, ())}
        if len(owners) == 1:
            union(next(iter(owners)), key)

    merged: dict[str, _Cluster] = {}
    for key, cluster in clusters.items():
        root = find(key)
        target = merged.setdefault(root, _Cluster(Counter(), Counter(), []))
        target.type_votes.update(cluster.type_votes)
        target.forms.update(cluster.forms)
        target.mentions.extend(cluster.mentions)

    entities = []
    for cluster in merged.values():
        counts: Counter[str] = Counter(m.article for m in cluster.mentions)
        has_full_person = any(len(f.split()) > 1 for f in cluster.forms) and cluster.type_votes["person"] > 0
        entity_type = "person" if has_full_person else cluster.type
        head = cluster.best_form().split()[-1].lower()
        if entity_type == "person" and (head in PLACE_HEADS or head in ORG_HEADS):
            entity_type = "place" if head in PLACE_HEADS else "organization"
        entities.append(
            Entity(
                name=cluster.best_form(),
                type=entity_type,
                variants=sorted(cluster.forms, key=lambda f: (-cluster.forms[f], f)),
                mentions=dict(sorted(counts.items())),
                spans=sorted(cluster.mentions, key=lambda m: (m.article, m.start)),
            )
        )
    entities.sort(key=lambda e: (-e.total, -len(e.mentions), e.name))
    return entities
