"""Compare outlets: the facts several outlets share, the facts only one reports, what each leaves out,
and the articles that cover another event.

Method.

* **Outlet voices.** Two articles whose body sentences are near-duplicates (more than
  ``DUPLICATE_SHARE`` of the shorter one's sentences have a twin, same normalised text or cosine
  >= ``TWIN_COSINE``) are one voice: a wire copy is not a second confirmation. Articles of the same
  outlet are one voice too.
* **Same-fact edges.** The pairs of :func:`~synopsis.analyse.alignment.same_fact_pairs` (embedding
  cosine plus specific shared words), between body/dek sentences of different voices, plus a
  recall pass for paraphrases: a lower cosine (``RELAXED_COSINE``) when the IDF-weighted overlap of
  content words is still substantial (``RELAXED_OVERLAP``), a high cosine with some shared content
  (``CLOSE_COSINE``, ``CLOSE_OVERLAP``: a long sentence that states the fact among others), or the
  same specific figure with a modest cosine and some shared content (``FIGURE_COSINE``,
  ``FIGURE_OVERLAP``), and last a paraphrase in other words (``LEXICAL_COSINE`` with much shared
  content, ``LEXICAL_OVERLAP``) between two sentences that have no edge to each other's voice yet.
  Besides names, the two share a word of the fact, one that few sentences of
  the set hold (:meth:`~synopsis.analyse.alignment.SentenceSpace.shares_fact_word`), not only the
  story's topic words; the edges that decide off-event articles take any shared word (topic).
* **Facts.** Each sentence with edges proposes a fact: itself and its best match in every other
  voice (a star around a medoid, so that a chain of pairwise matches cannot drift from one fact to
  another), widened by average link to the voices the star missed (``JOIN_MEAN_COSINE``).
  Proposals are taken greedily by number of voices, then by summed similarity; one is
  dropped when its sentence already cites, or states the same fact as the sentence, of a fact taken
  before (the duplicate-removal step of greedy summarisation, Carbonell & Goldstein 1998). A
  sentence that states two facts in two clauses may support both, and head the second: a fact
  whose members all matched one clause of its sentence uses that clause only, and the other
  clause proposes its own fact, which a one-clause sentence of another fact may support when
  that clause matched it. Last, an outlet that states a fact only in its
  headline is cited by the headline (one fact per headline, through a word specific to the fact).
* **Unique facts.** Substantive body/dek sentences (at least ``MIN_UNIQUE_WORDS`` words) with no
  edge to another voice, ranked by salience: figures, names (capitalised words inside the sentence)
  and the IDF of their content words.
* **Off-event articles** (cf. first-story detection, Allan et al. 1998): publication date far from
  the median of the others and from every other article's date (``DATE_ISOLATION_DAYS``), or a
  share of sentences aligned with other articles far below theirs when the learned same-event
  score (:mod:`synopsis.analyse.same_event`) sets the article apart too; the article's own
  recurring terms that no other article uses are given as the topic evidence. A set is presumed
  to be about one event: a flag needs the article to stand out from the set's own spread of
  dates and cohesion, so a topic followed for weeks by several outlets raises none.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from statistics import median
from typing import TYPE_CHECKING

import numpy as np

from ..copies import DUPLICATE_SHARE, TWIN_COSINE, DedupOptions, body_text, is_copy, shingle_containment, shingle_hashes, twin_share, wording
from ..records import FACT_KINDS, Article, Comparison, Fact, FactCitation, OffEvent, Sentence
from ..text.dates import DATE_PATTERN, day_number, find_date, parse_iso
from ..text.disjoint import DisjointSet
from ..text.lexicon import NOT_NEW_PHRASES, PRECEDENT_WORDS
from ..text.words import name_tokens
from .alignment import FIGURE_COSINE, LEXICAL_COSINE, RELAXED, RELAXED_COSINE, RELAXED_OVERLAP, SentenceSpace
from .summary import needs_previous
from .same_event import same_event_scores
from .timeline import resolve

if TYPE_CHECKING:
    from .corpus import Corpus

#: A sentence of a voice the star missed joins a fact at this mean cosine to its sentences.
JOIN_MEAN_COSINE = RELAXED_COSINE
#: A headline joins a fact only through a shared word that at most this share of sentences hold.
HEADLINE_SPECIFIC_SHARE = 0.05
#: Weight of the calibrated P(same) beside the cosine when a fact picks its sentence in each voice.
PROBABILITY_WEIGHT = 1.0
#: A sentence this close to one of its own voice already in a fact is another version of it (an
#: edited wire copy) and proposes no fact of its own.
VERSION_COSINE = 0.9
#: Unique facts: minimum words of a sentence.
MIN_UNIQUE_WORDS = 8
#: Off-event: publication date at least this many days from the others' median ...
DATE_GAP_DAYS = 14
#: ... and at least this many days from every other article's date: an article dated apart
#: from the others' median but near another article's date is part of the story's running
#: coverage (a topic followed for weeks, as the DUC 2003 event clusters are), not a lone
#: later development.
DATE_ISOLATION_DAYS = 28
#: Off-event: share of aligned sentences at most this fraction of the others' median ...
LOW_OVERLAP_RATIO = 0.5
#: ... and at most this absolute share.
LOW_OVERLAP_MAX = 0.2
#: Off-event on content alone needs a median same-event probability to the other articles below
#: this (the learned pair score of :mod:`synopsis.analyse.same_event`): an article that adds
#: reaction, background or a profile shares few stated facts but is still the same event.
SAME_EVENT_LOW = 0.5
#: ... and a flag on content alone needs the article's best same-event probability to any other
#: article below this (no article of the set is likely on its event) ...
SAME_EVENT_NONE = 0.25
#: ... and its median probability at most this share of the set's own cohesion (the median of the
#: other articles' medians): in a set whose articles are all loosely related, none stands out.
COHESION_SHARE = 1 / 3



def outlet_voices(articles: list[Article], space: SentenceSpace, sim: np.ndarray) -> dict[str, str]:
    """Article id -> voice name: copies (:mod:`synopsis.copies`: the shingle containment rule that
    story grouping runs, or sentence twins) and articles of one outlet share a voice."""
    groups = DisjointSet(a.id for a in articles)
    find = groups.find
    by_outlet: dict[str, str] = {}
    for a in articles:
        if a.outlet in by_outlet:
            groups.union(by_outlet[a.outlet], a.id)
        by_outlet.setdefault(a.outlet, a.id)
    rows: dict[str, list[int]] = {a.id: [] for a in articles}
    for i, s in enumerate(space.sentences):
        if s.kind in FACT_KINDS and s.article in rows:
            rows[s.article].append(i)
    norms = [wording(s.text) for s in space.sentences]
    ids = [a.id for a in articles]
    shingles = [shingle_hashes(body_text(a), DedupOptions().shingle) for a in articles]
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            short, long = sorted((len(shingles[x]), len(shingles[y])))
            if is_copy(shingle_containment(shingles[x], shingles[y]), short, long):
                groups.union(ids[x], ids[y])
                continue
            ra, rb = rows[ids[x]], rows[ids[y]]
            if not ra or not rb:
                continue
            share = twin_share([norms[i] for i in ra], [norms[j] for j in rb], sim[np.ix_(ra, rb)])
            if share > DUPLICATE_SHARE:
                groups.union(ids[x], ids[y])
    outlets_of: dict[str, list[str]] = {}
    for a in articles:
        names = outlets_of.setdefault(find(a.id), [])
        if a.outlet not in names:
            names.append(a.outlet)
    return {a.id: " / ".join(outlets_of[find(a.id)]) for a in articles}


def fact_edges(space: SentenceSpace, sim: np.ndarray, matches: dict[int, list[tuple[int, float]]],
               voice: list[str], another_fact=None, skip: frozenset[str] | set[str] = frozenset(),
               clause_edges: dict[tuple[int, int], float] | None = None, *,
               topic: bool = False) -> dict[int, dict[int, float]]:
    """Same-fact edges between body/dek sentences of different voices: the given matches plus
    the recall pass (relaxed cosine with overlap, or a shared figure) unless `another_fact(i, j)`
    says the two state different facts (another figure, date or sense:
    :meth:`Corpus.states_another_fact`), plus the `clause_edges` (a clause of one sentence that
    states the other's fact: :attr:`Corpus.clause_edges`, weighed by the clauses' cosine).
    Sentences of the articles in `skip` (off the event) have no edge. With `topic`, the recall
    pass takes a shared word of the story's topic for content (:meth:`SentenceSpace.relaxed_same_fact`):
    the edges that decide whether an article is on the event."""
    n = len(space.sentences)
    ok = np.array([s.kind in FACT_KINDS and s.article not in skip for s in space.sentences], dtype=bool)
    voices = np.array(voice, dtype=object)
    edges: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for i, pairs in matches.items():
        if not ok[i]:
            continue
        for j, c in pairs:
            if ok[j] and voice[j] != voice[i]:
                edges[i][j] = edges[j][i] = float(c)
    floor = min(RELAXED_COSINE, FIGURE_COSINE, LEXICAL_COSINE)
    lexical: list[tuple[int, int, float]] = []
    for i in range(n):
        if not ok[i]:
            continue
        cand = np.nonzero((sim[i, i + 1:] >= floor) & ok[i + 1:] & (voices[i + 1:] != voice[i]))[0] + i + 1
        for j in cand:
            j = int(j)
            if j in edges[i]:
                continue
            c = float(sim[i, j])
            level = space.relaxed_level_of(i, j, c, topic=topic)
            if not level or (another_fact is not None and another_fact(i, j)):
                continue
            if level == RELAXED:
                edges[i][j] = edges[j][i] = c
            else:
                lexical.append((i, j, c))
    # A paraphrase in other words (the lexical route of SentenceSpace.relaxed_same) links two
    # sentences only when neither has an edge to the other's voice yet: it recovers a fact the
    # other tests miss, and does not compete with a closer statement of it.
    covered = {(i, voice[j]) for i in range(n) for j in edges[i]}
    for i, j, c in lexical:
        if (i, voice[j]) not in covered and (j, voice[i]) not in covered:
            edges[i][j] = edges[j][i] = c
    for (i, j), c in (clause_edges or {}).items():
        if ok[i] and ok[j] and voice[i] != voice[j] and c > edges[i].get(j, -1.0):
            edges[i][j] = edges[j][i] = c
    return edges


def _joining_members(head: int, members: list[tuple[int, float]], sim: np.ndarray,
                     edges: dict[int, dict[int, float]], voice: list[str]) -> list[tuple[int, float]]:
    """Sentences of voices the star missed that join the fact by average link: an edge to at
    least one sentence of the fact and a mean cosine of ``JOIN_MEAN_COSINE`` to all of them
    (average-link agglomeration, which resists the drift of single-link chains; Manning et al.
    2008, ch. 17). The best candidate joins first and the means are taken again."""
    group = [head] + [j for j, _ in members]
    present = {voice[k] for k in group}
    joined: list[tuple[int, float]] = []
    while True:
        linked = {j for k in group for j in edges[k]} - set(group)
        best = None
        for j in linked:
            if voice[j] in present:
                continue
            mean = float(np.mean(sim[j, group]))
            if mean >= JOIN_MEAN_COSINE and (best is None or mean > best[0]):
                best = (mean, j)
        if best is None:
            return joined
        j = best[1]
        joined.append((j, float(sim[head, j])))
        group.append(j)
        present.add(voice[j])


def _add_headlines(taken: list[tuple[int, list[tuple[int, float]]]], sentences: list[Sentence],
                   space: SentenceSpace, sim: np.ndarray, voice: list[str]) -> None:
    """An outlet whose only statement of a fact is its headline ("Towns say they will not pay")
    is cited by the headline. Headlines are short and made of the story's topic words, which
    makes them close to many sentences, so a headline joins one fact at most (the closest), and
    only when it passes the relaxed edge test with a sentence of the fact *and* shares with it a
    word that few sentences of the set hold (``HEADLINE_SPECIFIC_SHARE``) and that at least two
    sentences of the fact hold: the fact's own word, not the story's. The headline is appended
    to the members of the fact in `taken`."""
    for t, s in enumerate(sentences):
        if s.kind != "title":
            continue
        best = None
        for k, (head, members) in enumerate(taken):
            if voice[head] == voice[t] or any(voice[j] == voice[t] for j, _ in members):
                continue
            group = [head] + [j for j, _ in members if sentences[j].kind != "title"]
            held = Counter(w for j in group for w in space.tokens[j])
            for j in group:
                c = float(sim[t, j])
                if (c >= RELAXED_COSINE and (best is None or c > best[0])
                        and space.content_overlap(t, j) >= RELAXED_OVERLAP
                        and any(held[w] >= 2 for w in space.specific_shared(t, j, HEADLINE_SPECIFIC_SHARE))):
                    best = (c, k)
        if best is not None:
            head, members = taken[best[1]]
            members.append((t, float(sim[head, t])))


def _add_stating_voices(taken: list[tuple[int, list[tuple[int, float]]]], matches: dict[int, list[tuple[int, float]]],
                        voice: list[str], skip: set[str], sentences: list[Sentence], sim: np.ndarray) -> None:
    """A voice the fact lacks joins it when one of its body/dek sentences states the fact by the
    calibrated decision (a match of the fact's first sentence, or of half its sentences): what an
    outlet states is not listed among what it leaves out. A sentence already in another fact
    joins only when it is closer to this fact's first sentence than to the first sentence of
    every fact it is in (a match of a neighbouring fact about the same people)."""
    heads_of: dict[int, list[int]] = {}
    for head, members in taken:
        for k in [head] + [j for j, _ in members]:
            heads_of.setdefault(k, []).append(head)
    for head, members in taken:
        group = [head] + [j for j, _ in members]
        present = {voice[k] for k in group}
        votes: dict[int, int] = Counter()
        for k in group:
            for j, _ in matches.get(k, []):
                s = sentences[j]
                if (voice[j] not in present and s.kind in FACT_KINDS and s.article not in skip
                        and all(sim[head, j] > sim[h, j] for h in heads_of.get(j, ()))):
                    votes[j] += 2 * len(group) if k == head else 2
        best: dict[str, tuple[int, int]] = {}
        for j, v in votes.items():
            if v >= len(group) and (voice[j] not in best or (v, sim[head, j]) > (best[voice[j]][1], sim[head, best[voice[j]][0]])):
                best[voice[j]] = (j, v)
        members.extend((j, float(sim[head, j])) for j, _ in best.values())


#: A sentence comparing what it tells with an earlier act ("a similar policy", "such compliance";
#: not "such as" or "such symptoms as", an example, nor "the same day", a time).
_PRECEDENT = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in PRECEDENT_WORDS) + r")\b"
                        r"(?!\s+(?:[a-z]+\s+)?as\b)(?!\s+(?:day|week|month|year|time|night|morning|evening|period)\b)",
                        re.IGNORECASE)
#: A denial that something is new ("This is not new.").
_NOT_NEW = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in NOT_NEW_PHRASES) + r")\b", re.IGNORECASE)
#: A year before the article's: said relative to it ("last year", "two years ago") or written ("in 2016").
_PAST_YEAR = re.compile(r"\b(?:last\s+year|(?:a|one|two|three|four|five|\d+)\s+years?\s+ago|(?<![\d$])(?:19|20)\d\d(?![\d%]))\b",
                        re.IGNORECASE)


def precedent_year(text: str, previous: str | None, anchor: date | None) -> int | str | None:
    """The earlier year in which a sentence says something like its story's act was done
    ("The minister said she was extending a similar levy adopted last year"; "This is not new."
    then "Last year the council began requiring such permits"): a comparison with an earlier
    act (``PRECEDENT_WORDS``) in the sentence, or a denial of novelty (``NOT_NEW_PHRASES``) in it
    or in the sentence before it (`previous`, the same paragraph), and a year before the
    `anchor` date (the article's). A year said relative to an unknown anchor is returned as its
    words ("last year"): two articles of one event that say it mean the same year. None: no
    precedent statement."""
    if not (_PRECEDENT.search(text) or _NOT_NEW.search(text) or (previous and _NOT_NEW.search(previous))):
        return None
    for m in _PAST_YEAR.finditer(text):
        found = resolve(m.group(0), anchor, past=True)
        if found is None or found.granularity not in ("year", "day"):
            continue
        if found.date is None:
            return " ".join(m.group(0).lower().split())
        if anchor is None or found.date.year < anchor.year:
            return found.date.year
    return None


def precedent_facts(sentences: list[Sentence], articles: list[Article], voice: list[str], off_ids: set[str],
                    taken_rows, another_fact) -> list[tuple[int, list[int]]]:
    """Facts of precedent statements (:func:`precedent_year`): the statements of two or more
    voices that name the same earlier year are one fact, "something like it was done in that
    year", however far apart their words are (outlets word a precedent in their own terms: one
    names the earlier administration, another "the department"; MiniLM puts them 0.17-0.39
    apart). The anchor of an undated article is the median publication date of the set's dated
    on-event articles. One statement per voice (the first), none already in a fact
    (`taken_rows`), none of an off-event article, none that `another_fact` sets apart from the
    first. (head, members) in reading order."""
    dates = {a.id: parse_iso(a.published or "") for a in articles}
    known = sorted(d for a, d in dates.items() if d is not None and a not in off_ids)
    fallback = known[len(known) // 2] if known else None
    groups: dict[int | str, dict[str, int]] = {}
    for k, s in enumerate(sentences):
        if s.kind not in FACT_KINDS or s.article in off_ids or k in taken_rows:
            continue
        before = sentences[k - 1] if k and sentences[k - 1].article == s.article and sentences[k - 1].block == s.block else None
        year = precedent_year(s.text, before.text if before else None, dates.get(s.article) or fallback)
        if year is not None:
            groups.setdefault(year, {}).setdefault(voice[k], k)
    facts = []
    for rows in groups.values():
        head, *rest = sorted(rows.values())
        members = [j for j in rest if not another_fact(head, j)]
        if members:
            facts.append((head, members))
    return facts


def _off_event_statements(head: int, members: list[tuple[int, float]], edges: dict[int, dict[int, float]],
                          another_fact, sentences: list[Sentence], sim: np.ndarray,
                          off_ids: set[str]) -> list[tuple[int, float]]:
    """The best body/dek sentence of each off-event article that states the fact: an edge (the
    recall-oriented `edges` of the whole set) to the fact's first sentence or to half its
    sentences, not to one member alone (a later development shares the story's words with one
    member or another clause of it: "outdoor watering will be allowed two days a week" does not
    state "watering ... is banned outright"), and no veto of
    :meth:`Corpus.states_another_fact` with any of them; with its cosine to the fact's first
    sentence."""
    if not off_ids:
        return []
    group = [head] + [j for j, _ in members]
    votes: Counter[int] = Counter()
    vetoed: set[int] = set()
    for k in group:
        for j in edges.get(k, {}):
            s = sentences[j]
            if s.article not in off_ids or s.kind not in FACT_KINDS:
                continue
            if another_fact(k, j):
                vetoed.add(j)
            votes[j] += len(group) if k == head else 2
    best: dict[str, tuple[int, float]] = {}
    for j, v in votes.items():
        if v < len(group) or j in vetoed:
            continue
        art, c = sentences[j].article, float(sim[head, j])
        if art not in best or c > best[art][1]:
            best[art] = (j, c)
    return sorted(best.values(), key=lambda x: -x[1])


#: A bare demonstrative object after a verb ("A spokesman disputed that, saying ...", "She
#: confirmed this.") points back to what the sentence before told.
_BARE_DEMONSTRATIVE = re.compile(r"\b(?:[a-z]+ed|denies|disputes|rejects|confirms|contests)\s+(?:that|this)\s*(?:[,.;:]|$)", re.IGNORECASE)
#: A speaker named only by a pronoun ("..., she said, ..."), quoted or not: whose claim it is
#: is told in an earlier sentence.
_PRONOUN_ATTRIBUTION = re.compile(
    r"(?:^|[,;]\s*)(?:he|she|they)\s+(?:said|says|added|adds|told|tells|explained|noted|wrote|writes|"
    r"continued|argued|insisted|warned|claimed)\b", re.IGNORECASE)
#: "such" before a noun refers to a kind told before ("began requiring such permits"); not
#: "such as" / "such symptoms as" (an example) nor "such a" / "such an" (an intensifier).
_SUCH_REFERENCE = re.compile(r"\bsuch\s+(?!as\b|an?\b)[a-z]+\b(?!\s+as\b)", re.IGNORECASE)


def _opens_back(text: str) -> bool:
    """The wording needs the sentence before it: it opens with a pronoun or a connective, refers
    back with a shell noun (summary.needs_previous) or a bare demonstrative ("disputed that,"),
    or opens in lower case (a fragment)."""
    stripped = text.lstrip("\"“‘'( ")
    return (bool(stripped[:1].islower()) or _BARE_DEMONSTRATIVE.search(text) is not None
            or needs_previous(Sentence("", 0, 0, len(text), text, "body", 0)))


def _dependence(text: str) -> int:
    """How much a wording leans on the sentences before it: 2 when it opens back
    (:func:`_opens_back`), 1 when only its speaker is a pronoun or it names a kind told before
    ("such compliance"), 0 when it stands alone."""
    if _opens_back(text):
        return 2
    return 1 if _PRONOUN_ATTRIBUTION.search(text) or _SUCH_REFERENCE.search(text) else 0


def _self_contained(head: int, members: list[tuple[int, float]], sentences: list[Sentence],
                    sim: np.ndarray) -> tuple[int, list[tuple[int, float]]]:
    """The fact in a wording that stands alone: when its first sentence opens with a pronoun or
    a reference back, or names its speaker by a pronoun only, the closest body/dek sentence of
    another voice that leans less on what came before leads instead (its citations then give
    cosines to it). The citations stay the same sentences."""
    own = _dependence(sentences[head].text)
    if not own:
        return head, members
    choices = [(d, j) for j, _ in members if sentences[j].kind in FACT_KINDS
               and (d := _dependence(sentences[j].text)) < own]
    if not choices:
        return head, members
    least = min(d for d, _ in choices)
    new = max((j for d, j in choices if d == least), key=lambda j: float(sim[head, j]))
    rest = [head] + [j for j, _ in members if j != new]
    return new, [(j, float(sim[new, j])) for j in rest]


def _salience(space: SentenceSpace, i: int) -> float:
    text = space.sentences[i].text
    names = len(name_tokens(text))
    figures = sum(1 for t in space.tokens[i] if t.startswith("#"))
    idf = sum(space.idf.get(t, 0.0) for t in space.tokens[i])
    return round(names + 2.0 * figures + 0.1 * idf, 3)


def _citation(articles: dict[str, Article], s: Sentence, sim: float) -> FactCitation:
    return FactCitation(s.article, articles[s.article].outlet, s.start, s.end, s.text, round(sim, 3))


def mentioned_date(article: Article) -> int | None:
    """Latest full date (month, day, year) written in the article, its removed lines (captions,
    datelines) or credits, as an ordinal; a stand-in for a missing publication date."""
    texts = [article.text, *(r.text for r in article.removed), *article.credits]
    found = [d for text in texts for m in re.finditer(DATE_PATTERN, text)
             if (d := day_number(find_date(m.group(0)))) is not None]
    return max(found) if found else None


def _same_event_summary(same_event: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per article, from the pair probabilities of a set: the median probability to the other
    articles, the best one, and the set's cohesion without it (the median of the other
    articles' medians)."""
    n = len(same_event)
    others = same_event[~np.eye(n, dtype=bool)].reshape(n, n - 1)
    medians, best = np.median(others, axis=1), others.max(axis=1)
    cohesion = np.array([np.median(np.delete(medians, k)) for k in range(n)])
    return medians, best, cohesion


def _apart_in_content(together: float, best: float, cohesion: float) -> bool:
    """The learned same-event score sets an article apart from the set: its median probability
    to the others (`together`) is below ``SAME_EVENT_LOW`` and at most ``COHESION_SHARE`` of the
    set's own cohesion, and no single article is likely on its event (`best` below
    ``SAME_EVENT_NONE``). A profile, reaction or background piece of the event shares few stated
    facts but keeps one close article at least; an article of a loosely related set is as far
    from the others as they are from each other. Measured on the 30 DUC 2003 event clusters with
    one article of another cluster added to each: all 30 added articles have a median below 0.14
    (docs/evaluation.md)."""
    return together < SAME_EVENT_LOW and together <= COHESION_SHARE * cohesion and best < SAME_EVENT_NONE


def off_event_articles(articles: list[Article], space: SentenceSpace,
                       edges: dict[int, dict[int, float]], same_event: np.ndarray | None = None) -> list[OffEvent]:
    """Articles whose date or content sets them apart from the others (see module docstring).
    `same_event`: the pair probabilities of the articles (their order), which veto a flag on
    content alone and tell a later development from another event."""
    if len(articles) < 3:
        return []
    position = {a.id: k for k, a in enumerate(articles)}
    medians, best, cohesion = _same_event_summary(same_event) if same_event is not None else (None, None, None)
    rows: dict[str, list[int]] = {a.id: [] for a in articles}
    for i, s in enumerate(space.sentences):
        if s.kind in FACT_KINDS and s.article in rows:
            rows[s.article].append(i)
    linked = {a: (sum(1 for i in r if edges[i]) / len(r) if r else 0.0) for a, r in rows.items()}
    days = {a.id: day_number(a.published) for a in articles}
    # A date taken from the text (a caption, a dateline) is weaker than a publication date.
    written = {a.id: days[a.id] is None or any("photo caption" in w for w in a.warnings) for a in articles}
    for a in articles:
        if days[a.id] is None:
            days[a.id] = mentioned_date(a)
    vocab: dict[str, dict[str, int]] = {}
    for a, r in rows.items():
        counts: dict[str, int] = {}
        for i in r:
            for t in space.tokens[i]:
                counts[t] = counts.get(t, 0) + 1
        vocab[a] = counts
    flagged = []
    for a in articles:
        others = [b for b in articles if b.id != a.id]
        reasons: list[str] = []
        score = 0.0
        other_days = [days[b.id] for b in others if days[b.id] is not None]
        others_linked = median(linked[b.id] for b in others)
        below = others_linked > 0 and linked[a.id] < others_linked
        far = days[a.id] is not None and bool(other_days)
        gap = abs(days[a.id] - median(other_days)) if far else 0.0
        # A publication date counts alone when at least two others are dated (so that their
        # median means something); a date only written in the text (a caption, a dateline), or
        # one compared with a single other date, counts when the article also shares fewer
        # facts than the others do.
        dated = [linked[b.id] for b in others if days[b.id] is not None]
        below_dated = bool(dated) and linked[a.id] < median(dated)
        alone = not written[a.id] and len(other_days) >= 2
        isolated = far and min(abs(days[a.id] - d) for d in other_days) >= DATE_ISOLATION_DAYS
        if gap >= DATE_GAP_DAYS and isolated and (alone or (below and below_dated)):
            mid = median(other_days)
            when = "after" if days[a.id] > mid else "before"
            what = "dated" if written[a.id] else "published"
            reasons.append(f"{what} {date.fromordinal(days[a.id]).isoformat()}, {gap:.0f} days {when} "
                           f"the others' median date {date.fromordinal(int(mid)).isoformat()}")
            score += min(gap / DATE_GAP_DAYS, 3.0) * (0.5 if written[a.id] else 1.0)
        dated_apart = bool(reasons)
        k = position[a.id]
        together = None if medians is None else float(medians[k])
        low_content = below and linked[a.id] <= LOW_OVERLAP_RATIO * others_linked and linked[a.id] <= LOW_OVERLAP_MAX
        # The learned score setting it apart is evidence of its own: with it, sharing fewer facts
        # than the others do is enough; without it, few shared facts are reaction, background, a
        # profile of the same event.
        apart = together is not None and below and _apart_in_content(together, float(best[k]), float(cohesion[k]))
        if low_content and not dated_apart and together is not None and not apart:
            continue
        if below and (reasons or low_content or apart):
            reasons.append(f"few of its sentences state facts of the other articles "
                           f"({linked[a.id]:.0%} against a median of {others_linked:.0%})")
            score += 1.0 - linked[a.id] / others_linked
        if reasons:
            seen_elsewhere = set().union(*(vocab[b.id] for b in others))
            own = sorted((t for t, c in vocab[a.id].items()
                          if c >= 2 and t not in seen_elsewhere and not t.startswith("#")),  # words, not numbers
                         key=lambda t: (-vocab[a.id][t], t))
            if own:
                reasons.append("its recurring terms appear in no other article: " + ", ".join(own[:6]))
            kind = "another event"
            if together is not None:
                reasons.append(f"same-event score to the other articles {together:.2f} (median)")
                if dated_apart and together >= SAME_EVENT_LOW and "after" in reasons[0]:
                    kind = "a later development"
            flagged.append(OffEvent(a.id, a.outlet, reasons, round(score, 3), kind))
    return sorted(flagged, key=lambda o: -o.score)


def compare_outlets(corpus: Corpus) -> Comparison:
    """Consensus and unique facts, omissions per outlet and off-event articles of a set.

    The corpus's articles are in reading order; its same-fact matches are at
    ``Options.citation_threshold``. Nothing is re-encoded: the method (module docstring) works on
    the corpus's embeddings, similarity matrix, matches and outlet voices.
    """
    articles, sentences, space, matches = corpus.articles, corpus.sentences, corpus.space, corpus.matches
    if not sentences:
        return Comparison(off_event=[])
    by_id = {a.id: a for a in articles}
    sim = corpus.similarity
    voice_of = corpus.voices
    voice = [voice_of.get(s.article, s.article) for s in sentences]
    # Whether an article is on the event is a matter of topic: the recall-oriented edges decide it.
    # (Tried: edges to every other article rather than voice, so that a wire copy whose facts only
    # its other copies state looks on the event: the one NYT article of d31022t is then flagged.)
    topic_edges = fact_edges(space, sim, matches, voice, topic=True)
    off_event = off_event_articles(articles, space, topic_edges,
                                   same_event_scores(articles) if len(articles) >= 3 else None)
    off_ids = {o.article for o in off_event}
    # Agreement: the brief's same-fact decision; an off-event article never counts toward it.
    edges = fact_edges(space, sim, matches, voice, corpus.states_another_fact, off_ids, corpus.clause_edges)

    # Fact proposals: each sentence with its best match in every other voice, the best by cosine
    # and the calibrated P(same) together (the closest sentence in meaning is often another fact
    # about the same actor; the model reads what the two state).
    probability = corpus.same_fact_probability
    pieces = corpus.clause_pieces

    def piece(j: int, i: int) -> int:
        """The clause of j that matched i's fact (:attr:`Corpus.clause_pieces`), else -1."""
        return pieces.get((j, i), (-1, -1))[0] if i != j else -1

    # A sentence of two clauses proposes besides, for each clause, the fact of that clause's
    # edges alone (k >= 0; -1: the whole sentence): the second fact it states, when the first
    # is taken through its other clause.
    proposals = []
    for i, nbrs in edges.items():
        if not nbrs:
            continue
        by_clause = {-1: nbrs}
        for j, c in nbrs.items():
            if (k := piece(i, j)) >= 0:
                by_clause.setdefault(k, {})[j] = c
        for k, chosen in by_clause.items():
            if k >= 0 and len(chosen) == len(nbrs):
                continue
            best: dict[str, tuple[int, float, float]] = {}
            for j, c in chosen.items():
                strength = c + PROBABILITY_WEIGHT * probability.get((i, j), 0.0)
                if voice[j] not in best or strength > best[voice[j]][2]:
                    best[voice[j]] = (j, c, strength)
            members = [(j, c) for j, c, _ in sorted(best.values(), key=lambda x: -x[2])]
            on_event = sentences[i].article not in off_ids  # an off-event article's words never head a fact
            proposals.append((on_event, len(members) + 1, sum(x for *_, x in best.values()), -i, -k - 1, k, i, members))
    proposals.sort(reverse=True)

    taken: list[tuple[int, list[tuple[int, float]]]] = []
    # A sentence that states two facts in two clauses ("Though neighbours say he saved dozens
    # of boats, he was fined for the spill") supports both: a sentence already in a fact
    # can support another one through a clause not used yet (clause numbers; -1: the whole
    # sentence, which uses every clause). A copy of a sentence already in a fact (a twin, or a
    # version of its own voice) proposes nothing new.
    uses: dict[int, set[int]] = {}
    heads: dict[int, list[int]] = {}  # row -> the first sentences of the facts it is in

    def apart(j: int, i: int) -> bool:
        """i's fact is not close to the facts j is in already."""
        return all(float(sim[i, h]) < RELAXED_COSINE for h in heads[j])

    def free(j: int, i: int, k: int) -> bool:
        """j can support the fact of i (through i's clause k; -1: the whole of i): unused, or
        through another clause of j, for another fact; or, when i's clause k matched j, j as a
        whole for another fact (the clause carries j's second fact: :meth:`SentenceSpace.carries`)."""
        if j not in uses:
            return True
        own = piece(j, i)
        if own >= 0:
            return -1 not in uses[j] and own not in uses[j] and apart(j, i)
        return k >= 0 and piece(i, j) == k and apart(j, i)

    def use(j: int, i: int) -> None:
        uses.setdefault(j, set()).add(piece(j, i))
        heads.setdefault(j, []).append(i)

    for *_, k, i, members in proposals:
        if k < 0 and (i in uses or any(h in edges[i] for h, _ in taken)):
            continue
        # a clause's fact: the second fact of a sentence taken through its other clause
        if k >= 0 and (i not in uses or -1 in uses[i] or k in uses[i]
                       or any(h in edges[i] and piece(i, h) in (k, -1) for h, _ in taken)):
            continue
        if 2 * sum(1 for j, _ in members if not free(j, i, k)) > len(members):
            continue
        if any(float(sim[i, r]) >= (VERSION_COSINE if voice[r] == voice[i] else TWIN_COSINE) for r in uses if r != i):
            continue
        members = members + _joining_members(i, members, sim, edges, voice)
        taken.append((i, members))
        # a head whose every member matched one of its clauses uses that clause only
        through = {piece(i, j) for j, _ in members}
        if k < 0 and len(through) == 1 and min(through) >= 0:
            k = min(through)
        if k >= 0:
            uses.setdefault(i, set()).add(k)
            heads.setdefault(i, []).append(i)
        else:
            use(i, i)
        for j, _ in members:
            use(j, i)
    # Precedent statements ("a similar policy adopted last year") are one fact by the year they name.
    for i, rows in precedent_facts(sentences, articles, voice, off_ids, uses, corpus.states_another_fact):
        taken.append((i, [(j, float(sim[i, j])) for j in rows]))
        use(i, i)
        for j in rows:
            use(j, i)
    used = set(uses)

    _add_headlines(taken, sentences, space, sim, voice)

    _add_stating_voices(taken, matches, voice, off_ids, sentences, sim)

    consensus = []
    for i, members in taken:
        i, members = _self_contained(i, members, sentences, sim)
        s = sentences[i]
        cites = [_citation(by_id, s, 1.0)]
        cites += [_citation(by_id, sentences[j], c) for j, c in members]
        outlets = [voice[i]] + [voice[j] for j, _ in members]
        # an off-event article that states the fact is cited last, and not counted as agreeing
        cites += [_citation(by_id, sentences[j], c) for j, c in
                  _off_event_statements(i, members, topic_edges, corpus.states_another_fact, sentences, sim, off_ids)]
        consensus.append(Fact(s.text, cites, outlets, _salience(space, i)))
    consensus.sort(key=lambda f: (-len(f.outlets), -f.salience))

    unique = []
    for i, s in enumerate(sentences):
        if (s.kind in FACT_KINDS and not edges[i] and i not in used and s.article not in off_ids
                and len(s.text.split()) >= MIN_UNIQUE_WORDS):
            unique.append(Fact(s.text, [_citation(by_id, s, 1.0)], [voice[i]], _salience(space, i)))
    unique.sort(key=lambda f: -f.salience)

    missing: dict[str, list[int]] = {}  # keyed by outlet; outlets of one voice leave out the same facts
    for a in articles:
        v = voice_of[a.id]
        if a.outlet not in missing:
            missing[a.outlet] = [k for k, f in enumerate(consensus) if v not in f.outlets]
    return Comparison(consensus, unique, missing, off_event)
