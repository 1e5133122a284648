"""Check that examples/labels.json matches the example articles in examples/event/."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVENT = HERE / "event"
ALLOWED = {"title", "dek", "body", "subhead", "caption", "footer", "boilerplate"}


def html_text(raw: str) -> str:
    """All visible text of a page, tags removed and entities decoded, one element per line."""
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r"<[^>]+>", "\n", raw)
    lines = (" ".join(html.unescape(line).split()) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def main() -> int:
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    outlets = json.loads((HERE / "outlets.json").read_text(encoding="utf-8"))
    errors: list[str] = []
    files = sorted(p.name for p in EVENT.iterdir())
    texts: dict[str, str] = {}
    for name in files:
        raw = (EVENT / name).read_text(encoding="utf-8")
        texts[name] = html_text(raw) if name.endswith(".html") else raw
    if sorted(labels["articles"]) != files:
        errors.append(f"labelled articles {sorted(labels['articles'])} != files {files}")
    for name in files:
        if name not in outlets:
            errors.append(f"outlets.json has no entry for {name}")

    for name, art in labels["articles"].items():
        if name.endswith(".txt"):
            lines = (EVENT / name).read_text(encoding="utf-8").split("\n")
            given = art["line_labels"]
            for number, line in enumerate(lines, start=1):
                label = given.get(str(number))
                if line.strip() and label is None:
                    errors.append(f"{name}:{number}: non-empty line has no label: {line[:50]!r}")
                if not line.strip() and label is not None:
                    errors.append(f"{name}:{number}: empty line has label {label!r}")
                if label is not None and label not in ALLOWED:
                    errors.append(f"{name}:{number}: unknown label {label!r}")
            for key in given:
                if not 1 <= int(key) <= len(lines):
                    errors.append(f"{name}: label for line {key} is past the end of the file")
        else:
            text = texts[name]
            if art["title"] not in text:
                errors.append(f"{name}: title not found")
            position = 0
            for prefix in art["kept_paragraph_prefixes"]:
                found = text.find(prefix, position)
                if found < 0:
                    errors.append(f"{name}: kept prefix missing or out of order: {prefix!r}")
                else:
                    position = found + len(prefix)
            for prefix in art["dropped_prefixes"]:
                if prefix not in text and prefix not in " ".join(text.split("\n")):
                    errors.append(f"{name}: dropped prefix not found: {prefix!r}")

    for quote in labels["quotes"]:
        if quote["starts_with"] not in texts.get(quote["file"], ""):
            errors.append(f"quote not found verbatim in {quote['file']}: {quote['starts_with']!r}")
    for item in labels["not_quotes"] + labels["document_quotes"]:
        if item["text"] not in texts[item["file"]]:
            errors.append(f"{item['file']}: {item['text']!r} not found")
    everything = "\n".join((EVENT / n).read_text(encoding="utf-8") for n in files)
    for item in labels["not_figures"]:
        if item not in everything:
            errors.append(f"not-figure {item!r} does not occur in any file")
    listed = [f for group in ("figures", "unrelated_figures", "consensus", "timeline") for x in labels[group] for f in x["files"]]
    listed += [q["file"] for q in labels["quotes"]] + list(labels["off_event"])
    for name in set(listed) - set(files):
        errors.append(f"labels refer to a missing file: {name}")

    for error in errors:
        print(error)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
