"""The command line: options in, pipeline run, renderer picked, errors mapped to exit codes.

Each command lives in the module of its group; importing them registers them on the app, in
the order `--help` lists them."""

from __future__ import annotations

import importlib

COMMAND_MODULES = (
    "scoring",
    "ranking",
    "checking",
    "memo",
    "authoring",
    "revisions",
    "sensitivity",
)

for _module in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_module}")


def main() -> None:
    """Entry point of the `cooperation-scorer` console script."""
    from cooperation_scorer.cli.app import app
    from cooperation_scorer.cli.signals import run

    run(app)
