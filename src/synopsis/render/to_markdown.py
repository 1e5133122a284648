"""The brief as Markdown (CommonMark / GitHub flavoured), with numbered sources."""

from __future__ import annotations

import html
import re

from ..records import Brief, LedgerEntry
from . import common

# Characters that can start emphasis, links, HTML, entities, code, tables or strikethrough inline.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# Line starts that would turn text into a heading, quote, list item or rule.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)


def escape(text: str) -> str:
    """Text from an article, made safe to embed in Markdown: it renders exactly as written."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                  else "\\" + m.group(2)), text)


def cell(text: str) -> str:
    """Text for a table cell: escaped, on one line."""
    return escape(" ".join(text.split())) or " "


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _link(url: str) -> str:
    """An autolink for an http(s) URL that allows one, else the URL as escaped text
    (:func:`common.link_url`: never a javascript: link)."""
    if common.link_url(url) and re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*", url):
        return f"<{url}>"
    return escape(url)


def _quote(text: str, indent: str) -> list[str]:
    return [f"{indent}> {escape(line)}".rstrip() for line in text.splitlines() or [""]]


def _difference(difference: str) -> str:
    """A word-level difference with removed words in <del> and added words in <ins>."""
    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return "".join(tags[op].format(escape(words)) for op, words in common.diff_segments(difference))


def _ledger_entry(brief: Brief, entry: LedgerEntry, numbers: list[int]) -> list[str]:
    head = f"**{escape(common.speaker_label(entry))}**"
    if entry.role:
        head += f" *({escape(entry.role)})*"
    head += f" · {entry.kind}" + (f" · *{escape(entry.cue)}*" if entry.cue else "")
    where = ", ".join(escape(name) + " " + "".join(f"[[{n}]](#source-{n})" for n in nums)
                      for name, nums in common.quote_links(brief, entry, numbers))
    out = [f"- {head}\\", f"  “{escape(common.one_line(entry.text))}”\\", f"  in {where}"]
    if entry.differs:
        out.append("  - Wordings differ:")
        for w in common.wordings(brief, entry):
            line = f"    - {escape(', '.join(w.outlets))}: “{escape(common.one_line(w.text))}”"
            if w.difference:
                line += f"\\\n      difference: {_difference(w.difference)}"
            out.append(line)
    return out


def _refs(by_span: dict[tuple[str, int, int], int], spans: list[tuple[str, int, int]]) -> str:
    """Numbered links to the sources of these spans, each number once."""
    nums = list(dict.fromkeys(by_span[s] for s in spans if s in by_span))
    return "".join(f"[[{n}]](#source-{n})" for n in nums)


def _outlet_refs(by_span, cited: list[tuple[str, tuple[str, int, int]]]) -> str:
    """``Outlet [[3]], Other [[4]][[5]]``: each outlet once, with the links of its spans."""
    per: dict[str, list[tuple[str, int, int]]] = {}
    for name, span in cited:
        per.setdefault(name, []).append(span)
    return ", ".join((escape(name) + " " + _refs(by_span, spans)).rstrip() for name, spans in per.items())


def _off_event(brief: Brief) -> list[str]:
    out = [f"## {common.OFF_EVENT_TITLE}", "",
           "*These articles look like coverage of another event or a later development:*", ""]
    for name, title, reasons in common.off_event(brief):
        why = "; ".join(escape(r) for r in reasons) or "no reason given"
        out.append(f"- **{escape(name)}**, *{escape(common.one_line(title))}*: {why}")
    return out + [""]


def _comparison(brief: Brief, by_span: dict[tuple[str, int, int], int]) -> list[str]:
    out: list[str] = []
    facts = common.consensus(brief)
    if facts:
        out += [f"## {common.CONSENSUS_TITLE}", ""]
        for n, fact in enumerate(facts, 1):
            count = common.plural(len(common.fact_outlets(brief, fact)), "outlet")
            out.append(f"{n}. <a id=\"fact-{n}\"></a>{escape(common.one_line(fact.text))} *({count})*")
            for w in common.fact_wordings(brief, fact):
                refs = _refs(by_span, [(w.article, w.start, w.end)])
                out.append(f"   - **{escape(w.outlet)}**: “{escape(common.one_line(w.text))}” {refs}".rstrip())
        out.append("")
    if brief.unique:
        out += [f"## {common.UNIQUE_TITLE}", ""]
        for fact in brief.unique:
            w = common.fact_wordings(brief, fact)
            where = _outlet_refs(by_span, [(x.outlet, (x.article, x.start, x.end)) for x in w])
            out.append(f"- {escape(common.one_line(fact.text))} — {where}")
        out.append("")
    missing = common.missing_facts(brief)
    if missing:
        out += [f"## {common.MISSING_TITLE}", "",
                f"*Facts of \"{common.CONSENSUS_TITLE}\" that an outlet does not state.*", ""]
        for name, facts_left in missing:
            out.append(f"- **{escape(name)}** leaves out {len(facts_left)} of {len(brief.consensus)}:")
            out += [f"  - [#{n}](#fact-{n}) {escape(common.shorten(fact.text))}" for n, fact in facts_left]
        out.append("")
    if brief.figures:
        out += [f"## {common.FIGURES_TITLE}", ""]
        for i in common.figure_order(brief):
            entry = brief.figures[i]
            label, qualifier, counts = common.figure_heading(entry)
            line = f"- **{escape(label)}**"
            line += f" *({escape(qualifier)})*" if qualifier else ""
            line += f" — {escape(counts)}" if counts else ""
            line += " — in " + _outlet_refs(by_span, [(m.outlet, (m.article, m.sentence_start, m.sentence_end))
                                                     for m in entry.mentions])
            conflict = common.conflict_line(brief, entry)
            if conflict:
                line += f" — **⚠ {escape(conflict)}**"
            out.append(line)
        out.append("")
    if brief.disputes:
        out += [f"## {common.DISPUTES_TITLE}", ""]
        for d in brief.disputes:
            out.append(f"- Topic: *{escape(d.topic)}*" if d.topic else "- Topic: *(no shared words)*")
            for side in common.dispute_sides(d):
                role = f" *({escape(side.role)})*" if side.role else ""
                where = _outlet_refs(by_span, [(c.outlet, (c.article, c.start, c.end)) for c in side.citations])
                out.append(f"  - **{escape(side.party)}**{role} says: “{escape(common.one_line(side.text))}” — {where}")
        out.append("")
    events = common.timeline(brief)
    if events:
        out += [f"## {common.TIMELINE_TITLE}", ""]
        for e in events:
            where = _outlet_refs(by_span, [(c.outlet, (c.article, c.sentence_start, c.sentence_end))
                                           for c in e.citations])
            date = escape(common.event_date(e))
            date = f"**{date}**" if e.resolved and e.date else f"*{date}*"
            out.append(f"- {date} — {escape(common.one_line(e.event))} — {where}")
        out.append("")
    framing = common.framing_outlets(brief)
    if framing:
        out += [f"## {common.FRAMING_TITLE}", ""]
        for of in framing:
            out += [f"### {escape(of.outlet)}", "",
                    f"- Headline: *{escape(common.one_line(of.headline))}*",
                    f"- Lede: {escape(common.one_line(of.lede)) or '–'}",
                    "- " + escape(f"Voices: {common.voices_line(of)}"),
                    "- " + escape(f"Sub-topics: {common.topics_line(of)}"),
                    "- " + escape(f"Loaded words: {common.loaded_line(of)}"), ""]
        if common.loaded_explanation(brief):
            out += [f"*Loaded words:* {escape(common.loaded_explanation(brief))}", ""]
    return out


def to_markdown(brief: Brief) -> str:
    """The brief as one Markdown document."""
    sources, numbers, quote_sources, quote_numbers, groups, by_span = common.all_footnotes(brief)
    out = [f"# Brief: {escape(common.headline(brief))}", ""]
    meta = escape(common.overview(brief))
    if brief.summarizer:
        meta += f"; summarizer {escape(brief.summarizer)}, {brief.words} words"
    out += [f"*{meta}. Generated by {common.generator()} (schema {brief.schema_version}).*", ""]
    if brief.off_event:
        out += _off_event(brief)

    out += ["## Summary", ""]
    if not brief.summary:
        out += ["*No summary: no sentence could be selected.*", ""]
    for i, (sentence, nums) in enumerate(zip(brief.summary, numbers), 1):
        links = "".join(f"[[{n}]](#source-{n})" for n in nums)
        out.append(f"{i}. {escape(sentence.text)} {links}".rstrip())
    if brief.summary:
        out.append("")

    if brief.quotes:
        out += [f"## {common.QUOTES_TITLE}", ""]
        for entry, nums in zip(common.ledger(brief), quote_numbers):
            out += _ledger_entry(brief, entry, nums)
        out.append("")

    out += _comparison(brief, by_span)

    group_of = {id(g[0]): heading for heading, g in groups}
    if quote_sources:
        group_of[id(quote_sources[0])] = "Quotations"
    compared = [s for _, g in groups for s in g]
    if sources or quote_sources or compared:
        out += ["## Sources", ""]
        for s in sources + quote_sources + compared:
            if id(s) in group_of:
                out += [f"### {group_of[id(s)]}", ""]
            art = common.find_article(brief, s.citation.article)
            where = f"**{escape(s.outlet)}**"
            if s.title:
                where += f", *{escape(s.title)}*"
            if art and art.published:
                where += f" ({common.published_label(art)})"
            if art and art.url:
                where += " — " + _link(art.url)
            out += [f"{s.number}. <a id=\"source-{s.number}\"></a>{where}", ""]
            out += _quote(s.text, "   ")
            out.append("")

    if brief.entities:
        out += ["## Entities", ""]
        rows = [[cell(e.name), cell(e.type), str(len(common.entity_outlets(brief, e))), str(e.total),
                 cell(", ".join(e.variants))] for e in brief.entities]
        out += _table(["Name", "Type", "Outlets", "Mentions", "Variants"], ["---", "---", "--:", "--:", "---"],
                      rows)
        out.append("")

    if brief.articles:
        out += ["## Articles", ""]
        rows = [[cell(common.outlet_label(brief, a.outlet) if a.outlet else a.id), cell(a.title), cell(common.published_label(a) or "–"), str(common.words_kept(a)),
                 str(len(a.removed)), cell(a.url or a.source)] for a in brief.articles]
        out += _table(["Outlet", "Title", "Published", "Words kept", "Lines removed", "Source"],
                      ["---", "---", "---", "--:", "--:", "---"], rows)
        out.append("")
        credited = [a for a in brief.articles if a.credits]
        if credited:
            out += ["Credits moved out of the text:", ""]
            out += [f"- **{escape(a.outlet or a.id)}**: {escape('; '.join(a.credits))}" for a in credited]
            out.append("")

    trimmed = [a for a in brief.articles if a.removed]
    if trimmed:
        out += ["## Removed from the articles", ""]
        for a in trimmed:
            label = html.escape(f"{a.outlet or a.id} — {common.plural(len(a.removed), 'line')} removed "
                                f"({common.reason_counts(a)})")
            out += ["<details>", f"<summary>{label}</summary>", ""]
            out += _table(["Line", "Reason", "Text"], ["--:", "---", "---"],
                          [[str(r.line), cell(r.reason), cell(r.text)] for r in a.removed])
            out += ["", "</details>", ""]

    if brief.skipped:
        out += ["## Skipped inputs", ""]
        out += [f"- {escape(s.source)}: {escape(s.reason)}" for s in brief.skipped]
        out.append("")
    if brief.warnings:
        out += ["## Warnings", ""]
        out += [f"- {escape(w)}" for w in brief.warnings]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
