"""The store and sources commands end to end (subprocesses), against a local server on 127.0.0.1:
add, search, export, collect, outlets, stories --store, brief URL... and brief --store --story."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from paths import EXAMPLE, ROOT

HTML = ["02_valley-courier.html", "05_northgate-herald.html"]


def run(*args, store=None, timeout=300):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    if store is not None:
        env["SYNOPSIS_STORE"] = str(store)
    return subprocess.run([sys.executable, "-m", "synopsis", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


@pytest.fixture
def site(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private\n")
    for name in HTML:
        httpserver.expect_request(f"/{name}").respond_with_data((EXAMPLE / name).read_bytes(),
                                                                content_type="text/html; charset=utf-8")
    items = "".join(f"<item><title>{n}</title><link>{httpserver.url_for('/' + n)}</link></item>" for n in HTML)
    httpserver.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        content_type="application/rss+xml")
    return httpserver


def test_add_search_export(tmp_path, site):
    store = tmp_path / "s.db"
    added = run("add", site.url_for("/feed.xml"), "--delay", "0", store=store)
    assert added.returncode == 0, added.stderr
    assert "2 new" in added.stderr
    again = run("add", site.url_for("/feed.xml"), "--delay", "0", store=store)
    assert "0 new" in again.stderr and "2 known links not fetched" in again.stderr
    found = run("search", "dam", "--format", "json", store=store)
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert len(hits) == 2 and all("<mark>" in h["snippet_html"] for h in hits)
    raw = run("search", '"unbalanced', "--raw", store=store)
    assert raw.returncode == 2 and "not valid FTS5 syntax" in raw.stderr and "Traceback" not in raw.stderr
    exported = run("export", store=store)
    assert len(exported.stdout.splitlines()) == 2
    missing = run("search", "dam", "--store", tmp_path / "none.db")
    assert missing.returncode == 2 and "no store there yet" in missing.stderr


def test_collect_once_and_a_bad_sources_file(tmp_path, site):
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# news\n{site.url_for('/feed.xml')}\n{site.url_for('/private/feed.xml')}\n")
    result = run("collect", sources, "--delay", "0", store=tmp_path / "s.db")
    assert result.returncode == 0 and "round 1: 2 new" in result.stderr
    assert "disallowed by the site's robots.txt" in result.stderr
    assert "give a duration" in run("collect", sources, "--every", "soon", store=tmp_path / "s.db").stderr
    assert "no such file" in run("collect", tmp_path / "none.txt", store=tmp_path / "s.db").stderr


def test_brief_from_urls_through_the_fetching_path(tmp_path, site):
    urls = [site.url_for("/" + n) for n in HTML]
    result = run("brief", *urls, site.url_for("/private/x"), "--format", "json", "--quiet", store=tmp_path / "s.db")
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert {a["outlet"] for a in brief["articles"]} == {"Brannock Valley Courier", "Northgate Herald"}
    assert brief["summary"] and any("robots.txt" in s["reason"] for s in brief["skipped"])
    assert not (tmp_path / "s.db").exists()  # without --store, fetched pages go to a temporary store


def test_stories_and_brief_from_the_store(tmp_path):
    store = tmp_path / "s.db"
    added = run("add", EXAMPLE, "--outlets", EXAMPLE.parent / "outlets.json", store=store)
    assert "5 new" in added.stderr
    stories = run("stories", "--store", store, "--no-briefs")
    assert stories.returncode == 0, stories.stderr
    assert "5 new articles" in stories.stderr
    detail = json.loads(run("export", store=store).stdout.splitlines()[0])
    story = detail["story_id"]
    assert story
    brief = run("brief", "--store", store, "--story", story, "--format", "json", "--quiet")
    assert brief.returncode == 0, brief.stderr
    assert json.loads(brief.stdout)["summary"]
    with sqlite3.connect(store) as conn:  # its sentence vectors are kept for the next brief
        kept = conn.execute("SELECT count(*), min(encoder) FROM sentence_vectors").fetchone()
    assert kept[0] > 20 and kept[1].startswith("onnx:")
    rebrief = run("brief", "--store", store, "--story", story, "--format", "json", "--quiet")
    assert json.loads(rebrief.stdout)["summary"] == json.loads(brief.stdout)["summary"]
    again = run("stories", "--store", store, "--no-briefs")
    assert "0 new articles" in again.stderr
    unknown = run("brief", "--store", store, "--story", "s999")
    assert unknown.returncode == 2 and "no story 's999'" in unknown.stderr


def test_file_name_outlets_are_noted_once_with_a_template(tmp_path):
    folder = tmp_path / "arts"
    folder.mkdir()
    for name in ("01_ardenport-ledger.txt", "03_riverline-radio.txt"):
        (folder / name).write_text((EXAMPLE / name).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("brief", folder, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("are their file names") == 1 and "synopsis outlets" in result.stderr
    template = tmp_path / "outlets.toml"
    made = run("outlets", folder, "-o", template)
    assert made.returncode == 0 and "01_ardenport-ledger.txt" in template.read_text()
    assert "exists" in run("outlets", folder, "-o", template).stderr


def test_outlet_types_and_leans_are_shown_in_briefs(tmp_path):
    outlets = tmp_path / "outlets.toml"
    outlets.write_text('"01_ardenport-ledger.txt" = "The Ardenport Ledger"\n'
                       '["04_civic-lantern.txt"]\nname = "The Civic Lantern"\ntype = "opinion"\nlean = "left"\n')
    result = run("brief", EXAMPLE / "01_ardenport-ledger.txt", EXAMPLE / "04_civic-lantern.txt", "--outlets", outlets,
                 "--format", "json", "--quiet")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.6"
    assert {"name": "The Civic Lantern", "type": "opinion", "lean": "left"} in data["outlets"]
    assert {"name": "The Ardenport Ledger", "type": None, "lean": None} in data["outlets"]
    md = run("brief", EXAMPLE / "01_ardenport-ledger.txt", EXAMPLE / "04_civic-lantern.txt", "--outlets", outlets,
             "--format", "md", "--quiet")
    assert "The Civic Lantern (opinion, lean: left)" in md.stdout


def test_collect_every_stops_cleanly_on_ctrl_c(tmp_path, site):
    import signal
    import time

    sources = tmp_path / "sources.txt"
    sources.write_text(site.url_for("/feed.xml") + "\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SYNOPSIS_STORE=str(tmp_path / "s.db"))
    proc = subprocess.Popen([sys.executable, "-m", "synopsis", "collect", str(sources), "--every", "1s",
                             "--delay", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len([r for r, _ in site.log if r.path == "/feed.xml"]) < 2:
        time.sleep(0.2)  # wait for the second round
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "round 1: 2 new" in err and "Traceback" not in err
    assert proc.returncode in (0, 130) and ("stopped after" in err or "interrupted during round" in err)
