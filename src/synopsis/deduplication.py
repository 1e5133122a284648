"""Moved to :mod:`synopsis.copies` (one module for every copy rule); kept as an alias."""

from .copies import DedupOptions, DuplicateMatch, NearDuplicateIndex, body_text, find_duplicates, shingle_hashes

__all__ = ["DedupOptions", "DuplicateMatch", "NearDuplicateIndex", "body_text", "find_duplicates", "shingle_hashes"]
