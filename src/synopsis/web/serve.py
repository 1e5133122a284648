"""``synopsis serve``: run the reading room with uvicorn on 127.0.0.1, and build the demo store.

:func:`demo_store` builds a store from the bundled example (``examples/event`` with
``examples/outlets.json``: added, grouped into stories and briefed, as ``synopsis add`` and
``synopsis stories --store`` do) into the user cache folder, once per synopsis version and
example content; it is built under a temporary name and renamed, so an interrupted build
leaves nothing half-made.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from ..errors import InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def example_dir() -> Path:
    """The repository's ``examples/`` folder (the demo ships with a clone, not with a wheel)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples"
        if (candidate / "event").is_dir() and (candidate / "outlets.json").is_file():
            return candidate
    raise InputError("--demo needs the bundled example (examples/event and examples/outlets.json), which comes "
                     "with a clone of the repository; run synopsis from a clone, or serve your own --store")


def _example_fingerprint(examples: Path) -> str:
    from .. import __version__

    digest = hashlib.sha1(__version__.encode())
    for path in sorted([*(examples / "event").iterdir(), examples / "outlets.json"]):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_demo(path: Path, examples: Path, report=print) -> None:
    """Add the example to a new store at `path`, group it into stories and brief them."""
    from ..sources.add import add_inputs
    from ..sources.outlets import read_outlets
    from ..store import Store
    from ..store.library import update_stories

    with Store(path) as store:
        report("adding the bundled example")
        added = add_inputs(store, [str(examples / "event")], outlets=read_outlets(examples / "outlets.json"))
        if not added.articles:
            raise InputError(f"the bundled example in {examples} gave no article: "
                             + "; ".join(f"{s}: {r}" for s, r in added.failed))
        report("grouping into stories and briefing them (loads the models once, about half a minute)")
        run = update_stories(store, report=report)
        if run.errors:
            raise InputError("the demo brief failed: " + "; ".join(run.errors))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def demo_store(target: Path | None = None, report=print) -> Path:
    """The demo store: `target` when given (built there if missing), else one in the user cache folder."""
    examples = example_dir()
    if target is None:
        from platformdirs import user_cache_dir

        target = Path(user_cache_dir("synopsis", appauthor=False)) / f"demo-{_example_fingerprint(examples)}.db"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        build_demo(tmp, examples, report)
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        tmp.replace(target)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def check_port(host: str, port: int) -> None:
    """A clear message now rather than uvicorn's log line when the port is taken."""
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: give a port between 1 and 65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as err:
            raise InputError(f"cannot listen on {host}:{port} ({err.strerror}); another program may use it: "
                             "give another --port") from None


def serve(store: Path | None = None, *, host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False,
          demo: bool = False, allow_private: bool = False, outlets: Path | None = None, report=None) -> None:
    """Serve the store until Ctrl-C."""
    import uvicorn

    from ..sources.outlets import OutletBook, read_outlets
    from ..store import Store, default_store_path
    from .app import WebSettings, create_app

    say = report or (lambda line: print(line, file=sys.stderr, flush=True))
    book = read_outlets(outlets) if outlets else None
    if demo:
        store = demo_store(store, report=say)
        if book is None:
            book = read_outlets(example_dir() / "outlets.json")
    else:
        store = store or default_store_path()
        if not store.is_file():
            Store(store).close()
            say(f"created an empty store at {store}: add articles from the Add page or with `synopsis add`")
    Store(store, readonly=True).close()  # a clear error now if it is not a synopsis store
    if host.strip("[]") not in LOOPBACK:
        say(f"warning: listening on {host}: anyone who can reach this address can read the store and add to it; "
            "the app has no login (keep the default 127.0.0.1 unless a proxy with authentication is in front)")
    check_port(host.strip("[]"), port)
    app = create_app(WebSettings(store=store, host=host.strip("[]"), port=port, allow_private=allow_private,
                                 outlets=book or OutletBook(), demo=demo))
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    say(f"synopsis reading room: {url}  (store {store}; Ctrl-C stops)")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, host=host.strip("[]"), port=port, log_level="warning", access_log=False,
                            server_header=False, proxy_headers=False, lifespan="on")
    uvicorn.Server(config).run()
