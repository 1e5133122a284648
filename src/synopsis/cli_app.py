"""The command-line app object and its stderr output, shared by the modules that register commands
(cli.py, cli_library.py, cli_web.py): they import it from here, so none imports another."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read many news articles about one event; write one brief in which every line points to its sources.",
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False)


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
