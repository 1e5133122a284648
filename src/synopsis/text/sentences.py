"""Sentence splitting for news: nupunkt (a Punkt variant, Kiss & Strunk 2006) per block, repaired.

Blocks (headline, dek, subheads, paragraphs) never share a sentence. Within a block,
nupunkt finds the boundaries; repairs on top cover its known misses on news text:

- it sometimes takes a lower-case word before a full stop for an abbreviation
  ("officials said no. Officials in ..."): a full stop after a lower-case word that is not
  a known abbreviation, followed by a capitalised word, is a boundary;
- a boundary right after a title ("Gov.", "Sen.", "Mr.") is never one, and a piece that
  starts in lower case or with closing punctuation belongs to the sentence before it;
- a quotation of several sentences stays one unit with its attribution
  (`"We will fight. We will win," the mayor said.`), up to MAX_QUOTE_WORDS, so that no
  sentence starts or ends inside open quotation marks;
- in text tokenized with spaces around quotation marks and lower-cased (the released form of
  corpora such as Multi-News: `will not step down. " i have no intention`), a mark standing
  alone after a stop opens the next sentence when it leaves the quotation open, and a sentence
  after a closed one may start in lower case;
- a photo credit that ends a caption run into the article ("... (AP Photo/Jo Vale) The strike")
  is a boundary.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Article, Block, Sentence
from .lexicon import ABBREVIATED_TITLES, LOWER_ABBREVIATIONS
from .newswire import DATELINE, PHOTO_CREDIT
from .quotemarks import odd_double_marks

# Abbreviations written in lower case that do not end a sentence before a capital.
_MISSED_BOUNDARY = re.compile(r"(?<![\w.])([a-z][a-z'’]*)([.!?])([\"'”’)]?)\s+(?=[\"'“‘(]?[A-Z])")
# Two paragraphs glued without a space when a page was flattened: "detain immigrants.Dozens of".
# A lower-case word of three letters or more, a stop, and a capitalised word: not "U.S.Army"
# (capitals before the stop), not "e.g.The" (a listed abbreviation) and not "Node.js" (lower case after).
_GLUED_BOUNDARY = re.compile(r"(?<![\w.])([a-z]{3,})([.!?])([\"'”’)]?)(?=[A-Z][a-z])")
# Tokenized text ('a study found. " there's a lot ...'): a stop and a mark set off by spaces
# end a sentence, whether the mark opens the next sentence or closes this one (nupunkt splits
# there only sometimes); `_merge_false` then moves a mark that opens to the sentence it opens.
_SPACED_QUOTE_BOUNDARY = re.compile(r"(?<![\w.])(\w+)([.!?…])(\s+[\"“”])(?=\s+\S)")
# A photo caption ends in its credit ("... in Moscow. ( associated press ) People lay ...",
# "(AP Photo/Jane Doe)", "(Photo: Getty Images)"): when a flattened page runs the caption into
# the article, the credit is a boundary, and the caption, which ends in the credit, never reads
# as a sentence (the credit pattern: text.newswire.PHOTO_CREDIT).
_CREDIT_BOUNDARY = re.compile(PHOTO_CREDIT + r"()(?=\s+\S)", re.IGNORECASE)
_CREDIT_END = re.compile(PHOTO_CREDIT + r"$", re.IGNORECASE)
_LAST_TOKEN = re.compile(r"(\S+)\.\s*$")
_CLOSERS = "\"'”’)]}»"
#: A stop, then a quotation mark set off by a space: only tokenized text writes it so
#: (edited text attaches the mark, `down."`), and there the mark may open or close a quotation.
_SPACED_QUOTE_END = re.compile(r"[.!?…]\s+[\"“”]$")
MAX_QUOTE_WORDS = 70


@lru_cache(maxsize=1)
def _tokenizer():
    import nupunkt

    return nupunkt.load_default_model()


def split_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one block of text, whitespace trimmed."""
    if not text.strip():
        return []
    spans = [(s, e) for s, e in _tokenizer().iter_spans(text)]
    spans = _split_missed(text, spans)
    spans = _merge_false(text, spans)
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _split_missed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        found = sorted([*_MISSED_BOUNDARY.finditer(text, start, end), *_GLUED_BOUNDARY.finditer(text, start, end),
                        *_SPACED_QUOTE_BOUNDARY.finditer(text, start, end), *_CREDIT_BOUNDARY.finditer(text, start, end)],
                       key=lambda m: m.start())
        for m in found:
            word = m.group(1).lower()
            if m.group(2) == "." and (word in LOWER_ABBREVIATIONS or word in ABBREVIATED_TITLES):  # "mr. " x "": a title
                continue
            if "." in text[m.start(1) - 2:m.start(1)]:  # inside "a.m." style tokens
                continue
            boundary = m.end(3)
            if boundary - start > 0 and end - boundary > 0 and boundary > cut:
                out.append((cut, boundary))
                cut = boundary
        out.append((cut, end))
    return out


def _merge_false(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            previous = text[merged[-1][0]:merged[-1][1]].rstrip()
            spaced_quote = _SPACED_QUOTE_END.search(previous) is not None
            if spaced_quote and odd_double_marks(previous):
                # 'step down. " i have ...': the lone mark opens this sentence, it closes nothing.
                mark = merged[-1][0] + len(previous) - 1
                merged[-1] = _trim(text, merged[-1][0], mark)
                start, spaced_quote = mark, False
                previous = text[merged[-1][0]:merged[-1][1]]
        piece = text[start:end].strip()
        if merged:
            last = _LAST_TOKEN.search(previous)
            after_title = bool(last) and last.group(1).lower().strip("(\"'“") in ABBREVIATED_TITLES and piece[:1].isupper()
            # After a closed quotation in tokenized, lower-cased text ('choice. " the director
            # says ...') or after a caption's credit, a lower-case start is the corpus's casing,
            # not a continuation.
            after_credit = _CREDIT_END.search(previous) is not None
            continuation = (piece[:1].islower() and not spaced_quote and not after_credit) or (
                piece[:1] in _CLOSERS and len(piece) <= 3)
            inside_quote = odd_double_marks(previous) and len(text[merged[-1][0]:end].split()) <= MAX_QUOTE_WORDS
            if after_title or continuation or inside_quote:
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(article: Article) -> list[Sentence]:
    """All sentences of an article, with offsets into its cleaned text (a wire dateline before
    the first sentence of a paragraph is left out of it)."""
    sentences: list[Sentence] = []
    for block_index, block in enumerate(article.blocks):
        block_text = article.text[block.start:block.end]
        for k, (s, e) in enumerate(split_spans(block_text)):
            start, end = block.start + s, block.start + e
            if k == 0 and block.kind == "body" and (dateline := DATELINE.match(article.text[start:end])):
                # "LAKEPORT, Ardenia (AP) _ A spring flood ...": the sentence starts after the
                # dateline, which says where the report was filed, not what happened.
                start += dateline.end()
            sentences.append(
                Sentence(
                    article=article.id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=article.text[start:end],
                    kind=block.kind,
                    block=block_index,
                )
            )
    return sentences


def line_blocks(text: str) -> list[Block]:
    """Body blocks over the non-empty lines of a text (a line of only spaces and full stops is
    none): the paragraphs of a text that comes without blocks (plain text of a benchmark)."""
    blocks, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip(" \t.")
        if stripped:
            lead = len(line) - len(line.lstrip())
            blocks.append(Block("body", pos + lead, pos + len(line.rstrip()), 0))
        pos += len(line) + 1
    return blocks


def paragraphs(article: Article) -> list[Block]:
    """The article's blocks, or its non-empty lines as body blocks when it has none."""
    return list(article.blocks) if article.blocks else line_blocks(article.text)


_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"[.!?…][\"'”’)\]]*\s+"), re.compile(r"\s+"))


def break_before(text: str, limit: int, start: int = 0) -> int:
    """Where to cut `text` so that text[start:cut] is at most `limit` characters: after the last
    paragraph break, else sentence end, else whitespace in the second half of that span (else at
    the limit itself, inside a word)."""
    end = start + limit
    if len(text) <= end:
        return len(text)
    for pattern in _BREAKS:
        cut = None
        for m in pattern.finditer(text, start + limit // 2, end):
            cut = m.end()
        if cut is not None:
            return cut
    return end
