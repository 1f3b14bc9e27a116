"""The Typer application: its name, help, exit codes in words, and the options every command
shares (`-h`, `-V`, `-q`, `--color`), which may be typed before or after the command."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cooperation_scorer import __version__
from cooperation_scorer.cli.common import EXIT_INTERRUPTED, EXIT_OK, SETTINGS, ColorWhen

QUIET = ("-q", "--quiet")
COLOR = "--color"


def lift_shared_options(args: list[str]) -> list[str]:
    """The arguments with `-q` and `--color WHEN` moved before the command, wherever typed
    (`rank proposals -q` as `-q rank proposals`); nothing after `--` is touched."""
    lifted: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in QUIET or arg.startswith(f"{COLOR}="):
            lifted.append(arg)
        elif arg == COLOR and i + 1 < len(args):
            lifted.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return [*lifted, *rest]


class _SharedOptionsGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click's, or typer's own
        return super().parse_args(ctx, lift_shared_options(args))

    def invoke(self, ctx: Any) -> Any:
        """Ctrl-C anywhere, or Ctrl-D at a question, ends the run with 130, never 1 (the
        code of a failed threshold)."""
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, EOFError, typer.Abort):
            typer.echo("\ninterrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    name="cooperation-scorer",
    cls=_SharedOptionsGroup,
    help=(
        "Score proposed U.S.-Russia cooperation projects in and with Central Asia against the "
        "criteria of the paper 'Envisioning Opportunities for U.S.-Russia Cooperation in and "
        "with Central Asia'.\n\nExit codes: 0 success; 2 bad usage, an invalid proposal or an "
        "invalid rubric; 1 a CI threshold of `rank` failed; 130 interrupted (Ctrl-C, or "
        "Ctrl-D at a question).\n\n-q and --color may also follow the command."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cooperation-scorer {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            *QUIET, help="Print results and errors only: no success messages, no progress."
        ),
    ] = False,
    color: Annotated[
        ColorWhen,
        typer.Option(
            COLOR,
            metavar="WHEN",
            help="Colour: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces it), always "
            "or never.",
        ),
    ] = ColorWhen.AUTO,
) -> None:
    """Score proposed U.S.-Russia cooperation projects in and with Central Asia."""
    SETTINGS.quiet = quiet
    SETTINGS.color = color
