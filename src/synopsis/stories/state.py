"""The story grouper's state file: its format name and versions, the error it raises, and the
reading of the file (what :meth:`synopsis.stories.StoryGrouper.load_state` parses).

The state is one JSON object (:meth:`~synopsis.stories.StoryGrouper.state`), written whole or not
at all (:mod:`synopsis.outputs`), so an interrupted run leaves the previous state in place.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import SynopsisError


#: Version of the state file written by :meth:`StoryGrouper.save_state`. Bump on any change of shape.
#: 2: members carry the article's identity `key` (runs are idempotent); version 1 is still read.
STATE_VERSION = 2
READABLE_STATE_VERSIONS = (1, 2)
STATE_FORMAT = "synopsis-stories-state"


class StateError(SynopsisError):
    """A state file that cannot be used: missing, not JSON, another format or an incompatible version."""


def read_state_file(path: str | Path) -> object:
    """The JSON data of a state file; raises :class:`StateError` with what to do when the file is
    missing, unreadable or not JSON (its shape is checked by ``StoryGrouper.from_state``)."""
    from ..files import file_problem

    path = Path(path)
    problem = file_problem(path, "give a state file written by `synopsis stories --state`") if path.exists() else None
    if problem:  # a named pipe would block the read forever
        raise StateError(f"{path}: {problem}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StateError(f"{path}: no such state file; give an existing file, or a new path "
                         "to start one") from None
    except (OSError, UnicodeDecodeError) as err:
        raise StateError(f"{path}: cannot read the state file ({err})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise StateError(f"{path}: the state file is not valid JSON ({err.msg} at line {err.lineno}); "
                         "restore a good copy or start a new state") from None
    return data
