"""Golden outputs: the whole pipeline's JSON, byte for byte.

A refactoring that only moves code must leave every output here identical; a change of behaviour
updates them in a commit of its own that says what changed and why. Regenerate with

    SYNOPSIS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review ``git diff tests/golden``.

What is compared:

- the bundled example (written for this project): the brief's JSON (``brief_to_dict`` without
  ``generator.version``), ``synopsis quotes --format json`` and every file ``synopsis stories``
  writes (story JSON with briefs, story and index HTML, stories.json, assignments.jsonl, the state);
- the seeds and a few dev-set clusters (DUC 2003, TAC 2011, Multi-News val) briefed as a user would.
  Their text must never be copied into this repository, so only the SHA-256 of each top-level
  section of their JSON is kept (``tests/golden/shared.sha256.json``).

Encoder noise: the sentence encoder's floats differ in the last digits between CPUs (onnxruntime
and torch pick different kernels for AVX2 and AVX-512), so a printed cosine can round to 0.729 on
one machine and 0.73 on another while every decision is the same. The example's ``similarity``
values are therefore compared within ``SIMILARITY_TOLERANCE``, and the digests of the shared sets
are taken with ``similarity`` left out (every decision, citation and text stays in them). The full JSON that matches
  the digests is kept in ``tests/golden/local/`` (ignored by git) whenever a run matches them, so a
  mismatch on the same machine prints a readable diff against it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os

import pytest

from paths import EXAMPLE, ROOT, SHARED, need_shared

GOLDEN = ROOT / "tests" / "golden"
LOCAL = GOLDEN / "local"
UPDATE = os.environ.get("SYNOPSIS_UPDATE_GOLDEN") == "1"


def _portable(text: str) -> str:
    """Paths as seen from the repository root, so the files match on any machine."""
    return text.replace(str(ROOT) + "/", "").replace(str(SHARED), "../shared")


def _dump(data) -> str:
    return _portable(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)) + "\n"


#: How far a printed cosine may move between CPUs before the golden test calls it a change.
SIMILARITY_TOLERANCE = 0.005
#: The keys whose values are cosines of the sentence encoder (see "Encoder noise" above).
ENCODER_FLOAT_KEYS = frozenset({"similarity"})


def _without_encoder_floats(data):
    """`data` with every encoder cosine replaced by None: what the digests of the shared sets see."""
    if isinstance(data, dict):
        return {key: None if key in ENCODER_FLOAT_KEYS and isinstance(value, float)
                else _without_encoder_floats(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_encoder_floats(value) for value in data]
    return data


def _same_within_tolerance(old, new) -> bool:
    """True when `old` and `new` are equal but for encoder cosines within SIMILARITY_TOLERANCE."""
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return False
        return all((abs(old[k] - new[k]) <= SIMILARITY_TOLERANCE
                    if k in ENCODER_FLOAT_KEYS and isinstance(old[k], (int, float))
                    and isinstance(new[k], (int, float)) else _same_within_tolerance(old[k], new[k]))
                   for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same_within_tolerance(a, b) for a, b in zip(old, new))
    return type(old) is type(new) and old == new


def _brief_dict(brief) -> dict:
    from synopsis.render.to_json import brief_to_dict

    data = brief_to_dict(brief)
    data["generator"].pop("version")
    return data


def _diff(old: str, new: str, name: str) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), f"golden/{name}", f"now/{name}", n=2,
                                 lineterm="")
    out = list(lines)
    return "\n".join(out[:120]) + (f"\n... {len(out) - 120} more diff lines" if len(out) > 120 else "")


def check_file(name: str, text: str) -> None:
    """Compare `text` with tests/golden/<name> byte for byte (or write it when updating)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run with SYNOPSIS_UPDATE_GOLDEN=1 to create it"
    old = path.read_text(encoding="utf-8")
    if old != text and name.endswith(".json"):
        try:
            if _same_within_tolerance(json.loads(old), json.loads(text)):
                return
        except ValueError:
            pass
    assert old == text, f"{name} differs from the golden output:\n{_diff(old, text, name)}"


def check_shared(name: str, data: dict) -> None:
    """Compare the SHA-256 of each section of `data` with tests/golden/shared.sha256.json.

    tests/golden/local/<name>.json keeps the full output that matches the table (written when the
    table is written, or whenever a run matches it), <name>.now.json the output of the last run that
    did not: the diff between the two is what a mismatch reports."""
    digests = {key: hashlib.sha256(_dump(_without_encoder_floats(value)).encode("utf-8")).hexdigest()
               for key, value in data.items()}
    text = _dump(data)
    LOCAL.mkdir(parents=True, exist_ok=True)
    kept, now = LOCAL / f"{name}.json", LOCAL / f"{name}.now.json"
    table_path = GOLDEN / "shared.sha256.json"
    table = json.loads(table_path.read_text(encoding="utf-8")) if table_path.exists() else {}
    if UPDATE:
        table[name] = digests
        table_path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert name in table, f"{table_path} has no entry {name!r}: run with SYNOPSIS_UPDATE_GOLDEN=1"
    changed = [key for key in sorted(set(table[name]) | set(digests)) if table[name].get(key) != digests.get(key)]
    if not changed:
        kept.write_text(text, encoding="utf-8")
        now.unlink(missing_ok=True)
        return
    now.write_text(text, encoding="utf-8")
    detail = _diff(kept.read_text(encoding="utf-8"), text, name) if kept.exists() else (
        f"(no copy of the golden output on this machine to diff against; the current output is in {now})")
    raise AssertionError(f"{name}: sections {', '.join(changed)} differ from the golden digests\n{detail}")


# --- the bundled example ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_outlets() -> dict[str, str]:
    return json.loads((ROOT / "examples" / "outlets.json").read_text(encoding="utf-8"))


def test_example_brief(example_brief):
    check_file("example.brief.json", _dump(_brief_dict(example_brief)))


def test_example_quotes(example_outlets):
    import synopsis
    from synopsis.core import reading_order
    from synopsis.render.to_json import quotes_to_dict

    loaded = synopsis.load_articles([EXAMPLE], synopsis.Options(outlets=example_outlets))
    articles = reading_order(loaded.articles)
    check_file("example.quotes.json", _dump(quotes_to_dict(articles, synopsis.quote_ledger_of(articles))))


def test_example_stories(tmp_path, example_outlets):
    import synopsis
    from synopsis.stories import write_stories

    options = synopsis.Options(outlets=example_outlets)
    loaded = synopsis.load_articles([EXAMPLE], options)
    out = tmp_path / "stories"
    write_stories(loaded, out, state=tmp_path / "state.json", brief_options=options)
    names = sorted(p.name for p in out.iterdir()) + ["state.json"]
    check_file("example.stories/files.txt", "\n".join(names) + "\n")
    from synopsis import __version__

    for name in names:
        path = out / name if name != "state.json" else tmp_path / name
        text = path.read_text(encoding="utf-8").replace(f"synopsis {__version__}", "synopsis <version>")
        if name.endswith(".json") and name not in ("stories.json", "state.json"):
            data = json.loads(text)
            if "brief" in data:
                data["brief"]["generator"].pop("version")
            text = _dump(data)
        check_file(f"example.stories/{name}", _portable(text))


# --- the seeds and dev-set clusters (digests only: their text stays in ../shared) ---------------


def test_seeds_brief(seeds_brief):
    check_shared("seeds.brief", _brief_dict(seeds_brief))


def test_seeds_quotes(seeds_dir):
    import synopsis
    from synopsis.core import reading_order
    from synopsis.render.to_json import quotes_to_dict

    articles = reading_order(synopsis.load_articles(sorted(seeds_dir.glob("*.txt"))).articles)
    check_shared("seeds.quotes", quotes_to_dict(articles, synopsis.quote_ledger_of(articles)))


#: (name, data set, path below ../shared, clusters taken from the start of the set)
DEV_CLUSTERS = [
    ("duc", ("data", "summarization", "duc2003"), 2),
    ("tac", ("data", "summarization", "tac2011-multiling-en"), 1),
    ("multinews", ("data", "summarization", "multinews", "multinews_val.jsonl.gz"), 3),
]


@pytest.mark.parametrize("dataset, parts, count", DEV_CLUSTERS, ids=[d[0] for d in DEV_CLUSTERS])
def test_dev_cluster_briefs(dataset, parts, count):
    import synopsis
    from synopsis.evaluate.summaries import cluster_articles, read_clusters

    path = need_shared(*parts)
    for cluster in read_clusters(dataset, path, limit=count):
        brief = synopsis.brief(cluster_articles(cluster))
        check_shared(f"{dataset}.{cluster.id}.brief", _brief_dict(brief))


# --- the comparison itself ----------------------------------------------------------------------


@pytest.mark.parametrize("old, new, same", [
    ({"similarity": 0.729, "text": "a"}, {"similarity": 0.73, "text": "a"}, True),
    ({"similarity": 0.729}, {"similarity": 0.74}, False),
    ({"similarity": 0.729, "text": "a"}, {"similarity": 0.729, "text": "b"}, False),
    ({"salience": 0.729}, {"salience": 0.73}, False),
    ([{"similarity": 1.0}], [{"similarity": 1.0}, {"similarity": 1.0}], False),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),
])
def test_encoder_noise_tolerance(old, new, same):
    assert _same_within_tolerance(old, new) is same


def test_digests_leave_out_only_encoder_cosines():
    data = {"summary": [{"similarity": 0.5, "salience": 0.25, "citations": [{"similarity": 0.9, "start": 3}]}]}
    assert _without_encoder_floats(data) == {
        "summary": [{"similarity": None, "salience": 0.25, "citations": [{"similarity": None, "start": 3}]}]}
