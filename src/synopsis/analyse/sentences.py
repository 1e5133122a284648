"""Moved to :mod:`synopsis.text.sentences` (the splitter is a text primitive); kept as an alias."""

from ..text.sentences import split_sentences, split_spans

__all__ = ["split_sentences", "split_spans"]
