"""The command line: options in, pipeline run, renderer picked, errors mapped to exit codes.

Each command lives in the module of its group; importing them registers them on the app, in
the order `--help` lists them. The console script imports only the module of the command it
runs (`entry.selected`); anything else importing this package gets them all."""

from __future__ import annotations

import importlib

from cooperation_scorer import entry

COMMAND_MODULES = (
    "scoring",
    "ranking",
    "checking",
    "memo",
    "authoring",
    "revisions",
    "sensitivity",
)

for _module in COMMAND_MODULES if entry.selected is None else (entry.selected,):
    importlib.import_module(f"{__name__}.{_module}")


def main() -> None:
    """Entry point of the `cooperation-scorer` console script."""
    from cooperation_scorer.cli.app import app
    from cooperation_scorer.cli.signals import run

    run(app)
