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


def _articles(brief: Brief) -> Table:
    table = Table(title="Articles", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  expand=True)
    table.add_column("Outlet", ratio=1, min_width=12, overflow="fold")
    table.add_column("Title", ratio=3, min_width=24, overflow="fold")
    table.add_column("Published", no_wrap=True)
    table.add_column("Words", justify="right", no_wrap=True)
    table.add_column("Removed", justify="right", no_wrap=True)
    for a in brief.articles:
        table.add_row(Text(a.outlet or a.id), Text(a.title), Text(a.published or "–"),
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
    """Print the brief: header, cited summary, who said what, articles, entities, skipped inputs, warnings."""
    console.print(_header(brief))
    console.print(Rule(style="dim"))
    if brief.summary:
        console.print(Padding(_summary(brief), (1, 0), expand=False))
    else:
        console.print(Text("No summary: no sentence could be selected.", style="yellow"))
    if brief.quotes:
        console.print(Padding(_quotes(brief), (0, 0, 1, 0), expand=False))
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
