"""Stopping cleanly: Ctrl-C and SIGTERM end a run with one line and exit 130 or 143.

Each signal raises `Stopped` in the main thread. It is not a KeyboardInterrupt, which the
command-line library would turn into a silent exit, and not an Exception, so that no handler
of ordinary errors catches it: it unwinds every `finally` on its way out, which removes the
temporary file of an --output being written and stops the worker processes. Once the run is
over, or while it is being unwound, a further signal ends the process at once, quietly: a
Ctrl-C at shutdown never prints a traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import TextIO

_HANDLED = (signal.SIGINT, signal.SIGTERM)
_SAID = {
    signal.SIGINT: "interrupted (Ctrl-C)",
    signal.SIGTERM: "terminated (SIGTERM)",
}


class Stopped(BaseException):
    """The run was stopped by a signal; `exit_code` is the shell's 128 + its number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _stop(signum: int, _frame: FrameType | None) -> None:
    _set(_exit_now)  # the next signal, while this one unwinds, ends the process at once
    raise Stopped(signum)


def _exit_now(signum: int, _frame: FrameType | None) -> None:
    os._exit(128 + signum)


def _set(handler: Callable[[int, FrameType | None], None]) -> None:
    for signum in _HANDLED:
        signal.signal(signum, handler)


def _flush(*streams: TextIO) -> None:
    for stream in streams:
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing to do
            stream.flush()


def run(command: Callable[[], object]) -> None:
    """Run the command line with SIGINT and SIGTERM handled, exiting with its exit code."""
    _set(_stop)
    try:
        command()
    except Stopped as stopped:
        sys.stderr.write(
            f"cooperation-scorer: {_SAID.get(signal.Signals(stopped.signum), 'stopped')}; "
            "nothing was finished: no --output file was written, and any report already on "
            "standard output is incomplete\n"
        )
        _flush(sys.stdout, sys.stderr)
        # Not sys.exit: the interpreter's own exit joins the process pool's manager thread,
        # which waits forever for the rest of a result a worker was writing when it was
        # stopped. Every `finally` has already run; nothing is left to do but end.
        os._exit(stopped.exit_code)
    finally:
        _set(_exit_now)
