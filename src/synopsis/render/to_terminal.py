"""The brief in the terminal (rich).

All text from the articles goes through :class:`rich.text.Text`, never through markup,
so ``[bold]`` or ``:emoji:`` in an article is shown as written.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..records import Brief, LedgerEntry
from . import common

# How each piece of a word-level difference is written and styled (the marks survive without colour).
_DIFF = {"=": ("{}", ""), "-": ("[-{}-]", "red strike"), "+": ("{{+{}+}}", "green")}


def _header(brief: Brief) -> Group:
    title = Text.assemble(("Brief: ", "bold"), (common.headline(brief), "bold"))
    meta = Text(common.overview(brief), style="dim")
    if brief.summarizer:
        meta.append(f" · summarizer {brief.summarizer}, {brief.words} words", style="dim")
    return Group(title, meta)


def _summary(brief: Brief) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for i, sentence in enumerate(brief.summary, 1):
        names = common.sentence_outlets(brief, sentence)
        line = Text(sentence.text)
        line.append(" ")
        line.append(f"[{common.source_tag(brief, sentence)}]", style="bold cyan")
        if len(names) > 1:
            line.append(" also " + ", ".join(names[1:]), style="dim")
        grid.add_row(Text(f"{i}."), line)
        if i < len(brief.summary):
            grid.add_row("", "")
    return grid


def _difference(difference: str) -> Text:
    """A word-level difference, marked ``[-removed-]`` / ``{+added+}`` (also readable without colour)."""
    line = Text()
    for op, words in common.diff_segments(difference):
        template, style = _DIFF[op]
        line.append(template.format(words), style=style)
    return line


def _ledger_entry(brief: Brief, entry: LedgerEntry) -> Group:
    head = Text(common.speaker_label(entry), style="bold" if entry.speaker else "bold yellow")
    if entry.role:
        head.append(f" ({entry.role})", style="dim")
    head.append(f" · {entry.kind}", style="magenta")
    if entry.cue:
        head.append(f" · {entry.cue}", style="dim")
    where = Text.assemble(("in ", "dim"), (", ".join(common.quote_outlets(brief, entry)), "bold cyan"))
    lines: list[Text | Padding] = [head, Text(f"“{common.one_line(entry.text)}”"), where]
    if entry.differs:
        lines.append(Text("Wordings differ:", style="dim"))
        for w in common.wordings(brief, entry):
            wording = Text.assemble((", ".join(w.outlets) + ": ", "cyan"), f"“{common.one_line(w.text)}”")
            lines.append(Padding(wording, (0, 0, 0, 2)))
            if w.difference:
                diff = Text.assemble(("difference: ", "dim"), _difference(w.difference))
                lines.append(Padding(diff, (0, 0, 0, 4)))
    return Group(*lines)


def _quotes(brief: Brief) -> Group:
    entries = common.ledger(brief)
    shown = entries[:common.TERMINAL_QUOTES]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    for i, entry in enumerate(shown):
        grid.add_row(Text("•"), _ledger_entry(brief, entry))
        if i < len(shown) - 1:
            grid.add_row("", "")
    items = [Text(common.QUOTES_TITLE, style="bold"), grid]
    if len(entries) > len(shown):
        items.append(Text(common.more_line(len(entries) - len(shown)), style="dim"))
    return Group(*items)


def _bullets(title: str, rows: list, hidden: int = 0, note: str | None = None) -> Group:
    """A titled list of rows (Text or Group), ended by a "… N more" line when capped."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    for row in rows:
        grid.add_row(Text("•"), row)
    items: list = [Text(title, style="bold")]
    if note:
        items.append(Text(note, style="dim"))
    items.append(grid)
    if hidden > 0:
        items.append(Text(common.more_line(hidden), style="dim"))
    return Group(*items)


def _off_event(brief: Brief) -> Group:
    lines = [Text.assemble((name, "bold"), (" — ", "dim"), title, (": ", "dim"), "; ".join(reasons))
             for name, title, reasons in common.off_event(brief)]
    return _notes(common.OFF_EVENT_TITLE + " (another event or a later development)", lines, "yellow")


def _consensus(brief: Brief) -> Group:
    facts = common.consensus(brief)
    shown = facts[:common.TERMINAL_CONSENSUS]
    rows = []
    for n, fact in enumerate(shown, 1):
        count = common.plural(len(common.fact_outlets(brief, fact)), "outlet")
        head = Text.assemble((f"#{n} ", "dim"), (f"[{count}] ", "bold cyan"), common.one_line(fact.text))
        first = common.fact_wordings(brief, fact)[0].outlet if fact.citations else ""
        where = Text.assemble(("in ", "dim"), (first, "cyan"))
        others = common.also_in(brief, fact)
        if others:
            where.append("; also in " + ", ".join(others), style="dim")
        rows.append(Group(head, where))
    return _bullets(common.CONSENSUS_TITLE, rows, len(facts) - len(shown))


def _unique(brief: Brief) -> Group:
    shown = brief.unique[:common.TERMINAL_UNIQUE]
    rows = [Text.assemble(common.one_line(f.text), " ", (f"[{', '.join(common.fact_outlets(brief, f))}]", "bold cyan"))
            for f in shown]
    return _bullets(common.UNIQUE_TITLE, rows, len(brief.unique) - len(shown))


def _missing(brief: Brief) -> Group:
    rows = []
    for name, facts in common.missing_facts(brief):
        lines: list = [Text.assemble((name, "bold cyan"),
                                     (f" leaves out {len(facts)} of {len(brief.consensus)}", "dim"))]
        for n, fact in facts[:common.TERMINAL_MISSING]:
            lines.append(Padding(Text.assemble((f"#{n} ", "dim"), common.shorten(fact.text, 120)), (0, 0, 0, 2)))
        if len(facts) > common.TERMINAL_MISSING:
            lines.append(Padding(Text(f"… and {len(facts) - common.TERMINAL_MISSING} more", style="dim"),
                                 (0, 0, 0, 2)))
        rows.append(Group(*lines))
    return _bullets(common.MISSING_TITLE, rows, note=f'(facts numbered as in "{common.CONSENSUS_TITLE}")')


def _figures(brief: Brief) -> Group:
    order = common.figure_order(brief)
    shown = order[:common.TERMINAL_FIGURES]
    rows = []
    for i in shown:
        entry = brief.figures[i]
        label, qualifier, counts = common.figure_heading(entry)
        line = Text(label, style="bold")
        if qualifier:
            line.append(f" ({qualifier})", style="dim")
        if counts:
            line.append(f" {counts}")
        line.append(" [" + ", ".join(common.figure_outlets(entry)) + "]", style="cyan")
        conflict = common.conflict_line(brief, entry)
        if conflict:
            line.append(f"  ⚠ {conflict}", style="bold red")
        rows.append(line)
    return _bullets(common.FIGURES_TITLE, rows, len(order) - len(shown))


def _disputes(brief: Brief) -> Group:
    rows = []
    for d in brief.disputes:
        lines: list = []
        for k, side in enumerate(common.dispute_sides(d)):
            line = Text.assemble((side.party, "bold"), (f" ({side.role})" if side.role else "", "dim"),
                                 f" says: {common.one_line(side.text)}",
                                 (" [" + ", ".join(common.side_outlets(side)) + "]", "cyan"))
            lines.append(Padding(line, (0, 0, 0, 2 if k else 0)))
        rows.append(Group(*lines))
    return _bullets(common.DISPUTES_TITLE, rows)


def _timeline(brief: Brief) -> Group:
    events = common.timeline(brief)
    shown = events[:common.TERMINAL_TIMELINE]
    unresolved = [e for e in events if not (e.resolved and e.date)]
    if unresolved and len(shown) < len(events):  # unresolved events are listed even when the list is capped
        shown = shown[:max(0, common.TERMINAL_TIMELINE - len(unresolved))] + unresolved
    rows = []
    for e in shown:
        resolved = bool(e.resolved and e.date)
        rows.append(Text.assemble((common.event_date(e), "bold" if resolved else "yellow"), "  ",
                                  common.one_line(e.event),
                                  (" [" + ", ".join(common.event_outlets(e)) + "]", "cyan")))
    return _bullets(common.TIMELINE_TITLE, rows, len(events) - len(shown))


def _framing(brief: Brief) -> Group:
    rows = []
    for of in common.framing_outlets(brief):
        rows.append(Group(
            Text(of.outlet, style="bold cyan"),
            Text.assemble(("headline: ", "dim"), common.one_line(of.headline)),
            Text.assemble(("lede: ", "dim"), common.shorten(of.lede, 200) or "–"),
            Text.assemble(("voices: ", "dim"), common.voices_line(of)),
            Text.assemble(("sub-topics: ", "dim"), common.topics_line(of)),
            Text.assemble(("loaded words: ", "dim"), common.loaded_line(of))))
    group = _bullets(common.FRAMING_TITLE, rows)
    explanation = common.loaded_explanation(brief)
    if explanation:
        return Group(group, Text.assemble(("Loaded words: ", "dim bold"), (explanation, "dim")))
    return group


def _comparison(brief: Brief) -> list[Group]:
    """The comparison sections that have something to show, in display order."""
    out = []
    if brief.consensus:
        out.append(_consensus(brief))
    if brief.unique:
        out.append(_unique(brief))
    if common.missing_facts(brief):
        out.append(_missing(brief))
    if brief.figures:
        out.append(_figures(brief))
    if brief.disputes:
        out.append(_disputes(brief))
    if brief.timeline:
        out.append(_timeline(brief))
    if common.framing_outlets(brief):
        out.append(_framing(brief))
    return out


def _articles(brief: Brief) -> Table:
    table = Table(title="Articles", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  expand=True)
    table.add_column("Outlet", ratio=1, min_width=12, overflow="fold")
    table.add_column("Title", ratio=3, min_width=24, overflow="fold")
    table.add_column("Published", no_wrap=True)
    table.add_column("Words", justify="right", no_wrap=True)
    table.add_column("Removed", justify="right", no_wrap=True)
    for a in brief.articles:
        table.add_row(Text(common.outlet_label(brief, a.outlet) if a.outlet else a.id), Text(a.title), Text(common.published_label(a) or "–"),
                      Text(str(common.words_kept(a))), Text(str(len(a.removed))))
    return table


def _entities(brief: Brief) -> Table:
    shown = brief.entities[:common.TERMINAL_ENTITIES]
    table = Table(title="Top entities", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  expand=True)
    table.add_column("Name", ratio=3, overflow="fold")
    table.add_column("Type")
    table.add_column("Outlets", justify="right")
    table.add_column("Mentions", justify="right")
    table.add_column("Variants", ratio=4, overflow="fold")
    for e in shown:
        table.add_row(Text(e.name), Text(e.type), Text(str(len(common.entity_outlets(brief, e)))),
                      Text(str(e.total)), Text(", ".join(e.variants), style="dim"))
    if len(brief.entities) > len(shown):
        table.caption = f"{len(shown)} of {len(brief.entities)} shown; see --format md, html or json for all"
        table.caption_justify = "left"
    return table


def _notes(title: str, lines: list[Text], style: str) -> Group:
    items = [Text(), Text(title, style=f"bold {style}")]
    items += [Text.assemble(("• ", style), line) for line in lines]
    return Group(*items)


def print_brief(brief: Brief, console: Console) -> None:
    """Print the brief: header, off-event notice, cited summary, who said what, the comparison sections,
    articles, entities, skipped inputs, warnings."""
    console.print(_header(brief))
    if brief.off_event:
        console.print(_off_event(brief))
    console.print(Rule(style="dim"))
    if brief.summary:
        console.print(Padding(_summary(brief), (1, 0), expand=False))
    else:
        console.print(Text("No summary: no sentence could be selected.", style="yellow"))
    if brief.quotes:
        console.print(Padding(_quotes(brief), (0, 0, 1, 0), expand=False))
    for section in _comparison(brief):
        console.print(Padding(section, (0, 0, 1, 0), expand=False))
    if brief.articles:
        console.print(_articles(brief))
    if brief.entities:
        console.print(_entities(brief))
    if brief.skipped:
        lines = [Text.assemble(s.source, (": ", "dim"), s.reason) for s in brief.skipped]
        console.print(_notes("Skipped inputs", lines, "yellow"))
    if brief.warnings:
        console.print(_notes("Warnings", [Text(w) for w in brief.warnings], "yellow"))


def to_text(brief: Brief) -> str:
    """The terminal view as plain text, 100 columns wide."""
    console = Console(record=True, width=100, file=io.StringIO(), color_system=None, highlight=False)
    print_brief(brief, console)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"
