"""End-to-end through the command line: exit codes, exact error lines, rubric lookup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer import __version__
from cooperation_scorer.cli.app import app
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.render import RANK_RENDERERS, SCORE_RENDERERS, RankFormat, ScoreFormat
from tests.conftest import PROPOSALS, REPO, RUBRIC_PATH

runner = CliRunner()

GOOD = """\
title: Pilot vocational school in Batken
summary: A small pilot vocational school on agriculture and water use, kept low-key.
domain: human-capital
host_states: [Kyrgyzstan]
participants: [Kyrgyzstan, US, RF]
lead: Kyrgyzstan
"""


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_every_output_format_has_a_renderer() -> None:
    assert set(SCORE_RENDERERS) == set(ScoreFormat)
    assert set(RANK_RENDERERS) == set(RankFormat)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"cooperation-scorer {__version__}\n"


@pytest.mark.usefixtures("in_repo")
def test_rank_the_bundled_proposals() -> None:
    result = runner.invoke(app, ["rank", "proposals"])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout  # not a terminal: plain text
    for path in PROPOSALS.iterdir():
        assert path.stem in result.stdout
    assert "rubric us-russia-central-asia 2.0.0" in result.stdout


@pytest.mark.usefixtures("in_repo")
def test_rank_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["rank", "proposals", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["tool"] == {"name": "cooperation-scorer", "version": __version__}
    assert set(data["rubric"]) == {"name", "version", "sha256", "path"}
    assert len(data["rubric"]["sha256"]) == 64
    ranks = [r["rank"] for r in data["results"]]
    assert ranks == list(range(1, len(ranks) + 1))
    for result_ in data["results"]:
        assert {"id", "title", "file", "rank", "score", "verdict", "gates", "criteria"} <= set(
            result_
        )
        for criterion in result_["criteria"]:
            assert {"id", "level", "points", "max_points", "reason", "evidence", "source"} <= set(
                criterion
            )
        for gate in result_["gates"]:
            assert {"id", "passed", "reason"} <= set(gate)


def test_score_prints_each_criterion_with_its_citation(tmp_path: Path) -> None:
    path = tmp_path / "batken.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "--criteria", str(RUBRIC_PATH)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "batken — Pilot vocational school in Batken" in out
    assert "Verdict recommended" in out
    for criterion in ("host-leadership", "inclusive-format", "technical-character", "domain"):
        assert criterion in out
    for source in ("[inferred]", "[assumed]", "[declared]"):
        assert source in out
    assert "What the paper says" in out
    assert "under its/their supervision and leadership" in out


def test_score_json_has_no_rank(tmp_path: Path) -> None:
    path = tmp_path / "batken.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    data = json.loads(result.stdout)
    assert "rank" not in data["results"][0]
    assert data["results"][0]["id"] == "batken"


def test_a_bad_file_in_a_batch_gets_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(GOOD.replace("title:", "titel:"), encoding="utf-8")
    result = runner.invoke(app, ["rank", str(tmp_path)])
    assert result.exit_code == 2
    assert "good" in result.stdout
    assert result.stderr == (
        f"{tmp_path / 'bad.yaml'}:1:1: unknown key 'titel' (did you mean 'title'?); "
        "remove or rename it\n"
    )
    assert "Traceback" not in result.output


def test_validate_prints_every_problem(tmp_path: Path, rubric: Rubric) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("title:", "titel:").replace("human-capital", "sport"), "utf-8")
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}:1:1: unknown key 'titel' (did you mean 'title'?); remove or rename it",
        f"{bad}:3:9: unknown domain 'sport'; use one of {', '.join(rubric.domain_ids)}",
    ]
    assert result.stdout.startswith("1 valid, 1 invalid; rubric us-russia-central-asia 2.0.0 (")
    # score and rank give one line per bad file, pointing to validate for the rest.
    result = runner.invoke(app, ["rank", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{bad}:1:1: unknown key 'titel' (did you mean 'title'?); remove or rename it "
        f"(and 1 more: run `cooperation-scorer validate {bad}`)\n"
    )


def test_validate_all_good(in_repo: None) -> None:
    result = runner.invoke(app, ["validate", "proposals"])
    assert result.exit_code == 0
    count = len(list(PROPOSALS.iterdir()))
    assert result.stdout.startswith(f"{count} valid, 0 invalid; rubric ")


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rank", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nowhere'}: no such file or directory; check the path\n"
    result = runner.invoke(app, ["rank", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path}: no proposal files found; proposals end in .yaml, .yml, .json or .md\n"
    )


def test_a_broken_rubric_exits_2_with_its_line(tmp_path: Path) -> None:
    rubric = tmp_path / "criteria.yaml"
    rubric.write_text(
        RUBRIC_PATH.read_text("utf-8").replace("    weight: 10\n", "    weight: -1\n", 1), "utf-8"
    )
    result = runner.invoke(app, ["rank", str(PROPOSALS), "--criteria", str(rubric)])
    assert result.exit_code == 2
    assert result.stdout == ""
    line = rubric.read_text("utf-8").splitlines().index("    weight: -1") + 1
    assert result.stderr == (
        f"{rubric}:{line}:13: rubric: 'criteria[0].weight' is -1: input should be greater than 0\n"
    )


def test_a_rubric_with_many_problems_gets_one_line(tmp_path: Path) -> None:
    rubric = tmp_path / "criteria.yaml"
    broken = RUBRIC_PATH.read_text("utf-8").replace("    weight: 15\n", "    weight: -1\n")
    rubric.write_text(broken, "utf-8")  # both weights of 15
    result = runner.invoke(app, ["rank", str(PROPOSALS), "--criteria", str(rubric)])
    assert result.exit_code == 2
    line = broken.splitlines().index("    weight: -1") + 1
    assert result.stderr == (
        f"{rubric}:{line}:13: rubric: 'criteria[1].weight' is -1: input should be greater than 0"
        " (and 1 more: fix this one and run again)\n"
    )


def test_rubric_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(GOOD, encoding="utf-8")
    packaged = json.loads(runner.invoke(app, ["score", "p.yaml", "-f", "json"]).stdout)
    assert packaged["rubric"]["path"] == "(packaged) criteria.yaml"

    local = RUBRIC_PATH.read_text("utf-8").replace("version: 2.0.0", "version: 2.0.0-local")
    (tmp_path / "criteria.yaml").write_text(local, encoding="utf-8")
    found = json.loads(runner.invoke(app, ["score", "p.yaml", "-f", "json"]).stdout)
    assert found["rubric"]["path"] == "criteria.yaml"
    assert found["rubric"]["version"] == "2.0.0-local"
    assert found["rubric"]["sha256"] != packaged["rubric"]["sha256"]

    chosen = runner.invoke(app, ["score", "p.yaml", "-f", "json", "--criteria", str(RUBRIC_PATH)])
    assert json.loads(chosen.stdout)["rubric"]["sha256"] == packaged["rubric"]["sha256"]


def test_explain_the_whole_rubric(in_repo: None) -> None:
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 0
    for text in ("host-leadership", "project-scale", "Gates", "Verdicts", "Domain tiers"):
        assert text in result.stdout
    assert "No “Grand Bargain” between Russia" in result.stdout


def test_explain_one_criterion_and_an_unknown_one(in_repo: None) -> None:
    result = runner.invoke(app, ["explain", "host-leadership"])
    assert result.exit_code == 0
    assert "(host-leads)" in result.stdout
    assert "Caps the verdict at conditional." in result.stdout
    assert "baiterek-engineers" in result.stdout  # a worked example at its level
    assert "project-scale" not in result.stdout
    result = runner.invoke(app, ["explain", "host-leadershp"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "unknown criterion 'host-leadershp' (did you mean 'host-leadership'?); use one of "
    )


def test_explain_without_example_proposals_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./proposals here
    result = runner.invoke(app, ["explain", "host-leadership"])
    assert result.exit_code == 0, result.stderr
    why = "No example proposals: run from a folder holding proposals/ or pass --examples DIR.\n"
    assert why in result.stdout
    shown = runner.invoke(app, ["explain", "host-leadership", "--examples", str(PROPOSALS)])
    assert "baiterek-engineers" in shown.stdout
    assert "No example proposals" not in shown.stdout


def test_explain_with_a_missing_examples_folder_says_so(in_repo: None) -> None:
    result = runner.invoke(app, ["explain", "host-leadership", "--examples", "no-such-dir"])
    assert result.exit_code == 2
    assert result.stderr == "no-such-dir: no such folder; point --examples at proposals\n"


def test_markup_in_a_title_is_printed_as_written(tmp_path: Path) -> None:
    path = tmp_path / "markup.yaml"
    title = "title: Pilot vocational school in Batken"
    path.write_text(GOOD.replace(title, "title: '[bold red] Pilot'"), "utf-8")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red] Pilot" in result.stdout


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    # The script pip installed beside this Python, whatever PATH says.
    script = Path(sys.executable).parent / "cooperation-scorer"
    assert script.exists(), f"no console script at {script}: install the package with pip"
    env = {**os.environ, "NO_COLOR": "1"}
    completed = subprocess.run(
        [str(script), "rank", "proposals", "--format", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["summary"]["proposals"] == len(list(PROPOSALS.iterdir()))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "cooperation_scorer", "validate", str(tmp_path / "bad.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"{tmp_path / 'bad.json'}:1:2: JSON syntax error")
    assert "Traceback" not in completed.stderr
