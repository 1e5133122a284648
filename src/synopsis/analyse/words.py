"""Moved to :mod:`synopsis.text.words`; kept as an alias."""

from ..text.words import stem

__all__ = ["stem"]
