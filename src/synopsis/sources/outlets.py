"""Outlet names that read well, and what the user says about each outlet.

Order (:func:`synopsis.ingest.outlet_name`): the user's outlets file, else the page's site
name, else the table of well-known news domains kept in ``news_domains.json`` (facts:
``nbcnews.com`` -> "NBC News"; a subdomain such as ``www.`` or ``edition.`` is looked up
through its parent domains), else the domain, else the file name.

The user's file (``--outlets outlets.json`` or ``outlets.toml``) maps a file name, stem, domain
or source to an outlet name, or to a table that also gives the outlet's ``type`` (news,
opinion, advocacy, wire, ...) and ``lean`` (free text: "left", "centre-right", ...), which
briefs show beside the outlet's name::

    # outlets.toml
    "a.txt" = "Ardenport Ledger"
    ["nbcnews.com"]
    name = "NBC News"
    type = "news"
    lean = "centre-left"
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError
from ..records import OutletProfile

#: Outlet types a user file may give (others are refused with this list).
OUTLET_TYPES = ("news", "opinion", "advocacy", "wire", "public broadcaster", "magazine", "blog", "press release",
                "government", "other")


@dataclass(slots=True)
class OutletBook:
    """A user's outlets file: names by key, and profiles by outlet name."""

    names: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, OutletProfile] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    data = json.loads(resources.files(__package__).joinpath("news_domains.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def known_outlet(domain: str | None) -> str | None:
    """The outlet name of a well-known news domain (or of a parent domain), else None."""
    if not domain:
        return None
    table = _known()
    parts = domain.lower().strip(".").split(".")
    for i in range(len(parts) - 1):
        name = table.get(".".join(parts[i:]))
        if name:
            return name
    return None


def outlet_origin(article, names: dict[str, str]) -> str:
    """Where a cleaned article's outlet name came from, as far as the record tells: "user file",
    "file name" (no URL, and the name is the file's stem), else "page or domain"."""
    if article.outlet in names.values():
        return "user file"
    if not article.url and article.source and article.outlet == Path(article.source.split(":")[0]).stem:
        return "file name"
    return "page or domain"


def file_name_fallbacks(articles, names: dict[str, str]) -> list:
    """Articles whose outlet is only their file's name (to say so once and offer a template)."""
    return [a for a in articles if outlet_origin(a, names) == "file name"]


def read_outlets(path: str | Path) -> OutletBook:
    """Read a ``.json`` or ``.toml`` outlets file; bad files raise :class:`InputError` saying what to fix."""
    from ..files import file_problem

    path = Path(path)
    problem = file_problem(path, "give a .json or .toml file") if not path.is_dir() and (
        path.exists() or path.is_symlink()) else None
    if problem:  # a named pipe would block the read forever
        raise InputError(f"{path}: {problem}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; give a .json or .toml file mapping file names or domains "
                         "to outlets (`synopsis outlets INPUTS` writes a template)") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from None
    if path.suffix.lower() == ".toml":
        import tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise InputError(f"{path}: not valid TOML ({err}); give lines like \"a.txt\" = \"Outlet\"") from None
    else:
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError(f"{path}: not valid JSON ({err}); give an object like {{\"a.txt\": \"Outlet\"}}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: must be an object (JSON) or a table (TOML) of name -> outlet")
    book = OutletBook()
    for key, value in data.items():
        if isinstance(value, str):
            book.names[str(key)] = value
            continue
        if not isinstance(value, dict) or not isinstance(value.get("name", key), str):
            raise InputError(f"{path}: {key!r} must map to an outlet name, or to a table with name, type, lean")
        unknown = set(value) - {"name", "type", "lean"}
        if unknown:
            raise InputError(f"{path}: {key!r} has unknown field(s) {', '.join(sorted(unknown))}; "
                             "use name, type and lean")
        name = value.get("name") or str(key)
        kind = value.get("type")
        if kind is not None and kind not in OUTLET_TYPES:
            raise InputError(f"{path}: {key!r} has type {kind!r}; use one of {', '.join(OUTLET_TYPES)}")
        lean = value.get("lean")
        if lean is not None and not isinstance(lean, str):
            raise InputError(f"{path}: {key!r}: lean must be text (e.g. \"centre-left\")")
        book.names[str(key)] = name
        if kind or lean:
            book.profiles[name] = OutletProfile(kind, lean)
    return book


def template(entries: list[tuple[str, str]], fmt: str = "toml") -> str:
    """An outlets file to edit: one entry per (key, current outlet name)."""
    if fmt == "json":
        return json.dumps({k: {"name": v, "type": "news", "lean": ""} for k, v in entries}, ensure_ascii=False,
                          indent=2) + "\n"
    lines = ["# Outlets of your articles: fix each name; type is one of " + ", ".join(OUTLET_TYPES) + ";",
             "# lean is free text (left, centre, right, ...) or leave it out. Then: --outlets this-file.toml", ""]
    for key, name in entries:
        lines += [f"[{json.dumps(key, ensure_ascii=False)}]", f"name = {json.dumps(name, ensure_ascii=False)}",
                  'type = "news"', '# lean = ""', ""]
    return "\n".join(lines)
