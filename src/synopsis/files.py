"""Checks of the files a user gives (articles, a stories state file, an outlets file): why a path
cannot be read as a file, in one line that says what to give instead."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

INPUT_FILES = "give .txt, .html or .jsonl files"
_URL = re.compile(r"^https?://[^\s/]+", re.I)


def is_url(text: str) -> bool:
    """An input that names a web page (http or https) rather than a file."""
    return bool(_URL.match(text))


def file_problem(path: Path, advice: str = INPUT_FILES) -> str | None:
    """Why `path` cannot be read as a file, or None when it is a regular file (links followed);
    `advice` says what to give instead. A named pipe would block the reader forever, so it is
    never opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return f"broken symbolic link (to {os.readlink(path)}, which does not exist); fix or remove the link"
        return "no such file or folder; check the path"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop (the link leads back to itself); fix or remove the link"
        return f"cannot read it ({err.strerror}); check its permissions"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        if path.is_symlink():
            return "a link to a folder, not followed inside a folder: give that folder as an input of its own"
        try:
            os.scandir(path).close()
        except OSError as err:
            return f"cannot read the folder ({err.strerror}); check its permissions"
        return f"a folder, not a file: {advice}"
    if stat.S_ISFIFO(info.st_mode):
        return f"a named pipe, not a file: {advice}" + (" (or give - and pipe into stdin)" if advice == INPUT_FILES else "")
    kind = "socket" if stat.S_ISSOCK(info.st_mode) else "device"
    return f"a {kind}, not a regular file: {advice}"
