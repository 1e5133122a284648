"""Framing per outlet: how each outlet tells the same story.

For every outlet of a set:

- **headline and lede** side by side: the title block and the first body sentence;
- **voices**: whose remarks it quotes (the quote ledger), grouped by kind of speaker from the
  speakers' roles with a general role lexicon (officials and government, local leaders,
  advocates and organised groups, experts, residents and others), with counts of distinct
  speakers and their names;
- **topic shares**: the share of its body words spent on each sub-topic of the story. Sub-topics
  are k-means clusters of the set's body-sentence embeddings (k grows with the square root of
  the number of sentences, 2..8), each labelled by its top terms (class-based TF-IDF, Grootendorst
  2022). An outlet's shares sum to 1;
- **loaded wording**: words of a small general lexicon of loaded, emotive and intensifying words
  (Recasens et al. 2013 on framing and subjective intensifiers) found in the outlet's own words,
  i.e. outside quotation marks, as a count per 100 words;
- **leaves_out**: consensus facts the outlet omits, computed elsewhere and passed through.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..records import Article, Block, Framing, LedgerEntry, OutletFraming, Sentence, Topic
from ..text.lexicon import LOADED_EXPLANATION, LOADED_WORDS, RESIDENT_WORDS, ROLE_LEXICON, STOPWORDS, VOICE_KINDS
from ..text.quotemarks import QuoteSpan, quote_spans, unquoted
from ..text.sentences import line_blocks

if TYPE_CHECKING:
    from .corpus import Corpus

#: The blocks whose words are the outlet's own (headline, dek, body; subheads are labels).
OWN_KINDS = ("title", "dek", "body")


_LOADED_EXACT = frozenset(w for w in LOADED_WORDS if not w.endswith("*"))
_LOADED_PREFIX = tuple(w[:-1] for w in LOADED_WORDS if w.endswith("*"))
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


# ---------------------------------------------------------------------------------------------
# voices


def voice_kind(role: str | None, name: str | None = None) -> str:
    """The kind of speaker a role (and, for organisations, a name) describes."""
    text = f"{role or ''} {name or ''}".lower().replace("’", "'")
    words = set(re.findall(r"[a-z][a-z-]*", text))
    if "attorney" in words and "general" in words:
        words.add("attorney-general")
    for kind in ("local leaders",):
        if words & ROLE_LEXICON[kind]:
            return kind
    # a spokesperson speaks for whoever employs them: classify the rest of the role first
    rest = words - {"spokesman", "spokeswoman", "spokesperson", "president", "general", "chief", "director",
                    "manager", "chair", "chairman", "chairwoman", "group"}
    for kind in ("advocates", "experts", "officials"):
        if rest & ROLE_LEXICON[kind]:
            return kind
    if words & RESIDENT_WORDS:
        return "residents and others"
    for kind in ("officials", "advocates", "experts"):
        if words & ROLE_LEXICON[kind]:
            return kind
    return "residents and others"


def _speaker_roles(ledger: Sequence[LedgerEntry]) -> dict[str, str | None]:
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in ledger:
        if entry.speaker:
            roles[entry.speaker]
            if entry.role and entry.role.lower() != entry.speaker.lower():
                roles[entry.speaker][entry.role] += 1
    return {spk: (max(c, key=lambda r: (c[r], len(r))) if c else None) for spk, c in roles.items()}


# ---------------------------------------------------------------------------------------------
# topics


def _terms(text: str) -> list[str]:
    return [w for w in (m.lower().replace("’", "'").strip("'-") for m in _WORD.findall(text))
            if len(w) > 2 and w not in STOPWORDS and "'" not in w]


def _kmeans(x: np.ndarray, k: int, iterations: int = 30, seed: int = 0) -> np.ndarray:
    """Spherical k-means with k-means++ seeding (deterministic; a few ms for hundreds of sentences)."""
    rng = np.random.default_rng(seed)
    centres = [x[int(rng.integers(len(x)))]]
    for _ in range(1, k):
        d = 1.0 - np.max(x @ np.array(centres).T, axis=1)
        d = np.clip(d, 0, None) ** 2
        p = d / d.sum() if d.sum() > 0 else None
        centres.append(x[int(rng.choice(len(x), p=p))])
    c = np.array(centres)
    labels = np.zeros(len(x), dtype=int)
    for _ in range(iterations):
        new = np.argmax(x @ c.T, axis=1)
        if _ and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = x[labels == j]
            if len(members):
                m = members.mean(axis=0)
                c[j] = m / max(np.linalg.norm(m), 1e-9)
    return labels


def _topics(body: list[Sentence], embeddings: np.ndarray) -> tuple[list[Topic], list[int]]:
    n = len(body)
    if n == 0:
        return [], []
    k = max(1, min(8, round(math.sqrt(n / 3)), n))
    if n >= 4:
        k = max(k, 2)
    if k == 1:
        labels = np.zeros(n, dtype=int)
    else:
        labels = _kmeans(embeddings, k)  # the encoder's vectors are unit length (models.SentenceEncoder)
    # class-based TF-IDF: a term's frequency in the cluster x log(1 + mean words per cluster / its total frequency)
    tf: list[Counter[str]] = [Counter() for _ in range(k)]
    for s, lab in zip(body, labels):
        tf[lab].update(_terms(s.text))
    total = Counter()
    for c in tf:
        total.update(c)
    avg = sum(total.values()) / max(k, 1)
    topics = []
    used: set[str] = set()
    for c in range(k):
        scored = sorted(tf[c], key=lambda t: (-tf[c][t] * math.log(1 + avg / total[t]), t))
        terms = scored[:3]
        label = ", ".join(terms) or f"topic {c + 1}"
        while label in used:
            label += "'"
        used.add(label)
        topics.append(Topic(c, label, terms, int((labels == c).sum())))
    return topics, [int(x) for x in labels]


# ---------------------------------------------------------------------------------------------
# loaded wording


def own_words(text: str, blocks: Sequence[Block], spans: Sequence[QuoteSpan]) -> list[str]:
    """The words of the blocks outside quotations (the article's one pairing of its marks)."""
    return [w for piece in unquoted(text, blocks, spans) for w in _WORD.findall(piece)]


def is_loaded(word: str) -> bool:
    w = word.lower().replace("’", "'").strip("'-")
    return w in _LOADED_EXACT or w.startswith(_LOADED_PREFIX)  # a tuple: one C call for every prefix


def loaded_score(text: str) -> tuple[list[str], float, int]:
    """(loaded words as written, loaded words per 100 words, word count) of the text's own words
    (outside quotations; the text's lines are its paragraphs)."""
    blocks = line_blocks(text)
    return _loaded(own_words(text, blocks, quote_spans(text, blocks)))


def _loaded(words: list[str]) -> tuple[list[str], float, int]:
    loaded = [w for w in words if is_loaded(w)]
    return loaded, (round(100.0 * len(loaded) / len(words), 2) if words else 0.0), len(words)


# ---------------------------------------------------------------------------------------------
# public API


def outlet_framing(corpus: Corpus, missing: Mapping[str, list[str]] | None = None) -> Framing:
    """Headline and lede, voices, topic shares, loaded wording and omissions of every outlet.

    Reads the corpus's sentences, their (unit-length) embeddings and the quote ledger; `missing`
    maps an outlet to the consensus facts it leaves out (passed through to `leaves_out`).
    """
    articles, sentences, ledger = corpus.articles, corpus.sentences, corpus.ledger
    emb = corpus.embeddings
    body_rows = [i for i, s in enumerate(sentences) if s.kind == "body"]
    body = [sentences[i] for i in body_rows]
    topics, labels = _topics(body, emb[body_rows] if body_rows else np.zeros((0, 1), np.float32))
    label_of = {(s.article, s.index): labels[n] for n, s in enumerate(body)}

    roles = _speaker_roles(ledger)
    titles = set().union(*(ROLE_LEXICON[k] for k in ("local leaders", "officials"))) | {"dr", "professor"}
    for spk, role in list(roles.items()):
        if role is None and " " in spk:
            for art in articles:
                m = re.search(r"\b([A-Za-z]+)\.?\s+" + re.escape(spk), art.text)
                if m and m.group(1).lower() in titles:
                    roles[spk] = m.group(1)
                    break
    speakers_by_article: dict[str, list[str]] = defaultdict(list)
    for entry in ledger:
        if not entry.speaker:
            continue
        for c in entry.citations:
            if entry.speaker not in speakers_by_article[c.article]:
                speakers_by_article[c.article].append(entry.speaker)

    by_outlet: dict[str, list[Article]] = {}
    for art in articles:
        by_outlet.setdefault(art.outlet, []).append(art)
    sents_of: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        sents_of[s.article].append(s)

    outlets = []
    for outlet, arts in by_outlet.items():
        first = arts[0]
        first_body = [s for s in sents_of[first.id] if s.kind == "body"]
        lede = min(first_body, key=lambda s: s.index).text if first_body else ""
        names: dict[str, list[str]] = {k: [] for k in VOICE_KINDS}
        for art in arts:
            for spk in speakers_by_article[art.id]:
                kind = voice_kind(roles.get(spk), spk)
                if spk not in names[kind]:
                    names[kind].append(spk)
        voices = {k: len(v) for k, v in names.items()}
        words_per_topic: Counter[str] = Counter()
        for art in arts:
            for s in sents_of[art.id]:
                if s.kind == "body" and (s.article, s.index) in label_of:
                    words_per_topic[topics[label_of[(s.article, s.index)]].label] += len(s.text.split())
        total = sum(words_per_topic.values())
        shares = {t.label: (words_per_topic[t.label] / total if total else 0.0) for t in topics}
        own = []
        for art in arts:
            analysis = corpus.by_id[art.id]
            blocks = [b for b in analysis.paragraphs if b.kind in OWN_KINDS]
            own += own_words(art.text, blocks, analysis.quote_spans)
        loaded, per_100, n_words = _loaded(own)
        outlets.append(OutletFraming(
            outlet=outlet,
            articles=[a.id for a in arts],
            headline=first.title,
            lede=lede,
            voices=voices,
            voice_names={k: v for k, v in names.items() if v},
            topic_shares=shares,
            loaded_words=loaded,
            loaded_per_100=per_100,
            words=n_words,
            leaves_out=list((missing or {}).get(outlet, [])),
        ))
    return Framing(topics, outlets, LOADED_EXPLANATION)
