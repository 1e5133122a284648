"""Renderers: a Brief as terminal output, Markdown, one self-contained HTML file, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..records import Brief

FORMATS = ("terminal", "md", "html", "json")


def render(brief: Brief, fmt: str) -> str:
    """The brief as text in the given format (terminal output is rendered to plain text)."""
    if fmt == "json":
        from .to_json import to_json

        return to_json(brief)
    if fmt == "md":
        from .to_markdown import to_markdown

        return to_markdown(brief)
    if fmt == "html":
        from .to_html import to_html

        return to_html(brief)
    if fmt == "terminal":
        from .to_terminal import to_text

        return to_text(brief)
    raise ValueError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
