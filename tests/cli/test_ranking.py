"""`rank` in CI through the command line: exit codes, plain-words failures, output files,
baselines, waivers and determinism."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli import common as cli_common
from cooperation_scorer.cli import ranking as cli_ranking
from cooperation_scorer.cli.app import app
from tests.conftest import PROPOSALS, REPO

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_exit_0_when_every_threshold_passes() -> None:
    result = runner.invoke(app, ["rank", "proposals", "--fail-under", "20", "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_exit_1_names_each_failing_proposal_and_why() -> None:
    result = runner.invoke(app, ["rank", "proposals", "--fail-under", "50", "-f", "json"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "FAIL code-of-conduct-summit (proposals/code-of-conduct-summit.yaml): "
        "score 38.2 is below --fail-under 50; weakest criterion technical-character "
        "(Political, 0 of 10 points)"
    )
    assert lines[-1] == "4 of 19 proposals failed the thresholds"
    data = json.loads(result.stdout)
    assert data["summary"]["failed"] == 4
    assert data["thresholds"]["fail_under"] == 50


def test_fail_on_blocked_names_the_gate() -> None:
    result = runner.invoke(app, ["rank", "proposals", "--fail-on", "blocked", "-f", "csv"])
    assert result.exit_code == 1
    assert (
        "FAIL baikonur-military-launcher (proposals/baikonur-military-launcher.yaml): verdict "
        "blocked is at or worse than --fail-on blocked; gate no-dual-use failed: dual_use is "
        "'true'"
    ) in result.stderr


def test_an_invalid_file_exits_2_even_when_a_threshold_fails(tmp_path: Path) -> None:
    shutil.copytree(PROPOSALS, tmp_path / "p")
    (tmp_path / "p" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    result = runner.invoke(app, ["rank", str(tmp_path / "p"), "--fail-under", "50"])
    assert result.exit_code == 2
    assert f"{tmp_path / 'p' / 'broken.yaml'}:2:1: YAML syntax error" in result.stderr
    assert "failed the thresholds" in result.stderr
    assert "tuberculosis-lab-training" in result.stdout  # the valid ones are still ranked


def test_output_is_written_atomically_even_on_invalid_input(tmp_path: Path) -> None:
    target = tmp_path / "ranking.xml"
    result = runner.invoke(app, ["rank", "proposals", "-f", "junit", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text("utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.xml"]  # no temporary file left

    shutil.copytree(PROPOSALS, tmp_path / "p")
    (tmp_path / "p" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    result = runner.invoke(app, ["rank", str(tmp_path / "p"), "-f", "junit", "-o", str(target)])
    assert result.exit_code == 2
    assert "broken.yaml:2:1: YAML syntax error" in result.stderr
    written = target.read_text("utf-8")  # written all the same: CI reads it, exit 2 fails
    assert 'errors="1"' in written
    assert "tuberculosis-lab-training" in written


def test_a_failed_write_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ranking.md"
    target.write_text("the previous report\n", encoding="utf-8")

    def broken_replace(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken_replace)
    result = runner.invoke(app, ["rank", "proposals", "-f", "markdown", "-o", str(target)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{target}: cannot write: no space left on the device; free some space or write "
        "elsewhere\n"
    )
    assert target.read_text("utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.md"]


def test_output_keeps_the_mode_of_the_file_it_replaces_else_follows_the_umask(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "fresh.csv"
    old_umask = os.umask(0o022)
    try:
        assert (
            runner.invoke(app, ["rank", "proposals", "-f", "csv", "-o", str(fresh)]).exit_code == 0
        )
    finally:
        os.umask(old_umask)
    assert fresh.stat().st_mode & 0o777 == 0o644  # as `>` would make it, not a private 0600
    kept = tmp_path / "kept.csv"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o640)
    assert runner.invoke(app, ["rank", "proposals", "-f", "csv", "-o", str(kept)]).exit_code == 0
    assert kept.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("command", ["score", "rank"])
def test_a_report_written_from_a_terminal_to_a_file_has_no_colour_codes(
    tmp_path: Path, command: str
) -> None:
    target = tmp_path / "report.txt"
    leader, follower = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"}
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "cooperation_scorer", command, "proposals", "-o", str(target)],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert completed.returncode == 0, completed.stderr
    text = target.read_text("utf-8")
    assert "tuberculosis-lab-training" in text
    assert "\x1b[" not in text


def test_output_to_a_missing_folder_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "ranking.csv"
    result = runner.invoke(app, ["rank", "proposals", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{target}: cannot write: the folder {target.parent} does not")


def test_baseline_and_regression(tmp_path: Path) -> None:
    baseline = tmp_path / "previous.json"
    first = runner.invoke(app, ["rank", "proposals", "-f", "json", "-o", str(baseline)])
    assert first.exit_code == 0
    same = runner.invoke(
        app, ["rank", "proposals", "--baseline", str(baseline), "--fail-on-regression"]
    )
    assert same.exit_code == 0
    assert "same" in same.stdout

    old = json.loads(baseline.read_text("utf-8"))
    for result in old["results"]:
        if result["id"] == "aral-glacier-monitoring":
            result["score"] = 99.0
    baseline.write_text(json.dumps(old), encoding="utf-8")
    worse = runner.invoke(
        app, ["rank", "proposals", "--baseline", str(baseline), "--fail-on-regression"]
    )
    assert worse.exit_code == 1
    assert (
        "FAIL aral-glacier-monitoring (proposals/aral-glacier-monitoring.yaml): regressed since "
        "the baseline: score fell from 99.0 to 86.8"
    ) in worse.stderr


def test_regression_needs_a_baseline_and_a_bad_baseline_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rank", "proposals", "--fail-on-regression"])
    assert result.exit_code == 2
    assert result.stderr == "--fail-on-regression needs --baseline PREVIOUS.json\n"
    bad = tmp_path / "old.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(app, ["rank", "proposals", "--baseline", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: not the JSON output of")


def test_a_baseline_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_ranking, "MAX_BASELINE_BYTES", 100)
    big = tmp_path / "old.json"
    big.write_text(" " * 101 + "{}", encoding="utf-8")
    result = runner.invoke(app, ["rank", "proposals", "--baseline", str(big)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{big}: the file is over 100 bytes; is it the JSON output of `rank`?\n"
    )


def test_waivers_are_reported_and_no_waivers_audits(tmp_path: Path) -> None:
    # A gate failed on purpose is waived; the paper's bilateral exception is not a waiver.
    for name in ("kambarata-bilateral-understanding.yaml", "nuclear-parity-expert-dialogue.yaml"):
        shutil.copy(PROPOSALS / name, tmp_path / name)
    waived = tmp_path / "kambarata-bilateral-understanding.yaml"
    waived.write_text(
        waived.read_text("utf-8")
        + "waivers:\n  - gate: host-takes-part\n    reason: Tested on purpose.\n",
        "utf-8",
    )
    honoured = json.loads(runner.invoke(app, ["rank", str(tmp_path), "-f", "json"]).stdout)
    audited = json.loads(
        runner.invoke(app, ["rank", str(tmp_path), "-f", "json", "--no-waivers"]).stdout
    )
    assert honoured["summary"]["waived"] == 1
    assert audited["summary"]["waived"] == 0
    assert audited["thresholds"]["waivers"] is False
    verdicts = {r["id"]: r["verdict"] for r in honoured["results"]}
    audited_verdicts = {r["id"]: r["verdict"] for r in audited["results"]}
    assert verdicts["kambarata-bilateral-understanding"] == "not-recommended"
    assert audited_verdicts["kambarata-bilateral-understanding"] == "blocked"
    exception = {r["id"]: r["bilateral_exception"] for r in audited["results"]}
    assert audited_verdicts["nuclear-parity-expert-dialogue"] == "recommended"
    assert exception["nuclear-parity-expert-dialogue"].startswith("Nuclear parity")
    assert exception["kambarata-bilateral-understanding"] is None
    table = runner.invoke(app, ["rank", str(tmp_path), "--no-waivers"]).stdout
    assert "waivers ignored (--no-waivers)" in table
    assert "bilateral exception: nuclear-parity-expert-dialogue: Nuclear parity" in table


@pytest.mark.parametrize("output_format", ["json", "csv", "markdown", "junit", "github", "table"])
def test_output_does_not_depend_on_file_order(tmp_path: Path, output_format: str) -> None:
    names = sorted(path.name for path in PROPOSALS.iterdir())
    shuffled = list(names)
    random.Random(7).shuffle(shuffled)
    for index, name in enumerate(shuffled):  # a different creation order on disk
        shutil.copy(PROPOSALS / name, tmp_path / name)
        os.utime(tmp_path / name, (index, index))
    ordered = runner.invoke(app, ["rank", *(f"proposals/{n}" for n in names), "-f", output_format])
    os.chdir(tmp_path)
    (tmp_path / "proposals").mkdir()
    for name in shuffled:
        shutil.move(tmp_path / name, tmp_path / "proposals" / name)
    shutil.copy(REPO / "criteria.yaml", tmp_path / "criteria.yaml")
    mixed = runner.invoke(app, ["rank", *(f"proposals/{n}" for n in shuffled), "-f", output_format])
    folder = runner.invoke(app, ["rank", "proposals", "-f", output_format])
    assert ordered.stdout == mixed.stdout == folder.stdout


def test_locale_and_jobs_change_nothing() -> None:
    def run(*extra: str, lang: str = "C.UTF-8") -> str:
        completed = subprocess.run(
            [sys.executable, "-m", "cooperation_scorer", "rank", "proposals", "-f", "json", *extra],
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": lang, "LANG": lang},
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return completed.stdout

    plain = run()
    assert run(lang="tr_TR.UTF-8") == plain
    assert run("--jobs", "2") == plain


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_common, "PROGRESS_FROM", 1)
    result = runner.invoke(app, ["rank", "proposals", "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr == ""
