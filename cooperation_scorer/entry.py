"""The console script's entry: signals are quiet from the first instant, then the CLI runs.

Importing the command line takes a moment; a Ctrl-C or SIGTERM in that moment ends the
process at once with one line, 130 or 143, and no traceback. Once running, `cli.signals`
takes over."""

from __future__ import annotations

import os
import signal
from types import FrameType


def _stopped_while_starting(signum: int, _frame: FrameType | None) -> None:
    said = "interrupted (Ctrl-C)" if signum == signal.SIGINT else "terminated (SIGTERM)"
    os.write(2, f"cooperation-scorer: {said} while starting; nothing was done\n".encode())
    os._exit(128 + signum)


def main() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stopped_while_starting)
    from cooperation_scorer.cli import main as run_command_line

    run_command_line()
