"""Output files: checked before the work starts, and written whole or not at all.

A run that ends early (Ctrl-C, a full disk, a kill) must never leave a half-written brief,
story file or state behind: every file is written to a temporary file in the same folder and
renamed over the target (``os.replace`` is atomic on POSIX and Windows within one file system).
And a target that cannot be written is found before minutes of analysis, not after.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import InputError


def _temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _probe(folder: Path, what: str) -> None:
    """Create and remove a file in `folder`: the only check that also holds for root, read-only
    mounts and full disks."""
    probe = _temporary_name(folder / "probe")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as err:
        raise InputError(f"{what} {folder}: cannot write in this folder ({err.strerror}); "
                         "give a folder you can write to") from None


def check_writable_file(path: str | Path, what: str) -> Path:
    """Raise :class:`InputError` unless a file can be written at `path` (its folder exists and
    takes a new file; `path` is not a folder). `what` names the option, e.g. ``--out``."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{what} {path}: is a folder; give a file path")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{what} {path}: the folder {folder} does not exist; create it or give another path")
    _probe(folder, what)
    return path


def check_writable_folder(path: str | Path, what: str) -> Path:
    """Create the folder `path` when missing and raise :class:`InputError` unless files can be
    written in it."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{what} {path}: is a file; {what} needs a folder (it is created when missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{what} {path}: cannot create the folder ({err.strerror}); give a folder you can "
                         "write to") from None
    _probe(path, what)
    return path


def write_text(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically: the file holds either its old content or all of
    `text`, never part of it, whatever interrupts the write (the temporary file is removed)."""
    path = Path(path)
    tmp = _temporary_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt included: leave nothing behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
