"""The reading room in a real browser: Debian's chromium driven by Playwright against
``synopsis serve`` on 127.0.0.1 (session fixtures in web_fixtures.py). Every test fails on a page
error, a console error, a CSP violation or a dialog it did not expect; screenshots go to
tests/web/artifacts/ (gitignored)."""

from __future__ import annotations

import re

import pytest

from synopsis.render import common
from synopsis.store import Store

from web_fixtures import XSS_OUTLET, PageProblems, screenshot


def brief_of(web_store, story_id):
    with Store(web_store, readonly=True) as store:
        return store.get_story(story_id).brief


def first_citation(brief, k=1):
    """The k-th citation of the first summary sentence and the words it cites."""
    c = brief["summary"][0]["citations"][k]
    text = next(a["text"] for a in brief["articles"] if a["id"] == c["article"])
    return c, text[c["start"]:c["end"]]


def test_stories_page_search_and_filter(page, live_server, ids):
    page.goto(live_server + "/")
    assert page.locator(".story-item").count() >= 2
    page.fill("input[name=q]", "ferry strike")
    page.wait_for_url(re.compile(r"q=ferry"))  # htmx swapped the list in place and pushed the URL
    page.wait_for_selector(f'.story-list a[href="/stories/{ids["hostile"]}"]')
    assert page.locator(f'.story-list a[href="/stories/{ids["example"]}"]').count() == 0
    assert page.locator(".hits mark").count() >= 1
    page.fill("input[name=q]", "")
    page.select_option("select[name=type]", "opinion")
    page.wait_for_url(re.compile(r"type=opinion"))
    page.wait_for_function("document.querySelectorAll('.story-item').length === 1")
    assert page.locator(f'.story-list a[href="/stories/{ids["example"]}"]').count() == 1
    screenshot(page, "stories-filtered")


def test_citation_hover_and_focus_show_the_cited_sentence(page, live_server, ids, web_store):
    brief = brief_of(web_store, ids["example"])
    c, words = first_citation(brief)
    page.goto(live_server + f"/stories/{ids['example']}")
    chip = page.locator("#summary ol.summary > li").first.locator(".chip").nth(1)
    tip = page.locator("#" + chip.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    chip.hover()
    tip.wait_for(state="visible")
    assert common.one_line(words) in tip.inner_text()
    box, view = tip.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"]  # kept inside the window
    screenshot(page, "citation-hover")
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    page.mouse.move(5, 5)
    # keyboard: focus the chip (as Tab does) and the same tooltip shows
    chip.focus()
    tip.wait_for(state="visible")
    assert common.one_line(words) in tip.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    page.keyboard.press("Tab")
    nxt = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert nxt and page.locator("#" + nxt).is_visible()


def test_click_opens_the_article_at_the_highlighted_sentence(page, live_server, ids, web_store):
    brief = brief_of(web_store, ids["example"])
    c, words = first_citation(brief)
    page.goto(live_server + f"/stories/{ids['example']}")
    page.locator("#summary ol.summary > li").first.locator(".chip").nth(1).click()
    page.wait_for_url(re.compile(rf"/articles/{c['article']}\?hl={c['start']}-{c['end']}&h=\w+#hl$"))
    mark = page.locator("mark#hl")
    mark.wait_for(state="visible")
    assert page.locator("mark.hl").all_inner_texts() and "".join(page.locator("mark.hl").all_inner_texts()) == words
    assert mark.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }")
    assert page.evaluate("document.activeElement.id") == "hl"
    assert page.evaluate("getComputedStyle(document.getElementById('hl')).backgroundColor") != "rgba(0, 0, 0, 0)"
    screenshot(page, "article-highlight")


def test_the_fact_by_outlet_grid(page, live_server, ids, web_store):
    brief = brief_of(web_store, ids["example"])
    page.goto(live_server + f"/stories/{ids['example']}#grid")
    table = page.locator('table[data-kind="agreed"]')
    outlets = list(dict.fromkeys(a["outlet"] for a in brief["articles"]))
    headers = table.locator("thead th").all_inner_texts()
    assert [h.lower() for h in headers[1:]] == [common.short_outlet(o).lower() for o in outlets]
    rows = table.locator("tbody tr")
    assert rows.count() == len(brief["consensus"])
    texts = {a["id"]: a["text"] for a in brief["articles"]}
    facts = sorted(brief["consensus"], key=lambda f: -len(f["outlets"]))
    for r, fact in enumerate(facts[:6]):
        cells = rows.nth(r).locator("td")
        said = {cit["outlet"]: cit for cit in fact["citations"]}
        for k, outlet in enumerate(outlets):
            cell = cells.nth(k)
            if outlet in said:
                cit = said[outlet]
                assert common.one_line(texts[cit["article"]][cit["start"]:cit["end"]]) in cell.inner_text()
            else:
                assert "none" in cell.get_attribute("class")
    table.scroll_into_view_if_needed()
    screenshot(page, "grid")


def test_hostile_stored_text_runs_nothing(page, live_server, ids):
    page.add_init_script("window.__xss = undefined")
    for url in [f"/stories/{ids['hostile']}", f"/articles/{ids['articles'][XSS_OUTLET]}",
                f"/articles/{ids['articles']['Lindell Evening Post']}", "/?q=onerror", "/?q=ferry"]:
        page.goto(live_server + url)
        page.wait_for_load_state("networkidle")
        for chip in page.locator(".chip").all()[:6]:
            chip.hover()
        assert page.evaluate("window.__xss") is None, url
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("img").count() == 0 and page.locator("svg").count() == 0
        assert page.evaluate("[...document.querySelectorAll('[href]')].filter(e => "
                             "/^\\s*(javascript|data):/i.test(e.getAttribute('href'))).length") == 0
    page.goto(live_server + f"/stories/{ids['hostile']}")
    assert "<script>window.__xss=1</script>Ferry strike" in page.locator("h1").inner_text()
    screenshot(page, "hostile-story")


def test_csp_blocks_an_injected_inline_script(page, live_server):
    page.goto(live_server + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                    document.body.appendChild(s);
                    const d = document.createElement('div'); d.setAttribute('onclick', 'window.__ran = 2');
                    document.body.appendChild(d); d.click(); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("Content Security Policy" in m for m in page.problems.csp)
    page.problems.csp.clear()  # expected here


def test_reading_works_without_javascript(browser, live_server, ids, web_store):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(live_server + f"/stories/{ids['example']}")
        assert pg.locator("#summary li").count() == len(brief_of(web_store, ids["example"])["summary"])
        chip = pg.locator("#summary .chip").nth(1)
        chip.hover()
        assert pg.locator("#" + chip.get_attribute("aria-describedby")).is_visible()  # CSS alone
        chip.click()
        pg.wait_for_url(re.compile(r"/articles/\d+\?hl="))
        assert pg.locator("mark#hl").is_visible()
        pg.goto(live_server + "/?q=rationing")  # search and filters are plain GET forms
        assert pg.locator(f'.story-list a[href="/stories/{ids["example"]}"]').count() == 1
        pg.goto(live_server + "/add")  # adding too: a plain form post (a refused URL here)
        pg.fill("#urls", "http://127.0.0.1:9/private-page")
        pg.click("form.add button")
        pg.wait_for_url(re.compile(r"/add/jobs/[\w-]+$"))
        assert "private, loopback or link-local" in pg.locator("#job").inner_text()
    finally:
        context.close()


def test_add_without_javascript_and_the_progress_page_reloads_itself(browser, web_store, web_dir, httpserver):
    """No JavaScript: the form posts, the job's page shows it working and reloads itself (meta
    refresh) until it is done. A page that answers after 3 s keeps the job running meanwhile;
    the server is a second ``synopsis serve`` with --allow-private on a copy of the store."""
    import sqlite3
    import time

    from werkzeug import Response

    from web_fixtures import start_serve, stop_serve

    store = web_dir / "add-without-js.db"
    with sqlite3.connect(web_store) as src, sqlite3.connect(store) as dst:
        src.backup(dst)
    page_html = ("<!DOCTYPE html><html><head><title>Tugboat crews join the ferry strike</title></head><body><article>"
                 "<h1>Tugboat crews join the ferry strike</h1>"
                 "<p>Tugboat crews at the Lindell harbour stopped work on Tuesday in support of the ferry union, "
                 "the union said, the fourth day of a strike that has stopped every crossing to Marrow Island.</p>"
                 "<p>The company said it would meet the mediator again on Thursday and that talks were going on.</p>"
                 "</article></body></html>")

    def slow(request):
        time.sleep(3)
        return Response(page_html, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/tugboats").respond_with_handler(slow)
    proc, url, log = start_serve(["--store", str(store), "--allow-private"], web_dir / "server-add.log")
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    loads = []
    pg.on("load", lambda _: loads.append(pg.url))
    try:
        pg.goto(url + "/add")
        pg.fill("#urls", httpserver.url_for("/tugboats"))
        pg.uncheck("input[type=checkbox][name=group]")  # no grouping: the job is the fetch alone
        pg.click("form.add button")
        pg.wait_for_url(re.compile(r"/add/jobs/[\w-]+$"))
        assert "Working" in pg.locator(".job-state").inner_text()
        assert pg.locator('noscript').count() >= 1
        pg.wait_for_selector(".job.done", timeout=60_000)  # reached by the page reloading itself
        assert "1 new" in pg.locator("#job").inner_text()
        assert sum(u.endswith(pg.url.rsplit("/", 1)[1]) for u in loads) >= 2  # loaded, then reloaded
        screenshot(pg, "add-without-javascript")
    finally:
        context.close()
        stop_serve(proc, log)
    with Store(store, readonly=True) as s:
        assert [h.title for h in s.search("tugboat crews")] == ["Tugboat crews join the ferry strike"]


@pytest.mark.parametrize("width,height,name", [(1400, 900, "wide"), (390, 844, "phone")])
def test_story_page_reads_at_1400px_and_on_a_phone(browser, live_server, ids, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500,
                                  has_touch=width < 500, device_scale_factor=2 if width < 500 else 1)
    pg = context.new_page()
    try:
        pg.goto(live_server + f"/stories/{ids['example']}")
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page is {overflow}px wider than the screen"
        tops = pg.locator(".card").evaluate_all("cards => cards.map(c => Math.round(c.getBoundingClientRect().top))")
        if width >= 1400:
            assert len(set(tops)) == 1  # every outlet's card side by side
        else:
            assert len(set(tops)) == len(tops)  # one card a row
            wrap = pg.locator("#grid .grid-wrap").first
            assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # the grid scrolls inside its box
        size = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('ol.summary')).fontSize)")
        assert size >= 15
        screenshot(pg, f"story-{name}")
    finally:
        context.close()


def test_add_page_goes_through_the_same_origin_checks(page, live_server):
    page.goto(live_server + "/add")
    page.fill("#urls", "http://127.0.0.1:9/private-page\nfile:///etc/passwd")
    page.click("form.add button")
    page.wait_for_selector(".job.failed")
    text = page.locator("#job").inner_text()
    assert "private, loopback or link-local" in text and "only http(s) URLs" in text
    screenshot(page, "add-refused")


def test_a_folded_section_loads_when_opened(page, live_server, ids, web_store):
    brief = brief_of(web_store, ids["example"])
    page.goto(live_server + f"/stories/{ids['example']}#quotes")
    folded = page.locator("#quotes details.more")
    assert folded.locator(".quote").count() == 0
    folded.locator("summary").click()
    folded.locator(".quote").first.wait_for()
    assert page.locator("#quotes .quote").count() == len(brief["quotes"])
    chip = folded.locator(".chip").first
    chip.hover()
    assert page.locator("#" + chip.get_attribute("aria-describedby")).is_visible()


def test_readme_screenshot(browser, live_server, ids):
    """The README's picture (docs/reading-room.png is a copy of artifacts/readme-story.png): the
    story page at 1400 px with a citation's tooltip open beside the coverage panel and the grid."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    problems = PageProblems(pg)
    try:
        pg.goto(live_server + f"/stories/{ids['example']}")
        chip = pg.locator("#summary ol.summary > li").nth(1).locator(".chip").nth(1)
        chip.scroll_into_view_if_needed()
        pg.evaluate("window.scrollBy(0, 330)")
        chip.hover()
        pg.locator("#" + chip.get_attribute("aria-describedby")).wait_for(state="visible")
        assert pg.locator(".coverage").is_visible()
        screenshot(pg, "readme-story")
    finally:
        context.close()
    assert not problems.errors and not problems.csp
