"""The story page's view of a brief: records with attribute access, tooltips, chips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synopsis.web.story_view import Cite, Record, parse_brief, text_hash

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "synopsis" / "schema" / "brief.schema.json"


def property_names(node) -> set[str]:
    names = set()
    if isinstance(node, dict):
        names |= set(node.get("properties", {}))
        for value in node.values():
            names |= property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= property_names(value)
    return names


def test_no_field_of_the_contract_is_shadowed_by_a_dict_method():
    names = property_names(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert {"summary", "citations", "start", "outlets"} <= names
    assert not names & set(dir(dict)), names & set(dir(dict))


def test_records_read_like_objects_and_stay_dicts():
    brief = parse_brief('{"articles": [{"id": "1", "text": "abc"}], "missing": {"A / B": [0, 2]}}')
    assert brief.article("1").text == "abc" and dict(brief.missing.items()) == {"A / B": [0, 2]}
    with pytest.raises(AttributeError):
        brief.nothing_here  # noqa: B018
    assert getattr(Record(a=1), "b", None) is None
    with pytest.raises(KeyError):
        brief.article("2")


@pytest.mark.parametrize("field", ["label", "text", "outlet", "how", "article_title"])
def test_chip_escapes_every_value(field):
    values = dict(tip="t1", outlet="O", label="L", text="T", how="H", href="/articles/1", article_title="A")
    values[field] = '"><img src=x onerror=alert(1)>'
    html = str(Cite(**values).html)
    assert "<img" not in html and "&lt;img" in html


def test_chip_without_a_link_is_still_focusable_and_links_only_to_articles():
    assert 'tabindex="0"' in str(Cite("t1", "O", "L", "T", "H", None).html)
    assert 'href="/articles/1?hl=1-2&amp;h=' + text_hash("x") in \
        str(Cite("t1", "O", "L", "T", "H", f"/articles/1?hl=1-2&h={text_hash('x')}#hl").html)
