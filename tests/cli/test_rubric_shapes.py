"""Every command works on any rubric `check_rubric` accepts, not only the packaged one:
without third parties, perspectives, gates or frictions, or with a single criterion."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.errors import ProposalError
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from tests.conftest import PROPOSALS, RUBRIC_PATH

runner = CliRunner()
Shape = Callable[[dict[str, Any]], None]


def _no_third_party(rubric: dict[str, Any]) -> None:
    rubric["parties"] = [p for p in rubric["parties"] if p["kind"] != "third-party"]


def _no_perspectives(rubric: dict[str, Any]) -> None:
    rubric["perspectives"] = []


def _no_gates(rubric: dict[str, Any]) -> None:
    rubric["gates"] = []


def _no_frictions(rubric: dict[str, Any]) -> None:
    rubric["frictions"] = []
    for party in rubric["parties"]:
        party.pop("friction", None)
    rubric["inference"]["facts"].pop("frictions", None)
    rubric["criteria"] = [c for c in rubric["criteria"] if c["fact"] != "friction_linkage"]
    for side in rubric.get("perspectives", []):
        side["weights"] = {
            k: v for k, v in side.get("weights", {}).items() if k != "friction-linkage"
        }
        side["adjustments"] = [
            a for a in side.get("adjustments", []) if a["criterion"] != "friction-linkage"
        ]


def _one_criterion(rubric: dict[str, Any]) -> None:
    rubric["criteria"] = rubric["criteria"][:1]
    _no_perspectives(rubric)


SHAPES: dict[str, Shape] = {
    "no-third-party": _no_third_party,
    "no-perspectives": _no_perspectives,
    "no-gates": _no_gates,
    "no-frictions": _no_frictions,
    "one-criterion": _one_criterion,
}


@pytest.fixture(params=sorted(SHAPES))
def shaped(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = yaml.safe_load(RUBRIC_PATH.read_text(encoding="utf-8"))
    SHAPES[request.param](data)
    path = tmp_path / "criteria.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    parse_rubric(path.read_bytes(), str(path))  # the shape is one check_rubric accepts
    monkeypatch.chdir(tmp_path)
    return path


def _valid_for(rubric_path: Path) -> list[str]:
    """The bundled proposals this rubric accepts (one without frictions refuses those that
    declare one)."""
    rubric = parse_rubric(rubric_path.read_bytes(), str(rubric_path)).rubric
    valid = []
    for path in sorted(PROPOSALS.iterdir()):
        try:
            parse_proposal(path.read_bytes(), str(path), rubric)
        except ProposalError:
            continue
        valid.append(str(path))
    return valid


def _run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_every_command_runs_on_the_rubric(shaped: Path, tmp_path: Path) -> None:
    files = _valid_for(shaped)
    assert len(files) >= 3
    criteria = ["--criteria", str(shaped)]
    assert _run("score", *files[:3], *criteria).exit_code == 0
    assert _run("score", files[0], "-f", "json", *criteria).exit_code == 0
    for fmt in ("table", "json", "csv", "markdown", "junit", "github"):
        assert _run("rank", *files, "-f", fmt, *criteria).exit_code == 0, fmt
    assert _run("validate", *files, *criteria).exit_code == 0
    assert _run("explain", *criteria).exit_code == 0
    first = yaml.safe_load(shaped.read_text(encoding="utf-8"))["criteria"][0]["id"]
    assert _run("explain", first, "--examples", str(PROPOSALS), *criteria).exit_code == 0
    memo = tmp_path / "memo.md"
    assert _run("memo", *files, "-o", str(memo), *criteria).exit_code == 0
    assert memo.read_text(encoding="utf-8").startswith("#")
    assert json.loads(_run("schema", *criteria).stdout)["title"]
    created = _run(
        "new",
        str(tmp_path / "fresh.yaml"),
        "--title",
        "Glacier monitoring",
        "--domain",
        "environment",
        "--host-states",
        "Kyrgyzstan",
        "--participants",
        "Kyrgyzstan, United States, Russia",
        "--lead",
        "Kyrgyzstan",
        *criteria,
    )
    assert created.exit_code == 0, created.stderr
    assert _run("compare", files[0], files[1], *criteria).exit_code == 0
    assert _run("sensitivity", *files, "--samples", "200", *criteria).exit_code == 0
