"""``python -m synopsis`` and the ``synopsis`` console script.

``synopsis version`` is answered before the command-line app is imported (typer, rich and click
are most of the 0.12 CPU s it took; issue 25); everything else goes to :func:`synopsis.cli.main`.
"""

import sys

#: What an interrupted run prints on stderr (then it exits with 130).
INTERRUPTED = "synopsis: interrupted; no output file was left half-written"


def main() -> None:
    _interrupt_safely()
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


def _interrupt_safely() -> None:
    """Ctrl-C raises KeyboardInterrupt as before, except inside Python's import machinery, where
    it ends the process at once (:func:`exit_interrupted`).

    A KeyboardInterrupt is raised at whatever bytecode the main thread runs, and importlib's own
    code is not safe against that: in ``_get_module_lock``'s weak-reference callback, between
    ``_imp.acquire_lock()`` and the ``try`` that releases it, the interrupt leaves the global
    import lock held for ever (the callback's exception is only printed, "Exception ignored in
    ... cb"), and the next import in any thread blocks: the run hangs, Ctrl-C gone (reproduced
    here: ``brief`` of the example interrupted about 1 s in, once in a few dozen runs; the cause of
    ``test_ctrl_c_exits_130...`` timing out in CI). Nothing of ours is written while importlib's
    code runs, so ending there leaves nothing half-written. Only Python's default handler is
    replaced (an inherited "ignore", e.g. a shell's background job, stays)."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_interrupt)


def _on_interrupt(signum, frame) -> None:
    if frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
        sys.stderr.write(INTERRUPTED + "\n")
        exit_interrupted(run_atexit=False)  # atexit handlers may import: not under a held import lock
    raise KeyboardInterrupt


def exit_interrupted(code: int = 130, *, run_atexit: bool = True) -> None:
    """End the process now with `code` (130: 128 + SIGINT, as shells expect), without waiting
    for its background threads.

    A normal exit joins every non-daemon thread: the sentence encoder's load and the encoding of
    a brief (:mod:`synopsis.models`), which are not daemons because onnxruntime torn down under a
    thread making a session aborts the process. After a Ctrl-C that wait can last seconds (a model
    still loading) or for ever: a KeyboardInterrupt that lands inside Python's import machinery
    can leave a module's import lock held by the main thread (CPython's ``_ModuleLock.acquire``
    is Python code, interruptible between taking the lock and returning), and a loader thread
    importing that module then waits for a release that never comes, while the exit waits for
    the thread. Also, Python exits through SIGINT (status -2, not 130) when the interrupt escaped
    some C-run code before it was caught. So: the ``atexit`` handlers run (a Spark run's scratch
    folder is removed there), stdout and stderr are flushed, and the process ends with
    ``os._exit``: the threads end with it, and nothing they held is torn down under them. Every
    output file is written whole or not at all (:mod:`synopsis.outputs`) before this point.
    """
    import atexit
    import os

    try:
        if run_atexit:
            atexit._run_exitfuncs()  # what a normal exit runs, in the same order
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
                pass
        os._exit(code)


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
