"""--output through links: a loop is refused, a dangling link gets its target made."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from tests.conftest import PROPOSALS

runner = CliRunner()


def test_an_output_that_is_a_link_loop_is_refused_and_kept(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop.name)
    result = runner.invoke(app, ["rank", "-f", "json", "-o", str(loop), str(PROPOSALS)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{loop}: cannot write: a symbolic link loop (a link that leads back to itself); "
        "fix or remove the link\n"
    )
    assert loop.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.json"]  # no temporary left


def test_an_output_that_is_a_dangling_link_makes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "latest.json"
    link.symlink_to("ranking-1.json")
    result = runner.invoke(app, ["rank", "-f", "json", "-o", str(link), str(PROPOSALS)])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink()
    assert json.loads((tmp_path / "ranking-1.json").read_text(encoding="utf-8"))["results"]
