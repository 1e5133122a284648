"""``python -m synopsis`` and the ``synopsis`` console script.

``synopsis version`` is answered before the command-line app is imported (typer, rich and click
are most of the 0.12 CPU s it took; issue 25); everything else goes to :func:`synopsis.cli.main`.
"""

import sys

from .interrupts import INTERRUPTED, exit_interrupted, interrupt_safely


#: The garbage collector's thresholds in a command's process (Python's defaults: 700, 10, 10).
GC_THRESHOLDS = (10_000, 50, 1_000)


def main() -> None:
    interrupt_safely()
    _fewer_collections()
    try:
        if sys.argv[1:] == ["version"]:
            from . import __version__

            print(f"synopsis {__version__}")
            return
        from .cli import main as cli_main  # a Ctrl-C while this imports is caught below

        cli_main()
    except KeyboardInterrupt:  # before cli.main could catch it: nothing was written yet
        sys.stderr.write(INTERRUPTED + "\n")
        exit_interrupted()
    finally:
        _spare_the_final_collections()


def _fewer_collections() -> None:
    """A young collection after every 10,000 new container objects instead of 700
    (:data:`GC_THRESHOLDS`). A cold brief creates millions of objects while it imports its
    libraries, loads spaCy's pipeline and parses, nearly all of them kept to the end (modules,
    the models, the Docs), and Python's default thresholds walked them in about 270 collections,
    2 of them full: 0.30-0.43 CPU s of the brief's own process at load 8 (gc callbacks, 5 runs),
    against 0.11-0.15 s in 19 collections with these thresholds; the process's CPU 4.96 -> 4.66 s
    (medians, 5 interleaved runs). What the collector frees is the same, only later; reference
    counting frees everything else at once as before. Only a command's process is set so, as a
    program sets its own (a library call leaves its caller's collector alone)."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)


def _spare_the_final_collections() -> None:
    """The process ends next: every object it holds is frozen out of the garbage collector's
    sight (``gc.freeze``), so the collections of the interpreter's teardown do not walk them all
    again (spaCy's pipeline, the encoder, the brief: about 100,000 objects; 0.2 of the 0.26 CPU s
    the teardown took after a cold ``synopsis brief``). Atexit handlers, thread joins and the
    release of every object freed by reference counting are as before; what only a collection
    would free (objects in reference cycles) is left to the operating system, as the end of a
    process leaves the rest of its memory. Every file the commands write is closed before this
    (:mod:`synopsis.outputs`; the store's connections by their context managers)."""
    import gc

    gc.freeze()


if __name__ == "__main__":
    main()
