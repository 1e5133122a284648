"""Fixtures and helpers of the web app's tests (tests/web/conftest.py registers the fixtures;
test modules import helpers from here, not from ``conftest``, whose name the top-level
tests/conftest.py also has): a store built as ``synopsis serve --demo`` builds it, plus a
story of hostile articles; an in-process client; a real server (``synopsis serve`` in a
subprocess on 127.0.0.1) and Debian's chromium driven by Playwright for the browser tests.

Browser tests skip with a reason where chromium or Playwright is missing, and fail under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "event"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # gitignored: screenshots of the browser tests
CHROMIUM = os.environ.get("SYNOPSIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

#: Stored text that must never run: in titles, outlet names, bodies, quotes and URLs.
XSS_TITLE = '<script>window.__xss=1</script>Ferry strike halts Port Lindell crossings'
XSS_OUTLET = 'Harbour <b onmouseover="window.__xss=4">Gazette</b>'
XSS_IMG = '"><img src=x onerror="window.__xss=2">'
XSS_URL = "javascript:window.__xss=5"

HOSTILE = [
    {"id": "h1", "outlet": XSS_OUTLET, "published": "2026-05-02", "url": XSS_URL, "title": XSS_TITLE,
     "text": (f"{XSS_TITLE}\n\n"
              "Ferry crews in Port Lindell walked off the job on Saturday, halting all 40 daily crossings to "
              f"Marrow Island {XSS_IMG} after talks on overtime pay collapsed.\n\n"
              "\"We will not sail until the company pays what it owes <script>window.__xss=6</script>,\" said union "
              "leader Dara Voss, who represents 312 deckhands and pilots.\n\n"
              "The Lindell Ferry Company said the strike would cost it about $90,000 a day and urged crews to return "
              "<svg onload=\"window.__xss=3\"></svg> while a mediator reviews the dispute.\n\n"
              "Island residents who commute to the mainland were told to use the 7 a.m. freight barge instead.")},
    {"id": "h2", "outlet": "Lindell Evening Post", "published": "2026-05-02",
     "url": "data:text/html,<script>window.__xss=7</script>",
     "title": "Port Lindell ferries stop as crews strike over overtime",
     "text": ("Port Lindell ferries stop as crews strike over overtime\n\n"
              "All 40 daily ferry crossings between Port Lindell and Marrow Island stopped on Saturday when crews "
              "went on strike over unpaid overtime <a href=\"javascript:window.__xss=8\">details</a>.\n\n"
              "\"We will not sail until the company pays what it owes,\" union leader Dara Voss told reporters "
              "at the terminal.\n\n"
              "The Lindell Ferry Company put the cost of the strike at $95,000 a day and said a mediator would "
              "meet both sides on Monday.\n\n"
              "Commuters from the island lined up for the morning freight barge, the only boat still running.")},
]

#: Outlet types the app is started with (the filters' "outlet type").
OUTLET_TYPES = {"The Ardenport Ledger": "news", "Brannock Valley Courier": "news",
                "Riverline Public Radio": "public broadcaster", "The Civic Lantern": "opinion",
                "Northgate Herald": "news", XSS_OUTLET: "news", "Lindell Evening Post": "news"}


def need_shared(*parts: str) -> Path:
    """tests/conftest.py's need_shared (../shared or skip; fail under CI=true), loaded by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("synopsis_tests_top_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.need_shared(*parts)


def outlets_toml() -> str:
    lines = []
    for name, kind in OUTLET_TYPES.items():
        lines += [f"[{json.dumps(name)}]", f"name = {json.dumps(name)}", f"type = {json.dumps(kind)}", ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def web_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="session")
def web_store(web_dir) -> Path:
    """The demo store (built by ``synopsis.web.serve.demo_store``), then the hostile articles added
    through the same path as ``synopsis add`` (a JSON-lines file) and their story continued and briefed."""
    from synopsis.sources.add import add_inputs
    from synopsis.store import Store
    from synopsis.store.library import update_stories
    from synopsis.web.serve import demo_store

    keep = os.environ.get("SYNOPSIS_WEB_TEST_STORE")  # a developer's shortcut: reuse a store built before
    if keep and Path(keep).is_file():
        return Path(keep)
    path = demo_store(web_dir / "store.db", report=lambda line: None)
    hostile = web_dir / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE), encoding="utf-8")
    with Store(path) as store:
        added = add_inputs(store, [str(hostile)])
        assert added.new == 2, added.failed
        run = update_stories(store)
        assert not run.errors, run.errors
    if keep:
        shutil.copyfile(path, keep)
    return path


@pytest.fixture(scope="session")
def outlets_file(web_dir) -> Path:
    path = web_dir / "outlets.toml"
    path.write_text(outlets_toml(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def book(outlets_file):
    from synopsis.sources.outlets import read_outlets

    return read_outlets(outlets_file)


@pytest.fixture(scope="session")
def ids(web_store) -> dict:
    """Story ids: the example's and the hostile one's; article ids by outlet."""
    from synopsis.store import Store

    with Store(web_store, readonly=True) as store:
        stories = store.list_stories(limit=10)
        example = next(s for s in stories if "The Ardenport Ledger" in s.outlets)
        hostile = next(s for s in stories if XSS_OUTLET in s.outlets)
        articles = {a.outlet: a.id for a in store.iter_articles()}
    return {"example": example.id, "hostile": hostile.id, "articles": articles}


def make_client(store: Path, book=None, **settings):
    from starlette.testclient import TestClient

    from synopsis.web import WebSettings, create_app

    app = create_app(WebSettings(store=store, outlets=book, **settings))
    return TestClient(app, base_url="http://127.0.0.1:8765")


@pytest.fixture(scope="session")
def client(web_store, book):
    with make_client(web_store, book) as c:
        yield c


# --- a real server and a real browser --------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(args: list[str], log_path: Path):
    """``synopsis serve ARGS`` on a free port of 127.0.0.1 in a subprocess: (process, base URL,
    log file); the caller stops it with :func:`stop_serve`."""
    port = free_port()
    log = log_path.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "synopsis", "serve", *args, "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"synopsis serve exited: {log_path.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("synopsis serve did not start listening within 30 s")
    return proc, f"http://127.0.0.1:{port}", log


def stop_serve(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def live_server(web_store, outlets_file, web_dir):
    """``synopsis serve`` on 127.0.0.1 in a subprocess, stopped at the end of the session."""
    proc, url, log = start_serve(["--store", str(web_store), "--outlets", str(outlets_file)], web_dir / "server.log")
    yield url
    stop_serve(proc, log)


def _no_browser(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI needs it (scripts/install.sh installs Debian's chromium and playwright)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -r requirements/test.txt)")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _no_browser(f"no chromium at {CHROMIUM} (apt-get install chromium; Playwright's own browser download is never used)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageProblems:
    """Console errors, CSP reports and page errors seen by a page; a test fails on any it did not expect."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.csp: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda err: self.errors.append(f"pageerror: {err}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.csp.append(text)
        elif message.type == "error":
            self.errors.append(f"console error: {text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser, request):
    """A fresh page (own context) at 1400 x 900; fails the test on page errors, console errors,
    CSP violations or dialogs unless the test took them (``problems.csp.clear()``)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    problems = PageProblems(pg)
    pg.problems = problems
    yield pg
    context.close()
    leftover = problems.errors + [f"CSP: {m}" for m in problems.csp] + [f"dialog: {m}" for m in problems.dialogs]
    assert not leftover, f"{request.node.name}: " + " | ".join(leftover)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
