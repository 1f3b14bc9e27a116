"""The Typer application: its name, help, exit codes in words, and `--version`."""

from __future__ import annotations

from typing import Annotated

import typer

from cooperation_scorer import __version__
from cooperation_scorer.cli.common import EXIT_OK

app = typer.Typer(
    name="cooperation-scorer",
    help=(
        "Score proposed U.S.-Russia cooperation projects in and with Central Asia against the "
        "criteria of the paper 'Envisioning Opportunities for U.S.-Russia Cooperation in and "
        "with Central Asia'.\n\nExit codes: 0 success; 2 bad usage, an invalid proposal or an "
        "invalid rubric; 1 a CI threshold of `rank` failed."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cooperation-scorer {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Score proposed U.S.-Russia cooperation projects in and with Central Asia."""
