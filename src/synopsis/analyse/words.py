"""Word normalisation shared by the analysers."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _porter():
    from nltk.stem.porter import PorterStemmer  # imported on first use: nltk takes 0.7 s to import

    return PorterStemmer()


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """Porter stem of a lower-cased word (Porter 1980, NLTK's implementation); words of three
    letters or fewer are kept as they are, so that short names and acronyms stay apart."""
    return _porter().stem(word) if len(word) > 3 else word
