"""The command-line app object and its stderr output, shared by the modules that register commands
(cli.py, cli_library.py, cli_web.py): they import it from here, so none imports another."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

#: Help and usage errors in click's plain layout, not typer's rich panels: rich's help imports
#: rich's Markdown (markdown-it) and Traceback (pygments) on every ``--help`` and usage error,
#: about a third of the time ``synopsis --help`` takes (issue 25: under 0.3 s).
MARKUP = None

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read many news articles about one event; write one brief in which every line points to its sources.",
    pretty_exceptions_enable=False,
    rich_markup_mode=MARKUP,
)
stderr = Console(stderr=True, highlight=False)


def choices(name: str, *values: str) -> type[Enum]:
    """The type of an option that takes one of `values`: a ``str`` enum whose members are named as
    their values (``Format.json.value == "json"``), which typer checks and lists in ``--help``."""
    return Enum(name, {value: value for value in values}, type=str)


class Progress:
    """Step-by-step progress on stderr; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.status = stderr.status("starting", spinner="dots") if enabled and stderr.is_terminal else None

    def __enter__(self):
        if self.status:
            self.status.__enter__()
        return self

    def __call__(self, step: str) -> None:
        if self.status:
            self.status.update(step)

    def __exit__(self, *exc):
        if self.status:
            self.status.__exit__(*exc)


def note(label: str, message: str, style: str = "yellow") -> None:
    """One line on stderr; the message is printed as is (paths may hold [brackets])."""
    from rich.text import Text

    stderr.print(Text.assemble((label, style), " ", message), soft_wrap=True)


def outlet_options(path: Path | None) -> dict:
    """``Options`` fields from the user's outlets file: names and each outlet's type and lean."""
    if path is None:
        return {"outlets": {}, "outlet_profiles": {}}
    from .sources.outlets import read_outlets

    book = read_outlets(path)
    return {"outlets": book.names, "outlet_profiles": book.profiles}


def options_from(**values):
    """Options from the command line; a bad value is a one-line error naming the option."""
    from .options import Options

    return settings_from(Options, **values)


def settings_from(make, *args, **values):
    """A settings object (or check) from command-line values: the object validates itself, and its
    ValueError becomes the one-line error the CLI prints (exit code 2)."""
    try:
        return make(*args, **values)
    except ValueError as err:
        from .errors import InputError

        raise InputError(str(err)) from None
