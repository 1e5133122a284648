"""Whether two sentences of different articles state the same fact: one calibrated decision.

A reader checks "also reported by X" and "4 outlets agree"; two sentences of the same story share
their topic and their actors whatever they say, so neither an embedding cosine nor word overlap
alone tells a restatement from another fact about the same thing (another figure, another actor,
another time, a negation). The decision here is a logistic regression (Madnani et al. 2012 use
the same learner over MT metrics on MSRP) over a few features of a sentence pair, each of a kind
the paraphrase literature found robust:

- meaning: the all-MiniLM-L6-v2 cosine;
- wording: unigram and bigram overlap of stemmed words both ways, 4-gram overlap, character
  edit similarity (whole and best-matching part), the length difference;
- content: IDF-weighted overlap of content words, and the rarest words only one side states
  (IDF over the set at hand, as the brief computes it, scaled by its largest value so that a
  set of 300 sentences and one of 8,000 give comparable figures);
- figures: numbers only one side gives, the share of numbers matched (within rounding), no
  number in common, a different value for the same counted noun (spaCy ``nummod``: "21 wounded"
  vs "24 wounded"); cf. the number features of Socher et al. 2011;
- actors and time: named entities of one side that the other lacks, capitalised names that
  differ, dates or times on both sides that differ;
- polarity: negation on one side only, an antonym of the other side's word;
- predicate and arguments (spaCy): verb lemmas, the main verb, objects and nouns in common.

Everything comes from what a brief already has (sentence text, its embeddings, content tokens,
IDF, the spaCy parse of the article); only candidate pairs above a cheap cosine floor are scored.
The coefficients are package data (``same_fact_model.json``, a few KB), written by
``scripts/train_same_fact.py`` from MSRP's training half and hand-labelled DUC 2003 pairs;
:func:`synopsis.models.same_fact_model` loads them once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..text.lexicon import LEVEL_CHANGE_VERBS, LEVEL_STATE_VERBS
from ..text.words import content_tokens, name_tokens, stem

MODEL_FILE = Path(__file__).with_name("same_fact_model.json")
#: Version of the model file's layout (not of its coefficients).
FORMAT = 1

#: The features in the model's order; ``pair_features`` returns them so.
FEATURES = (
    "cosine",
    "unigram_min", "unigram_max", "bigram_min", "fourgram_min",
    "char_ratio", "char_partial", "length_difference",
    "idf_overlap", "idf_unshared",
    "numbers_one_side", "numbers_matched", "numbers_disjoint", "count_differs",
    "actors_unmatched", "names_differ", "time_differs",
    "negation_differs", "antonym",
    "verbs_shared", "main_verb_same", "objects_shared", "nouns_shared",
)
#: The features that compare figures: :meth:`SameFactModel.probability` can leave them out to
#: ask whether two sentences state the same fact but for the number (a figure conflict).
NUMBER_FEATURES = ("numbers_one_side", "numbers_matched", "numbers_disjoint", "count_differs")

_WORD = re.compile(r"[a-z0-9]+(?:[.,'’][a-z0-9]+)*")
_NEGATION = frozenset("not no never nor none nobody nothing neither cannot without".split())
#: Pairs of words of opposite sense in news reports of an event (stems, both directions).
_ANTONYMS = (
    ("rise", "fall"), ("rose", "fell"), ("increas", "decreas"), ("gain", "lose"), ("gain", "loss"),
    ("win", "lose"), ("won", "lost"), ("up", "down"), ("higher", "lower"), ("approv", "reject"),
    ("accept", "reject"), ("open", "close"), ("arriv", "leav"), ("allow", "ban"), ("admit", "deni"),
    ("confirm", "deni"), ("guilti", "innoc"), ("convict", "acquit"), ("live", "dead"), ("aliv", "dead"),
    ("start", "end"), ("befor", "after"), ("support", "oppos"), ("rais", "cut"), ("more", "less"),
)
_OPPOSITE: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYMS:
    _OPPOSITE[_a] = _OPPOSITE.get(_a, frozenset()) | {_b}
    _OPPOSITE[_b] = _OPPOSITE.get(_b, frozenset()) | {_a}
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "attr", "dative", "oprd"})


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the decision needs of one sentence, computed once per sentence."""

    text: str
    tokens: frozenset[str]  # content tokens (alignment.content_tokens): stems and "#numbers"
    words: tuple[str, ...]  # every word, lower-cased and stemmed, in order
    names: frozenset[str]  # content tokens of capitalised words inside the sentence
    negated: bool
    actors: tuple[frozenset[str], ...] = ()  # named entities (PERSON, ORG, GPE, ...) as word sets
    times: tuple[frozenset[str], ...] = ()  # DATE and TIME entities as word sets
    counts: Mapping[str, frozenset[float]] = field(default_factory=dict)  # counted noun -> values
    verbs: frozenset[str] = frozenset()
    main_verbs: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    figure_verbs: tuple[tuple[float, str], ...] = ()  # (value, lemma of the verb that governs it)

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.startswith("#"))


def sentence_facts(text: str, span=None, tokens: Iterable[str] | None = None) -> SentenceFacts:
    """The facts of one sentence; `span` is its spaCy Span (or Doc) when the caller has one
    (the brief parses every article once), `tokens` its content tokens when already computed."""
    lowered = text.lower()
    words = tuple(stem(w) for w in _WORD.findall(lowered))
    negated = any(w in _NEGATION or w.endswith("n't") for w in re.findall(r"[a-z'’]+", lowered))
    base = dict(text=text, tokens=frozenset(content_tokens(text) if tokens is None else tokens), words=words,
                names=frozenset(name_tokens(text)), negated=negated)
    if span is None:
        return SentenceFacts(**base)
    actors, times = [], []
    for ent in span.ents:
        bag = frozenset(w.lower() for w in ent.text.split() if w[:1].isalnum())
        if bag and ent.label_ in _ACTOR_LABELS:
            actors.append(bag)
        elif bag and ent.label_ in _TIME_LABELS:
            times.append(bag)
    counts: dict[str, set[float]] = {}
    verbs, main, objects, nouns = set(), set(), set(), set()
    governed: list[tuple[float, str]] = []
    for tok in span:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            verbs.add(lemma)
        if tok.pos_ in ("NOUN", "PROPN"):
            nouns.add(lemma)
        if tok.dep_ == "ROOT":
            main.add(lemma)
        if tok.dep_ in _OBJECT_DEPS:
            objects.add(lemma)
        if tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN"):
            value = _value(tok.text)
            if value is not None:
                counts.setdefault(tok.head.lemma_.lower(), set()).add(value)
        if tok.like_num and (value := _value(tok.text)) is not None and (verb := _governing_verb(tok)):
            governed.append((value, verb))
    return SentenceFacts(**base, actors=tuple(actors), times=tuple(times),
                         counts={k: frozenset(v) for k, v in counts.items()}, verbs=frozenset(verbs),
                         main_verbs=frozenset(main), objects=frozenset(objects), nouns=frozenset(nouns),
                         figure_verbs=tuple(governed))


def verb_above(tok, steps: int):
    """The nearest verb above `tok` in the parse, at most `steps` heads up ("reached its level
    of 40 percent": "reached" above "40"), or None at the root. The one walk for the figures'
    verbs (:mod:`synopsis.analyse.figures`) and the level veto here."""
    for _ in range(steps):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok
    return None


def _governing_verb(tok) -> str | None:
    """The lemma of the nearest verb above a number ("reached ... 40 percent" -> "reach"), or None."""
    verb = verb_above(tok, 6)
    return verb.lemma_.lower() if verb is not None else None


def _level_differs(a: SentenceFacts, b: SentenceFacts) -> bool:
    """The same figure is a level reached on one side and a level being moved to on the other
    (:data:`~synopsis.text.lexicon.LEVEL_STATE_VERBS` / ``LEVEL_CHANGE_VERBS``)."""
    for x, u in a.figure_verbs:
        for y, v in b.figure_verbs:
            if _close(x, y) and ((u in LEVEL_STATE_VERBS and v in LEVEL_CHANGE_VERBS)
                                 or (u in LEVEL_CHANGE_VERBS and v in LEVEL_STATE_VERBS)):
                return True
    return False


def span_of(doc, start: int, end: int):
    """The tokens of ``doc`` covering characters start..end (a sentence of the article)."""
    return doc.char_span(start, end, alignment_mode="expand") or doc[0:0]


def _value(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _close(x: float, y: float) -> bool:
    """Equal within rounding: 1.36 ~ 1.4, 8,829 ~ 8,832.69, 2,053.27 ~ 2,053."""
    if x == y:
        return True
    big = max(abs(x), abs(y))
    return abs(x - y) <= 0.01 * big or (big >= 10 and round(x) == round(y))


def _matched_share(mine: frozenset[str], theirs: frozenset[str]) -> float:
    values = [v for v in (_value(t[1:]) for t in theirs) if v is not None]
    hits = 0
    for t in mine:
        v = _value(t[1:])
        hits += v is not None and any(_close(v, w) for w in values)
    return hits / len(mine)


def _ngram_overlap(a: Sequence[str], b: Sequence[str], n: int) -> tuple[float, float]:
    """Shared n-grams (with multiplicity) over each side's n-grams (BLEU's clipped counts)."""
    (ga, ta), (gb, tb) = _ngrams(tuple(a), n), _ngrams(tuple(b), n)
    shared = sum((ga & gb).values())
    return shared / max(1, ta), shared / max(1, tb)


@lru_cache(maxsize=8192)
def _ngrams(words: tuple[str, ...], n: int) -> tuple[Counter, int]:
    """The n-grams of a sentence's words with their count (cached: a sentence is in many pairs)."""
    grams = Counter(zip(*(words[k:] for k in range(n))))
    return grams, sum(grams.values())


def _unmatched(mine: Sequence[frozenset[str]], theirs: Sequence[frozenset[str]]) -> int:
    """Entities of one side with no word in common with any entity of the other."""
    return sum(1 for e in mine if not any(e & f for f in theirs))


def _opposed(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """A word of one side whose opposite the other side uses instead ("rose" / "fell")."""
    own, other = set(mine), set(theirs)
    return any(w not in other and _OPPOSITE[w] & other and not (_OPPOSITE[w] & own) for w in own if w in _OPPOSITE)


def _share(a: frozenset[str], b: frozenset[str], empty: float = 0.0) -> float:
    return len(a & b) / len(a | b) if a or b else empty


def pair_features(a: SentenceFacts, b: SentenceFacts, cosine: float, idf: Mapping[str, float],
                  default_idf: float) -> list[float]:
    """The features of a pair, in the order of :data:`FEATURES` (symmetric in a and b).

    `idf` weighs content tokens (a word missing from it weighs `default_idf`, the largest
    weight: a word no sentence of the set holds); IDF features are scaled by `default_idf`."""
    from rapidfuzz import fuzz

    weight = lambda tokens: sum(idf.get(t, default_idf) for t in tokens)  # noqa: E731
    shared = weight(a.tokens & b.tokens)
    wa, wb = weight(a.tokens), weight(b.tokens)
    idf_overlap = min(shared / wa if wa else 0.0, shared / wb if wb else 0.0)
    idf_unshared = max(wa - shared, wb - shared) / default_idf

    uni = _ngram_overlap(a.words, b.words, 1)
    bi = _ngram_overlap(a.words, b.words, 2)
    four = _ngram_overlap(a.words, b.words, 4)
    la, lb = len(a.words), len(b.words)

    na, nb = a.numbers, b.numbers
    if na and nb:
        matched = min(_matched_share(na, nb), _matched_share(nb, na))
    else:
        matched = 0.0 if (na or nb) else 1.0
    count_differs = any(not any(_close(x, y) for x in a.counts[noun] for y in b.counts[noun])
                        for noun in a.counts.keys() & b.counts.keys())

    ua, ub = _unmatched(a.actors, b.actors), _unmatched(b.actors, a.actors)
    time_differs = bool(a.times and b.times and _unmatched(a.times, b.times) and _unmatched(b.times, a.times))
    antonym = _opposed(a.words, b.words) or _opposed(b.words, a.words)
    nouns_shared = len(a.nouns & b.nouns) / min(len(a.nouns), len(b.nouns)) if a.nouns and b.nouns else 0.0
    return [
        cosine,
        min(uni), max(uni), min(bi), min(four),
        fuzz.ratio(a.text, b.text) / 100, fuzz.partial_ratio(a.text, b.text) / 100, abs(la - lb) / max(1, la, lb),
        idf_overlap, idf_unshared,
        min(3, len(na ^ nb)), matched, float(bool(na) and bool(nb) and not (na & nb)), float(count_differs),
        (ua + ub) / max(1, len(a.actors) + len(b.actors)), 1 - _share(a.names, b.names, 1.0),
        float(time_differs),
        float(a.negated != b.negated), float(antonym),
        _share(a.verbs, b.verbs, 1.0), float(bool(a.main_verbs & b.main_verbs)), _share(a.objects, b.objects),
        nouns_shared,
    ]


_CALENDAR = frozenset("january february march april may june july august september october november december jan feb "
                      "mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday "
                      "sunday".split())


def _dated(times: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """The times that name a day, a month or a year ("March 24", "Tuesday", "1961"), not a span
    ("less than two weeks from now")."""
    return [t for t in times if t & _CALENDAR or any(w[:1].isdigit() for w in t)]


#: A range of two figures: "14 to 19", "14-19", "between 14 and 16", "between the ages of 14 and 16".
_RANGE = re.compile(r"(?i)(?<![\d.,])(?:between\s+(?:the\s+ages\s+of\s+)?(\d[\d,]*(?:\.\d+)?)\s+and\s+|"
                    r"(\d[\d,]*(?:\.\d+)?)\s*(?:to|-|–)\s*)(\d[\d,]*(?:\.\d+)?)(?![\d,]*\.?\d)")


def ranges(text: str) -> list[tuple[float, float]]:
    """The ranges a sentence gives, as (low, high) ("aged 14 to 19" -> (14, 19))."""
    out = []
    for m in _RANGE.finditer(text):
        low, high = _value(m.group(1) or m.group(2)), _value(m.group(3))
        if low is not None and high is not None and low < high:
            out.append((low, high))
    return out


def _range_differs(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Both sentences give a range, they share an end and differ at the other ("aged 14 to 19"
    / "between the ages of 14 and 16"): two counts of different things (the crowd, the dead), not
    one fact; ranges that share no end are left to the figure test."""
    ra, rb = ranges(a.text), ranges(b.text)
    if not ra or not rb or any(_close(x[0], y[0]) and _close(x[1], y[1]) for x in ra for y in rb):
        return False
    return any(_close(x[0], y[0]) or _close(x[1], y[1]) for x in ra for y in rb)


def mismatch(a: SentenceFacts, b: SentenceFacts) -> bool:
    """The two sentences state different facts by what they say, not how close they read: both
    give figures and none of one side's matches the other's (within rounding), a different value
    for the same counted noun, dates on both sides that differ, or a word against its
    opposite ("rose" / "fell"), the same figure as a level reached on one side and a level being
    moved to on the other ("reached 40 percent" / "lowering it to 40 percent"), or two ranges that
    share one end and not the other ("aged 14 to 19" / "between 14 and 16"). A brief vetoes its
    recall-oriented same-fact test with it."""
    na, nb = a.numbers, b.numbers
    if na and nb and _matched_share(na, nb) == 0 and _matched_share(nb, na) == 0:
        return True
    if any(not any(_close(x, y) for x in a.counts[noun] for y in b.counts[noun]) for noun in a.counts.keys() & b.counts.keys()):
        return True
    ta, tb = _dated(a.times), _dated(b.times)
    if ta and tb and _unmatched(ta, tb) and _unmatched(tb, ta):
        return True
    if _level_differs(a, b) or _range_differs(a, b):
        return True
    return _opposed(a.words, b.words) or _opposed(b.words, a.words)


@dataclass(frozen=True)
class SameFactModel:
    """Standardised logistic regression: P(same) = sigmoid(intercept + coef . (x - mean) / scale).

    `threshold`: the probability at and above which two sentences state the same fact (chosen by
    the training script for precision); `floor`: pairs with a cosine below it are never scored
    (different facts), which keeps the brief fast; `vetoes`: binary features that make a pair
    different whatever the rest says (P = 0): a different value for the same counted noun, a word
    against its opposite; the training script keeps those that do not lower MSRP CV accuracy."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    floor: float
    vetoes: tuple[str, ...] = ()
    trained_on: str = ""

    @classmethod
    def load(cls, path: str | Path = MODEL_FILE) -> "SameFactModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: a same-fact model of another layout or feature set; "
                             "run `python scripts/train_same_fact.py` to write one for this version")
        return cls(tuple(data["features"]), np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]),
                   float(data["intercept"]), float(data["threshold"]), float(data["floor"]),
                   tuple(data.get("vetoes", ())), data.get("trained_on", ""))

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean], "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef], "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4), "floor": self.floor, "vetoes": list(self.vetoes),
            "trained_on": self.trained_on,
        }, indent=1) + "\n"

    def probability(self, X: np.ndarray, *, but_for_numbers: bool = False) -> np.ndarray:
        """P(same fact) for each row of features; with `but_for_numbers`, the figure features
        are set to "agree" (same numbers, none on one side only): whether the sentences state
        the same fact but for the number."""
        X = np.array(X, dtype=float, ndmin=2)
        if but_for_numbers:
            X = X.copy()
            for name, agree in zip(NUMBER_FEATURES, (0.0, 1.0, 0.0, 0.0)):
                X[:, self.features.index(name)] = agree
        z = self.intercept + ((X - self.mean) / self.scale) @ self.coef
        p = 1.0 / (1.0 + np.exp(-z))
        for name in self.vetoes:
            p[X[:, self.features.index(name)] > 0] = 0.0
        return p


def score_pairs(model: SameFactModel, pairs: Sequence[tuple[int, int]], facts: Sequence[SentenceFacts],
                cosine: np.ndarray | Sequence[float], idf: Mapping[str, float], default_idf: float,
                *, but_for_numbers: bool = False) -> np.ndarray:
    """P(same fact) of each pair (i, j) of `facts`; ``cosine[k]`` is pair k's embedding cosine.
    A pair under the model's cosine floor scores 0 without computing its features."""
    scores = np.zeros(len(pairs))
    keep = [k for k, c in enumerate(cosine) if c >= model.floor]
    if keep:
        X = np.array([pair_features(facts[pairs[k][0]], facts[pairs[k][1]], float(cosine[k]), idf, default_idf)
                      for k in keep])
        scores[keep] = model.probability(X, but_for_numbers=but_for_numbers)
    return scores


def default_idf(n_sentences: int) -> float:
    """The IDF of a word no sentence holds, in the smoothing `SentenceSpace.build` uses."""
    return math.log((max(n_sentences, 1) + 1) / 0.5)


def same_fact_matches(space, facts: Sequence[SentenceFacts], model: SameFactModel,
                      *, keep_all: bool = False) -> dict[int, list[tuple[int, float]]]:
    """For each sentence of a :class:`~synopsis.analyse.alignment.SentenceSpace`, the sentences of
    *other* articles that state the same fact by the model, best first, with P(same) (the shape
    of ``alignment.same_fact_pairs``). Only pairs at or above the model's cosine floor are scored;
    with `keep_all`, every scored pair is kept whatever its P(same)."""
    sim = space.similarity()
    article = np.array([s.article for s in space.sentences], dtype=object)
    upper = np.triu(sim >= model.floor, 1) & (article[:, None] != article[None, :])
    rows, cols = np.nonzero(upper)
    pairs = list(zip(rows.tolist(), cols.tolist()))
    scores = score_pairs(model, pairs, facts, sim[rows, cols], space.idf, default_idf(len(space.sentences)))
    matches: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(space.sentences))}
    for (i, j), p in zip(pairs, scores):
        if keep_all or p >= model.threshold:
            matches[i].append((j, float(p)))
            matches[j].append((i, float(p)))
    for found in matches.values():
        found.sort(key=lambda x: -x[1])
    return matches
