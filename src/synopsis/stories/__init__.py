"""Stories: group a stream of articles into stories online, collapse wire copies, keep the state
across runs, and write one brief per story.

- :mod:`.grouping`: the online grouping (:class:`StoryGrouper`, :class:`StoryOptions`, the
  story records, the merge pass, labels) and the grouper's state as data;
- :mod:`.state`: the state file's format, versions, :class:`StateError` and the reading of the file;
- :mod:`.output`: :func:`write_stories`, what ``synopsis stories`` runs (group, brief each story,
  write the files).

The names below are the package's public API (``from synopsis.stories import ...``).
"""

from __future__ import annotations

from .grouping import (
    Assignment,
    GroupingResult,
    Member,
    Story,
    StoryGrouper,
    StoryOptions,
    article_key,
    group_articles,
    headline_phrase,
    name_words,
    record_id,
    story_label,
    tokens,
)
from .output import StoriesOutput, write_stories
from .state import READABLE_STATE_VERSIONS, STATE_FORMAT, STATE_VERSION, StateError, read_state_file

__all__ = [
    "Assignment",
    "GroupingResult",
    "Member",
    "READABLE_STATE_VERSIONS",
    "STATE_FORMAT",
    "STATE_VERSION",
    "StateError",
    "StoriesOutput",
    "Story",
    "StoryGrouper",
    "StoryOptions",
    "article_key",
    "group_articles",
    "headline_phrase",
    "name_words",
    "read_state_file",
    "record_id",
    "story_label",
    "tokens",
    "write_stories",
]
