"""What the tests build again and again: an article from paragraphs, and the corpus of a few articles.

    article = make_article("Ferry halted", "The ferry stopped. Nobody was hurt.", id="a", title=True)
    corpus = corpus_of(article, other)          # parsed, encoded and aligned on first use
    find_disputes(corpus), figure_ledger(corpus), build_timeline(corpus), ...
"""

from __future__ import annotations

from collections.abc import Sequence

from synopsis.analyse.corpus import Corpus
from synopsis.options import Options
from synopsis.records import Article, Block, RemovedLine


def make_article(*paragraphs: str, id: str = "a", outlet: str = "Outlet", title: bool = False,
                 kinds: Sequence[str] | None = None, published: str | None = None, source: str | None = None,
                 removed: Sequence[str] = ()) -> Article:
    """An article whose blocks are the paragraphs, joined by blank lines.

    With ``title=True`` the first paragraph is the headline (block kind "title", ``Article.title``);
    `kinds` gives every block's kind instead; the others are body paragraphs. `removed` lines are
    listed as removed captions (an article's dated caption, say).
    """
    if kinds is None:
        kinds = ["title" if title and i == 0 else "body" for i in range(len(paragraphs))]
    text, blocks = "", []
    for i, (paragraph, kind) in enumerate(zip(paragraphs, kinds, strict=True)):
        if text:
            text += "\n\n"
        blocks.append(Block(kind, len(text), len(text) + len(paragraph), i + 1))
        text += paragraph
    headline = paragraphs[0] if title else ""
    return Article(id=id, source=source or f"{id}.txt", outlet=outlet, title=headline, text=text, published=published,
                   blocks=blocks, removed=[RemovedLine(1, line, "photo caption") for line in removed])


def corpus_of(*articles: Article, options: Options | None = None, **given) -> Corpus:
    """The corpus of the articles, in the order given (`given`: docs, sentences or embeddings)."""
    return Corpus(list(articles), options, **given)
