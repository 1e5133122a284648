"""The reading room's defences. Article text is hostile input, and a local web app is reachable
from every page the user's browser opens; each measure here is an assertion in tests/web.

- :class:`HostAllowList`: requests whose ``Host`` is not one of the app's own names get 400, so
  a page on ``evil.example`` whose name re-resolves to 127.0.0.1 (DNS rebinding) reads nothing.
  Written here rather than Starlette's ``TrustedHostMiddleware``, which splits ``Host`` at the
  first colon and so cannot allow ``[::1]:8765``.
- :class:`SecurityHeaders`: a strict Content-Security-Policy (:data:`CSP`: scripts and styles
  only from our own ``/static/``, no inline script or style, no framing, no plugins, forms only
  to ourselves), ``nosniff``, ``Referrer-Policy: same-origin`` (article URLs never leak to the sites they
  link to; not ``no-referrer``, under which browsers send ``Origin: null`` with a form posted
  without JavaScript), COOP/CORP same-origin.
- :class:`SameOriginWrites`: a state-changing request (POST and friends) needs an ``Origin``
  equal to the app's own and the ``HX-Request: true`` header. Browsers send ``Origin`` on every
  cross-site POST, and a custom header forces a CORS preflight that this app never answers, so
  a form or ``fetch()`` on another site cannot add articles (the design datasette moved to:
  Origin and ``Sec-Fetch-Site`` checks instead of tokens). Bodies are capped. The add form
  also works without JavaScript, so it cannot send the header: a plain form post to
  :data:`FORM_PATHS` passes the same Origin and ``Sec-Fetch-Site`` checks and must carry the
  app's form token instead (:func:`form_token_ok`, checked by the handler: a secret of this
  process that only the app's own pages hold, which another site can neither read nor guess).
- :func:`safe_href`: only ``http(s)`` URLs become links (``javascript:``, ``data:`` and the
  like are shown as text).
- :func:`fetch_target_problem`: a URL a user pastes is refused when its host is, or resolves
  to, a private, loopback or link-local address (SSRF), unless ``--allow-private``; the fetcher's
  ``refuse_private`` guard then checks every connection (redirects, feed links) at the socket.
"""

from __future__ import annotations

import hmac
import json
import secrets
import socket
from urllib.parse import urlsplit

#: The Content-Security-Policy of every response.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)

#: Methods that never change anything; every other method goes through the same-origin check.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Paths that take a plain form post (no JavaScript, so no custom header) with the form token.
FORM_PATHS = frozenset({"/add"})
#: Largest request body accepted (a form of pasted URLs).
MAX_BODY = 64 * 1024

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header, lower-cased: ``[::1]:8765`` -> ``[::1]``, ``a:80`` -> ``a``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        rest = host[end + 1:] if end > 0 else ""
        if end > 0 and (not rest or (rest[0] == ":" and rest[1:].isdigit())):
            return host[:end + 1]
        return host  # "[::1].evil": not a bracketed address with a port
    name, _, port = host.partition(":")
    return name if not port or port.isdigit() else host


def allowed_hosts(bind_host: str) -> frozenset[str]:
    """The names the app answers to: the loopback names, plus the address it is bound to."""
    names = set(LOOPBACK_NAMES)
    if bind_host and bind_host not in ("0.0.0.0", "::"):
        names.add(f"[{bind_host}]" if ":" in bind_host and not bind_host.startswith("[") else bind_host.lower())
    return frozenset(names)


async def _plain(send, status: int, message: str) -> None:
    body = message.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class HostAllowList:
    """ASGI middleware: 400 unless the ``Host`` header names one of `hosts`."""

    def __init__(self, app, hosts: frozenset[str]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            if host_name(_header(scope, b"host") or "") not in self.hosts:
                if scope["type"] == "http":
                    await _plain(send, 400, "Invalid host header: this server answers only to "
                                            + ", ".join(sorted(self.hosts)))
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response (pure ASGI, no per-request task)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                message = dict(message)
                message["headers"] = [*message.get("headers", ()),
                                      *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def same_origin_problem(scope) -> str | None:
    """Why a state-changing request is refused (None: it is allowed)."""
    host = _header(scope, b"host") or ""
    own = f"{scope.get('scheme', 'http')}://{host.lower()}"
    origin = _header(scope, b"origin")
    if not origin or origin.lower() != own:
        return f"cross-origin request refused: Origin {origin or '(none)'} is not {own}"
    site = _header(scope, b"sec-fetch-site")
    if site is not None and site != "same-origin":
        return f"cross-site request refused (Sec-Fetch-Site: {site})"
    if (_header(scope, b"hx-request") or "").lower() != "true" and scope.get("path") not in FORM_PATHS:
        return "request refused: the HX-Request header is missing (changes are made from the app's own pages)"
    length = _header(scope, b"content-length")
    if length and (not length.isdigit() or int(length) > MAX_BODY):
        return f"request body over {MAX_BODY // 1024} KB"
    return None


class SameOriginWrites:
    """ASGI middleware: 403 for a state-changing request that is not from the app's own pages."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            problem = same_origin_problem(scope)
            if problem:
                if scope["path"].startswith("/api/"):
                    body = json.dumps({"error": problem}).encode()
                    await send({"type": "http.response.start", "status": 403,
                                "headers": [(b"content-type", b"application/json"),
                                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
                    await send({"type": "http.response.body", "body": body})
                else:
                    await _plain(send, 403, problem)
                return
        await self.app(scope, receive, send)


def new_form_token() -> str:
    return secrets.token_urlsafe(32)


def form_token_ok(expected: str, given: str | None) -> bool:
    """Whether a posted form carries this app's form token (compared in constant time)."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def safe_href(url: object) -> str | None:
    """`url` when it is an absolute http(s) URL with a host and no whitespace or control
    characters, else None (so ``javascript:``, ``data:``, relative and odd URLs are never links)."""
    if not isinstance(url, str) or len(url) > 2048:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def fetch_target_problem(url: str, *, allow_private: bool = False, resolve=socket.getaddrinfo) -> str | None:
    """Why a pasted URL is not fetched (None: it may be). Only http(s); unless `allow_private`,
    a host that is, or resolves to, a non-global address is refused. The fetcher checks each
    connection again (``FetchSettings.refuse_private``), which also covers redirects."""
    from ..sources.fetch import is_public_address

    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return f"{url}: not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not host:
        return f"{url}: only http(s) URLs are fetched"
    if allow_private:
        return None
    hint = "start synopsis serve with --allow-private to fetch from your own network"
    try:
        infos = resolve(host, port or (443 if parts.scheme.lower() == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as err:
        return f"{url}: the host {host} cannot be resolved ({getattr(err, 'strerror', None) or err})"
    private = sorted({str(info[4][0]) for info in infos if not is_public_address(str(info[4][0]))})
    if private:
        return f"{url}: {host} is a private, loopback or link-local address ({', '.join(private)}); {hint}"
    return None
