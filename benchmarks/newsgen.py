"""Synthetic news pages for the sources and store benchmarks (written here; no real article).

Pages look like a news site's: a header with navigation, an article of `paragraphs` paragraphs
(about 600 words by default) with a byline, a photo caption and a related-links list, a
newsletter box, a footer and some script. Words come from a small invented vocabulary, seeded,
so every run builds the same pages.
"""

from __future__ import annotations

import io
import random

WORDS = ("district board engineers reservoir dam repairs council residents officials water rationing "
         "spillway inspection budget million vote emergency crews valley river bridge road school mayor "
         "hospital report agency plan schedule week month contract funding state federal county court "
         "hearing statement spokesperson customers supply levels monitoring safety cracks concrete "
         "design review panel experts warned approved delayed announced promised estimated").split()
NAMES = ("Lorna Vale", "Teodor Brandt", "Ana Ruiz", "Rafael Oduya", "Mara Quill", "Jonah Terrill", "Ines Halloran")
OUTLETS = ("Ardenport Ledger", "Valley Courier", "Riverline Radio", "Civic Lantern", "Northgate Herald")


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(12, 26))]
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), rng.choice(NAMES))
    if rng.random() < 0.2:
        words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 900)},{rng.randint(100, 999)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def article_page(i: int, *, outlet: str | None = None, paragraphs: int = 10, seed: int = 7) -> str:
    rng = random.Random(seed * 1_000_003 + i)
    outlet = outlet or OUTLETS[i % len(OUTLETS)]
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + f" ({i})"
    body = "".join(f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(2, 4)))}</p>" for _ in range(paragraphs))
    related = "".join(f'<li><a href="/news/{rng.randint(1, 10**6)}">{sentence(rng, 7)}</a></li>' for _ in range(5))
    day = 1 + i % 28
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>'
        f'<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="2026-03-{day:02d}T10:00:00Z">'
        '<script>window.dataLayer=[];function track(){return 1}</script><style>body{font:16px serif}</style></head>'
        f'<body><header><a href="/">{outlet}</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a>'
        '</li><li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>'
        f'<main><article><h1>{title}</h1><p class="byline">By {rng.choice(NAMES)}, staff writer</p>'
        f'<figure><img src="/img/{i}.jpg"><figcaption>{sentence(rng, 10)} Photo: {rng.choice(NAMES)}/{outlet}'
        f'</figcaption></figure>{body}<aside class="related"><h3>Related</h3><ul>{related}</ul></aside></article>'
        '<div class="newsletter"><p>Sign up for our newsletter to get the news delivered to your inbox.</p></div>'
        f'</main><footer><p>© 2026 {outlet}. All rights reserved.</p><ul><li><a href="/privacy">Privacy</a></li>'
        '<li><a href="/terms">Terms</a></li></ul></footer><script>track()</script></body></html>'
    )


def write_warc(path, n: int, *, seed: int = 7, paragraphs: int = 10, host: str = "news.example") -> None:
    """A gzip-per-record WARC of `n` HTML responses (plus their requests), as CC-NEWS lays them out."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(str(path), {"software": "synopsis benchmarks"}))
        for i in range(n):
            url = f"https://{OUTLETS[i % 5].lower().replace(' ', '')}.{host}/2026/03/story-{i}"
            body = article_page(i, seed=seed, paragraphs=paragraphs).encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
