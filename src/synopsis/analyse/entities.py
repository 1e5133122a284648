"""People, organisations and places, with name variants merged across articles.

Mentions come from spaCy's named-entity recogniser. Mentions with the same name once titles,
possessives, case, spaces and punctuation are removed are one entity ("Mayor Bill DeBlasio" =
"Bill de Blasio's"). People are merged further by the set's name index
(:class:`~synopsis.text.names.NameIndex`; the usual cross-document coreference heuristics for
names, Bagga & Baldwin 1998, simplified to string evidence): the same first and last name with or
without middle initials ("Stephanie A. Miner"), spellings almost alike ("Eric Garceti"), and a
surname alone joining the one full name it belongs to ("Kessler" -> "Paul Kessler"; it stays
apart when two full names share the surname). A person entity is named as the index names the
person, so entities and quotes agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Entity, EntityMention
from ..text.disjoint import DisjointSet
from ..text.lexicon import ORG_HEADS, PLACE_HEADS
from ..text.names import NameIndex, clean_name, is_surname_only, name_key
from .article import ArticleAnalysis

LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


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












def entity_mentions(analysis: ArticleAnalysis) -> list[tuple[str, EntityMention]]:
    """(type, mention) pairs for people, organisations and places the recogniser found in an article."""
    article = analysis.article
    found = []
    for ent in analysis.ents:
        entity_type = LABEL_TYPES.get(ent.label_)
        if entity_type is None:
            continue
        name = clean_name(ent.text, entity_type)
        if len(name) < 2 or not any(ch.isupper() for ch in name):
            continue
        found.append((entity_type, EntityMention(article.id, ent.start_char, ent.end_char, name)))
    return found


def person_names(mentions: Sequence[tuple[str, EntityMention]]) -> Counter[str]:
    """How often each form of a person's name is mentioned (the entities' share of a NameIndex)."""
    return Counter(m.text for entity_type, m in mentions if entity_type == "person")


def merge_entities(mentions: Sequence[tuple[str, EntityMention]], names: NameIndex | None = None) -> list[Entity]:
    """Group mentions into entities with merged variants, most mentioned first.

    `names` (the set's name index; by default one over these mentions) decides which person
    mentions are one person and what the person is called, so that entities, quotes, disputes
    and framing name a person alike.
    """
    names = names if names is not None else NameIndex(person_names(mentions))
    clusters: dict[str, _Cluster] = {}
    for entity_type, mention in mentions:
        key = name_key(mention.text)
        if not key:
            continue
        cluster = clusters.setdefault(key, _Cluster(Counter(), Counter(), []))
        cluster.type_votes[entity_type] += 1
        cluster.forms[mention.text] += 1
        cluster.mentions.append(mention)

    # People: name variants (titles, spelling, initials) and a lone surname join the person the name
    # index says they write; a surname that is a place, or an organisation's name, stays apart.
    groups = DisjointSet(clusters)
    person_of: dict[str, str] = {}
    for key, cluster in clusters.items():
        if cluster.type == "place":
            continue
        if cluster.type != "person" and not all(is_surname_only(form) for form in cluster.forms):
            continue
        person = names.canonical(cluster.best_form())
        groups.union(person_of.setdefault(person, key), key)
    find = groups.find

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
        name = cluster.best_form()
        entities.append(
            Entity(
                name=names.canonical(name) if entity_type == "person" else name,
                type=entity_type,
                variants=sorted(cluster.forms, key=lambda f: (-cluster.forms[f], f)),
                mentions=dict(sorted(counts.items())),
                spans=sorted(cluster.mentions, key=lambda m: (m.article, m.start)),
            )
        )
    entities.sort(key=lambda e: (-e.total, -len(e.mentions), e.name))
    return entities
