"""The console script's start: it imports only the module of the command asked for, so its
table of commands must name every command, each with the module that defines it."""

from __future__ import annotations

import pytest
import typer

from cooperation_scorer import entry
from cooperation_scorer.cli.app import app


def test_every_command_is_in_the_table_with_its_module() -> None:
    defined = {
        command.name or typer.main.get_command_name(command.callback.__name__): (
            command.callback.__module__.rsplit(".", 1)[-1]
        )
        for command in app.registered_commands
        if command.callback is not None
    }
    assert defined == entry.COMMANDS


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["score", "p.yaml"], "scoring"),
        (["-q", "rank", "proposals"], "ranking"),
        (["--color", "never", "explain"], "checking"),
        (["--color=never", "memo", "x"], "memo"),
        (["--help"], None),
        ([], None),
        (["scor"], None),  # a typo: every command, so that help can suggest one
        (["--", "score"], None),
    ],
)
def test_the_command_module_is_found_past_shared_options(
    args: list[str], module: str | None
) -> None:
    assert entry.command_module(args) == module
