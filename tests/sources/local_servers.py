"""Local servers for the fetching tests (fixtures: import them into the test module): pytest-httpserver (werkzeug) on 127.0.0.1, and a raw
socket server for responses no well-behaved server sends (cut short, trickling). Nothing here
talks to any other address."""

from __future__ import annotations

import socket
import threading
import time

import pytest


ARTICLE_WORDS = ("The district board voted on Tuesday to fund emergency repairs to the cracked dam, "
                 "and engineers said the reservoir would be drawn down over the coming weeks. ")


def article_html(title: str, paragraphs: int = 6, *, site: str | None = None, extra: str = "",
                 charset_meta: str | None = "utf-8", lang_text: str = "") -> str:
    """A small but realistic article page (navigation, article, footer)."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    body = "".join(f"<p>{lang_text}{ARTICLE_WORDS * 2}Paragraph {i} of {title}.</p>" for i in range(paragraphs))
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{site_meta}</head><body>"
            f'<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>'
            f"<article><h1>{title}</h1>{body}{extra}</article>"
            f"<footer><p>Copyright 2026 Example Media</p></footer></body></html>")


@pytest.fixture
def raw_server():
    """Start a one-thread TCP server on 127.0.0.1 that answers every connection with
    `respond(conn)`; yields a function returning the base URL. Stops by itself at teardown."""
    servers = []

    def start(respond) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.2)
        stop = threading.Event()

        def loop():
            while not stop.is_set():
                try:
                    conn, _ = sock.accept()
                except (socket.timeout, OSError):
                    continue
                with conn:
                    try:
                        conn.recv(65536)
                        respond(conn)
                    except OSError:
                        pass

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        servers.append((sock, stop, thread))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    yield start
    for sock, stop, thread in servers:
        stop.set()
        thread.join(timeout=2)
        sock.close()


def trickle(conn, seconds: float = 5.0) -> None:
    """Send headers, then one byte every 0.2 s for up to `seconds`."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        conn.sendall(b"x")
        time.sleep(0.2)


@pytest.fixture
def make_page():
    return article_html


@pytest.fixture
def trickler():
    return trickle
