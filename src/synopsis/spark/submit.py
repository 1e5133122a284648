"""The script to give ``spark-submit``: ``spark-submit [its options] .../synopsis/spark/submit.py
INPUT... --out DIR [options of synopsis spark]`` runs ``synopsis spark`` on spark-submit's master
(print this file's path with ``python -m synopsis.spark.submit --path``). The README's scale
section has the cluster recipe (a packed venv shipped with ``--archives``)."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--path"]:
        print(__file__)
        return
    from synopsis.cli import main as cli_main

    sys.argv = ["synopsis", "spark", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
