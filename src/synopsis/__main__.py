"""``python -m synopsis`` and the ``synopsis`` console script.

``synopsis version`` is answered before the command-line app is imported (typer, rich and click
are most of the 0.12 CPU s it took; issue 25); everything else goes to :func:`synopsis.cli.main`.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["version"]:
        from . import __version__

        print(f"synopsis {__version__}")
        return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
