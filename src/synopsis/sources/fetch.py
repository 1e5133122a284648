"""Polite, robust HTTP fetching (aiohttp).

Our own client, not trafilatura's fetcher: that one refuses loopback hosts (so it cannot be
tested offline), retries TLS without certificate verification by default, and ignores
``Retry-After`` over 30 s silently. What this one does, each tested against a local server:

- **politeness per host**: at most ``per_host`` requests at once and at least ``delay``
  seconds between two request starts to one host, raised to the host's robots.txt
  ``Crawl-delay`` (capped at ``max_delay``); robots.txt (RFC 9309, via Protego: longest match,
  Allow beats Disallow, ``*`` and ``$``) is read once per host and checked on every hop of a
  redirect; an unreachable robots.txt (5xx, network error) means "disallow all", a missing
  one (4xx) "allow all", as the RFC says;
- **an honest User-Agent** naming synopsis and, with ``contact``, how to reach the operator;
- **timeouts** on connect, on each read and in total (a trickling server cannot hold a task);
- **retries** on 429 and 5xx and on connection errors, with exponential backoff, honouring
  ``Retry-After`` (seconds or an HTTP date) up to ``max_delay``;
- **redirects** followed by hand (``max_redirects``, loops detected), http(s) only;
- **a cap on the decoded body** (``max_bytes``), counted while streaming the decompressed
  content, so a gzip bomb or a chunked body without Content-Length stops at the cap;
- **conditional GET**: ``If-None-Match`` / ``If-Modified-Since`` from the stored validators;
  a 304 is "not modified";
- **with** ``refuse_private`` **(SSRF guard)**: no connection to a private, loopback,
  link-local or otherwise non-global address. The check runs on the address each socket is
  about to connect to (aiohttp's ``socket_factory``), after DNS, so a redirect, a feed's link,
  robots.txt or a name that resolves to 127.0.0.1 (DNS rebinding) are refused alike. The web
  app (``synopsis serve``) turns it on for URLs users paste, unless ``--allow-private``.

Charset and extraction are not done here: :func:`synopsis.ingest.html_document` does them,
from the bytes and the ``Content-Type`` header.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

#: Statuses worth trying again: rate limiting and server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REASONS = {400: "bad request", 401: "login required", 403: "forbidden (the site refuses the request)",
            404: "not found", 410: "gone (the page was removed)", 429: "too many requests",
            451: "unavailable for legal reasons", 500: "server error", 502: "bad gateway",
            503: "service unavailable", 504: "gateway timeout"}


def default_user_agent(contact: str | None = None) -> str:
    from .. import __version__

    who = f"; contact: {contact}" if contact else ""
    return f"synopsis/{__version__} (news brief tool; fetches articles it is given, feeds and news sitemaps{who})"


@dataclass(slots=True)
class FetchSettings:
    """How to fetch. Delays and timeouts in seconds, sizes in bytes (decoded)."""

    contact: str | None = None
    user_agent: str | None = None  # default: default_user_agent(contact)
    per_host: int = 2
    delay: float = 1.0
    max_delay: float = 30.0
    concurrency: int = 16
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    robots: bool = True
    refuse_private: bool = False  # refuse non-global addresses (SSRF guard; see the module docstring)

    def __post_init__(self) -> None:
        if self.per_host < 1 or self.concurrency < 1:
            raise ValueError("per_host and concurrency must be at least 1")
        if self.delay < 0 or self.max_delay < 0 or self.retries < 0 or self.max_redirects < 0:
            raise ValueError("delay, max_delay, retries and max_redirects must not be negative")

    @property
    def agent(self) -> str:
        return self.user_agent or default_user_agent(self.contact)


class PrivateAddressRefused(OSError):
    """A connection to a non-global address, refused because ``refuse_private`` is set."""


def is_public_address(address: str) -> bool:
    """True for a global unicast address; False for private, loopback, link-local, shared
    (100.64/10), reserved, multicast and unspecified ones, an IPv4-mapped IPv6 address judged
    as its IPv4 address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def public_socket(addr_info) -> socket.socket:
    """aiohttp ``socket_factory`` that refuses to open a socket towards a non-global address."""
    family, type_, proto, _name, address = addr_info
    if not is_public_address(str(address[0])):
        raise PrivateAddressRefused(f"{address[0]} is a private, loopback or link-local address, "
                                    "which this fetch refuses")
    return socket.socket(family=family, type=type_, proto=proto)


@dataclass(slots=True)
class FetchResult:
    """The outcome of one fetch. `error` is a one-line reason when there is no usable body."""

    url: str
    final_url: str
    status: int = 0  # 0: no HTTP response (refused by robots.txt, network error, ...)
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    attempts: int = 0
    refused: bool = False  # the address was refused by ``refuse_private``

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300


@dataclass
class _Host:
    """Politeness state of one host (scheme + netloc)."""

    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    delay: float = 0.0
    robots: object | None = None  # Protego parser, or "deny" / "allow"
    robots_loaded: bool = False
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    refused: str | None = None  # why robots.txt could not be asked for: a refused private address
    starts: list[float] = field(default_factory=list)  # request start times (for the rate checks)



def host_key(url: str) -> str:
    """``scheme://host:port`` of `url`, lower-cased, as written: the key that requests to one
    host share. '' when urllib cannot split it (an unclosed "[" in the host: "Invalid IPv6
    URL"); the netloc's text, not ``.port``, which raises on a port out of range."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """``async with Fetcher(settings) as f: result = await f.fetch(url)``."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._hosts: dict[str, _Host] = {}
        self._global: asyncio.Semaphore | None = None
        self._session = None

    async def __aenter__(self) -> Fetcher:
        import aiohttp

        s = self.settings
        self._global = asyncio.Semaphore(s.concurrency)
        connector = aiohttp.TCPConnector(limit=s.concurrency, limit_per_host=s.per_host + 1,
                                         socket_factory=public_socket if s.refuse_private else None)
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": s.agent, "Accept-Encoding": "gzip, deflate"},
            timeout=aiohttp.ClientTimeout(total=s.total_timeout, sock_connect=s.connect_timeout,
                                          sock_read=s.read_timeout),
            auto_decompress=True,
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        return self

    async def __aexit__(self, *exc) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def request_starts(self) -> dict[str, list[float]]:
        """Host -> monotonic start times of every request sent to it (robots.txt included)."""
        return {h: list(state.starts) for h, state in self._hosts.items()}

    def _host(self, url: str) -> tuple[str, _Host]:
        key = host_key(url)
        state = self._hosts.get(key)
        if state is None:
            state = self._hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host), delay=self.settings.delay)
        return key, state

    async def _wait_turn(self, host: _Host) -> None:
        async with host.lock:
            now = time.monotonic()
            wait = host.next_start - now
            if wait > 0:
                await asyncio.sleep(wait)
                now = time.monotonic()
            host.next_start = now + host.delay
            host.starts.append(now)

    async def _robots(self, key: str, host: _Host):
        """The host's robots.txt rules, read once (redirects followed, up to five, as RFC 9309 asks)."""
        async with host.robots_lock:
            if host.robots_loaded:
                return host.robots
            from protego import Protego

            target, via = key + "/robots.txt", host
            for _hop in range(5):
                result = await self._get(target, via, validators=None, max_bytes=500_000)
                if result.status not in (301, 302, 303, 307, 308) or result.error:
                    break
                target = result.final_url
                via = self._host(target)[1]
            if 200 <= result.status < 300:
                rules = Protego.parse(result.body.decode("utf-8", "replace"))
                delay = rules.crawl_delay(self.settings.agent)
                if delay is not None:
                    host.delay = min(max(float(delay), self.settings.delay), self.settings.max_delay)
                    if host.starts:  # the next request waits the Crawl-delay after robots.txt too
                        host.next_start = max(host.next_start, host.starts[-1] + host.delay)
                host.robots = rules
            elif 400 <= result.status < 500:
                host.robots = "allow"
            else:
                host.robots = "deny"
                host.refused = result.error if result.refused else None
            host.robots_loaded = True
            return host.robots

    async def allowed(self, url: str) -> tuple[bool, str | None]:
        """Whether robots.txt lets us fetch `url` (and why not)."""
        if not self.settings.robots:
            return True, None
        key, host = self._host(url)
        robots = await self._robots(key, host)
        if robots == "allow":
            return True, None
        if robots == "deny" and host.refused:
            return False, host.refused
        if robots == "deny":
            return False, "robots.txt could not be read (server or network error), which means disallow (RFC 9309)"
        if robots.can_fetch(url, self.settings.agent):
            return True, None
        return False, "disallowed by the site's robots.txt"

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    max_bytes: int | None = None) -> FetchResult:
        """GET `url` politely; never raises for network or HTTP trouble (see `FetchResult.error`)."""
        assert self._session is not None, "use `async with Fetcher(...)`"
        validators = (etag, last_modified) if (etag or last_modified) else None
        seen = {url}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            if not host_key(current).startswith(("http://", "https://")):
                return FetchResult(url, current, error=f"not an http(s) URL ({current}): only web pages are fetched")
            ok, why = await self.allowed(current)
            if not ok:
                return FetchResult(url, current, error=why)
            _key, host = self._host(current)
            result = await self._get(current, host, validators, max_bytes)
            result.url = url
            if result.status in (301, 302, 303, 307, 308) and result.error is None:
                target = result.final_url
                if target in seen:
                    return FetchResult(url, target, result.status, error=f"redirect loop at {target}")
                seen.add(target)
                current = target
                continue
            return result
        return FetchResult(url, current, error=f"more than {self.settings.max_redirects} redirects")

    async def _get(self, url: str, host: _Host, validators, max_bytes: int | None) -> FetchResult:
        import aiohttp

        s = self.settings
        cap = max_bytes or s.max_bytes
        headers = {}
        if validators:
            if validators[0]:
                headers["If-None-Match"] = validators[0]
            if validators[1]:
                headers["If-Modified-Since"] = validators[1]
        result = FetchResult(url, url)
        for attempt in range(s.retries + 1):
            result = FetchResult(url, url, attempts=attempt + 1)
            wait = None
            async with host.slots, self._global:
                await self._wait_turn(host)
                try:
                    async with self._session.get(url, headers=headers, allow_redirects=False) as resp:
                        result.status = resp.status
                        result.content_type = resp.headers.get("Content-Type")
                        result.etag = resp.headers.get("ETag")
                        result.last_modified = resp.headers.get("Last-Modified")
                        if resp.status in (301, 302, 303, 307, 308):
                            location = resp.headers.get("Location")
                            if not location:
                                result.error = f"HTTP {resp.status} redirect without a Location"
                            else:
                                try:
                                    result.final_url = urljoin(url, location)
                                except ValueError:  # e.g. an unclosed "[" in its host
                                    result.error = f"HTTP {resp.status} redirect to a Location that is not a URL ({location!r})"
                            return result
                        if resp.status == 304:
                            return result
                        if resp.status in RETRY_STATUSES:
                            wait = _retry_after(resp.headers.get("Retry-After"))
                            result.error = f"HTTP {resp.status} ({_REASONS.get(resp.status, 'error')})"
                        elif resp.status >= 400:
                            result.error = f"HTTP {resp.status} ({_REASONS.get(resp.status, 'error')})"
                            return result
                        else:
                            length = resp.headers.get("Content-Length")
                            if length and length.isdigit() and int(length) > cap and "Content-Encoding" not in resp.headers:
                                result.error = f"the page is {int(length) / 1e6:.1f} MB, over the {cap / 1e6:.1f} MB cap"
                                return result
                            body = bytearray()
                            async for chunk in resp.content.iter_chunked(65536):
                                body += chunk
                                if len(body) > cap:
                                    result.error = (f"the page is over the {cap / 1e6:.1f} MB cap once decompressed: "
                                                    "not read further")
                                    return result
                            result.body = bytes(body)
                            return result
                except asyncio.TimeoutError:
                    result.error = "timed out"
                except aiohttp.ClientPayloadError as err:
                    result.error = f"the response was cut short ({_one_line(err)})"
                except aiohttp.ClientResponseError as err:
                    result.error = f"bad HTTP response ({_one_line(err)})"
                except (aiohttp.ClientError, OSError) as err:
                    result.error = f"cannot connect ({_one_line(err)})"
                    refused = getattr(err, "os_error", err)
                    if isinstance(refused, PrivateAddressRefused):
                        result.error, result.refused = f"refused: {refused}", True
                        return result  # not worth a retry
            if attempt < s.retries:
                delay = wait if wait is not None else s.backoff * (2 ** attempt)
                await asyncio.sleep(min(delay, s.max_delay))
        return result

    async def fetch_all(self, urls: Iterable[str]) -> list[FetchResult]:
        return list(await asyncio.gather(*(self.fetch(u) for u in urls)))


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:200]
