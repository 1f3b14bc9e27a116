"""`rank` in CI: every report written even when a file is broken, several reports from one
run, the same verdict in every format as in the exit code, the rubric pinned."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.render import RankFormat
from tests.conftest import PROPOSALS, REPO

runner = CliRunner()
BLOCKED = {
    "baikonur-military-launcher",
    "extremist-watchlist-exchange",
    "kambarata-bilateral-understanding",
}


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.fixture
def with_broken(tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    shutil.copytree(PROPOSALS, folder)
    (folder / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", list(RankFormat))
def test_every_format_written_with_o_holds_the_valid_results_and_the_broken_file(
    tmp_path: Path, with_broken: Path, output_format: RankFormat
) -> None:
    target = tmp_path / f"report.{output_format.value}"
    result = runner.invoke(
        app, ["rank", str(with_broken), "-f", output_format.value, "-o", str(target)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    text = target.read_text("utf-8")
    if output_format is RankFormat.GITHUB:  # annotations for what is wrong, and the count
        assert "19 proposals ranked" in text
        assert "::warning file=" in text
    else:
        assert "tuberculosis-lab-training" in text
    assert "broken.yaml" in text


def test_several_reports_from_one_run(tmp_path: Path, with_broken: Path) -> None:
    junit, sarif, summary = tmp_path / "r.xml", tmp_path / "r.sarif", tmp_path / "s.md"
    result = runner.invoke(
        app,
        [
            "rank",
            str(with_broken),
            "-f",
            "github",
            "--report",
            f"junit={junit}",
            "--report",
            f"sarif={sarif}",
            "--report",
            f"markdown={summary}",
            "--fail-on",
            "blocked",
        ],
    )
    assert result.exit_code == 2
    assert result.stdout.startswith("cooperation-scorer: rubric ")  # github on stdout
    assert ET.fromstring(junit.read_text("utf-8")).get("errors") == "1"
    assert json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0"
    assert "### Invalid files" in summary.read_text("utf-8")
    assert result.stderr.count("FAIL baikonur-military-launcher") == 1  # one run, not several


def test_a_report_without_a_path_takes_standard_output_instead_of_the_table(
    tmp_path: Path,
) -> None:
    result = runner.invoke(app, ["rank", "proposals", "--report", "csv"])
    assert result.exit_code == 0
    assert result.stdout.startswith("rank,id,title")
    both = runner.invoke(app, ["rank", "proposals", "-f", "json", "--report", "csv"])
    assert both.exit_code == 2
    assert both.stderr == (
        "json and csv would both go to standard output; give one of them a file (FORMAT=PATH)\n"
    )
    same = tmp_path / "x"
    twice = runner.invoke(
        app, ["rank", "proposals", "--report", f"csv={same}", "--report", f"json={same}"]
    )
    assert twice.exit_code == 2
    assert twice.stderr == f"{same}: two reports would be written to it; give each its own\n"
    unknown = runner.invoke(app, ["rank", "proposals", "--report", "sarf=x"])
    assert unknown.exit_code == 2
    assert "unknown format 'sarf' (did you mean 'sarif'?)" in unknown.stderr


def _failing_everywhere(tmp_path: Path, *args: str) -> tuple[int, dict[str, set[str]]]:
    """The proposals each format marks as failing the job, and the exit code."""
    paths = {f: tmp_path / f"r.{f.value}" for f in RankFormat if f is not RankFormat.TABLE}
    reports = [f"--report={f.value}={path}" for f, path in paths.items()]
    result = runner.invoke(app, ["rank", "proposals", *args, *reports])
    failing = {
        line.split(" ")[1]
        for line in result.stderr.splitlines()
        if line.startswith("FAIL ")  # what the exit code is about
    }
    suite = ET.fromstring(paths[RankFormat.JUNIT].read_text("utf-8"))
    github = paths[RankFormat.GITHUB].read_text("utf-8")
    sarif = json.loads(paths[RankFormat.SARIF].read_text("utf-8"))["runs"][0]
    rows = list(csv.DictReader(io.StringIO(paths[RankFormat.CSV].read_text("utf-8"))))
    data = json.loads(paths[RankFormat.JSON].read_text("utf-8"))
    markdown = paths[RankFormat.MARKDOWN].read_text("utf-8")
    failed_section = (
        markdown.split("### Failed thresholds", 1)[1].split("###")[0]
        if ("### Failed thresholds" in markdown)
        else ""
    )
    found = {
        "stderr": failing,
        "junit": {
            case.get("name", "")
            for case in suite.iter("testcase")
            if case.find("failure") is not None
        },
        "github": set(re.findall(r"^::error [^:]*title=([a-z0-9-]+)%3A", github, re.M)),
        "sarif": {r["properties"]["proposal"] for r in sarif["results"] if r["level"] == "error"},
        "csv": {row["id"] for row in rows if row["level"] == "error"},
        "json": {f["id"] for f in data["findings"] if f["level"] == "error"},
        "markdown": set(re.findall(r"^- `([a-z0-9-]+)`", failed_section, re.M)),
    }
    assert data["summary"]["exit_code"] == result.exit_code
    assert sarif["invocations"][0]["exitCode"] == result.exit_code
    return result.exit_code, found


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        ([], 0, set()),
        (["--fail-on", "blocked"], 1, BLOCKED),
        (["--fail-on", "waived"], 0, set()),  # no bundled proposal waives a gate
        (["--fail-under", "40"], 1, {"election-monitoring-civil-society",
                                     "code-of-conduct-summit"}),
    ],
)  # fmt: skip
def test_a_proposal_fails_in_every_format_exactly_when_it_fails_the_job(
    tmp_path: Path, args: list[str], code: int, expected: set[str]
) -> None:
    exit_code, found = _failing_everywhere(tmp_path, *args)
    assert exit_code == code
    for where, ids in found.items():
        assert ids == expected, where


def test_blocked_without_a_threshold_is_a_lower_level_everywhere(tmp_path: Path) -> None:
    paths = {name: tmp_path / f"r.{name}" for name in ("junit", "github", "markdown")}
    result = runner.invoke(
        app, ["rank", "proposals", *(f"--report={n}={p}" for n, p in paths.items())]
    )
    assert result.exit_code == 0
    suite = ET.fromstring(paths["junit"].read_text("utf-8"))
    assert suite.get("failures") == "0"
    assert suite.get("skipped") == "3"
    skipped = {c.get("name") for c in suite.iter("testcase") if c.find("skipped") is not None}
    assert skipped == BLOCKED
    github = paths["github"].read_text("utf-8")
    assert "::error" not in github
    assert github.count("::warning") == 3
    markdown = paths["markdown"].read_text("utf-8")
    assert "**Passed** (exit 0)" in markdown
    assert "### Warnings (not failing the job)" in markdown


def test_write_baseline_then_compare_against_it(tmp_path: Path, with_broken: Path) -> None:
    saved = tmp_path / "baseline.json"
    result = runner.invoke(app, ["rank", "proposals", "--write-baseline", str(saved)])
    assert result.exit_code == 0
    assert "tuberculosis-lab-training" in result.stdout  # the table still on stdout
    again = runner.invoke(
        app, ["rank", "proposals", "--baseline", str(saved), "--fail-on-regression", "-f", "json"]
    )
    assert again.exit_code == 0
    assert {c["status"] for c in json.loads(again.stdout)["baseline"]} == {"unchanged"}
    refused = tmp_path / "never.json"
    broken = runner.invoke(app, ["rank", str(with_broken), "--write-baseline", str(refused)])
    assert broken.exit_code == 2
    assert not refused.exists()
    assert f"{refused}: baseline not written: 1 invalid file(s)" in broken.stderr


def test_require_rubric_refuses_any_other_rubric(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["rank", "--show-settings", "--isolated"])
    sha = re.search(r"sha256 ([0-9a-f]{64})", shown.stdout)
    assert sha is not None
    ok = runner.invoke(app, ["rank", "proposals", "--require-rubric", sha.group(1), "-f", "csv"])
    assert ok.exit_code == 0
    stray = tmp_path / "criteria.yaml"
    stray.write_bytes((REPO / "criteria.yaml").read_bytes() + b"\n# edited\n")
    refused = runner.invoke(
        app,
        ["rank", "proposals", "--criteria", str(stray), "--require-rubric", sha.group(1)],
    )
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr.startswith(f"{stray}: the rubric's sha256 is ")
    assert f"not the {sha.group(1)} that --require-rubric requires" in refused.stderr
    typo = runner.invoke(app, ["rank", "proposals", "--require-rubric", "f635ea70"])
    assert typo.exit_code == 2
    assert typo.stderr == (
        "--require-rubric f635ea70: not a sha256 (64 hex digits); `rank --show-settings` "
        "prints the rubric's\n"
    )


def test_every_format_names_the_rubric(tmp_path: Path) -> None:
    for output_format in RankFormat:
        result = runner.invoke(app, ["rank", "proposals", "-f", output_format.value])
        assert "us-russia-central-asia" in result.stdout, output_format
