"""The app's defences, each one an assertion: host allow-list (DNS rebinding), security headers
and CSP, no inline script or style, escaping of hostile stored text, http(s)-only links,
same-origin + custom header for changes (CSRF), SSRF refusal, static files kept in their
folder, read-only reading, capped search input, the vendored htmx's hashes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest

from synopsis.web.security import CSP, allowed_hosts, fetch_target_problem, host_name, safe_href

from web_fixtures import XSS_OUTLET, make_client

WEB = Path(__file__).resolve().parents[2] / "src" / "synopsis" / "web"
ORIGIN = "http://127.0.0.1:8765"
WRITE_HEADERS = {"Origin": ORIGIN, "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded"}
FORM_HEADERS = {"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"}  # a form posted without JS


def form(client, urls: str) -> bytes:
    """The add form's body as the app's page sends it: its form token and the URLs."""
    from urllib.parse import urlencode

    return urlencode({"token": client.app.state.form_token, "urls": urls}).encode()


def pages(ids) -> list[str]:
    articles = ids["articles"]
    return ["/", "/?q=dam", "/?q=onerror", f"/stories/{ids['example']}", f"/stories/{ids['hostile']}", "/add",
            *(f"/articles/{a}" for a in articles.values()), "/nope"]


# --- DNS rebinding: the Host allow-list ------------------------------------------------------

@pytest.mark.parametrize("host,ok", [
    ("127.0.0.1:8765", True), ("localhost:8765", True), ("[::1]:8765", True), ("LOCALHOST", True),
    ("evil.example", False), ("evil.example:8765", False), ("127.0.0.1.evil.example", False), ("", False),
    ("[::1].evil", False), ("localhost:x.evil", False),
])
def test_host_allow_list(client, host, ok):
    response = client.get("/api/stories", headers={"Host": host})
    assert (response.status_code == 200) is ok
    if not ok:
        assert response.status_code == 400 and "Invalid host header" in response.text


@pytest.mark.parametrize("header,name", [("[::1]:8765", "[::1]"), ("a.b:80", "a.b"), ("Local", "local"), ("", ""),
                                         ("[::1].evil", "[::1].evil"), ("localhost:evil", "localhost:evil")])
def test_host_name(header, name):
    assert host_name(header) == name


def test_bound_address_joins_the_allow_list():
    assert allowed_hosts("192.0.2.7") == {"127.0.0.1", "localhost", "[::1]", "192.0.2.7"}
    assert allowed_hosts("0.0.0.0") == {"127.0.0.1", "localhost", "[::1]"}
    assert "[fd00::1]" in allowed_hosts("fd00::1")


# --- headers and the content security policy -------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/api/stories", "/static/app.css", "/nope", "/api/nope", "/api/openapi.json"])
def test_security_headers_everywhere(client, url):
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY" and headers["cross-origin-opener-policy"] == "same-origin"


def test_csp_allows_no_inline_code():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CSP


class InlineFinder(HTMLParser):
    """Inline scripts, style elements and attributes, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{name}={value!r} on <{tag}>")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_no_inline_code_and_no_script_links_in_any_page(client, ids):
    for url in pages(ids):
        finder = InlineFinder()
        finder.feed(client.get(url).text)
        assert not finder.found, (url, finder.found)
        for href in finder.links:
            assert href.startswith(("/", "#", "http://", "https://")), (url, href)


def test_templates_hold_no_inline_code_or_safe_marks():
    for path in (WEB / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert not re.search(r"\sstyle=|\son[a-z]+=|<style", text), path.name
        assert "|safe" not in text, path.name  # search snippets go through the `marked` filter only


# --- hostile stored text -----------------------------------------------------------------------

def test_hostile_text_is_escaped_on_every_page(client, ids):
    for url in [f"/stories/{ids['hostile']}", "/?q=ferry", "/?q=onerror",
                *(f"/articles/{a}" for o, a in ids["articles"].items() if o in (XSS_OUTLET, "Lindell Evening Post"))]:
        text = client.get(url).text
        for raw in ("<script>window", "<img src=x", "<svg onload", '<b onmouseover', "<a href=\"javascript"):
            assert raw not in text, (url, raw)
    story = client.get(f"/stories/{ids['hostile']}").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in story  # shown as text
    assert "Harbour &lt;b onmouseover=" in story


def test_only_http_links_become_links(client, ids):
    finder = InlineFinder()
    finder.feed(client.get(f"/stories/{ids['hostile']}").text)
    assert not any(h.startswith(("javascript", "data")) for h in finder.links)
    article = client.get(f"/articles/{ids['articles'][XSS_OUTLET]}").text
    assert "Source (not a web link)" in article and "javascript:window.__xss=5" in article  # as text


@pytest.mark.parametrize("url,ok", [
    ("https://news.example/a?b=1#c", True), ("http://news.example", True), ("HTTPS://NEWS.EXAMPLE/", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>", False), ("vbscript:x", False), ("//news.example/a", False), ("/relative", False),
    ("https://", False), ("https://news.example/a b", False), ("https://news.example/\x00", False),
    ("java\tscript:alert(1)", False), ("ftp://news.example/", False), (None, False), (42, False),
    ("https://" + "a" * 3000 + ".example", False),
])
def test_safe_href(url, ok):
    assert (safe_href(url) is not None) is ok


def test_snippet_filter_escapes_anything_but_marks():
    from synopsis.web.app import marked

    assert str(marked("a <mark>dam</mark> b")) == "a <mark>dam</mark> b"
    assert str(marked('<mark>x</mark><img src=x onerror="1">')) == \
        "&lt;mark&gt;x&lt;/mark&gt;&lt;img src=x onerror=&#34;1&#34;&gt;"


# --- CSRF: same origin and a custom header -----------------------------------------------------

@pytest.mark.parametrize("headers,why", [
    ({}, "Origin (none)"),
    ({"Origin": "http://evil.example"}, "Origin http://evil.example"),
    ({"Origin": "null"}, "Origin null"),
    ({"Origin": "http://127.0.0.1:9999"}, "Origin http://127.0.0.1:9999"),
    ({"Origin": ORIGIN}, "HX-Request header is missing"),
    ({"Origin": ORIGIN, "HX-Request": "true", "Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site: cross-site"),
    ({"Origin": ORIGIN, "HX-Request": "true", "Content-Length": str(10 ** 6)}, "request body over"),
])
def test_writes_need_same_origin_and_the_custom_header(client, headers, why):
    response = client.post("/add", content=b"urls=https%3A%2F%2Fnews.example%2Fa", headers=headers)
    # The add form also takes a plain post (no JavaScript, no custom header) with its token instead.
    assert response.status_code == 403 and (why if "HX-Request" not in why else "form token") in response.text
    with_token = client.post("/add", content=form(client, "https://news.example/a"), headers=headers)
    if "HX-Request" not in why:  # Origin and Sec-Fetch-Site are checked for form posts too
        assert with_token.status_code == 403 and why in with_token.text
    api = client.post("/api/stories", headers=headers)
    assert api.status_code == 403 and why in api.json()["error"]


def test_a_same_origin_write_gets_through(client):
    response = client.post("/add", content=form(client, ""), headers=WRITE_HEADERS)
    assert response.status_code == 400 and "paste at least one URL" in response.text


@pytest.mark.parametrize("token", [None, "", "guessed", "x" * 43])
def test_the_add_form_needs_its_token_with_or_without_javascript(client, token):
    from urllib.parse import urlencode

    body = urlencode({"urls": "https://news.example/a", **({"token": token} if token is not None else {})}).encode()
    before = set(client.app.state.jobs._jobs)
    for headers in (WRITE_HEADERS, FORM_HEADERS):
        response = client.post("/add", content=body, headers=headers)
        assert response.status_code == 403 and "form token" in response.text
    assert set(client.app.state.jobs._jobs) == before  # no job started


def test_the_add_form_works_without_javascript(client):
    """A plain form post: a redirect to the job's page, which reloads itself (meta refresh, no
    script) while the job runs and stops reloading when it is done."""
    page = client.get("/add").text
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    assert token == client.app.state.form_token and "needs JavaScript" not in page
    response = client.post("/add", content=form(client, "http://127.0.0.1:9/x"), headers=FORM_HEADERS,
                           follow_redirects=False)
    assert response.status_code == 303 and re.fullmatch(r"/add/jobs/[\w-]+", response.headers["location"])
    done = client.get(response.headers["location"]).text
    assert "private, loopback or link-local" in done and 'http-equiv="refresh"' not in done
    from synopsis.web.jobs import Job

    jobs = client.app.state.jobs
    jobs._jobs["running"] = Job("running", ["https://news.example/a"], True, state="running")
    try:
        running = client.get("/add/jobs/running").text
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in running and "Working" in running
        busy = client.post("/add", content=form(client, "https://news.example/b"), headers=FORM_HEADERS)
        assert busy.status_code == 409 and "another add is running" in busy.text
    finally:
        del jobs._jobs["running"]
    empty = client.post("/add", content=form(client, ""), headers=FORM_HEADERS)
    assert empty.status_code == 400 and "paste at least one URL" in empty.text and "<form" in empty.text


# --- SSRF ---------------------------------------------------------------------------------

def _resolver(*addresses):
    def resolve(host, port, type=0):
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]
    return resolve


@pytest.mark.parametrize("url,addresses,refused", [
    ("http://127.0.0.1/x", ["127.0.0.1"], "private, loopback or link-local"),
    ("http://localhost:8765/api", ["127.0.0.1", "::1"], "private, loopback or link-local"),
    ("http://169.254.169.254/latest/meta-data", ["169.254.169.254"], "private"),
    ("http://10.0.0.5/", ["10.0.0.5"], "private"),
    ("http://[::1]/", ["::1"], "private"),
    ("http://rebind.example/", ["93.184.216.34", "192.168.1.1"], "192.168.1.1"),
    ("file:///etc/passwd", [], "only http(s) URLs"),
    ("/etc/passwd", [], "only http(s) URLs"),
    ("javascript:alert(1)", [], "only http(s) URLs"),
    ("ftp://news.example/", [], "only http(s) URLs"),
    ("http://news.example/a", ["93.184.216.34"], None),
])
def test_pasted_urls_to_private_addresses_are_refused(url, addresses, refused):
    problem = fetch_target_problem(url, resolve=_resolver(*addresses))
    if refused is None:
        assert problem is None
    else:
        assert refused in problem and (url in problem)
        if addresses:
            assert "--allow-private" in problem


def test_allow_private_lets_private_addresses_through():
    assert fetch_target_problem("http://127.0.0.1:5000/a", allow_private=True) is None
    assert "only http(s)" in fetch_target_problem("file:///etc/passwd", allow_private=True)


def test_add_refuses_a_loopback_url_and_fetches_nothing(client, httpserver):
    httpserver.expect_request("/article").respond_with_data("<p>secret</p>", content_type="text/html")
    url = httpserver.url_for("/article")
    response = client.post("/add", content=form(client, url), headers=WRITE_HEADERS)
    assert response.status_code == 202 and "private, loopback or link-local" in response.text
    assert "Stopped" in response.text and httpserver.log == []


def test_add_with_allow_private_fetches_stores_and_groups(web_store, tmp_path, httpserver):
    import shutil

    from synopsis.sources.fetch import FetchSettings
    from synopsis.store import Store

    store = tmp_path / "copy.db"
    shutil.copyfile(web_store, store)
    page = ("<html><head><title>Lindell mediator meets ferry union</title>"
            '<meta property="og:site_name" content="Island Courier"></head><body><article>'
            "<h1>Lindell mediator meets ferry union</h1>"
            "<p>A state mediator met the ferry union and the Lindell Ferry Company on Monday, the third day of a "
            "strike that has stopped all 40 daily crossings to Marrow Island.</p>"
            "<p>Union leader Dara Voss said the crews would not sail until the company paid the overtime it owes, "
            "and the company said the strike was costing it about $90,000 a day.</p></article></body></html>")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/mediator").respond_with_data(page, content_type="text/html; charset=utf-8")
    fast = FetchSettings(delay=0.0, retries=0, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)
    with make_client(store, allow_private=True, fetch_settings=fast) as c:
        started = c.post("/add", content=form(c, httpserver.url_for("/mediator")), headers=WRITE_HEADERS)
        assert started.status_code == 202
        job_id = re.search(r'hx-get="/add/jobs/([\w-]+)"', started.text)[1]
        jobs = c.app.state.jobs
        import time

        deadline = time.monotonic() + 120
        while jobs.get(job_id).running and time.monotonic() < deadline:
            time.sleep(0.2)
        job = jobs.get(job_id)
        assert job.state == "done", (job.error, job.lines)
        page_html = c.get(f"/add/jobs/{job_id}", headers={"HX-Request": "true"}).text
        assert "Done" in page_html and "1 new" in page_html and "/stories/" in page_html
    with Store(store, readonly=True) as s:
        (hit,) = s.search("mediator met the ferry union")
        assert hit.outlet == "Island Courier" and hit.story_id


def test_one_add_at_a_time(web_store):
    from synopsis.web.jobs import Job, Jobs

    jobs = Jobs(web_store)
    jobs._jobs["x"] = Job("x", ["https://news.example/a"], True, state="running")
    with pytest.raises(RuntimeError, match="another add is running"):
        jobs.start(["http://news.example/b"])
    with pytest.raises(ValueError, match="at most 50"):
        jobs.start([f"https://news.example/{i}" for i in range(51)])


# --- static files, reading, input caps -----------------------------------------------------------

@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                                  "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static//etc/passwd",
                                  "/static/vendor/../../app.py", "/static/templates/base.html"])
def test_static_files_cannot_escape_their_folder(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "create_app" not in response.text and "root:" not in response.text


def test_static_files_are_served(client):
    assert client.get("/static/app.js").headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert client.get("/static/vendor/vendor.json").status_code == 200


def test_reading_uses_read_only_connections(client):
    import sqlite3

    reader = client.app.state.reader
    store = reader.store()
    assert store.readonly
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM articles")


def test_search_text_is_capped_and_quoted(client):
    page = client.get("/?q=" + "dam " * 120)
    assert page.status_code == 200 and "the search was cut to its first 200 characters" in page.text
    assert client.get('/?q=title:dam OR "(').status_code == 200


def test_vendored_htmx_matches_its_recorded_hashes():
    record = json.loads((WEB / "static" / "vendor" / "vendor.json").read_text())["htmx"]
    data = (WEB / "static" / "vendor" / record["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record["sha256"]
    assert "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode() == record["sri"]
    assert record["version"] in record["file"] and f'version:"{record["version"]}"'.encode() in data


def test_htmx_is_loaded_with_its_integrity_and_safe_config(client):
    html = client.get("/").text
    record = json.loads((WEB / "static" / "vendor" / "vendor.json").read_text())["htmx"]
    assert f'src="/static/vendor/{record["file"]}" integrity="{record["sri"]}"' in html
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)[1])
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    assert config["selfRequestsOnly"] is True and config["allowScriptTags"] is False
