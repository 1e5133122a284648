"""Output files: found unwritable before the work, written whole or not at all."""

from __future__ import annotations

import os

import pytest

from synopsis.errors import InputError
from synopsis.outputs import check_writable_file, check_writable_folder, write_text


def test_write_text_replaces_the_file_whole(tmp_path):
    target = tmp_path / "brief.json"
    write_text(target, "old")
    write_text(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert os.listdir(tmp_path) == ["brief.json"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # as open() would make it


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("where", ["writing", "renaming"])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, where):
    target = tmp_path / "state.json"
    target.write_text("the old state", encoding="utf-8")
    real_fdopen = os.fdopen

    def half_then_interrupt(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)

        class Half:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, text):
                handle.write(text[: len(text) // 2])
                handle.flush()  # half of the new text is on disk, as when Ctrl-C comes mid-write
                raise KeyboardInterrupt

        return Half()

    def interrupt(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fdopen" if where == "writing" else "replace",
                        half_then_interrupt if where == "writing" else interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, "the new state, much longer than the old one")
    assert target.read_text(encoding="utf-8") == "the old state"
    assert os.listdir(tmp_path) == ["state.json"]


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "no" / "such" / "brief.md", "the folder"),
    (lambda tmp: tmp, "is a folder"),
])
def test_check_writable_file_names_what_to_fix(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        check_writable_file(make(tmp_path), "--out")


def test_check_writable_folder_creates_it_and_refuses_a_file(tmp_path):
    assert check_writable_folder(tmp_path / "a" / "b", "--out").is_dir()
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        check_writable_folder(tmp_path / "f", "--out")
    with pytest.raises(InputError, match="cannot create the folder"):
        check_writable_folder(tmp_path / "f" / "sub", "--out")
