"""ArticleAnalysis: what one article's analysers share, computed once."""

from __future__ import annotations

import pytest

from helpers import make_article
from synopsis.analyse.article import ArticleAnalysis


@pytest.mark.parametrize("text, inside, outside", [
    # a low-9 opening mark and a high closing one: what follows the quotation is not quoted
    ("„We finished in May,“ Moretti said on Monday.", ["finished"], ["said", "Monday"]),
    # an inch mark is not a quotation mark: nothing after it is quoted
    ('Crews laid a 6" pipe and said the dredging had finished.', [], ["pipe", "said", "finished"]),
    # guillemets and single quotation marks are quotation marks
    ("«We are done,» he said, and the crews left.", ["done"], ["said", "crews"]),
    ("‘We are done,’ he said, and the crews left.", ["done"], ["said", "crews"]),
])
def test_one_quote_mask_for_every_analyser(text, inside, outside):
    analysis = ArticleAnalysis(make_article(text))
    flags = {tok.text: flag for tok, flag in zip(analysis.doc, analysis.token_in_quote)}
    assert all(flags[w] for w in inside) and not any(flags[w] for w in outside)


def test_sentences_are_split_once_and_found_by_offset():
    analysis = ArticleAnalysis(make_article("Ferry halted", "The ferry stopped. Nobody was hurt.", title=True))
    assert analysis.sentences is analysis.sentences
    second = analysis.sentences[2]
    assert analysis.sentence_at(second.start + 2, second.end) is second
    assert analysis.sentence_at(analysis.sentences[1].start, second.end) is None  # straddles two
    assert analysis.block_of(second.start) == 1


def test_a_doc_of_another_text_is_refused():
    from synopsis import models

    analysis = ArticleAnalysis(make_article("The ferry stopped."))
    with pytest.raises(ValueError, match="not a parse of article.text"):
        analysis.set_doc(models.nlp()("Something else entirely, and longer."))
