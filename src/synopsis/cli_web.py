"""``synopsis serve``: the reading room (a thin command over :func:`synopsis.web.serve.serve`)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_app import app


@app.command()
def serve(
    store: Annotated[Optional[Path], typer.Option("--store", help="The store to serve (default: $SYNOPSIS_STORE, else the user data folder; created empty when missing).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Keep 127.0.0.1 unless a proxy with a login is in front.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the app in the default browser.")] = False,
    demo: Annotated[bool, typer.Option("--demo", help="Serve a store built from the bundled example (built once, then reused).")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let the Add page fetch private, loopback and link-local addresses.")] = False,
    outlets: Annotated[Optional[Path], typer.Option(help="Outlets file (.json or .toml) whose types and leans the pages show and filter by.")] = None,
) -> None:
    """Browse, search and compare the stored stories in a local web app (http://127.0.0.1:8765/)."""
    from .web.serve import serve as run

    run(store, host=host, port=port, open_browser=open_browser, demo=demo, allow_private=allow_private,
        outlets=outlets)
