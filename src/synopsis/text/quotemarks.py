"""Quotation marks: which marks open and close, and the one pairing of them per paragraph that every
analyser uses (the quote extractor, framing's own words, disputes' cues, the sentence splitter's
mark set).

Marks are paired from their context, not by counting: an opening mark follows a space, a paragraph
start or an opening bracket and precedes a non-space; a closing mark follows a non-space and
precedes a space or punctuation. So straight, curly, mixed and single marks pair, while
apostrophes (``don't``, ``L.A.'s``, ``'90s``) and inch marks (``a 6" pipe``) do not. A paragraph
that ends inside a quotation and is followed by a paragraph opening with a mark continues the
quote (the news convention for a run-on quote); marks inside a quotation are nested quotes and
belong to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Block

#: Double quotation marks: straight, curly, low-9, reversed and guillemets.
DOUBLE_MARKS = '"“”„‟«»'
#: Single quotation marks (and apostrophes, which `mark_roles` tells apart).
SINGLE_MARKS = "'‘’‚‛"
#: Marks that only open, or only close, a quotation whatever their context.
OPENING_ONLY = "“„‟«‘‚‛"
CLOSING_ONLY = "”»’"


@dataclass(slots=True)
class QuoteSpan:
    """A pair of quotation marks: the opening mark at `open`, the closing one at `close` (the
    exclusive end of the quoted text), in the paragraph `block` (of the opening mark)."""

    open: int
    close: int
    block: int
    run_on: bool = False  # continued from the previous paragraph


def mark_roles(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(can open, can close) for the quotation mark at `i` in the paragraph text[lo:hi]."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    ch = text[i]
    marks = DOUBLE_MARKS + SINGLE_MARKS
    opens = (prev.isspace() or prev in "([{—–-/" + marks) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-…" + marks)
    if ch in SINGLE_MARKS:
        if prev.isalnum() and nxt.isalnum():  # an apostrophe: don't, L.A.'s
            return False, False
        if opens and nxt.isdigit():  # '90s
            return False, False
    if opens and closes:  # e.g. '"' between two marks: trust the glyph
        if ch in OPENING_ONLY:
            closes = False
        elif ch in CLOSING_ONLY:
            opens = False
    return opens, closes


def quote_spans(text: str, blocks: Sequence[Block]) -> list[QuoteSpan]:
    """Paired quotation marks, outermost only, with run-on quotes joined across paragraphs."""
    doubles: list[QuoteSpan] = []
    pending: QuoteSpan | None = None  # a quote left open at the end of the previous paragraph
    for b, block in enumerate(blocks):
        lo, hi = block.start, block.end
        first = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
        open_at: int | None = None
        open_block, run_on = b, False
        if pending is not None:
            if first < hi and text[first] in DOUBLE_MARKS:
                open_at, open_block, run_on = pending.open, pending.block, True  # the quote continues
            else:  # an unclosed quotation runs to the end of its paragraph
                doubles.append(QuoteSpan(pending.open, _trim_end(text, pending.close), pending.block))
            pending = None
        for i in range(lo, hi):
            if text[i] not in DOUBLE_MARKS or (run_on and i == first):
                continue
            opens, closes = mark_roles(text, i, lo, hi)
            if open_at is None:
                if opens:
                    open_at, open_block, run_on = i, b, False
            elif closes:
                doubles.append(QuoteSpan(open_at, i, open_block, run_on))
                open_at, run_on = None, False
            elif opens:  # the previous mark was never closed: start again here
                open_at, open_block, run_on = i, b, False
        if open_at is not None:
            pending = QuoteSpan(open_at, hi, open_block)
    if pending is not None:
        doubles.append(QuoteSpan(pending.open, _trim_end(text, pending.close), pending.block))

    def inside_double(i: int) -> bool:
        return any(s.open <= i <= s.close for s in doubles)

    singles: list[QuoteSpan] = []
    for b, block in enumerate(blocks):
        lo, hi = block.start, block.end
        open_at = None
        for i in range(lo, hi):
            if text[i] not in SINGLE_MARKS or inside_double(i):
                continue
            opens, closes = mark_roles(text, i, lo, hi)
            if open_at is None:
                if opens and text[i] not in CLOSING_ONLY.replace("’", ""):
                    open_at = i
            elif closes:
                singles.append(QuoteSpan(open_at, i, b))
                open_at = None
    spans = sorted(doubles + singles, key=lambda s: (s.open, -s.close))
    outer: list[QuoteSpan] = []
    for span in spans:
        if span.close - span.open < 2:
            continue
        if outer and span.open < outer[-1].close:  # nested inside the previous quotation
            continue
        outer.append(span)
    return outer


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def unquoted(text: str, blocks: Sequence[Block], spans: Sequence[QuoteSpan]) -> list[str]:
    """The pieces of the blocks' text outside the quotations `spans` (marks and all), in order:
    a writer's own words, without those of the people quoted."""
    cuts = sorted((s.open, s.close + 1) for s in spans)
    pieces = []
    for block in blocks:
        pos = block.start
        for lo, hi in cuts:
            if hi <= pos or lo >= block.end:
                continue
            if lo > pos:
                pieces.append(text[pos:lo])
            pos = max(pos, hi)
        if pos < block.end:
            pieces.append(text[pos:block.end])
    return pieces


def odd_double_marks(text: str) -> bool:
    """True when the text holds an odd number of double quotation marks (of any glyph): a quotation
    opened and not closed, counted the way the sentence splitter needs it (scraped text mixes
    curly and straight marks, “like this", so all of them count together)."""
    return sum(text.count(mark) for mark in DOUBLE_MARKS) % 2 == 1

