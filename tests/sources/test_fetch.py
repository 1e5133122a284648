"""The fetcher against real local servers on 127.0.0.1: politeness, robots.txt, redirects,
errors and retries, caps, timeouts, conditional GET."""

from __future__ import annotations

import asyncio
import gzip
import time

import pytest
from werkzeug import Response

from local_servers import raw_server, trickler  # noqa: F401 (fixtures)
from synopsis.sources.fetch import Fetcher, FetchSettings, _retry_after, host_key, is_public_address

FAST = dict(delay=0.0, backoff=0.01, retries=2, read_timeout=2.0, total_timeout=4.0, connect_timeout=2.0)


def fetch(url, settings=None, **kw):
    async def run():
        async with Fetcher(settings or FetchSettings(**FAST)) as f:
            return await f.fetch(url, **kw)
    return asyncio.run(run())


def test_page_is_fetched_with_validators(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/a").respond_with_data("<html><p>hi</p></html>", content_type="text/html",
                                                      headers={"ETag": '"v1"', "Last-Modified": "Tue, 10 Mar 2026 10:00:00 GMT"})
    result = fetch(httpserver.url_for("/a"))
    assert result.ok and result.body == b"<html><p>hi</p></html>"
    assert result.etag == '"v1"' and result.last_modified.startswith("Tue")
    assert result.content_type.startswith("text/html")


def test_user_agent_is_honest_and_names_the_contact(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/ua").respond_with_data("ok")
    fetch(httpserver.url_for("/ua"), FetchSettings(contact="desk@example.org", **FAST))
    agents = [r.headers.get("User-Agent") for r, _ in httpserver.log if r.path == "/ua"]
    assert agents and agents[0].startswith("synopsis/") and "desk@example.org" in agents[0]


def test_conditional_get_gives_not_modified(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/a", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    result = fetch(httpserver.url_for("/a"), etag='"v1"')
    assert result.not_modified and result.error is None and not result.ok


@pytest.mark.parametrize("status,words", [(404, "not found"), (410, "gone"), (403, "forbidden")])
def test_client_errors_are_not_retried(httpserver, status, words):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/x").respond_with_data("no", status=status)
    result = fetch(httpserver.url_for("/x"))
    assert result.status == status and words in result.error and result.attempts == 1


def test_429_is_retried_after_retry_after(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_oneshot_request("/busy").respond_with_data("slow down", status=429, headers={"Retry-After": "1"})
    httpserver.expect_request("/busy").respond_with_data("<p>fine</p>", content_type="text/html")
    start = time.monotonic()
    result = fetch(httpserver.url_for("/busy"))
    assert result.ok and result.attempts == 2
    assert time.monotonic() - start >= 0.95  # waited for Retry-After, not the 0.01 s backoff


def test_500_is_retried_then_reported(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/down").respond_with_data("oops", status=500)
    result = fetch(httpserver.url_for("/down"))
    assert result.status == 500 and "server error" in result.error and result.attempts == 3


def test_redirects_are_followed_and_loops_stopped(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("<p>here</p>", content_type="text/html")
    httpserver.expect_request("/loop1").respond_with_data("", status=302, headers={"Location": "/loop2"})
    httpserver.expect_request("/loop2").respond_with_data("", status=302, headers={"Location": "/loop1"})
    moved = fetch(httpserver.url_for("/old"))
    assert moved.ok and moved.final_url == httpserver.url_for("/new") and moved.url == httpserver.url_for("/old")
    loop = fetch(httpserver.url_for("/loop1"))
    assert "redirect loop" in loop.error


def test_redirect_chain_over_the_limit(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    for i in range(8):
        httpserver.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    result = fetch(httpserver.url_for("/r0"), FetchSettings(max_redirects=3, **FAST))
    assert "more than 3 redirects" in result.error


def test_redirect_to_another_scheme_is_refused(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/ftp").respond_with_data("", status=302, headers={"Location": "ftp://127.0.0.1/x"})
    result = fetch(httpserver.url_for("/ftp"))
    assert "not an http(s) URL" in result.error


def test_robots_disallow_is_respected_and_checked_once(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private\nAllow: /private/ok\n")
    httpserver.expect_request("/private/secret").respond_with_data("secret")
    httpserver.expect_request("/private/ok").respond_with_data("fine")

    async def run():
        async with Fetcher(FetchSettings(**FAST)) as f:
            return await f.fetch(httpserver.url_for("/private/secret")), await f.fetch(httpserver.url_for("/private/ok"))
    blocked, allowed = asyncio.run(run())
    assert "robots.txt" in blocked.error and blocked.status == 0
    assert allowed.ok  # Allow beats Disallow (the longer match)
    paths = [r.path for r, _ in httpserver.log]
    assert paths.count("/robots.txt") == 1 and "/private/secret" not in paths


def test_unreachable_robots_means_disallow(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=503)
    httpserver.expect_request("/a").respond_with_data("a")
    result = fetch(httpserver.url_for("/a"), FetchSettings(**{**FAST, "retries": 0}))
    assert "RFC 9309" in result.error


def test_crawl_delay_spaces_requests(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 0.3\n")
    for i in range(4):
        httpserver.expect_request(f"/p{i}").respond_with_data("p")

    async def run():
        async with Fetcher(FetchSettings(**{**FAST, "per_host": 4})) as f:
            await asyncio.gather(*(f.fetch(httpserver.url_for(f"/p{i}")) for i in range(4)))
            return f.request_starts()
    (starts,) = asyncio.run(run()).values()
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(starts) == 5 and all(g >= 0.29 for g in gaps[1:])  # after robots.txt, 0.3 s apart


def test_gzip_bomb_is_capped_on_decoded_bytes(httpserver):
    bomb = gzip.compress(b"\0" * 20_000_000)
    assert len(bomb) < 100_000
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/bomb").respond_with_response(
        Response(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    result = fetch(httpserver.url_for("/bomb"), FetchSettings(max_bytes=1_000_000, **FAST))
    assert "cap once decompressed" in result.error and result.body == b""


def test_declared_length_over_the_cap_is_not_read(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/big").respond_with_data(b"x" * 300_000, content_type="text/html")
    result = fetch(httpserver.url_for("/big"), FetchSettings(max_bytes=100_000, **FAST))
    assert "over the 0.1 MB cap" in result.error


def test_slow_response_times_out(httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("late")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    result = fetch(httpserver.url_for("/slow"), FetchSettings(**{**FAST, "read_timeout": 0.5, "retries": 0}))
    assert result.error == "timed out"


def test_trickling_response_hits_the_total_timeout(raw_server, trickler):
    base = raw_server(lambda conn: trickler(conn, 3.0))
    settings = FetchSettings(**{**FAST, "robots": False, "retries": 0, "read_timeout": 1.0, "total_timeout": 1.0})
    start = time.monotonic()
    result = fetch(base + "/t", settings)
    assert result.error == "timed out" and time.monotonic() - start < 2.5


def test_truncated_response_is_reported(raw_server):
    def cut(conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><p>only part")
    base = raw_server(cut)
    result = fetch(base + "/cut", FetchSettings(**{**FAST, "robots": False, "retries": 1}))
    assert "cut short" in result.error and result.attempts == 2


def test_connection_refused_is_one_line():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    result = fetch(f"http://127.0.0.1:{port}/x", FetchSettings(**{**FAST, "robots": False, "retries": 0}))
    assert result.error.startswith("cannot connect") and "\n" not in result.error


@pytest.mark.parametrize("value,expected", [("3", 3.0), ("", None), ("soon", None), (None, None)])
def test_retry_after_values(value, expected):
    assert _retry_after(value) == expected


def test_retry_after_http_date_in_the_past_is_zero():
    assert _retry_after("Tue, 10 Mar 2020 10:00:00 GMT") == 0.0


@pytest.mark.parametrize("address,public", [
    ("93.184.216.34", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("fe80::1%eth0", False), ("fd00::1", False), ("::ffff:127.0.0.1", False), ("not an ip", False),
])
def test_public_addresses(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_refuse_private_connects_to_no_private_address(httpserver, host):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/a").respond_with_data("<p>secret</p>", content_type="text/html")
    url = httpserver.url_for("/a").replace("localhost", host).replace("127.0.0.1", host)
    started = time.monotonic()
    result = fetch(url, FetchSettings(**{**FAST, "refuse_private": True}))
    assert result.error and "private, loopback or link-local" in result.error and not result.body
    assert time.monotonic() - started < 2  # refused at once, not retried
    assert httpserver.log == []  # not even robots.txt was asked for
    assert fetch(url).ok  # without the guard the same page is fetched


def test_redirect_to_a_location_that_is_not_a_url_is_an_error(raw_server):
    """A Location with an unclosed "[" in its host, which urllib cannot split (werkzeug will not
    send one, so a raw server does): an error naming it, not a traceback."""
    def odd_redirect(conn):
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://[127.0.0.1/x\r\nContent-Length: 0\r\n\r\n")
    base = raw_server(odd_redirect)
    result = fetch(base + "/odd", FetchSettings(**{**FAST, "robots": False, "retries": 0}))
    assert not result.ok and "Location that is not a URL ('http://[127.0.0.1/x')" in result.error


@pytest.mark.parametrize("url, key", [
    ("HTTP://News.Example:8080/a?b=1", "http://news.example:8080"),
    ("https://news.example/a", "https://news.example"),
    ("http://news.example:99999/a", "http://news.example:99999"),  # .port would raise: out of range
    ("http://[news.example/a", ""),  # urllib cannot split it
])
def test_host_key_of_odd_urls(url, key):
    assert host_key(url) == key
