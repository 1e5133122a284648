"""The brief as one self-contained HTML5 file: inline CSS, a few lines of inline JS,
nothing fetched from the network. All article text is escaped with :func:`html.escape`."""

from __future__ import annotations

import heapq
from html import escape

from ..records import Article, Brief, LedgerEntry, SummarySentence
from . import common

_CSS = """
:root{--bg:#fcfcfb;--fg:#1d2126;--muted:#5e6670;--line:#e2e4e8;--soft:#f3f4f6;--accent:#0a5cad;
--on-accent:#fff;--chip:#e6eef8;--mark:#fff0a0;--pop:#fff;--warn:#7a4f00;--warn-bg:#fff6dc;
--shadow:0 6px 24px rgba(0,0,0,.14)}
@media (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e4e7eb;--muted:#9aa3ad;--line:#2d323a;
--soft:#1d2026;--accent:#7ab6ff;--on-accent:#0b1522;--chip:#1e2b3c;--mark:#5b4b00;--pop:#22262d;
--warn:#f1c66a;--warn-bg:#2a2414;--shadow:0 6px 24px rgba(0,0,0,.5)}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;scroll-padding-top:1.5rem}
body{margin:0;background:var(--bg);color:var(--fg);
font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:46rem;margin:0 auto;padding:2.5rem 1.25rem 4rem}
a{color:var(--accent)}
header .kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;font-weight:700;
color:var(--muted)}
h1{font-size:1.75rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.2rem;margin:2.5rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:0}
.meta,.note,.facts{color:var(--muted);font-size:.9rem}
.meta{margin:0}
nav{margin:1rem 0 0;font-size:.85rem}
nav a{margin-right:.9rem;text-decoration:none}
nav a:hover{text-decoration:underline}
ol.summary{padding-left:1.6rem;margin:0}
ol.summary>li{position:relative;margin:0 0 1rem;padding-left:.2rem}
ol.summary>li::marker{color:var(--muted);font-weight:600}
sup.chips{line-height:0;margin-left:.15rem;white-space:normal}
.chip{display:inline-block;font-size:.7rem;line-height:1.5;font-weight:600;padding:0 .45rem;margin:0 .15rem .1rem 0;
border-radius:999px;border:1px solid var(--accent);color:var(--accent);background:transparent;
text-decoration:none;vertical-align:.35em;white-space:nowrap}
.chip.origin{background:var(--accent);color:var(--on-accent)}
.chip:hover,.chip:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.pop{display:none;position:absolute;left:0;right:0;top:100%;z-index:5;margin-top:.25rem;padding:.75rem .9rem;
background:var(--pop);color:var(--fg);border:1px solid var(--line);border-radius:.5rem;box-shadow:var(--shadow);
font-size:.9rem;font-weight:400;line-height:1.5;white-space:normal;text-align:left;vertical-align:baseline}
.chip:hover .pop,.chip:focus .pop{display:block}
.pop .quote{display:block;border-left:3px solid var(--accent);padding-left:.6rem}
.by{display:block;margin-top:.3rem;color:var(--muted);font-size:.8rem}
h3.cited{margin:1.75rem 0 .5rem;font-size:.78rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.footnotes{font-size:.88rem;color:var(--fg);padding-left:1.6rem;margin:0}
.footnotes li{margin:0 0 .6rem;border-radius:.35rem}
.footnotes li:target{background:var(--chip);outline:.35rem solid var(--chip)}
.footnotes .by{display:inline;margin:0 0 0 .35rem}
.source{padding:1rem 0;border-bottom:1px solid var(--line)}
.source:last-child{border-bottom:0}
.source .title{margin:.15rem 0 .25rem;font-size:1rem;line-height:1.4}
.outlet{font-weight:700}
.date{color:var(--muted);font-weight:400;font-size:.85rem;margin-left:.4rem}
.facts{margin:0 0 .4rem}
details{margin:.35rem 0}
summary{cursor:pointer;color:var(--accent);font-size:.9rem}
details[open]>summary{margin-bottom:.5rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.93rem;line-height:1.6;background:var(--soft);
padding:.9rem 1rem;border-radius:.5rem;margin:0}
mark{background:var(--mark);color:inherit;padding:0 .1rem;border-radius:.2rem}
mark:target,.anchor:target+mark{outline:2px solid var(--accent)}
mark.q{background:none;padding:0;box-shadow:inset 0 -2px var(--accent)}
mark.c{background:none;padding:0;box-shadow:inset 0 -1px var(--muted)}
ul.quotes{list-style:none;padding:0;margin:0}
ul.quotes>li{margin:0 0 1.1rem;padding:0 0 0 .9rem;border-left:3px solid var(--line)}
ul.quotes>li.direct{border-left-color:var(--accent)}
.q-head{margin:0;font-size:.92rem}
.kind{display:inline-block;font-size:.7rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;
padding:0 .4rem;border-radius:.25rem;background:var(--chip);color:var(--fg);margin-left:.3rem}
.q-text{margin:.2rem 0}
.q-where{margin:0;font-size:.85rem;color:var(--muted);position:relative}
.q-where .chip{vertical-align:baseline}
ul.wordings{margin:.35rem 0 0;padding-left:1.1rem;font-size:.88rem}
ul.wordings li{margin:0 0 .3rem}
.diff{display:block;color:var(--muted)}
del{background:rgba(200,40,40,.15);color:inherit}
ins{background:rgba(40,160,70,.18);color:inherit;text-decoration:none}
ol.facts{padding-left:1.6rem;margin:0}
ol.facts>li,ul.plain>li{margin:0 0 1rem}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain>li{padding-left:.9rem;border-left:3px solid var(--line)}
ul.plain>li.conflict{border-left-color:var(--warn)}
.conflicts{display:inline-block;margin:.15rem 0 0;color:var(--warn);background:var(--warn-bg);font-weight:600;
font-size:.85rem;padding:0 .4rem;border-radius:.25rem}
.when{font-weight:700;font-variant-numeric:tabular-nums;margin-right:.4rem}
.when.unresolved{font-weight:600;color:var(--warn)}
dl.frame{display:grid;grid-template-columns:8.5rem 1fr;gap:.25rem .75rem;margin:.4rem 0 1.5rem;font-size:.92rem}
dl.frame dt{color:var(--muted)}
dl.frame dd{margin:0}
table{width:100%;border-collapse:collapse;font-size:.88rem;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.04em}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.dim,.dim{color:var(--muted)}
table.fixed{table-layout:fixed}
table.fixed td,table.fixed th{overflow-wrap:anywhere}
summary .dim{font-size:.85rem}
.callout{background:var(--warn-bg);color:var(--fg);border-left:3px solid var(--warn);padding:.6rem 1rem;
border-radius:.35rem;font-size:.9rem}
.callout ul{margin:0;padding-left:1.1rem}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem}
@media print{.pop{display:none!important}details>*{display:block}nav{display:none}}
"""

# Opens the <details> around a linked-to element (a cited sentence inside a folded article).
_JS = """
function openTarget(){var id=decodeURIComponent(location.hash.slice(1)),el=id&&document.getElementById(id);
if(!el)return;for(var d=el.closest('details');d;d=d.parentElement&&d.parentElement.closest('details'))d.open=true;
el.scrollIntoView({block:'center'});}
addEventListener('hashchange',openTarget);openTarget();
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _chip(brief: Brief, sentence: SummarySentence, index: int, number: int) -> str:
    c = sentence.citations[index]
    label = common.short_outlet(common.outlet(brief, c.article))
    origin = index == 0
    art = common.find_article(brief, c.article)
    how = "sentence taken from here" if origin else f"same fact, match {c.similarity:.0%}"
    by = " · ".join(x for x in (common.outlet(brief, c.article), art.title if art else "", how) if x)
    return (f'<a class="chip{" origin" if origin else ""}" href="#source-{number}">{_e(label)}'
            f'<span class="pop" role="tooltip"><span class="quote">{_e(common.cited_text(brief, c))}</span>'
            f'<span class="by">{_e(by)}</span></span></a>')


def _summary(brief: Brief) -> list[str]:
    sources, numbers = common.footnotes(brief)
    out = ['<section id="summary">', "<h2>Summary</h2>"]
    if not brief.summary:
        return out + ['<p class="note">No summary: no sentence could be selected.</p>', "</section>"]
    out.append('<p class="note">Each sentence is quoted from an article. Chips name its sources: filled, '
               "the article it was taken from; outlined, other outlets reporting the same fact. Hover a chip "
               "to read the cited sentence, click it for the footnote.</p>")
    out.append('<ol class="summary">')
    for sentence, nums in zip(brief.summary, numbers):
        keys = [(c.article, c.start, c.end) for c in sentence.citations]
        chips, done = [], set()
        for i, key in enumerate(keys):
            if key not in done:
                done.add(key)
                chips.append(_chip(brief, sentence, i, nums[len(done) - 1]))
        out.append(f'<li>{_e(sentence.text)}<sup class="chips">{"".join(chips)}</sup></li>')
    out.append("</ol>")
    out += ['<h3 class="cited">Cited sentences</h3>', '<ol class="footnotes">']
    for s in sources:
        art = common.find_article(brief, s.citation.article)
        by = " · ".join(_e(x) for x in (s.outlet, common.published_label(art) if art else None) if x)
        if art:
            by += f' · <a href="#mark-{s.number}">in context</a>'
        out.append(f'<li id="source-{s.number}">{_e(s.text)}<span class="by">— {by}</span></li>')
    out += ["</ol>", "</section>"]
    return out


def _quote_chip(brief: Brief, source: common.Source) -> str:
    """A chip naming an outlet that carries a quote; links to the quotation in the article text."""
    art = common.find_article(brief, source.citation.article)
    by = " · ".join(x for x in (source.outlet, art.title if art else "", "as quoted in this article") if x)
    return (f'<a class="chip" href="#mark-{source.number}">{_e(common.short_outlet(source.outlet))}'
            f'<span class="pop" role="tooltip"><span class="quote">{_e(source.text)}</span>'
            f'<span class="by">{_e(by)}</span></span></a>')


def _difference(difference: str) -> str:
    """A word-level difference with [-removed-] words in <del> and {+added+} words in <ins>."""
    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return "".join(tags[op].format(_e(words)) for op, words in common.diff_segments(difference))


def _ledger_entry(brief: Brief, entry: LedgerEntry, numbers: list[int], by_number: dict[int, common.Source]) -> str:
    head = f"<strong>{_e(common.speaker_label(entry))}</strong>"
    if entry.role:
        head += f' <span class="dim">{_e(entry.role)}</span>'
    head += f' <span class="kind">{_e(entry.kind)}</span>'
    if entry.cue:
        head += f' <span class="dim">{_e(entry.cue)}</span>'
    chips = "".join(_quote_chip(brief, by_number[n]) for _, nums in common.quote_links(brief, entry, numbers)
                    for n in nums if n in by_number)
    out = [f'<li class="{_e(entry.kind)}"><p class="q-head">{head}</p>',
           f'<p class="q-text">“{_e(common.one_line(entry.text))}”</p>',
           f'<p class="q-where">in {chips}</p>']
    if entry.differs:
        items = []
        for w in common.wordings(brief, entry):
            diff = f'<span class="diff">difference: {_difference(w.difference)}</span>' if w.difference else ""
            items.append(f'<li><span class="outlet">{_e(", ".join(w.outlets))}</span>: '
                         f"“{_e(common.one_line(w.text))}”{diff}</li>")
        out.append(f'<p class="q-where">Wordings differ:</p><ul class="wordings">{"".join(items)}</ul>')
    return "".join(out) + "</li>"


def _quotes(brief: Brief) -> list[str]:
    sources, _ = common.footnotes(brief)
    quoted, numbers = common.quote_footnotes(brief, sources)
    by_number = {s.number: s for s in sources + quoted}
    items = [_ledger_entry(brief, entry, nums, by_number) for entry, nums in zip(common.ledger(brief), numbers)]
    top, rest = items[:common.HTML_QUOTES], items[common.HTML_QUOTES:]
    out = ['<section id="quotes">', f"<h2>{_e(common.QUOTES_TITLE)}</h2>",
           '<p class="note">Remarks the articles attribute to someone, merged across outlets: direct quotes '
           "first, then partial quotes, then reported speech; within each, those carried by more outlets first. "
           "Chips link to the quotation in each article.</p>",
           f'<ul class="quotes">{"".join(top)}</ul>']
    if rest:
        out += [f"<details><summary>{common.plural(len(rest), 'more quote')}</summary>",
                f'<ul class="quotes">{"".join(rest)}</ul></details>']
    return out + ["</section>"]


def _span_chip(brief: Brief, number: int, by_number: dict[int, common.Source], label: str, how: str) -> str:
    """A chip naming an outlet; links to the cited sentence, highlighted in the article text."""
    source = by_number.get(number)
    if source is None:
        return f'<span class="chip">{_e(common.short_outlet(label))}</span>'
    art = common.find_article(brief, source.citation.article)
    by = " · ".join(x for x in (source.outlet, art.title if art else "", how) if x)
    return (f'<a class="chip" href="#mark-{number}">{_e(common.short_outlet(label))}'
            f'<span class="pop" role="tooltip"><span class="quote">{_e(source.text)}</span>'
            f'<span class="by">{_e(by)}</span></span></a>')


def _chips(brief: Brief, cited: list[tuple[str, tuple[str, int, int]]], by_span: dict, by_number: dict,
           how: str) -> str:
    """Chips for (outlet, span) pairs, each span once."""
    out, seen = [], set()
    for name, span in cited:
        n = by_span.get(span)
        if n is None or n in seen:
            continue
        seen.add(n)
        out.append(_span_chip(brief, n, by_number, name, how))
    return "".join(out)


def _folded(items: list[str], tag: str, cls: str, more: str) -> list[str]:
    top, rest = items[:common.HTML_FACTS], items[common.HTML_FACTS:]
    out = [f'<{tag} class="{cls}">{"".join(top)}</{tag}>']
    if rest:
        start = f' start="{len(top) + 1}"' if tag == "ol" else ""
        out += [f"<details><summary>{_e(common.plural(len(rest), more))}</summary>",
                f'<{tag} class="{cls}"{start}>{"".join(rest)}</{tag}></details>']
    return out


def _off_event(brief: Brief) -> list[str]:
    items = [f"<strong>{_e(name)}</strong>, <em>{_e(title)}</em>: {_e('; '.join(reasons))}"
             for name, title, reasons in common.off_event(brief)]
    lis = "".join(f"<li>{item}</li>" for item in items)
    return ['<section id="off-event">', f"<h2>{_e(common.OFF_EVENT_TITLE)}</h2>",
            '<div class="callout"><p class="note">These articles look like coverage of another event or a later '
            f"development:</p><ul>{lis}</ul></div>", "</section>"]


def _comparison(brief: Brief, by_span: dict, by_number: dict) -> list[str]:
    out: list[str] = []
    facts = common.consensus(brief)
    if facts:
        items = []
        for n, fact in enumerate(facts, 1):
            ws = common.fact_wordings(brief, fact)
            chips = _chips(brief, [(w.outlet, (w.article, w.start, w.end)) for w in ws], by_span, by_number,
                           "this outlet's words")
            words = "".join(f'<li><span class="outlet">{_e(w.outlet)}</span>: “{_e(common.one_line(w.text))}”</li>'
                            for w in ws)
            count = common.plural(len(common.fact_outlets(brief, fact)), "outlet")
            items.append(f'<li id="fact-{n}"><p class="q-text">{_e(common.one_line(fact.text))}</p>'
                         f'<p class="q-where"><strong>{_e(count)}</strong>: {chips}</p>'
                         f'<details><summary>Each outlet\'s words</summary><ul class="wordings">{words}</ul>'
                         "</details></li>")
        out += ['<section id="consensus">', f"<h2>{_e(common.CONSENSUS_TITLE)}</h2>",
                '<p class="note">Facts that two or more outlets state, most outlets first. Chips link to each '
                "outlet's sentence in its article.</p>"]
        out += _folded(items, "ol", "facts", "more fact") + ["</section>"]
    if brief.unique:
        items = []
        for fact in brief.unique:
            ws = common.fact_wordings(brief, fact)
            chips = _chips(brief, [(w.outlet, (w.article, w.start, w.end)) for w in ws], by_span, by_number,
                           "only this outlet reports it")
            items.append(f'<li><p class="q-text">{_e(common.one_line(fact.text))}</p>'
                         f'<p class="q-where">only in {chips}</p></li>')
        out += ['<section id="unique">', f"<h2>{_e(common.UNIQUE_TITLE)}</h2>",
                '<p class="note">Substantive facts no other outlet states, most specific first.</p>']
        out += _folded(items, "ul", "plain", "more fact") + ["</section>"]
    missing = common.missing_facts(brief)
    if missing:
        out += ['<section id="missing">', f"<h2>{_e(common.MISSING_TITLE)}</h2>",
                f'<p class="note">Facts of “{_e(common.CONSENSUS_TITLE)}” that an outlet does not state.</p>',
                '<ul class="plain">']
        for name, left in missing:
            lis = "".join(f'<li><a href="#fact-{n}">#{n}</a> {_e(common.shorten(fact.text))}</li>'
                          for n, fact in left)
            out.append(f'<li><p class="q-head"><strong>{_e(name)}</strong> <span class="dim">leaves out '
                       f'{len(left)} of {len(brief.consensus)}</span></p><ul class="wordings">{lis}</ul></li>')
        out += ["</ul>", "</section>"]
    if brief.figures:
        items = []
        for i in common.figure_order(brief):
            entry = brief.figures[i]
            label, qualifier, counts = common.figure_heading(entry)
            head = f"<strong>{_e(label)}</strong>"
            head += f' <span class="dim">({_e(qualifier)})</span>' if qualifier else ""
            head += f" {_e(counts)}" if counts else ""
            chips = _chips(brief, [(m.outlet, (m.article, m.sentence_start, m.sentence_end)) for m in entry.mentions],
                           by_span, by_number, "the sentence that gives the figure")
            conflict = common.conflict_line(brief, entry)
            note = f'<p class="conflicts">⚠ {_e(conflict)}</p>' if conflict else ""
            cls = ' class="conflict"' if conflict else ""
            items.append(f'<li{cls}><p class="q-head">{head}</p>'
                         f'<p class="q-where">in {chips}</p>{note}</li>')
        out += ['<section id="figures">', f"<h2>{_e(common.FIGURES_TITLE)}</h2>",
                '<p class="note">Numbers that count something, merged across outlets; figures that conflict '
                "with another outlet's come first.</p>"]
        out += _folded(items, "ul", "plain", "more figure") + ["</section>"]
    if brief.disputes:
        items = []
        for d in brief.disputes:
            sides = []
            for side in common.dispute_sides(d):
                role = f' <span class="dim">({_e(side.role)})</span>' if side.role else ""
                chips = _chips(brief, [(c.outlet, (c.article, c.start, c.end)) for c in side.citations], by_span,
                               by_number, f"{side.party}'s side")
                sides.append(f'<p class="q-text"><strong>{_e(side.party)}</strong>{role} says: '
                             f'“{_e(common.one_line(side.text))}”</p><p class="q-where">in {chips}</p>')
            topic = f'<p class="q-head dim">Topic: {_e(d.topic)}</p>' if d.topic else ""
            items.append(f"<li>{topic}{''.join(sides)}</li>")
        out += ['<section id="disputes">', f"<h2>{_e(common.DISPUTES_TITLE)}</h2>",
                '<p class="note">A claim and the parties who contest it, each side in its own words.</p>',
                f'<ul class="plain">{"".join(items)}</ul>', "</section>"]
    events = common.timeline(brief)
    if events:
        items = []
        for e in events:
            resolved = bool(e.resolved and e.date)
            chips = _chips(brief, [(c.outlet, (c.article, c.sentence_start, c.sentence_end)) for c in e.citations],
                           by_span, by_number, "the sentence that dates the event")
            items.append(f'<li><p class="q-text"><span class="when{"" if resolved else " unresolved"}">'
                         f"{_e(common.event_date(e))}</span>{_e(common.one_line(e.event))}</p>"
                         f'<p class="q-where">in {chips}</p></li>')
        out += ['<section id="timeline">', f"<h2>{_e(common.TIMELINE_TITLE)}</h2>",
                '<p class="note">Dated events, earliest first; events whose date could not be resolved last.</p>',
                f'<ul class="plain">{"".join(items)}</ul>', "</section>"]
    framing = common.framing_outlets(brief)
    if framing:
        out += ['<section id="framing">', f"<h2>{_e(common.FRAMING_TITLE)}</h2>"]
        for of in framing:
            rows = [("Headline", f"<em>{_e(common.one_line(of.headline))}</em>"),
                    ("Lede", _e(common.one_line(of.lede)) or "–"), ("Voices", _e(common.voices_line(of))),
                    ("Sub-topics", _e(common.topics_line(of))), ("Loaded words", _e(common.loaded_line(of)))]
            out += [f"<h3>{_e(of.outlet)}</h3>",
                    '<dl class="frame">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"]
        if common.loaded_explanation(brief):
            out.append(f'<p class="note"><strong>Loaded words:</strong> {_e(common.loaded_explanation(brief))}</p>')
        out.append("</section>")
    return out


def _marked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escaped text with each (start, end, id, class) span in <mark id=... class=...>.

    Spans nest (a quotation inside a cited sentence is a <mark> inside a <mark>). A span that
    crosses the end of the one it starts in gets an anchor with its id where it starts and is
    highlighted from there on, after that one closes.
    """
    heap = [(start, -end, i, ident, cls) for i, (start, end, ident, cls) in enumerate(spans)
            if 0 <= start < end <= len(text)]
    heapq.heapify(heap)
    out: list[str] = []
    open_ends: list[int] = []
    pos = 0
    while heap:
        start, neg_end, i, ident, cls = heapq.heappop(heap)
        end = -neg_end
        while open_ends and open_ends[-1] <= start:
            close = open_ends.pop()
            out.append(f"{_e(text[pos:close])}</mark>")
            pos = close
        out.append(_e(text[pos:start]))
        pos = start
        if open_ends and end > open_ends[-1]:  # crosses the enclosing highlight: anchor, then the rest
            if ident:
                out.append(f'<span class="anchor" id="{_e(ident)}"></span>')
            heapq.heappush(heap, (open_ends[-1], -end, i, "", cls))
            continue
        attrs = (f' id="{_e(ident)}"' if ident else "") + (f' class="{_e(cls)}"' if cls else "")
        out.append(f"<mark{attrs}>")
        open_ends.append(end)
    while open_ends:
        close = open_ends.pop()
        out.append(f"{_e(text[pos:close])}</mark>")
        pos = close
    out.append(_e(text[pos:]))
    return "".join(out)


def _sources(brief: Brief) -> list[str]:
    sources, _, quoted, _, groups, _ = common.all_footnotes(brief)
    compared = [s for _, g in groups for s in g]
    out = ['<section id="sources">', "<h2>Sources</h2>"]
    for i, a in enumerate(brief.articles, 1):
        cited = [s for s in sources if s.citation.article == a.id]
        quotes = [s for s in quoted if s.citation.article == a.id]
        spans = [(s.citation.start, s.citation.end, f"mark-{s.number}", "") for s in cited]
        spans += [(s.citation.start, s.citation.end, f"mark-{s.number}", "q") for s in quotes]
        spans += [(s.citation.start, s.citation.end, f"mark-{s.number}", "c") for s in compared
                  if s.citation.article == a.id]
        url = common.link_url(a.url)
        title = f'<a href="{_e(url)}" rel="noreferrer">{_e(a.title)}</a>' if url else _e(a.title)
        facts = [f"{common.words_kept(a):,} words kept", common.plural(len(a.removed), "line") + " removed",
                 common.plural(len(cited), "cited sentence")]
        if quotes:
            facts.append(common.plural(len(quotes), "quote"))
        if a.url and not url:
            facts.append(f"URL (not a web address, not linked) <code>{_e(a.url)}</code>")
        if not url:
            facts.append(f"from <code>{_e(a.source)}</code>")
        out += [f'<article class="source" id="article-{i}">',
                f'<h3><span class="outlet">{_e(common.outlet_label(brief, a.outlet) if a.outlet else a.id)}</span>'
                f'<span class="date">{_e(common.published_label(a) or "undated")}</span></h3>',
                f'<p class="title">{title}</p>',
                f'<p class="facts">{" · ".join(facts)}</p>']
        if a.credits:
            out.append(f'<p class="facts">Credits: {_e("; ".join(a.credits))}</p>')
        marked = "highlighted" if spans else "none cited"
        out += [f"<details><summary>Cleaned text ({marked})</summary>",
                f'<div class="text">{_marked(a.text, spans)}</div></details>', "</article>"]
    out.append("</section>")
    return out


def _entity_table(brief: Brief, entities: list) -> str:
    rows = []
    for e in entities:
        names = common.entity_outlets(brief, e)
        rows.append(f'<tr><td>{_e(e.name)}</td><td class="dim">{_e(e.type)}</td>'
                    f'<td class="n" title="{_e(", ".join(names))}">{len(names)}</td><td class="n">{e.total}</td>'
                    f'<td class="dim">{_e(", ".join(e.variants))}</td></tr>')
    return ('<table class="fixed"><colgroup><col style="width:30%"><col style="width:15%"><col style="width:11%">'
            '<col style="width:12%"><col></colgroup><thead><tr><th>Name</th><th>Type</th><th class="n">Outlets</th>'
            f'<th class="n">Mentions</th><th>Variants</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _entities(brief: Brief) -> list[str]:
    top, rest = brief.entities[:common.HTML_ENTITIES], brief.entities[common.HTML_ENTITIES:]
    out = ['<section id="entities">', "<h2>People, organisations and places</h2>", _entity_table(brief, top)]
    if rest:
        out += [f"<details><summary>{common.plural(len(rest), 'more entity', 'more entities')}</summary>",
                _entity_table(brief, rest), "</details>"]
    return out + ["</section>"]


def _removed(articles: list[Article]) -> list[str]:
    out = ['<section id="removed">', "<h2>Removed from the articles</h2>",
           '<p class="note">Lines of the original pages that are not part of the article, with the reason.</p>']
    for a in articles:
        rows = "".join(f'<tr><td class="n">{r.line}</td><td class="dim">{_e(r.reason)}</td><td>{_e(r.text)}</td></tr>'
                       for r in a.removed)
        out += [f'<details><summary><strong>{_e(a.outlet or a.id)}</strong>: '
                f'{common.plural(len(a.removed), "line")} <span class="dim">({_e(common.reason_counts(a))})</span>'
                "</summary>",
                '<table class="fixed"><colgroup><col style="width:4rem"><col style="width:9.5rem"><col></colgroup>'
                '<thead><tr><th class="n">Line</th><th>Reason</th><th>Text</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></details>"]
    return out + ["</section>"]


def _callout(section_id: str, title: str, items: list[str]) -> list[str]:
    lis = "".join(f"<li>{item}</li>" for item in items)
    return [f'<section id="{section_id}">', f"<h2>{title}</h2>", f'<div class="callout"><ul>{lis}</ul></div>',
            "</section>"]


def to_html(brief: Brief, *, before: str = "") -> str:
    """The brief as one self-contained HTML page. `before`: markup placed at the top of the page,
    before the brief's column (:func:`synopsis.render.stories.story_page` puts the story's line there)."""
    gen = common.generator()
    trimmed = [a for a in brief.articles if a.removed]
    meta = common.overview(brief)
    if brief.summarizer:
        meta += f" · summarizer {brief.summarizer}, {brief.words} words"
    toc = [("summary", "Summary")]
    toc += [("quotes", common.QUOTES_TITLE)] if brief.quotes else []
    toc += [(key, title) for key, title, shown in (
        ("consensus", "Agreed facts", brief.consensus), ("unique", "Only one outlet", brief.unique),
        ("missing", "Left out", common.missing_facts(brief)), ("figures", common.FIGURES_TITLE, brief.figures),
        ("disputes", common.DISPUTES_TITLE, brief.disputes), ("timeline", common.TIMELINE_TITLE, brief.timeline),
        ("framing", "Framing", common.framing_outlets(brief))) if shown]
    toc += [("sources", "Sources")]
    toc += [("entities", "Entities")] if brief.entities else []
    toc += [("removed", "Removed lines")] if trimmed else []
    toc += [("skipped", "Skipped")] if brief.skipped else []
    toc += [("warnings", "Warnings")] if brief.warnings else []

    body = ["<header>", '<p class="kicker">Brief</p>', f"<h1>{_e(common.headline(brief))}</h1>",
            f'<p class="meta">{_e(meta)}</p>',
            "<nav>" + "".join(f'<a href="#{i}">{_e(t)}</a>' for i, t in toc) + "</nav>", "</header>", "<main>"]
    if brief.off_event:
        body += _off_event(brief)
    body += _summary(brief)
    if brief.quotes:
        body += _quotes(brief)
    if common.has_comparison(brief):
        sources, _, quoted, _, groups, by_span = common.all_footnotes(brief)
        by_number = {s.number: s for s in sources + quoted + [x for _, g in groups for x in g]}
        body += _comparison(brief, by_span, by_number)
    body += _sources(brief)
    if brief.entities:
        body += _entities(brief)
    if trimmed:
        body += _removed(trimmed)
    if brief.skipped:
        body += _callout("skipped", "Skipped inputs",
                         [f"<code>{_e(s.source)}</code>: {_e(s.reason)}" for s in brief.skipped])
    if brief.warnings:
        body += _callout("warnings", "Warnings", [_e(w) for w in brief.warnings])
    body += ["</main>", f"<footer>Generated by {_e(gen)} · schema {_e(brief.schema_version)} · every summary "
             "sentence is quoted verbatim from the articles listed under Sources.</footer>"]

    head = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            f'<meta name="generator" content="{_e(gen)}">',
            f'<meta name="synopsis-schema-version" content="{_e(brief.schema_version)}">',
            f"<title>Brief: {_e(common.headline(brief))}</title>", f"<style>{_CSS}</style>", "</head>",
            f'<body data-schema-version="{_e(brief.schema_version)}">', f'{before}<div class="wrap">']
    return "\n".join(head + body + ["</div>", f"<script>{_JS}</script>", "</body>", "</html>"]) + "\n"
