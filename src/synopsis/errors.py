"""Errors the user can act on: each message names the input and what to do."""


class SynopsisError(Exception):
    """Base class; the CLI prints the message on one line and exits non-zero."""


class InputError(SynopsisError):
    """Input that cannot be used at all (missing path, nothing to read)."""


class SkipInput(SynopsisError):
    """One input file or record is unusable; the rest go on. Carries the reason."""
