"""Group a stream of articles into stories, online, and collapse wire copies.

Articles are taken in publication order (input order among articles without a date; undated
articles come last, as in :func:`synopsis.core.reading_order`). Each one is

1. checked for being a near-copy of an earlier article (:mod:`synopsis.copies`,
   MinHash-LSH over word shingles of the body). A copy joins the story of its original,
   credits the original and adds its outlet to the outlets that ran it, but adds nothing to
   the story's vector and is never counted as an independent source;
2. otherwise compared with the live stories: its TF-IDF vector (sublinear term frequency,
   headline terms counted twice, words written with a capital inside a sentence (names)
   weighted up) against each candidate story's centroid. Candidates come from an inverted
   index of the stories' strongest terms. The article joins the most similar story when the
   cosine reaches ``threshold`` plus a time penalty that grows with the days since the story's
   last article (``time_penalty`` at ``window_days`` and beyond), so articles far apart in time
   merge only when they are clearly about the same thing; otherwise it starts a new story. For
   the best candidates whose cosine is within ``join_band`` of their bar, a learned join decision
   (``join_model``: a logistic regression over :data:`JOIN_FEATURES`, Miranda et al. 2018) says
   whether to join instead of the bar.
3. at the end of a batch (:meth:`StoryGrouper.add_all`, not after a single :meth:`StoryGrouper.add`),
   a merge pass: each story that got an article in the batch is compared with its candidate
   stories (same inverted index), and pairs whose centroid cosine reaches ``merge_threshold``
   plus the time penalty of the gap between their date spans are merged (``merge_threshold_single``
   when one of the two is a single article; by default, ``merge_average``, the pair's average link,
   the mean cosine between their articles, at one bar for all sizes), best pair first, each story in at most one merge per
   round (``merge_rounds``), into the lower story id (centroids averaged by number of originals). This repairs stories split because their first articles
   arrived before the vocabulary linking them did. The assignments returned by ``add_all`` give
   the story after the merge; an absorbed story from an earlier run disappears from the state.

Document frequencies come from the saved state plus the batch being grouped, so a daily run
weights words by everything seen so far. Stories idle for more than ``retire_days`` (or the
least recently updated ones beyond ``max_live_stories``) are retired: they leave the index and
the state, so memory grows with the live stories only. Within a batch (:meth:`StoryGrouper.add_all`)
a story idle for more than ``retire_days`` is out of reach of the later dated articles but is
retired only at the end of the batch, so that the batch's undated articles, grouped last, can
still join it. Only fast features are used: no
dependency parser, tagger or sentence encoder runs on this path.

Grouping is deterministic: no salted hashes, no random numbers, ties broken by story number.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from pathlib import Path

import numpy as np

from ..copies import DedupOptions, NearDuplicateIndex, body_text
from ..outputs import write_text
from ..records import Article
from ..text.dates import day_number
from ..text.lexicon import STORY_STOP
from ..text.words import inner_names
from .state import READABLE_STATE_VERSIONS, STATE_FORMAT, STATE_VERSION, StateError, read_state_file

#: Signals of an (article, candidate story) pair for the learned join decision (Miranda et al.,
#: EMNLP 2018: a learned article-to-cluster similarity over several similarities and time):
#: centroid cosine, average link (cosine x mass / originals), margin over the bar, single-article
#: story, log originals, log(1 + days since the story's last article; 0 undated), the cosine's part
#: carried by the article's names, the share carried by the three strongest shared terms, the lead
#: over the best other candidate's cosine, and the article vector's length (share of max_terms).
JOIN_FEATURES = ("sim", "avg", "margin", "single", "logn", "gap", "names", "top3", "lead2", "vlen")
#: Candidate stories (best margins first) given to the learned join decision.
JOIN_CANDIDATES = 3

_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# English function words and words of news reporting that say nothing about the story.


@dataclass(slots=True)
class StoryOptions:
    """Settings of story grouping.

    threshold: cosine between an article and a story's centroid at or above which the article
        joins the story (same-day articles).
    threshold_single: the same for a story of one article (an article-to-article cosine, which
        runs lower than the cosine to the mean of several articles); None: `threshold`.
    time_penalty: added to the threshold for an article `window_days` or more after the story's
        last article (linearly less for shorter gaps).
    window_days: gap over which the time penalty reaches its full value.
    retire_days: stories without an article for this many days leave the index and the state.
    max_live_stories: at most this many stories are kept live; beyond it the least recently
        updated are retired (this bounds memory for undated streams).
    title_weight: how many times the headline's terms count.
    name_weight: weight factor of words written with a capital inside a sentence.
    max_terms: terms kept per article vector (the strongest); centroid_terms: per story centroid.
    query_terms, index_terms: terms used to look up candidate stories / to index a story.
    max_candidates: candidate stories compared exactly per article.
    max_posting: per query term, only the this many most recently indexed stories are looked up.
    min_df: words seen in fewer documents are left out of the vectors (they link nothing).
    idf_power: exponent of the IDF factor; bigrams: add adjacent content-word pairs.
    merge_threshold: centroid cosine at or above which two live stories are merged at the end of
        a batch (plus the time penalty of the gap between their date spans); None: no merge pass.
    merge_threshold_single: the same for a pair in which one story has a single original article
        (its centroid is one article's vector, whose cosine to a centroid runs lower than between
        two centroids, as for `threshold_single`); None: `merge_threshold`.
    merge_rounds: merge rounds at the end of a batch (each story in at most one merge per round).
    merge_average: when set, the merge pass joins two stories by average link instead (the mean
        cosine between the articles of one and those of the other, computed from the centroids and
        the stories' masses, :attr:`Story.mass`) at this bar plus the gap penalty, whatever their
        sizes; None: the centroid bars above. On the dev sets average link separates right from
        wrong merges far better than the centroid cosine (docs/evaluation.md, issue 21).
    join_model: name of the learned join decision shipped in ``synopsis/analyse/same_event.json``
        (:data:`JOIN_FEATURES`, a logistic regression trained by ``scripts/train_same_event.py
        --join``), used for the candidate stories whose margin over their bar is within
        ``join_band``: such a story is joined when the model's probability reaches ``join_tau``
        (outside the band the bar decides alone); None: the bars alone.
    dedup: near-duplicate settings (:class:`~synopsis.copies.DedupOptions`); None turns
        copy detection off.
    """

    threshold: float = 0.26
    threshold_single: float | None = 0.2
    time_penalty: float = 0.05
    window_days: float = 30.0
    retire_days: float = 1461.0
    max_live_stories: int = 100_000
    title_weight: float = 2.0
    name_weight: float = 1.5
    max_terms: int = 80
    centroid_terms: int = 300
    query_terms: int = 20
    index_terms: int = 30
    max_candidates: int = 30
    max_posting: int = 400
    min_df: int = 2
    idf_power: float = 1.0
    bigrams: bool = False
    merge_threshold: float | None = 0.4
    merge_rounds: int = 2
    merge_threshold_single: float | None = 0.26
    merge_average: float | None = 0.18
    join_model: str | None = "join"
    join_band: float = 0.03
    join_tau: float = 0.6
    dedup: DedupOptions | None = field(default_factory=DedupOptions)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1) (got {self.threshold})")
        if self.time_penalty < 0:
            raise ValueError(f"time_penalty must be at least 0 (got {self.time_penalty})")
        if self.window_days <= 0:
            raise ValueError(f"--window-days {self.window_days} must be more than 0")
        if self.retire_days <= 0:
            raise ValueError(f"retire_days must be more than 0 (got {self.retire_days})")
        if self.max_live_stories < 1:
            raise ValueError(f"max_live_stories must be at least 1 (got {self.max_live_stories})")

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "dedup"}
        data["dedup"] = asdict(self.dedup) if self.dedup is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> StoryOptions:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown story option(s): {', '.join(sorted(unknown))}")
        values = dict(data)
        if values.get("dedup") is not None:
            values["dedup"] = DedupOptions(**values["dedup"])
        return cls(**values)


@dataclass(slots=True)
class Member:
    """One article of a story as the story remembers it (no text: the state stays small)."""

    id: str  # article id
    record: str  # the input record's own id, else its source
    outlet: str
    title: str
    published: str | None
    duplicate_of: str | None = None  # article id of the original when this is a copy
    similarity: float = 1.0  # cosine to the story when it joined (1.0 for the first; Jaccard for copies)
    key: str | None = None  # the input article's identity (:func:`article_key`); None in version 1 states


@dataclass(slots=True)
class Story:
    """A group of articles about one event."""

    id: str
    members: list[Member] = field(default_factory=list)
    first: str | None = None  # earliest publication date (ISO)
    last: str | None = None  # latest publication date (ISO)
    seq: int = 0  # update counter of the grouper when an article last joined (recency)
    centroid: dict[str, float] = field(default_factory=dict, repr=False)
    mass: float = 0.0  # norm of the sum of the original articles' unit vectors (n x the mean's norm)

    @property
    def size(self) -> int:
        """Articles in the story, copies included."""
        return len(self.members)

    @property
    def originals(self) -> list[Member]:
        """Articles that are not copies of another: the independent sources."""
        return [m for m in self.members if m.duplicate_of is None]

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets that ran an article of the story (copies included), first seen first."""
        return list(dict.fromkeys(m.outlet for m in self.members))

    @property
    def independent_outlets(self) -> list[str]:
        """Distinct outlets of original articles: copies never add to this count."""
        return list(dict.fromkeys(m.outlet for m in self.originals))

    def copies(self) -> dict[str, list[Member]]:
        """Original article id -> its copies (outlets that ran the same text)."""
        out: dict[str, list[Member]] = {}
        for m in self.members:
            if m.duplicate_of is not None:
                out.setdefault(m.duplicate_of, []).append(m)
        return out

    @property
    def label(self) -> str:
        return story_label(self)

    def summary(self) -> dict:
        """The story's metadata as JSON-ready data (no brief)."""
        copies = self.copies()
        return {
            "id": self.id,
            "label": self.label,
            "size": self.size,
            "originals": len(self.originals),
            "outlets": self.outlets,
            "independent_outlets": self.independent_outlets,
            "first": self.first,
            "last": self.last,
            "articles": [
                {
                    "id": m.id,
                    "record": m.record,
                    "outlet": m.outlet,
                    "title": m.title,
                    "published": m.published,
                    "similarity": m.similarity,
                    "copies": [{"id": c.id, "record": c.record, "outlet": c.outlet, "published": c.published,
                                "similarity": c.similarity} for c in copies.get(m.id, [])],
                }
                for m in self.originals
            ],
        }


@dataclass(slots=True, frozen=True)
class Assignment:
    """Where one input article went: `id` is the input record's own id, else its source."""

    id: str
    article: str  # Article.id
    story: str
    duplicate_of: str | None  # record id of the original when the article is a copy
    similarity: float

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "story": self.story, "duplicate_of": self.duplicate_of,
                           "article": self.article, "similarity": self.similarity}, ensure_ascii=False)


def record_id(article: Article) -> str:
    """The input record's own id when it had one (a JSON-lines `id`), else its source."""
    source = article.source or ""
    if re.search(r":\d+$", source) and not article.id.startswith(source.replace("/", "_")):
        return article.id
    return source or article.id


def article_key(article: Article) -> str:
    """What makes an input article the same one in another run: its record id (the JSON-lines
    `id`, else its source) and a hash of its text as read. A retried batch is recognised article
    by article; two feeds that both number their records 1, 2, 3 are not confused, and an
    article whose text changed is a new version (which copy detection then relates to the old)."""
    text = article.raw_text or article.text
    return f"{record_id(article)}#{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:20]}"


_NORMAL: dict[str, str] = {}  # raw token -> feature ("" when dropped): a cache, bounded below


def _normal(tok: str) -> str:
    tok = tok.replace("’", "'")
    if tok.endswith("'s"):
        tok = tok[:-2]
    if tok[:1].isdigit():
        tok = tok.replace(",", "")  # 65,000 and 65000 are one figure
        if len(tok) < 3:
            return ""
    if len(tok) < 2 or tok in STORY_STOP:
        return ""
    if len(tok) > 4 and tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
        tok = tok[:-1]
    return tok


def tokens(text: str) -> list[str]:
    """Content words, lower-cased, with a light plural/possessive folding; figures kept whole."""
    cache = _NORMAL
    if len(cache) > 500_000:
        cache.clear()
    out = []
    for tok in _TOKEN.findall(text.lower()):
        norm = cache.get(tok)
        if norm is None:
            norm = cache[tok] = _normal(tok)
        if norm:
            out.append(norm)
    return out


def name_words(text: str) -> set[str]:
    """Words written with a capital inside a sentence (names, mostly), folded like :func:`tokens`."""
    return set(tokens(" ".join(inner_names(text))))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors, over the terms of `a` in their order: the same sum as
    adding ``w * b.get(t, 0.0)`` for every term (the zero products change nothing), about three
    times faster."""
    return sum(w * b[t] for t, w in a.items() if t in b)


def replayed_mass(members: Sequence[Member]) -> float:
    """A story's mass (:attr:`Story.mass`) estimated from its originals' cosines to the story when
    they joined (``Member.similarity``), replayed as the joins added them: for stories of a state
    that did not save the mass (states before 2026-12-02, Spark's block stories)."""
    mass = 0.0
    for m in members:
        if m.duplicate_of is None:
            sim = m.similarity if mass else 0.0
            mass = math.sqrt(max(mass * mass + 2.0 * mass * sim + 1.0, 0.0))
    return mass


def _best_hits(hits: dict[str, float], k: int) -> list[tuple[str, float]]:
    """The k (story, weight) items of most weight, ties by story id: ``heapq.nsmallest(k, items,
    key=(-weight, id))``, found without a key call per item (only the items at or above the k-th
    largest weight are sorted)."""
    if len(hits) <= k:
        return sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    floor = heapq.nlargest(k, hits.values())[-1]
    return sorted(((sid, w) for sid, w in hits.items() if w >= floor), key=lambda kv: (-kv[1], kv[0]))[:k]


def _top(weights: dict[str, float], k: int) -> list[tuple[str, float]]:
    """The k strongest terms, ties broken by the term (deterministic)."""
    if len(weights) <= k:
        return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    return heapq.nsmallest(k, weights.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(slots=True)
class GroupingResult:
    """Stories (live and retired, of this run) and one assignment per article, in input order."""

    stories: list[Story]
    assignments: list[Assignment]
    retired: int = 0  # stories retired during the run (still listed in `stories` when touched)

    def story(self, story_id: str) -> Story:
        for s in self.stories:
            if s.id == story_id:
                return s
        raise KeyError(story_id)

    def labels(self) -> dict[str, str]:
        """Article id -> story id."""
        return {a.article: a.story for a in self.assignments}


class StoryGrouper:
    """Online story grouping. Feed articles with :meth:`add` (or :meth:`add_all`); keep the state
    across runs with :meth:`save_state` / :meth:`load_state`."""

    def __init__(self, options: StoryOptions | None = None) -> None:
        self.options = options or StoryOptions()
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.next_story = 1
        self.seq = 0
        self.live: dict[str, Story] = {}
        self.touched: dict[str, Story] = {}  # stories that got an article since creation/load
        self.revisited: dict[str, Story] = {}  # stories of articles given again (already in them)
        self._known: dict[str, str] = {}  # article key -> story id, for the members of live stories
        self.retired_count = 0
        self._postings: dict[str, list[str]] = {}
        self._dedup = NearDuplicateIndex(self.options.dedup) if self.options.dedup is not None else None
        self._dedup_story: dict[str, str] = {}  # original article id -> story id
        self._dedup_record: dict[str, str] = {}  # original article id -> record id
        self._story_originals: dict[str, list[str]] = {}  # story id -> original ids in the dedup index
        self._clock: int | None = None  # latest publication day seen
        # Inside add_all, stories beyond retire_days are out of reach of dated articles but are
        # retired only at the end of the batch: its undated articles (grouped last) can still join them.
        self._in_batch = False
        self._join_weights: tuple[np.ndarray, float] | None = None
        #: Called with (article, [(story, features, margin)]) for the candidates the learned join
        #: decision looks at (the training script records them with the gold labels); None: not called.
        self.join_observer = None

    # --- features ------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Features of a text: content words, and adjacent content-word pairs when `bigrams`."""
        words = tokens(text)
        if self.options.bigrams and len(words) > 1:
            return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]
        return words

    def observe(self, articles: Iterable[Article]) -> None:
        """Count document frequencies of a batch before grouping it (a word's weight then
        reflects everything seen so far, this batch included)."""
        for article in articles:
            self.df.update(set(self.terms(article.text)) | set(self.terms(article.title)))
            self.n_docs += 1

    def vector(self, article: Article) -> dict[str, float]:
        """L2-normalised TF-IDF vector of the article's strongest terms."""
        o = self.options
        counts: Counter[str] = Counter(self.terms(article.text))
        title = article.title.strip()
        if title and o.title_weight != 1.0:
            # The cleaned text starts with the headline: count its terms title_weight times in all.
            extra = o.title_weight - (1.0 if article.text.startswith(title) else 0.0)
            for term in self.terms(title):
                counts[term] += extra
        if not counts:
            return {}
        names = name_words(article.text) if o.name_weight != 1.0 else set()
        n = max(self.n_docs, 1)
        weights = {}
        for term, tf in counts.items():
            if tf <= 0:
                continue
            df = self.df.get(term, 0)
            if df < o.min_df:
                continue  # seen in this article only: it cannot link it to anything
            idf = (math.log((n + 1) / (df + 1)) + 1.0) ** o.idf_power
            w = (1.0 + math.log(tf)) * idf
            if term in names:
                w *= o.name_weight
            weights[term] = w
        top = _top(weights, o.max_terms)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}

    # --- grouping ------------------------------------------------------------------------

    def add_all(self, articles: Sequence[Article], *, observe: bool = True) -> list[Assignment]:
        """Group articles in publication order; assignments are returned in input order.

        An article already in a live story (same :func:`article_key`, from an earlier run or
        earlier in the batch) is not added again: it is assigned to its story as before, and
        counts, document frequencies and centroids do not change, so a retried batch changes nothing."""
        if observe:
            keys = set(self._known)
            fresh = []
            for article in articles:
                key = article_key(article)
                if key not in keys:
                    keys.add(key)
                    fresh.append(article)
            self.observe(fresh)
        order = sorted(range(len(articles)),
                       key=lambda i: (articles[i].published is None, articles[i].published or "", i))
        out: list[Assignment | None] = [None] * len(articles)
        self._in_batch = True
        try:
            for i in order:
                out[i] = self.add(articles[i])
            if self.options.merge_threshold is not None:
                # Batch-end refinement: stories that got an article in this batch may absorb others.
                moved = self.merge_stories(sid for sid in self.touched if sid in self.live)
                if moved:
                    out = [replace(a, story=moved.get(a.story, a.story)) if a is not None else a for a in out]
        finally:
            self._in_batch = False
        if self._clock is not None:
            self._retire_old()
        return out  # type: ignore[return-value]

    def merge_stories(self, story_ids: Iterable[str]) -> dict[str, str]:
        """Merge live stories whose centroids are close: from `story_ids`, candidate stories are
        looked up in the index; a pair merges when the cosine of the centroids reaches
        ``merge_threshold`` plus the time penalty of the gap between the two stories' date spans.
        Each round takes the pairs best first, each story in at most one merge (no chaining
        within a round), and merges them into the lower story id; the merged stories are the
        seeds of the next round (at most ``merge_rounds``). Returns absorbed id -> surviving id."""
        o = self.options
        assert o.merge_threshold is not None
        active = sorted(set(story_ids))
        final: dict[str, str] = {}
        for _ in range(o.merge_rounds):
            pairs = []
            for sid in active:
                story = self.live.get(sid)
                if story is None or not story.centroid:
                    continue
                hits: defaultdict[str, float] = defaultdict(float)
                for t, w in _top(story.centroid, o.query_terms):
                    for other in self._postings.get(t, [])[-o.max_posting:]:
                        if other != sid:
                            hits[other] += w
                seen = [k for k, _ in _best_hits(hits, o.max_candidates)]
                for other in seen:
                    os_ = self.live.get(other)
                    if os_ is None or not os_.centroid:
                        continue
                    a, b = (story, os_) if len(story.centroid) <= len(os_.centroid) else (os_, story)
                    sim = _dot(a.centroid, b.centroid)
                    base = o.merge_threshold
                    if o.merge_threshold_single is not None and min(len(story.originals), len(os_.originals)) <= 1:
                        base = o.merge_threshold_single
                    if self._gap_days(story, os_) > o.retire_days:
                        continue
                    pen = self._gap_penalty(story, os_)
                    need = base + pen
                    if o.merge_average is not None:
                        # Average link: the mean cosine between the two stories' original articles,
                        # sum_a . sum_b / (n_a n_b) = centroid cosine x mass_a x mass_b / (n_a n_b).
                        sim *= story.mass * os_.mass / (max(len(story.originals), 1) * max(len(os_.originals), 1))
                        need = o.merge_average + pen
                    margin = sim - need
                    if margin >= 0:
                        x, y = sorted((sid, other))
                        pairs.append((-margin, x, y))
            if not pairs:
                break
            pairs = sorted(set(pairs))
            used: set[str] = set()
            merged_any = []
            for _neg, x, y in pairs:
                if x in used or y in used:
                    continue
                used.update((x, y))
                self._absorb(self.live[x], self.live[y])
                final[y] = x
                merged_any.append(x)
            active = sorted(set(merged_any))
        # resolve chains
        for k in list(final):
            v = final[k]
            while v in final:
                v = final[v]
            final[k] = v
        return final

    @staticmethod
    def _gap_days(a: Story, b: Story) -> int:
        """Days between the date spans of two stories (0 when they overlap or either is undated)."""
        a0, a1, b0, b1 = day_number(a.first), day_number(a.last), day_number(b.first), day_number(b.last)
        if None in (a0, a1, b0, b1):
            return 0
        return max(0, max(a0, b0) - min(a1, b1))

    def _gap_penalty(self, a: Story, b: Story) -> float:
        o = self.options
        if o.time_penalty == 0:
            return 0.0
        return o.time_penalty * min(1.0, self._gap_days(a, b) / o.window_days)

    def _absorb(self, keep: Story, gone: Story) -> None:
        """Move the articles of `gone` into `keep` (centroids averaged by original count)."""
        o = self.options
        nk, ng = max(len(keep.originals), 1), max(len(gone.originals), 1)
        cos = _dot(keep.centroid, gone.centroid)
        keep.mass = math.sqrt(max(keep.mass ** 2 + gone.mass ** 2 + 2 * keep.mass * gone.mass * cos, 0.0))
        sums = {t: w * nk for t, w in keep.centroid.items()}
        for t, w in gone.centroid.items():
            sums[t] = sums.get(t, 0.0) + w * ng
        top = _top(sums, o.centroid_terms)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        old_top = {t for t, _ in _top(keep.centroid, o.index_terms)}
        keep.centroid = {t: w / norm for t, w in top}
        for t, _ in top[:o.index_terms]:
            if t not in old_top:
                self._postings.setdefault(t, []).append(keep.id)
        keep.members.extend(gone.members)
        for m in gone.members:
            if m.key is not None:
                self._known[m.key] = keep.id
        keep.members.sort(key=lambda m: (m.published is None, m.published or ""))
        if gone.first and (keep.first is None or gone.first < keep.first):
            keep.first = gone.first
        if gone.last and (keep.last is None or gone.last > keep.last):
            keep.last = gone.last
        keep.seq = max(keep.seq, gone.seq)
        for aid in self._story_originals.pop(gone.id, []):
            self._dedup_story[aid] = keep.id
            self._story_originals.setdefault(keep.id, []).append(aid)
        del self.live[gone.id]
        self.touched.pop(gone.id, None)
        self.revisited.pop(gone.id, None)
        self.touched[keep.id] = keep
        gone.centroid = {}

    def add(self, article: Article) -> Assignment:
        """Put one article into a story (joining one or starting one) and say where it went; an
        article already in a live story stays where it is (see :meth:`add_all`)."""
        o = self.options
        key = article_key(article)
        if key in self._known:
            return self._again(article, key)
        day = day_number(article.published)
        if day is not None and (self._clock is None or day > self._clock):
            self._clock = day
            if not self._in_batch:
                self._retire_old()
        rid = record_id(article)
        self.seq += 1

        signature, size = None, None
        if self._dedup is not None:
            signature, size = self._dedup.sign(body_text(article))
            found = self._dedup.query(signature, size)
            if found is not None and self._dedup_story.get(found[0]) in self.live:
                original, jaccard = found
                story = self.live[self._dedup_story[original]]
                self._join(story, article, rid, day, jaccard, duplicate_of=original, key=key)
                return Assignment(rid, article.id, story.id, self._dedup_record[original], jaccard)

        vec = self.vector(article)
        best, best_sim = self._best_story(vec, day, article)
        if best is not None:
            story = best
            self._join(story, article, rid, day, round(best_sim, 4), key=key)
        else:
            story = Story(id=f"s{self.next_story:06d}")
            self.next_story += 1
            self.live[story.id] = story
            self._story_originals[story.id] = []
            self._join(story, article, rid, day, 1.0, key=key)
            best_sim = 1.0
        self._update_centroid(story, vec)
        if self._dedup is not None and signature is not None:
            self._dedup.add(article.id, signature, size)
            self._dedup_story[article.id] = story.id
            self._dedup_record[article.id] = rid
            self._story_originals[story.id].append(article.id)
        if len(self.live) > o.max_live_stories:
            self._retire_least_recent(len(self.live) - o.max_live_stories)
        return Assignment(rid, article.id, story.id, None, round(best_sim, 4))

    def _again(self, article: Article, key: str) -> Assignment:
        """The assignment of an article that is already a member of a live story."""
        story = self.live[self._known[key]]
        member = next(m for m in story.members if m.key == key)
        original = None
        if member.duplicate_of is not None:
            original = next((m.record for m in story.members if m.id == member.duplicate_of), member.duplicate_of)
        if story.id not in self.touched:
            self.revisited[story.id] = story
        return Assignment(member.record, article.id, story.id, original, member.similarity)

    def _join(self, story: Story, article: Article, rid: str, day: int | None, sim: float,
              duplicate_of: str | None = None, key: str | None = None) -> None:
        story.members.append(Member(article.id, rid, article.outlet, article.title, article.published,
                                    duplicate_of, sim, key))
        if key is not None:
            self._known[key] = story.id
        if article.published:
            if story.first is None or article.published < story.first:
                story.first = article.published
            if story.last is None or article.published > story.last:
                story.last = article.published
        story.seq = self.seq
        self.touched[story.id] = story

    def _best_story(self, vec: dict[str, float], day: int | None,
                    article: Article | None = None) -> tuple[Story | None, float]:
        o = self.options
        if not vec or not self.live:
            return None, 0.0
        hits: defaultdict[str, float] = defaultdict(float)
        for term, w in _top(vec, o.query_terms):
            posting = self._postings.get(term)
            if not posting:
                continue
            # Postings grow in arrival order; only the most recent stories of a common term are
            # looked up, so the cost per article stays flat as the live stories grow.
            for sid in posting[-o.max_posting:]:
                hits[sid] += w
        if not hits:
            return None, 0.0
        candidates = _best_hits(hits, o.max_candidates)
        scored = []  # (margin, story id, story, cosine, bar)
        for sid, _ in candidates:
            story = self.live.get(sid)
            if story is None or self._out_of_reach(story, day):
                continue
            sim = _dot(vec, story.centroid)
            base = o.threshold_single if o.threshold_single is not None and len(story.members) == 1 else o.threshold
            need = base + self._penalty(story, day)
            scored.append((sim - need, sid, story, sim, need))
        if not scored:
            return None, 0.0
        scored.sort(key=lambda c: (-c[0], c[1]))
        top = scored[:JOIN_CANDIDATES]
        learned = o.join_model is not None and article is not None
        if self.join_observer is not None or (learned and any(abs(c[0]) <= o.join_band for c in top)):
            sims = [c[3] for c in scored]
            names = name_words(article.text) if article is not None else set()
            rows = [(c[2], self._join_features(vec, names, c[2], c[3], c[4], day, other=max(
                (x for k, x in enumerate(sims) if k != i), default=0.0)), c[0]) for i, c in enumerate(top)]
            if self.join_observer is not None:
                self.join_observer(article, rows)
            if learned:
                weights, intercept = self._join_model()
                best, best_key = None, -1.0
                for story, x, margin in rows:
                    if abs(margin) <= o.join_band:
                        p = 1.0 / (1.0 + math.exp(-(float(np.dot(weights, x)) + intercept)))
                        ok, key = p >= o.join_tau, p
                    else:
                        ok, key = margin >= 0, 1.0 + margin
                    if ok and key > best_key:
                        best, best_key = (story, x[0]), key
                return best if best is not None else (None, 0.0)
        margin, _sid, story, sim, _need = scored[0]
        return (story, sim) if margin >= 0 else (None, 0.0)

    def _join_features(self, vec: dict[str, float], names: set[str], story: Story, sim: float,
                       need: float, day: int | None, *, other: float) -> list[float]:
        """The :data:`JOIN_FEATURES` of an article (vector, name words) and a candidate story;
        `other`: the best cosine of the other candidates."""
        n = max(len(story.originals), 1)
        last = day_number(story.last)
        gap = 0.0 if day is None or last is None else math.log1p(abs(day - last))
        centroid = story.centroid
        products = sorted((w * centroid[t] for t, w in vec.items() if t in centroid), reverse=True)
        named = sum(w * centroid[t] for t, w in vec.items() if t in names and t in centroid)
        top3 = sum(products[:3]) / sim if sim > 0 else 0.0
        return [sim, sim * story.mass / n, sim - need, float(n == 1), math.log(n), gap, named, top3,
                sim - other, len(vec) / self.options.max_terms]

    def _join_model(self) -> tuple[np.ndarray, float]:
        """Weights (in :data:`JOIN_FEATURES` order) and intercept of the shipped join decision."""
        if self._join_weights is None:
            from ..models import same_event_weights

            features, weights, intercept = same_event_weights(self.options.join_model)
            if tuple(features) != JOIN_FEATURES:
                raise ValueError(f"join model {self.options.join_model!r} has features {features}, "
                                 f"the grouper computes {JOIN_FEATURES}")
            self._join_weights = (np.asarray(weights, dtype=np.float64), float(intercept))
        return self._join_weights

    def _out_of_reach(self, story: Story, day: int | None) -> bool:
        """Whether a story's last article is more than retire_days before `day` (a story kept
        live to the end of a batch only for its undated articles)."""
        last = day_number(story.last)
        return day is not None and last is not None and day - last > self.options.retire_days

    def _penalty(self, story: Story, day: int | None) -> float:
        o = self.options
        last = day_number(story.last)
        if day is None or last is None or o.time_penalty == 0:
            return 0.0
        gap = abs(day - last)
        return o.time_penalty * min(1.0, gap / o.window_days)

    def _update_centroid(self, story: Story, vec: dict[str, float]) -> None:
        """Centroid = normalised mean of the original articles' vectors, strongest terms kept."""
        o = self.options
        n = len(story.originals)  # includes the article just joined
        if vec:
            story.mass = math.sqrt(story.mass ** 2 + 2 * story.mass * _dot(vec, story.centroid) + 1.0)
        sums = {t: w * (n - 1) for t, w in story.centroid.items()}  # back to an (approximate) sum
        for t, w in vec.items():
            sums[t] = sums.get(t, 0.0) + w
        top = _top(sums, o.centroid_terms)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        old_top = {t for t, _ in _top(story.centroid, o.index_terms)} if story.centroid else set()
        story.centroid = {t: w / norm for t, w in top}
        for t, _ in top[:o.index_terms]:
            if t not in old_top:
                self._postings.setdefault(t, []).append(story.id)

    # --- retirement ----------------------------------------------------------------------

    def _retire_old(self) -> None:
        assert self._clock is not None
        limit = self._clock - self.options.retire_days
        old = [s for s in self.live.values() if (d := day_number(s.last)) is not None and d < limit]
        for s in old:
            self._retire(s)
        if old:
            self._compact_postings()

    def _retire_least_recent(self, count: int) -> None:
        for s in heapq.nsmallest(count, self.live.values(), key=lambda s: (s.seq, s.id)):
            self._retire(s)
        if len(self._postings) and self.retired_count % 1000 == 0:
            self._compact_postings()

    def _retire(self, story: Story) -> None:
        del self.live[story.id]
        for m in story.members:
            if m.key is not None and self._known.get(m.key) == story.id:
                del self._known[m.key]
        self.retired_count += 1
        for aid in self._story_originals.pop(story.id, []):
            if self._dedup is not None:
                self._dedup.remove(aid)
            self._dedup_story.pop(aid, None)
            self._dedup_record.pop(aid, None)
        story.centroid = {}

    def _compact_postings(self) -> None:
        live = self.live
        for term in list(self._postings):
            kept = [sid for sid in self._postings[term] if sid in live]
            if kept:
                self._postings[term] = kept
            else:
                del self._postings[term]

    # --- results -------------------------------------------------------------------------

    def stories(self) -> list[Story]:
        """Stories that received an article in this run, or hold an article given again (retired
        ones included), by id."""
        given = self.touched | self.revisited
        return [given[k] for k in sorted(given)]

    # --- state ---------------------------------------------------------------------------

    def state(self) -> dict:
        """The grouper as JSON-ready data: options, counters, document frequencies, live stories
        (with centroids) and the signatures of their original articles."""
        signatures = []
        if self._dedup is not None:
            for key, sig in self._dedup.items():
                signatures.append({"article": key, "story": self._dedup_story[key],
                                   "record": self._dedup_record[key], "signature": sig.astype("<u4").tobytes().hex(),
                                   "shingles": self._dedup.size(key)})
        return {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "options": self.options.to_dict(),
            "n_docs": self.n_docs,
            "next_story": self.next_story,
            "seq": self.seq,
            "clock": date.fromordinal(self._clock).isoformat() if self._clock is not None else None,
            "retired": self.retired_count,
            # Words seen once add little and make most of the vocabulary: they are not kept.
            "df": {t: c for t, c in sorted(self.df.items()) if c >= 2},
            "stories": [
                {"id": s.id, "first": s.first, "last": s.last, "seq": s.seq,
                 "members": [asdict(m) for m in s.members],
                 "centroid": {t: round(w, 6) for t, w in _top(s.centroid, len(s.centroid))},
                 "mass": round(s.mass, 6)}
                for s in sorted(self.live.values(), key=lambda s: s.id)
            ],
            "signatures": signatures,
        }

    def save_state(self, path: str | Path) -> None:
        """Write the state as JSON (atomically: a temporary file renamed over the old one)."""
        write_text(path, json.dumps(self.state(), ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def from_state(cls, data: object, options: StoryOptions | None = None, *, source: str = "state") -> StoryGrouper:
        """Rebuild a grouper from :meth:`state` data. `options` override the saved ones, except
        the near-duplicate settings, which must match the saved signatures."""
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise StateError(f"{source}: not a synopsis stories state file (no \"format\": \"{STATE_FORMAT}\"); "
                             "give a file written by `synopsis stories --state`, or a new path to start one")
        version = data.get("version")
        if version not in READABLE_STATE_VERSIONS:
            raise StateError(f"{source}: state version {version!r}, this synopsis reads versions "
                             f"{', '.join(map(str, READABLE_STATE_VERSIONS))}; start a new state file "
                             "(give another --state path)")
        try:
            saved = StoryOptions.from_dict(data["options"])
            if options is not None and options.dedup != saved.dedup:
                raise StateError(f"{source}: saved with near-duplicate settings {saved.dedup}, asked for "
                                 f"{options.dedup}; signatures cannot be compared: keep the settings or start a new state")
            grouper = cls(options or saved)
            grouper.n_docs = int(data["n_docs"])
            grouper.next_story = int(data["next_story"])
            grouper.seq = int(data["seq"])
            grouper.retired_count = int(data.get("retired", 0))
            grouper._clock = day_number(data.get("clock"))
            grouper.df = Counter({str(t): int(c) for t, c in data["df"].items()})
            for s in data["stories"]:
                story = Story(id=str(s["id"]), members=[Member(**m) for m in s["members"]], first=s["first"],
                              last=s["last"], seq=int(s["seq"]), centroid={str(t): float(w) for t, w in s["centroid"].items()})
                story.mass = float(s["mass"]) if "mass" in s else replayed_mass(story.members)
                if story.id in grouper.live:
                    raise StateError(f"{source}: story {story.id} is listed twice; the file is damaged: "
                                     "restore a good copy or start a new state")
                grouper.live[story.id] = story
                grouper._story_originals[story.id] = []
                for m in story.members:
                    if m.key is not None:
                        grouper._known[m.key] = story.id
                for t, _ in _top(story.centroid, grouper.options.index_terms):
                    grouper._postings.setdefault(t, []).append(story.id)
            for entry in data["signatures"]:
                if grouper._dedup is None:
                    break
                sig = np.frombuffer(bytes.fromhex(entry["signature"]), dtype="<u4").astype(np.uint32)
                if len(sig) != grouper._dedup.options.num_perm:
                    raise StateError(f"{source}: a signature has {len(sig)} values, expected "
                                     f"{grouper._dedup.options.num_perm}; the file is damaged: start a new state")
                if entry["story"] not in grouper.live:
                    continue
                grouper._dedup.add(entry["article"], sig, entry.get("shingles"))
                grouper._dedup_story[entry["article"]] = entry["story"]
                grouper._dedup_record[entry["article"]] = entry["record"]
                grouper._story_originals[entry["story"]].append(entry["article"])
            problem = grouper._inconsistency()
        except StateError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise StateError(f"{source}: damaged state file ({type(err).__name__}: {err}); "
                             "restore a good copy or start a new state") from None
        if problem:
            raise StateError(f"{source}: inconsistent state file ({problem}); it was not changed: "
                             "restore a good copy or start a new state")
        return grouper

    def _inconsistency(self) -> str | None:
        """What contradicts itself in a loaded state, or None. Counters that run behind the stories
        would make new stories take the ids of live ones and overwrite them."""
        numbers = []
        for story in self.live.values():
            match = re.fullmatch(r"s(\d+)", story.id)
            if match is None:
                return f"story id {story.id!r} is not of the form s000001"
            numbers.append(int(match[1]))
            if not story.members:
                return f"story {story.id} has no article"
            if story.seq > self.seq:
                return f"story {story.id} was updated at step {story.seq}, after the state's last step {self.seq}"
            if story.first and story.last and story.first > story.last:
                return f"story {story.id} ends ({story.last}) before it begins ({story.first})"
        if numbers and self.next_story <= max(numbers):
            return (f"next_story is {self.next_story}, but story s{max(numbers):06d} exists: "
                    "new stories would overwrite live ones")
        if any(c < 0 or c > self.n_docs for c in self.df.values()):
            return f"a document frequency is below 0 or above n_docs ({self.n_docs})"
        keys = [m.key for s in self.live.values() for m in s.members if m.key is not None]
        if len(keys) != len(set(keys)):
            return "an article is listed twice"
        return None

    @classmethod
    def load_state(cls, path: str | Path, options: StoryOptions | None = None) -> StoryGrouper:
        """Read a state file written by :meth:`save_state`; raises :class:`StateError` with what to do."""
        return cls.from_state(read_state_file(path), options, source=str(Path(path)))


def group_articles(
    articles: Sequence[Article] | Iterable[Article],
    options: StoryOptions | None = None,
    *,
    grouper: StoryGrouper | None = None,
) -> GroupingResult:
    """Group articles into stories (a fresh grouper unless one, e.g. from a state, is given)."""
    articles = list(articles.articles if hasattr(articles, "articles") else articles)
    grouper = grouper or StoryGrouper(options)
    retired_before = grouper.retired_count
    assignments = grouper.add_all(articles)
    return GroupingResult(grouper.stories(), assignments, grouper.retired_count - retired_before)


# --- labels ---------------------------------------------------------------------------------

_SENTENCE_CUT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])")


def headline_phrase(title: str, max_words: int = 14) -> str:
    """A headline-like phrase from a title: its first sentence, at most `max_words` words
    (cut at a clause boundary when it can be)."""
    title = " ".join(title.split())
    first = _SENTENCE_CUT.split(title, maxsplit=1)[0].rstrip(".")
    words = first.split()
    if len(words) <= max_words:
        return first
    cut = words[:max_words]
    for i in range(len(cut) - 1, max_words // 2, -1):
        if cut[i].endswith((",", ";", ":")) or cut[i].lower() in {"and", "but", "as", "after", "while", "when"}:
            cut = cut[:i + (0 if not cut[i].endswith((",", ";", ":")) else 1)]
            break
    return " ".join(cut).rstrip(",;:") + "…"


def story_label(story: Story) -> str:
    """The headline of the article that best represents the story (the one whose headline shares
    most weight with the story's strongest terms; the earliest among ties), as a short phrase."""
    members = story.originals or story.members
    if not members:
        return story.id
    top = dict(_top(story.centroid, 40)) if story.centroid else {}
    best = None
    for i, m in enumerate(members):
        words = set(tokens(headline_phrase(m.title)))
        score = sum(top.get(w, 0.0) for w in words) if top else 0.0
        key = (-score, i)
        if best is None or key < best[0]:
            best = (key, m)
    title = best[1].title if best else ""
    if not title.strip() and top:
        return " · ".join(t for t, _ in list(top.items())[:5])
    return headline_phrase(title) or story.id
