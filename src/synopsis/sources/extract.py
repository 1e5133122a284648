"""Prepare a web page for main-text extraction: structural rules applied to the HTML tree
before trafilatura reads it.

trafilatura (Barbaresi 2021) finds the main content well, but four page structures defeat it,
and each is visible in the tree, not in the extracted text:

- **hidden copies**: markup the browser never shows (inline ``display:none`` or
  ``visibility:hidden``, the ``hidden`` attribute): schema.org blocks that repeat the article,
  collapsed menus, templates. They are dropped.
- **related-posts sections**: a heading that opens a list of teasers ("Related", "You may also
  like", or a heading whose class says ``related…title``): the heading and everything after it
  in its container are dropped, when the page has article text before it and the main heading
  (``h1``) is not in what would go. Containers whose class or id names them as related,
  recommended, promotional or newsletter blocks are dropped when they hold under 30% of the
  page's paragraph text (so a mislabelled article body is never lost).
- **lists of links**: a ``ul``/``ol`` whose items are all links and whose text is at least 90%
  link text is navigation or a list of headlines, not prose.
- **bodies split into chunks**: pages that cut the article into sibling blocks of one class
  around advertisements (``<div class="article-body">`` … ad … ``<div class="article-body">``).
  trafilatura keeps the first block only; the chunks are joined into the first one. Only blocks
  whose class names content (body, content, article, text, story, entry, chunk), that hold
  paragraphs and share a parent or grandparent are joined.

Embedded social posts (``blockquote`` with a tweet or Instagram class) lose that class, so their
text is kept as a quotation (trafilatura discards ``embed`` classes wholesale); the cleaner still
removes their location and archive notices.

Measured on the Zyte article-extraction benchmark's dev half (``synopsis evaluate extraction``);
no rule names a site, a class string of a particular page, or text of the dev set.
"""

from __future__ import annotations

import re

import lxml.html

_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
_RELATED_HEADING = re.compile(
    r"^\s*(related|more (stories|articles|news|from|on)|you (may|might) (also )?(like|enjoy)|recommended|"
    r"read (more|also|next)|most (read|popular|viewed)|trending|also on)\b", re.I)
_RELATED_KEY = re.compile(r"related", re.I)
_HEADING_KEY = re.compile(r"title|head", re.I)
_RELATED_CONTAINER = re.compile(
    r"related|recommend|more-(stories|articles|news)|read-?more|you-may-like|also-like|newsletter|promo|"
    r"subscribe|signup|sign-up|author-?bio|about-the-author|outbrain|taboola", re.I)
_CONTENT_CLASS = re.compile(r"body|content|article|text|story|entry|chunk", re.I)
_EMBED_CLASS = re.compile(r"tweet|instagram", re.I)
#: Article text that must come before a related-posts heading for it to count as one.
MIN_TEXT_BEFORE_RELATED = 500
#: A container named as related/promotional goes only when it holds less than this share of the page's paragraph text.
MAX_RELATED_SHARE = 0.3
#: A list is links when this share of its text is link text.
LINK_LIST_SHARE = 0.9


def parse_page(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree, as trafilatura parses it (encoding declarations and broken markup handled)."""
    from trafilatura.utils import load_html

    return load_html(html)


def prepare_page(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Apply the structural rules of this module to `tree`, in place, and return it."""
    _drop_hidden(tree)
    _drop_related_sections(tree)
    _drop_link_lists(tree)
    _join_split_bodies(tree)
    _keep_embedded_posts(tree)
    _drop_related_containers(tree)
    return tree


def _elements(tree, *tags):
    """Elements (not comments or processing instructions) still attached, as a list (safe to mutate)."""
    return [el for el in (tree.iter(*tags) if tags else tree.iter())
            if isinstance(el.tag, str) and el.getparent() is not None]


def _key(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _paragraph_chars(el) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def _drop_hidden(tree) -> None:
    for el in _elements(tree):
        if el.getparent() is None:  # inside a subtree already dropped
            continue
        if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            el.drop_tree()


def _paragraph_chars_before(tree, node) -> int:
    total = 0
    for el in tree.iter():
        if el is node:
            break
        if el.tag == "p":
            total += len(el.text_content())
    return total


def _drop_related_sections(tree) -> None:
    for el in _elements(tree, "h2", "h3", "h4", "h5", "div", "span", "p"):
        parent = el.getparent()
        if parent is None:
            continue
        key = _key(el)
        heading = el.tag.startswith("h") and _RELATED_HEADING.search(el.text_content() or "")
        if not (heading or (_RELATED_KEY.search(key) and _HEADING_KEY.search(key))):
            continue
        siblings = list(parent)
        rest = siblings[siblings.index(el):]
        if any(e.tag == "h1" or e.find(".//h1") is not None for e in rest if isinstance(e.tag, str)):
            continue
        if _paragraph_chars_before(tree, el) < MIN_TEXT_BEFORE_RELATED:
            continue
        for e in rest:
            if e.getparent() is not None:
                e.drop_tree()


def _text_length(el) -> int:
    return len(" ".join(el.text_content().split()))


def _drop_link_lists(tree) -> None:
    for lst in _elements(tree, "ul", "ol"):
        if lst.getparent() is None:
            continue
        items = [li for li in lst if li.tag == "li"]
        if len(items) < 2 or any(li.find(".//a") is None for li in items):
            continue
        total = _text_length(lst)
        if total and sum(_text_length(a) for a in lst.iter("a")) >= LINK_LIST_SHARE * total:
            lst.drop_tree()


def _ancestor(el, levels: int):
    for _ in range(levels):
        if el is None:
            return None
        el = el.getparent()
    return el


def _join_split_bodies(tree) -> None:
    groups: dict[tuple[str, str], list] = {}
    for el in _elements(tree, "div", "section"):
        cls = el.get("class")
        if cls and _CONTENT_CLASS.search(cls) and el.find("p") is not None:
            groups.setdefault((el.tag, cls), []).append(el)
    for chunks in groups.values():
        if len(chunks) < 2:
            continue
        first = chunks[0]
        for levels in (1, 2):
            anchor = _ancestor(first, levels)
            if anchor is not None and all(_ancestor(c, levels) is anchor for c in chunks):
                break
        else:
            continue
        for chunk in chunks[1:]:
            if chunk.getparent() is None or any(a is chunk for a in first.iterancestors()):
                continue
            for child in list(chunk):
                first.append(child)
            chunk.drop_tree()


def _keep_embedded_posts(tree) -> None:
    for quote in _elements(tree, "blockquote"):
        if _EMBED_CLASS.search(quote.get("class") or ""):
            del quote.attrib["class"]


def _drop_related_containers(tree) -> None:
    total = _paragraph_chars(tree) or 1
    for el in _elements(tree, "aside", "section", "div", "article", "ul", "ol", "h2", "h3", "h4", "figure"):
        if el.getparent() is None:
            continue
        if (_RELATED_CONTAINER.search(_key(el)) and el.find(".//h1") is None
                and _paragraph_chars(el) < MAX_RELATED_SHARE * total):
            el.drop_tree()
