"""The console script's entry: signals are quiet from the first instant, then the CLI runs.

Importing the command line takes a moment; a Ctrl-C or SIGTERM in that moment ends the
process at once with one line, 130 or 143, and no traceback. Once running, `cli.signals`
takes over.

Only the module of the command asked for is imported (`score` never pays for `memo`'s
templates or `rank`'s reports); with no command, an unknown one or `--help`, all are, so that
help lists every command and a typo gets its suggestion."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _stopped_while_starting(signum: int, _frame: FrameType | None) -> None:
    said = "interrupted (Ctrl-C)" if signum == signal.SIGINT else "terminated (SIGTERM)"
    os.write(2, f"cooperation-scorer: {said} while starting; nothing was done\n".encode())
    os._exit(128 + signum)


# Each command, and the module of `cooperation_scorer.cli` that defines it.
COMMANDS = {
    "score": "scoring",
    "rank": "ranking",
    "validate": "checking",
    "explain": "checking",
    "memo": "memo",
    "schema": "authoring",
    "new": "authoring",
    "compare": "revisions",
    "sensitivity": "sensitivity",
}
_WITH_VALUE = {"--color"}  # shared options before the command that take a separate value

selected: str | None = None  # the one command module to import, when `main` knows it


def command_module(args: list[str]) -> str | None:
    """The module of the command these arguments run, or None when it is not one of ours."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg in _WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return COMMANDS.get(arg)
    return None


def main() -> None:
    global selected
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stopped_while_starting)
    selected = command_module(sys.argv[1:])
    from cooperation_scorer.cli import main as run_command_line

    run_command_line()
