"""Copies: near-duplicate articles (wire copies, cut or lightly edited reprints), one rule.

**The rule** (:func:`is_copy`): an article is a copy of another when its body is mostly found in
the other's, which is at least as long: the *containment* of their word-shingle sets,
|A & B| / |A| (Broder 1997), is at least ``COPY_CONTAINMENT`` (2/3). Containment, not Jaccard, so that a copy
cut to 4 of its 10 paragraphs is still a copy; 2/3 is the containment that the earlier symmetric
rule (Jaccard >= 0.5) implies for two texts of equal length, so every copy that rule found is
still one. A text below a third of the other's length (``COPY_MIN_LENGTH``) is no copy of it, only
an excerpt: a lone paragraph of a wire story is not taken for the story. A longer article that
contains an earlier one is a fuller version, not a copy: in a stream it is grouped by its content
(measured on the DUC 2003 stream: taking such versions for copies lowers BCubed F1 0.851 -> 0.846).

- In a stream (:mod:`synopsis.stories`): MinHash-LSH over the shingles finds candidates at a low
  Jaccard (``DedupOptions.candidates``), and the containment of a candidate is computed from its
  estimated Jaccard and the two shingle counts (:func:`containment`).
- In a brief (the outlet voices of :mod:`synopsis.analyse.comparison`): the same rule on the exact
  shingle sets (:func:`shingle_containment` of :func:`shingle_hashes`), plus `twin_share` for copies whose sentences were
  lightly edited (which breaks shingles but not sentence embeddings): the share of an article's
  sentences that have a twin in the other (same words, or cosine >= ``TWIN_COSINE``); above
  ``DUPLICATE_SHARE`` the two are one voice. Stories have no embeddings, so only the shingle rule
  runs there: every copy of a stream is a copy in a brief, not always the other way round.

MinHash-LSH:

An agency story is often run by many outlets with a new headline, a trimmed last paragraph or a
changed dateline. Such copies are one article, not independent confirmations: story grouping
(:mod:`synopsis.stories`) collapses them into the earliest copy and lists the outlets that ran it.

Method (Broder 1997; Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*, ch. 3):
each article body becomes the set of its word ``shingle``-grams, a MinHash signature of
``num_perm`` permutations estimates the Jaccard similarity of two such sets, and datasketch's
banded LSH finds candidate pairs above ``threshold`` without comparing every pair (datasketch's
``MinHashLSH`` bands and candidates, kept in a compact table of this module: :class:`_BandIndex`). A candidate
counts as a copy when its estimated Jaccard similarity is at least ``threshold``. The headline is
left out of the shingles, so a changed headline does not hide a copy.

Everything is deterministic: token hashes are CRC-32 (not Python's salted ``hash``) and the
permutations come from a fixed seed, so signatures can be stored and compared across runs.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .records import Article

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_WORDING = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")

#: Share of the shorter article's shingles found in the other at which two articles are copies.
COPY_CONTAINMENT = 2 / 3
#: Shingle count of the shorter article, as a share of the longer's, below which it is no copy.
COPY_MIN_LENGTH = 1 / 3
#: Share of the shorter article's sentences with a twin above which two articles are one voice.
DUPLICATE_SHARE = 0.8
#: Cosine at which two sentences count as twins (the same wording, lightly edited).
TWIN_COSINE = 0.95


def wording(text: str) -> str:
    """A sentence's words, lower case, without punctuation: equal for two copies of it."""
    return " ".join(w.lower() for w in _WORDING.findall(text))


def twin_share(wordings_a: list[str], wordings_b: list[str], cosine: np.ndarray) -> float:
    """The larger of the two articles' shares of sentences that have a twin in the other: the same
    `wording`, or a cosine (``cosine[i, j]`` between sentence i of a and j of b) >= TWIN_COSINE."""
    texts_b = set(wordings_b)
    twins_a = sum(1 for k, w in enumerate(wordings_a) if w in texts_b or cosine[k].max() >= TWIN_COSINE)
    texts_a = set(wordings_a)
    twins_b = sum(1 for k, w in enumerate(wordings_b) if w in texts_a or cosine[:, k].max() >= TWIN_COSINE)
    return max(twins_a / len(wordings_a), twins_b / len(wordings_b))


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """|A & B| / min(|A|, |B|) of two sets from their Jaccard similarity and sizes
    (|A & B| = J (|A| + |B|) / (1 + J)); 0 for an empty set."""
    if size_a <= 0 or size_b <= 0:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / ((1.0 + jaccard) * min(size_a, size_b)))


def shingle_containment(a: np.ndarray, b: np.ndarray) -> float:
    """The exact containment of two texts' shingle sets, given as :func:`shingle_hashes`."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def is_copy(share: float, size: int, original_size: int, rule: float = COPY_CONTAINMENT) -> bool:
    """The one decision: is a text of `size` shingles, `share` of which are found in a text of
    `original_size` shingles, a copy of that text? When `share` >= `rule` and the text is no longer
    than the original and at least COPY_MIN_LENGTH of it. A longer text that contains the original
    is a fuller version, not a copy: the original is the copy of it (in a brief, where both are
    at hand, the two are one voice either way)."""
    if size <= 0 or original_size <= 0:
        return False
    return share >= rule - 1e-9 and COPY_MIN_LENGTH * original_size - 1e-9 <= size <= original_size


@dataclass(slots=True, frozen=True)
class DedupOptions:
    """Settings of the near-duplicate finder.

    shingle: words per shingle (5: long enough that two different reports on the same event
        rarely share many, short enough that a few edited words leave most shingles intact).
    threshold: estimated Jaccard similarity of the shingle sets at or above which two articles
        are copies whatever their lengths (0.5; with equal lengths that is the containment rule).
    num_perm: MinHash permutations (precision of the estimate; memory is 4 bytes each per article).
    seed: seed of the permutations; signatures made with different seeds cannot be compared.
    containment: the copy rule (:func:`is_copy`): estimated containment of the shorter article's
        shingles in the other's at or above which the two are copies (``COPY_CONTAINMENT``).
    candidates: Jaccard threshold of the LSH candidate search (0.2: a copy cut to a third of the
        original, whose Jaccard is about 0.2 at containment 2/3, is still a candidate).
    """

    shingle: int = 5
    threshold: float = 0.5
    num_perm: int = 64
    seed: int = 1
    containment: float = COPY_CONTAINMENT
    candidates: float = 0.2

    def __post_init__(self) -> None:
        if self.shingle < 1:
            raise ValueError(f"shingle must be at least 1 word (got {self.shingle})")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1] (got {self.threshold})")
        if self.num_perm < 8:
            raise ValueError(f"num_perm must be at least 8 (got {self.num_perm})")
        if not 0.0 < self.containment <= 1.0:
            raise ValueError(f"containment must be in (0, 1] (got {self.containment})")
        if not 0.0 < self.candidates <= self.threshold:
            raise ValueError(f"candidates must be in (0, threshold={self.threshold}] (got {self.candidates})")


@dataclass(slots=True, frozen=True)
class DuplicateMatch:
    """`article` is a near-duplicate of the earlier `original` (estimated Jaccard `similarity`)."""

    article: str
    original: str
    similarity: float


def body_text(article: Article) -> str:
    """The text compared for copies: the article without its headline (and dek when there is a
    body), so that a copy under a new headline still matches."""
    if article.blocks:
        body = [article.text[b.start:b.end] for b in article.blocks if b.kind in ("body", "subhead")]
        if body:
            return "\n".join(body)
        rest = [article.text[b.start:b.end] for b in article.blocks if b.kind != "title"]
        if rest:
            return "\n".join(rest)
    return article.text


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes (as uint64) of the word `size`-grams of `text` (lower-cased); one hash for shorter texts."""
    tokens = _WORD.findall(text.lower())
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - size + 1
    if n <= 0:
        size, n = len(tokens), 1
    # Combine the token hashes of each window position by position (polynomial rolling, mod 2^64).
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):
            out = out * np.uint64(1_000_003) + h[k:k + n] + np.uint64(k + 1)
    # datasketch's default scheme (affine32) takes 32-bit hashes: fold the high half in.
    return np.unique((out ^ (out >> np.uint64(32))) & np.uint64(0xFFFFFFFF))


class NearDuplicateIndex:
    """An online index of article signatures: :meth:`check` finds the earliest indexed copy.

    Keys are article ids. Entries can be removed (:meth:`remove`) when their story retires, so
    the index only holds what can still be matched.
    """

    def __init__(self, options: DedupOptions | None = None) -> None:
        # datasketch imported here, not with the module: it imports SciPy's optimize, integrate
        # and stats, and a brief uses the exact shingle sets of this module, never MinHash.
        from datasketch import MinHash, MinHashLSH

        self.options = options or DedupOptions()
        o = self.options
        seeder = MinHash(num_perm=o.num_perm, seed=o.seed, hashfunc=_identity)
        self._permutations = seeder.permutations
        self._scheme = seeder.scheme
        lsh = MinHashLSH(threshold=o.candidates, num_perm=o.num_perm)  # only its bands (b, r)
        self._lsh = _BandIndex(lsh.b, lsh.r)
        self._signatures: dict[str, np.ndarray] = {}
        self._sizes: dict[str, int] = {}  # key -> number of distinct shingles (absent: unknown)
        self._order: dict[str, int] = {}  # key -> insertion number: the earliest copy wins
        self._counter = 0

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: str) -> bool:
        return key in self._signatures

    def signature(self, text: str) -> np.ndarray:
        """MinHash signature (``num_perm`` unsigned 32-bit values) of the text's shingles."""
        return self.sign(text)[0]

    def sign(self, text: str) -> tuple[np.ndarray, int]:
        """The text's signature and its number of distinct shingles (for the containment rule)."""
        from datasketch import MinHash

        m = MinHash(num_perm=self.options.num_perm, hashfunc=_identity, permutations=self._permutations,
                    scheme=self._scheme)
        hashes = shingle_hashes(text, self.options.shingle)
        if len(hashes):
            m.update_batch(hashes.tolist())
        return m.hashvalues, len(hashes)

    def size(self, key: str) -> int | None:
        """The number of distinct shingles of an indexed entry, None when unknown (older states)."""
        return self._sizes.get(key)

    def query(self, signature: np.ndarray, size: int | None = None) -> tuple[str, float] | None:
        """The earliest indexed copy (estimated Jaccard >= threshold, or, when both shingle counts
        are known, estimated containment >= the containment rule) and its estimated Jaccard."""
        if not self._signatures:
            return None
        o = self.options
        candidates = self._lsh.query(signature)
        best: tuple[int, str, float] | None = None
        for key in candidates:
            sim = float(np.count_nonzero(self._signatures[key] == signature)) / len(signature)
            other = self._sizes.get(key)
            copy = sim >= o.threshold or (
                size is not None and other is not None
                and is_copy(containment(sim, size, other), size, other, o.containment))
            if copy:
                order = self._order[key]
                if best is None or order < best[0]:
                    best = (order, key, sim)
        return (best[1], round(best[2], 4)) if best else None

    def add(self, key: str, signature: np.ndarray, size: int | None = None) -> None:
        if key in self._signatures:
            raise KeyError(f"duplicate key {key!r} in the near-duplicate index")
        signature = np.asarray(signature)
        if signature.dtype != np.uint32 and signature.size and int(signature.max()) <= 0xFFFFFFFF:
            signature = signature.astype(np.uint32)  # 32-bit values (affine32): half the memory
        self._lsh.insert(key, signature)
        self._signatures[key] = signature
        if size is not None:
            self._sizes[key] = size
        self._order[key] = self._counter
        self._counter += 1

    def remove(self, key: str) -> None:
        if key in self._signatures:
            self._lsh.remove(key, self._signatures[key])
            del self._signatures[key]
            del self._order[key]
            self._sizes.pop(key, None)

    def check(self, key: str, text: str, *, index: bool = True) -> DuplicateMatch | None:
        """Is `text` a copy of an indexed article? Originals are indexed (when `index`), copies are
        not: a copy of a copy is matched to the original through the original's own signature."""
        signature, size = self.sign(text)
        found = self.query(signature, size)
        if found is not None:
            return DuplicateMatch(key, found[0], found[1])
        if index:
            self.add(key, signature, size)
        return None

    def items(self) -> list[tuple[str, np.ndarray]]:
        """Indexed (key, signature) pairs in insertion order (for saving state)."""
        return sorted(self._signatures.items(), key=lambda kv: self._order[kv[0]])


def find_duplicates(
    articles: Iterable[Article], options: DedupOptions | None = None
) -> dict[str, DuplicateMatch]:
    """Copies among `articles`, taken in the given order: {copy id: match to the earliest original}."""
    index = NearDuplicateIndex(options)
    found: dict[str, DuplicateMatch] = {}
    for article in articles:
        match = index.check(article.id, body_text(article))
        if match is not None:
            found[article.id] = match
    return found


class _BandIndex:
    """Banded LSH over MinHash signatures: the candidates of datasketch's ``MinHashLSH`` with the
    same `b` bands of `r` values (an entry is a candidate when one band of its signature equals the
    query's), in a third of its memory or less. datasketch keeps, per entry and band, a bytes key
    and a set of keys, plus the list of the entry's band keys (about 300 bytes a band); here each
    band is a dict from the band's values packed into one int (exact: 32-bit values, up to two a
    band; bytes beyond) to the entry's key, or a list of keys when several entries share the band,
    and an entry's band keys are computed again from its signature when it is removed."""

    __slots__ = ("b", "r", "hashranges", "_tables")

    def __init__(self, b: int, r: int) -> None:
        self.b, self.r = b, r
        self.hashranges = [(i * r, (i + 1) * r) for i in range(b)]  # as MinHashLSH's (the Spark path bands by them)
        self._tables: list[dict[object, object]] = [{} for _ in range(b)]

    def keys(self, signature: np.ndarray) -> list:
        """One exact key per band of a signature."""
        bands = np.asarray(signature)[:self.b * self.r].reshape(self.b, self.r)
        if self.r <= 2 and (not bands.size or int(bands.max()) <= 0xFFFFFFFF):
            packed = bands[:, 0].astype(np.uint64)
            if self.r == 2:
                packed = (packed << np.uint64(32)) | bands[:, 1].astype(np.uint64)
            return packed.tolist()
        wide = bands.astype(np.uint64)
        return [wide[i].tobytes() for i in range(self.b)]

    def insert(self, key: str, signature: np.ndarray) -> None:
        for table, h in zip(self._tables, self.keys(signature)):
            found = table.get(h)
            if found is None:
                table[h] = key
            elif isinstance(found, list):
                found.append(key)
            else:
                table[h] = [found, key]

    def remove(self, key: str, signature: np.ndarray) -> None:
        for table, h in zip(self._tables, self.keys(signature)):
            found = table.get(h)
            if found == key:
                del table[h]
            elif isinstance(found, list) and key in found:
                found.remove(key)
                if len(found) == 1:
                    table[h] = found[0]

    def query(self, signature: np.ndarray) -> set[str]:
        """Keys of the entries that share at least one band with `signature`."""
        out: set[str] = set()
        for table, h in zip(self._tables, self.keys(signature)):
            found = table.get(h)
            if found is None:
                continue
            if isinstance(found, list):
                out.update(found)
            else:
                out.add(found)
        return out


def _identity(value):
    return value
