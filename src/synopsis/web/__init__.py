"""The reading room: a local web app over the store (``synopsis serve``).

Pages (server-rendered Jinja2, readable without JavaScript): the stories, with full-text search
and filters by outlet, outlet type and date; a story, with each outlet's headline and lede side
by side, the summary whose citation chips show the cited sentence on hover or keyboard focus and
open the article scrolled to it, highlighted, a fact × outlet grid, the quote ledger, figures
and their conflicts, disputes, the timeline, framing and off-event notes; an article, with its
sentences as anchors, the audit of removed lines and its metadata; and an add page (paste URLs
or feeds; progress while they are fetched, grouped and briefed). A JSON API mirrors them
(:mod:`synopsis.web.api`). htmx 2.0.11 is vendored (static/vendor, with its hashes); no build
step, no CDN, nothing fetched at run time.

Safe by default (:mod:`synopsis.web.security`): bound to 127.0.0.1, a Host allow-list, a strict
CSP with no inline script or style, every text escaped and only http(s) URLs as links,
same-origin and a custom header for changes, read-only connections for reading, and the add
page's fetches refuse private, loopback and link-local addresses unless ``--allow-private``.

Modules: ``app`` (the factory), ``pages`` and ``api`` (routes), ``story_view`` and
``article_view`` (what a page shows), ``reader`` (read-only access and the response cache),
``jobs`` (the add page's work), ``security``, ``serve`` (the command and the demo store).
"""

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
