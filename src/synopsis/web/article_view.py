"""A stored article as the article page shows it: its blocks, each sentence an anchor
(``#s-<offset>``), one span highlighted, and the audit of the lines cleaning removed.

The sentences are the pipeline's own (:func:`synopsis.text.sentences.split_sentences`), so
a citation's ``start`` is a sentence's anchor. The highlight ``hl=START-END`` comes with the
hash of the text the brief cited (``h``); when the stored text no longer holds those words
there (the article was fetched again and changed), the page says so and highlights nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text.sentences import split_sentences
from .security import safe_href
from .story_view import text_hash

_SPAN = re.compile(r"^(\d{1,9})-(\d{1,9})$")


@dataclass(slots=True)
class Piece:
    text: str
    marked: bool = False
    first_mark: bool = False  # carries id="hl"


@dataclass(slots=True)
class SentenceView:
    anchor: str | None  # "s-<start>", or None for text between sentences
    pieces: list[Piece]


@dataclass(slots=True)
class BlockView:
    kind: str
    sentences: list[SentenceView]


@dataclass(slots=True)
class ArticleView:
    article: object  # synopsis.store.StoredArticle
    blocks: list[BlockView]
    url: str | None
    highlight: tuple[int, int] | None
    highlight_note: str | None
    reasons: list[tuple[str, int]]
    versions: list[dict] = field(default_factory=list)


def parse_highlight(hl: str | None, expected_hash: str | None, text: str) -> tuple[tuple[int, int] | None, str | None]:
    """The span to highlight, or None with the reason (shown on the page) when it does not fit."""
    if not hl:
        return None, None
    m = _SPAN.match(hl)
    if not m:
        return None, "the highlight asked for is not START-END offsets"
    start, end = int(m[1]), int(m[2])
    if not 0 <= start < end <= len(text):
        return None, "the cited span is outside this article's text (the text changed since the brief)"
    if expected_hash and text_hash(" ".join(text[start:end].split())) != expected_hash \
            and text_hash(text[start:end]) != expected_hash:
        return None, ("this article's text changed since the brief was made: the cited words are no longer at "
                      "their place, so nothing is highlighted")
    return (start, end), None


def build(stored, *, hl: str | None = None, h: str | None = None, versions: list[dict] | None = None) -> ArticleView:
    text = stored.text
    highlight, note = parse_highlight(hl, h, text)
    sentences = split_sentences(stored.to_article())
    by_block: dict[int, list] = {}
    for s in sentences:
        by_block.setdefault(s.block, []).append(s)
    marked_once = [False]

    def pieces(start: int, end: int) -> list[Piece]:
        if highlight is None or highlight[1] <= start or end <= highlight[0]:
            return [Piece(text[start:end])]
        out = []
        a, b = max(start, highlight[0]), min(end, highlight[1])
        if a > start:
            out.append(Piece(text[start:a]))
        out.append(Piece(text[a:b], True, not marked_once[0]))
        marked_once[0] = True
        if end > b:
            out.append(Piece(text[b:end]))
        return out

    blocks = []
    for i, block in enumerate(stored.blocks):
        views, pos = [], block.start
        for s in by_block.get(i, []):
            if s.start > pos:
                views.append(SentenceView(None, pieces(pos, s.start)))
            views.append(SentenceView(f"s-{s.start}", pieces(s.start, s.end)))
            pos = s.end
        if pos < block.end:
            views.append(SentenceView(None, pieces(pos, block.end)))
        blocks.append(BlockView(block.kind, views))
    reasons = Counter(r.reason for r in stored.removed).most_common()
    return ArticleView(stored, blocks, safe_href(stored.url), highlight, note, reasons, versions or [])
