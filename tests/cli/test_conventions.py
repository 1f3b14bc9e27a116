"""The small conventions people type without thinking: -h, -V, -q, --color, COLUMNS, 130."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from cooperation_scorer import __version__
from cooperation_scorer.cli import ranking as cli_ranking
from cooperation_scorer.cli.app import app, lift_shared_options
from tests.conftest import PROPOSALS, REPO

VERSION = yaml.safe_load((REPO / "criteria.yaml").read_text("utf-8"))["version"]

runner = CliRunner()
ANSI = "\x1b["


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("args", [["-h"], ["rank", "-h"], ["new", "-h"]])
def test_dash_h_is_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: cooperation-scorer")


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_dash_capital_v_is_the_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert (result.exit_code, result.stdout) == (0, f"cooperation-scorer {__version__}\n")


def test_shared_options_are_lifted_from_anywhere_but_after_a_double_dash() -> None:
    assert lift_shared_options(["rank", "p", "-q", "--color", "never", "-f", "json"]) == [
        "-q", "--color", "never", "rank", "p", "-f", "json",
    ]  # fmt: skip
    assert lift_shared_options(["rank", "--color=always", "--", "-q"]) == [
        "--color=always", "rank", "--", "-q",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, [], False),  # not a terminal
        ({"FORCE_COLOR": "1"}, [], True),
        ({"FORCE_COLOR": ""}, [], False),  # set but empty: as if unset
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),  # NO_COLOR wins, as in Python
        ({}, ["--color", "always"], True),
        ({"NO_COLOR": "1"}, ["--color", "always"], True),  # the flag wins
        ({"FORCE_COLOR": "1"}, ["--color=never"], False),
    ],
)
def test_color_follows_the_flag_then_no_color_then_force_color(
    env: dict[str, str], args: list[str], coloured: bool
) -> None:
    result = runner.invoke(app, ["rank", "proposals", *args], env=env)
    assert result.exit_code == 0
    assert (ANSI in result.stdout) is coloured


def test_quiet_keeps_the_result_and_drops_the_chatter() -> None:
    loud = runner.invoke(app, ["validate", "proposals"])
    assert loud.stdout.startswith("19 valid, 0 invalid;")
    quiet = runner.invoke(app, ["validate", "proposals", "-q"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    ranked = runner.invoke(app, ["rank", "proposals", "--quiet"])
    assert "tuberculosis-lab-training" in ranked.stdout


def test_ctrl_c_exits_130_not_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_ranking, "evaluate_or_exit", interrupted)
    result = runner.invoke(app, ["rank", "proposals"])
    assert result.exit_code == 130
    assert result.stderr.endswith("interrupted\n")


def test_rank_of_nothing_prints_no_empty_table() -> None:
    result = runner.invoke(app, ["rank", "no-such-folder/"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("no-such-folder")


def test_one_waived_gate_is_said_in_the_singular(tmp_path: Path) -> None:
    source = (PROPOSALS / "kambarata-bilateral-understanding.yaml").read_text("utf-8")
    waived = tmp_path / "waived.yaml"
    waived.write_text(
        source + "waivers:\n  - gate: host-takes-part\n    reason: Talks between the powers.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rank", str(waived), str(PROPOSALS / "baiterek-engineers.yaml")])
    assert "; 1 gate waived" in result.stdout
    assert "gate(s)" not in result.stdout


def test_validate_as_json_and_markdown_carry_the_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\n", encoding="utf-8")
    good = PROPOSALS / "baiterek-engineers.yaml"
    result = runner.invoke(app, ["validate", str(good), str(bad), "-f", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["summary"] == {"valid": 1, "invalid": 1, "problems": len(data["problems"])}
    assert data["valid"] == [str(good)]
    assert {problem["path"] for problem in data["problems"]} == {str(bad)}
    assert data["tool"]["name"] == "cooperation-scorer"
    markdown = runner.invoke(app, ["validate", str(good), str(bad), "-f", "markdown"]).stdout
    assert markdown.startswith(
        f"**1 valid, 1 invalid** (rubric `us-russia-central-asia` {VERSION})."
    )
    assert f"- `{bad}" in markdown


def test_explain_as_json_and_markdown() -> None:
    one = json.loads(runner.invoke(app, ["explain", "host-leadership", "-f", "json"]).stdout)
    levels = {level["id"]: level for level in one["criterion"]["levels"]}
    assert "baiterek-engineers" in levels["host-leads"]["examples"]
    whole = json.loads(runner.invoke(app, ["explain", "-f", "json"]).stdout)
    assert whole["criteria"][0]["id"] == "host-leadership"
    assert whole["rubric"]["version"] == VERSION
    markdown = runner.invoke(app, ["explain", "-f", "markdown"]).stdout
    tokens = MarkdownIt().enable("table").parse(markdown)
    assert sum(token.type == "table_open" for token in tokens) >= 10
    assert VERSION.replace(".", "\\.", 1) not in markdown  # a version opens no list


def test_score_as_markdown_for_a_pull_request_comment() -> None:
    path = "proposals/code-of-conduct-summit.yaml"
    result = runner.invoke(app, ["score", path, "-f", "markdown"])
    assert result.exit_code == 0
    text = result.stdout
    data = json.loads(runner.invoke(app, ["score", path, "-f", "json"]).stdout)["results"][0]
    assert text.startswith(f"### {data['title']}")
    assert f"**Score {data['score']:.1f}/100, {data['verdict']}**" in text
    for criterion in data["criteria"]:
        assert (
            f"| `{criterion['id']}` | {criterion['level_label']} ({criterion['value']}/4) |" in text
        )
    assert "**What would raise it most**" in text


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "proposals/baiterek-engineers.yaml", "proposals/rural-vocational-school.yaml"],
        ["sensitivity", "proposals", "--samples", "200", "-f", "json"],
        ["explain", "domain", "-f", "markdown"],
        ["validate", "proposals"],
    ],
)
def test_output_writes_the_report_to_a_file(args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    shown = runner.invoke(app, args, env={"COLUMNS": "120"})
    written = runner.invoke(app, [*args, "-o", str(target)], env={"COLUMNS": "120"})
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == shown.stdout


def test_a_proposal_on_standard_input_as_ruff_reads_one() -> None:
    text = (PROPOSALS / "expert-group-migration.md").read_bytes()
    named = runner.invoke(
        app, ["score", "-", "--stdin-filename", "drafts/migration.md", "-f", "json"], input=text
    )
    assert named.exit_code == 0, named.stderr
    result = json.loads(named.stdout)["results"][0]
    assert (result["id"], result["file"]) == ("migration", "drafts/migration.md")
    bad = runner.invoke(app, ["validate", "-"], input="title: [\n")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("<stdin>:2:1: YAML syntax error")
    empty = runner.invoke(app, ["validate", "-"], input="")
    assert (empty.exit_code, empty.stderr) == (
        2,
        "<stdin>: empty input; pipe a proposal in, or name files\n",
    )
    both = runner.invoke(app, ["validate", "-", "proposals"], input=text)
    assert both.stderr == "-: standard input stands alone; give '-' or files, not both\n"
    stray = runner.invoke(app, ["validate", "proposals", "--stdin-filename", "x.md"])
    assert stray.stderr == "--stdin-filename names standard input; give '-' as the PATH\n"


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "proposals", "-f", "json"],
        ["score", "proposals/baiterek-engineers.yaml"],
        ["memo", "proposals/baiterek-engineers.yaml"],
        ["compare", "proposals/baiterek-engineers.yaml", "proposals/rural-vocational-school.yaml"],
    ],
)
def test_every_file_written_is_said_once_and_quiet_says_nothing(
    args: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.txt"
    said = runner.invoke(app, [*args, "-o", str(target)])
    assert said.exit_code == 0, said.stderr
    assert said.stderr == f"wrote {target}\n"
    target.unlink()
    quiet = runner.invoke(app, ["-q", *args, "-o", str(target)])
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert target.exists()
