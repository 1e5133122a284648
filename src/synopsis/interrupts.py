"""Ctrl-C: what an interrupted run says and how it ends at once (issue 25), shared by
:mod:`synopsis.__main__` and :mod:`synopsis.cli`."""

import sys

#: What an interrupted run prints on stderr (then it exits with 130).
INTERRUPTED = "synopsis: interrupted; no output file was left half-written"


def interrupt_safely() -> None:
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
