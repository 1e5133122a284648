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

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Entity, EntityMention
from ..text.disjoint import DisjointSet
from ..text.lexicon import ORG_HEADS, PLACE_HEADS
from ..text.names import clean_name, first_last_key, is_surname_only, name_key, surname_key
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

    groups = DisjointSet(clusters)
    find, union = groups.find, groups.union

    # Step 2: first + last name with or without middle initials.
    by_first_last: dict[str, list[str]] = defaultdict(list)
    for key, cluster in clusters.items():
        if cluster.type == "person":
            for form in cluster.forms:
                fl = first_last_key(form)
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
                surname = surname_key(form)
                if surname:
                    full_by_surname[surname].add(find(key))
    for key, cluster in clusters.items():
        single = all(is_surname_only(form) for form in cluster.forms)
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
