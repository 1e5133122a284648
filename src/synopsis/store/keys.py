"""What makes two stored articles the same: the canonical URL, and the hash of the body text."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..records import Article

_NON_WORD = re.compile(r"\W+")


@lru_cache(maxsize=4096)  # an import asks for the same URL's key three times (known?, key, aliases)
def canonical_url(url: str) -> str:
    """The URL as a key: courlan's normalisation (scheme and host lower-cased, default port,
    tracking parameters and ``index.html`` dropped, query sorted), then the ``#fragment``
    removed, which courlan keeps (ecosystem notes)."""
    from courlan import normalize_url

    try:
        normal = normalize_url(url.strip())
    except (ValueError, AttributeError):
        normal = url.strip()
    try:
        parts = urlsplit(normal)
    except ValueError:  # an unclosed "[" ("Invalid IPv6 URL"): the text itself is the key
        return normal
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def page_key(fetched_url: str, canonical: str | None = None) -> str:
    """The key of a web page: its declared canonical URL when it is on the same host and names
    a page (not the site's root, which some sites declare on every page), else the URL fetched
    (also when the page's canonical link is not a URL that urllib can split)."""
    if canonical and canonical.startswith(("http://", "https://")):
        try:
            a, b = urlsplit(fetched_url), urlsplit(canonical)
        except ValueError:
            return canonical_url(fetched_url)
        same_host = (a.hostname or "").removeprefix("www.") == (b.hostname or "").removeprefix("www.")
        if same_host and b.path.strip("/"):
            return canonical_url(canonical)
    return canonical_url(fetched_url)


def file_key(path: str | Path) -> str:
    return "file:" + str(Path(path).resolve())


def body_text(article: Article) -> str:
    """The article's text without its headline (wire copies often carry another headline)."""
    kept = [article.text[b.start:b.end] for b in article.blocks if b.kind != "title"]
    return "\n\n".join(kept) if kept else article.text


def content_hash(article: Article) -> str:
    """SHA-1 of the body's letters and digits, lower-cased: the same text whatever its spacing,
    punctuation or headline (an exact copy; near-copies are the story grouper's job)."""
    squashed = _NON_WORD.sub("", body_text(article)).lower()
    return hashlib.sha1(squashed.encode("utf-8")).hexdigest()


def text_hash(text: str) -> bytes:
    """The key of what is kept for an exact text (a sentence's vector, an article's parse):
    BLAKE2b-128 of the text (UTF-8). Exact, unlike :func:`content_hash`: the encoder and the
    parser see case, spacing and punctuation."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
