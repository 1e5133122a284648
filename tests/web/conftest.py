"""The web tests' fixtures live in web_fixtures.py (importable by name from the test modules)."""

from web_fixtures import (  # noqa: F401 (fixtures)
    book,
    browser,
    client,
    ids,
    live_server,
    outlets_file,
    page,
    web_dir,
    web_store,
)
