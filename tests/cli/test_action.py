"""The GitHub Action: its script run as the runner would, with a fake $GITHUB_STEP_SUMMARY and
$GITHUB_OUTPUT; one `rank` run makes the log, the summary and the report files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROPOSALS, REPO

SCRIPT = REPO / "action" / "rank.sh"
ACTION = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


Run = tuple[subprocess.CompletedProcess[str], Path, dict[str, str]]


def _run(workspace: Path, **inputs: str) -> Run:
    summary, outputs = workspace / "summary.md", workspace / "outputs.txt"
    summary.write_text("An earlier step's summary.\n", encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("INPUT_", "GITHUB_")) and key != "NO_COLOR"
    }
    env |= {
        "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "RUNNER_TEMP": str(workspace / "tmp"),
    }
    env |= {f"INPUT_{name.upper().replace('-', '_')}": value for name, value in inputs.items()}
    (workspace / "tmp").mkdir(exist_ok=True)
    completed = subprocess.run(
        ["bash", str(SCRIPT)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    written = dict(
        line.split("=", 1) for line in outputs.read_text("utf-8").splitlines() if "=" in line
    )
    return completed, summary, written


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(PROPOSALS, tmp_path / "proposals")
    return tmp_path


def test_every_input_reaches_the_script() -> None:
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("id") == "rank"]
    for name in ACTION["inputs"]:
        if name in ("version", "cache"):  # used by the install and cache steps
            continue
        variable = f"INPUT_{name.upper().replace('-', '_')}"
        assert step["env"][variable] == "${{ inputs." + name + " }}"
        assert variable in SCRIPT.read_text("utf-8"), name


def test_one_run_gives_the_log_the_summary_and_the_reports(workspace: Path) -> None:
    completed, summary, outputs = _run(
        workspace, fail_on="blocked", junit="ranking.xml", sarif="ranking.sarif"
    )
    assert completed.returncode == 1
    log = completed.stdout
    assert log.count("::error file=proposals/baikonur-military-launcher.yaml") == 1  # one run
    assert completed.stderr.count("FAIL baikonur-military-launcher") == 1
    text = summary.read_text("utf-8")
    assert text.startswith("An earlier step's summary.\n## Cooperation proposals, ranked")
    assert "**Failed** (exit 1): 3 of 19 proposals failed the thresholds." in text
    assert outputs == {"exit-code": "1", "junit": "ranking.xml", "sarif": "ranking.sarif"}
    assert ET.parse(workspace / "ranking.xml").getroot().get("failures") == "3"
    assert json.loads((workspace / "ranking.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert list((workspace / "tmp").iterdir()) == []  # the summary's file is cleaned up


def test_a_broken_file_still_reaches_the_summary_and_exits_2(workspace: Path) -> None:
    (workspace / "proposals" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    completed, summary, outputs = _run(workspace, junit="out.xml")
    assert completed.returncode == 2
    text = summary.read_text("utf-8")
    assert "### Invalid files" in text
    assert "broken.yaml:2:1: YAML syntax error" in text
    assert outputs["exit-code"] == "2"
    assert ET.parse(workspace / "out.xml").getroot().get("errors") == "1"


def test_summary_off_no_waivers_by_perspective_and_extra_args(workspace: Path) -> None:
    completed, summary, outputs = _run(
        workspace,
        summary="false",
        no_waivers="true",
        perspective="host",
        format="csv",
        args="--fail-under 30",
        reports="json=ranking.json",
    )
    assert summary.read_text("utf-8") == "An earlier step's summary.\n"
    assert completed.returncode == 1
    assert completed.stdout.startswith("rank,id,title")
    data = json.loads((workspace / "ranking.json").read_text("utf-8"))
    assert data["thresholds"]["waivers"] is False
    assert data["thresholds"]["fail_under"] == 30
    assert outputs["exit-code"] == "1"


def test_paths_come_from_the_config_or_default_to_proposals(workspace: Path) -> None:
    completed, _, _ = _run(workspace, format="csv")
    assert completed.returncode == 0
    assert len(completed.stdout.splitlines()) == 20
    (workspace / "mine").mkdir()
    shutil.move(workspace / "proposals" / "baiterek-engineers.yaml", workspace / "mine")
    (workspace / ".cooperation-scorer.toml").write_text('paths = ["mine"]\n', encoding="utf-8")
    completed, _, _ = _run(workspace, format="csv")
    assert completed.returncode == 0
    assert len(completed.stdout.splitlines()) == 2


def test_a_bad_flag_input_stops_the_step_with_one_error(workspace: Path) -> None:
    completed, _, outputs = _run(workspace, no_waivers="maybe")
    assert completed.returncode == 2
    assert completed.stdout == (
        "::error title=cooperation-scorer action::input no-waivers must be true or false, "
        "not 'maybe'\n"
    )
    assert outputs == {"exit-code": "2"}


def test_the_result_cache_is_kept_where_the_cache_step_restores_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (restore,) = [
        s
        for s in ACTION["runs"]["steps"]
        if s.get("uses", "").startswith("actions/cache") and "results" in s["with"]["key"]
    ]
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("id") == "rank"]
    assert restore["if"] == "inputs.result-cache == 'true'"
    assert (
        step["env"]["COOPERATION_SCORER_CACHE_DIR"]
        == "${{ github.workspace }}/" + restore["with"]["path"].split("/")[-1]
    )
    cache = workspace / ".cooperation-scorer-cache"
    monkeypatch.setenv("COOPERATION_SCORER_CACHE_DIR", str(cache))
    without, _, _ = _run(workspace, result_cache="false")  # --no-cache: nothing written
    assert not cache.exists()
    kept, _, _ = _run(workspace)
    assert (cache / "results.sqlite").is_file()
    assert kept.stdout == without.stdout


def test_the_docs_pin_the_action_and_the_hook_to_a_release() -> None:
    for path in (REPO / "README.md", REPO / "docs" / "ci.md"):
        text = path.read_text("utf-8")
        assert not re.search(r"cooperation-scorer@main|rev: main", text), path
    assert re.search(r"cooperation-scorer@v\d+\.\d+\.\d+", (REPO / "docs" / "ci.md").read_text())


def test_the_pre_commit_hooks_run_commands_that_exist() -> None:
    from typer.main import get_command

    from cooperation_scorer.cli.app import app

    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {hook["id"] for hook in hooks} == {
        "cooperation-scorer-validate",
        "cooperation-scorer-rank",
    }
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "cooperation-scorer"
        assert command in commands
        assert hook["language"] == "python"
