"""One article, analysed once: the shared per-article object every analyser reads.

Each attribute is computed on first use and kept (``functools.cached_property``), so an article
is split into sentences once, parsed once, and its quotation marks are paired once, whichever
analysers ask. It holds inputs and intermediate results only, never an analyser's own output
(the rule textacy follows with plain functions over a document; spaCy and stanza keep one
container per document for the same reason). A :class:`~synopsis.analyse.corpus.Corpus` fills
``doc`` for all its articles in one batch; alone, an analysis parses itself on first use.

    analysis = ArticleAnalysis(article)        # or ArticleAnalysis(article, doc)
    analysis.sentences, analysis.quote_spans, analysis.doc
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cached_property

from ..records import Article, Block, Sentence
from ..text.quotemarks import QuoteSpan, quote_spans
from ..text.sentences import paragraphs, split_sentences
from ..text.words import content_tokens


class ArticleAnalysis:
    """An article with everything several analysers need about it, each computed once."""

    def __init__(self, article: Article, doc=None, *, sentences: list[Sentence] | None = None,
                 nlp: Callable | None = None) -> None:
        self.article = article
        self._doc = doc
        self._nlp = nlp
        if sentences is not None:
            self.__dict__["sentences"] = list(sentences)
        #: Rows of this article's sentences in the corpus sentence table (set by the Corpus).
        self.rows: range = range(0)

    def __repr__(self) -> str:
        return f"ArticleAnalysis({self.article.id!r})"

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        """The cleaned text (``Doc.text`` is rebuilt on every access; this is the article's own)."""
        return self.article.text

    # --- blocks and sentences ---------------------------------------------------------------

    @cached_property
    def paragraphs(self) -> list[Block]:
        """The article's blocks, or its non-empty lines as body blocks when it has none."""
        return paragraphs(self.article)

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [b.start for b in self.paragraphs]

    def block_of(self, pos: int) -> int:
        """Index of the paragraph that holds character `pos` (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self._paragraph_starts, pos) - 1)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The article's sentences (:func:`~synopsis.text.sentences.split_sentences`), split once."""
        return split_sentences(self.article)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, start: int, end: int) -> Sentence | None:
        """The sentence that holds the characters start..end, or None when they straddle two."""
        i = bisect.bisect_right(self._sentence_starts, start) - 1
        if i >= 0 and self.sentences[i].end >= end:
            return self.sentences[i]
        return None

    @cached_property
    def sentence_tokens(self) -> list[set[str]]:
        """Content tokens of each sentence (:func:`~synopsis.text.words.content_tokens`)."""
        return [content_tokens(s.text) for s in self.sentences]

    # --- the parse ----------------------------------------------------------------------------

    @property
    def parsed(self) -> bool:
        return self._doc is not None

    def set_doc(self, doc) -> None:
        """Give the analysis its parse (the Corpus parses its articles in one batch)."""
        last = doc[-1] if len(doc) else None
        if last is not None and self.text[last.idx:last.idx + len(last.text)] != last.text:
            raise ValueError(f"article {self.article.id}: the Doc is not a parse of article.text")
        self._doc = doc

    @property
    def doc(self):
        """The spaCy parse of the text (full pipeline: tagger, parser, lemmatizer, NER)."""
        if self._doc is None:
            if self._nlp is None:
                from .. import models

                self.set_doc(next(models.parse([self.text])))
            else:
                self.set_doc(self._nlp(self.text))
        return self._doc

    @cached_property
    def ents(self) -> list:
        """The named entities of the parse, listed once (``doc.ents`` builds spans on each access)."""
        return list(self.doc.ents)

    @cached_property
    def persons(self) -> list:
        return [e for e in self.ents if e.label_ == "PERSON"]

    @cached_property
    def _token_starts(self) -> tuple[list[int], list]:
        tokens = list(self.doc)
        return [t.idx for t in tokens], tokens

    def token_at_or_after(self, pos: int):
        """The first token starting at or after character `pos`, or None."""
        starts, tokens = self._token_starts
        i = bisect.bisect_left(starts, pos)
        return tokens[i] if i < len(tokens) else None

    def tokens_between(self, start: int, end: int) -> list:
        """Tokens of the characters start..end, widened to whole tokens."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    # --- quotation marks ----------------------------------------------------------------------

    @cached_property
    def quote_spans(self) -> list[QuoteSpan]:
        """The article's quotations: the one pairing of its quotation marks (text.quotemarks)."""
        return quote_spans(self.text, self.paragraphs)

    @cached_property
    def token_in_quote(self) -> list[bool]:
        """Per token of the parse: inside a quotation (marks included)."""
        flags = [False] * len(self.doc)
        for span in self.quote_spans:
            for tok in self.tokens_between(span.open, span.close + 1):
                flags[tok.i] = True
        return flags
