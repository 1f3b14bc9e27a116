"""The command-line reference of docs/cli-reference.md: each command's `--help`, as Markdown.

docs/cli-reference.md calls this from cog blocks; regenerate it with
`cog -r docs/cli-reference.md` (a test fails when it is stale)."""

from __future__ import annotations

from typer.main import get_command
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app

WIDTH = 80  # columns the help is wrapped at, whatever the terminal that regenerates it


def commands() -> list[str]:
    """The commands, in the order `--help` lists them."""
    return list(get_command(app).commands)  # type: ignore[attr-defined]


def help_text(command: str | None = None) -> str:
    """What `cooperation-scorer [COMMAND] --help` prints at 80 columns."""
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(app, args, terminal_width=WIDTH, env={"COLUMNS": str(WIDTH)})
    if result.exit_code != 0:
        raise RuntimeError(f"--help of {command} failed: {result.output}")
    return result.stdout.rstrip("\n")


def help_block(command: str | None = None) -> str:
    """The help as a fenced Markdown block."""
    return f"```text\n{help_text(command)}\n```\n"


def example_output(args: list[str], *, width: int) -> str:
    """What a command prints, piped (no colour) at `width` columns, as a fenced block."""
    result = CliRunner().invoke(app, args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    return f"```text\n{result.stdout.rstrip()}\n```\n"
