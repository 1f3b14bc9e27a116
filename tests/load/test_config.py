"""The configuration file: found upward like ruff's, CLI flags win, one line per bad key or
value, `--show-settings` says where each setting came from, and a file reproduces a long
command line exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.load.config import (
    CONFIG_FILE,
    KEYS,
    ConfigError,
    find_config,
    load_config,
    parse_config,
)
from cooperation_scorer.load.config import RANK_FORMATS as CONFIG_FORMATS
from cooperation_scorer.render import RankFormat
from tests.conftest import PROPOSALS, REPO

runner = CliRunner()
LONG = [
    "--fail-under", "40", "--fail-on", "blocked", "--fail-on", "unused-waiver",
    "--baseline", "baseline.json", "--by", "consensus", "--jobs", "1",
    "--report", "junit=out/ranking.xml", "--report", "sarif=out/ranking.sarif",
    "-f", "markdown",
]  # fmt: skip
LONG_TOML = """\
[project]
name = "example"

[tool.cooperation-scorer]
paths = ["proposals"]
fail-under = 40
fail-on = ["blocked", "unused-waiver"]
baseline = "baseline.json"
by = "consensus"
jobs = 1
reports = ["junit=out/ranking.xml", "sarif=out/ranking.sarif"]
format = "markdown"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(PROPOSALS, tmp_path / "proposals")
    shutil.copy(REPO / "tests" / "golden" / "baseline.json", tmp_path / "baseline.json")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_config_knows_every_rank_format() -> None:
    assert set(CONFIG_FORMATS) == {f.value for f in RankFormat}


def test_a_config_file_reproduces_a_long_command_line_exactly(project: Path) -> None:
    by_flags = runner.invoke(app, ["rank", "proposals", *LONG])
    flags_reports = {
        name: (project / "out" / name).read_bytes() for name in ("ranking.xml", "ranking.sarif")
    }
    shutil.rmtree(project / "out")
    (project / "out").mkdir()
    (project / "pyproject.toml").write_text(LONG_TOML, encoding="utf-8")
    by_file = runner.invoke(app, ["rank"])
    assert by_file.exit_code == by_flags.exit_code == 1
    assert by_file.stdout == by_flags.stdout
    assert by_file.stderr == by_flags.stderr
    for name, data in flags_reports.items():
        assert (project / "out" / name).read_bytes() == data


def test_found_upward_and_paths_are_relative_to_the_file(project: Path) -> None:
    (project / "pyproject.toml").write_text(LONG_TOML, encoding="utf-8")
    (project / "sub" / "deeper").mkdir(parents=True)
    assert find_config(project / "sub" / "deeper") == project / "pyproject.toml"
    config = load_config(None, project / "sub" / "deeper")
    assert config.values["paths"] == ["proposals"]  # relative to the working directory
    # In one folder the tool's own file wins over pyproject.toml.
    (project / CONFIG_FILE).write_text("fail-under = 10\n", encoding="utf-8")
    assert find_config(project / "sub") == project / CONFIG_FILE
    # A pyproject.toml without the table is passed over.
    (project / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(project / "sub") == project / CONFIG_FILE


def test_flags_win_and_show_settings_says_where_each_came_from(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text(LONG_TOML, encoding="utf-8")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    result = runner.invoke(app, ["rank", "--show-settings", "--fail-under", "70"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# configuration file: ../pyproject.toml"
    assert any(
        line.startswith("fail-under = 70 ") and line.endswith("# command line") for line in lines
    )
    assert any(
        line.startswith('by = "consensus" ') and line.endswith("# ../pyproject.toml:9")
        for line in lines
    )
    assert any(line.startswith('paths = ["../proposals"] ') for line in lines)
    assert any(line.startswith("no-waivers = false ") and "# default" in line for line in lines)
    assert lines[-1].startswith("# rubric in use: ")
    isolated = runner.invoke(app, ["rank", "--show-settings", "--isolated"])
    assert isolated.stdout.splitlines()[0] == "# configuration file: (none)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail-undr = 40\n", "x.toml:1:1: unknown key 'fail-undr' in the file (did you mean "
                             "'fail-under'?); the keys are "),
        ("\n\nfail-under = '40'\n", "x.toml:3:1: 'fail-under' must be a number from 0 to 100, "
                                    "not '40'"),
        ("fail-under = 140\n", "x.toml:1:1: 'fail-under' must be a number from 0 to 100, not 140"),
        ("fail-on = ['blockd']\n", "x.toml:1:1: 'fail-on' must be one of conditional, "
                                   "not-recommended, blocked, waived, unused-waiver, not "
                                   "'blockd' (did you mean 'blocked'?)"),
        ("format = 'sarf'\n", "x.toml:1:1: 'format' must be one of"),
        ("jobs = true\n", "x.toml:1:1: 'jobs' must be a whole number from 0 to 1024, not True"),
        ("max-bytes = 99999999999999999999\n", "x.toml:1:1: 'max-bytes' must be a whole number "
                                                "from 1 to 1073741824"),
        ("no-waivers = 'yes'\n", "x.toml:1:1: 'no-waivers' must be true or false, not 'yes'"),
        ("require-rubric = 'abc'\n", "x.toml:1:1: 'require-rubric' must be the 64 hex digits"),
        ("reports = ['junt=x.xml']\n", "x.toml:1:1: 'reports' 'junt=x.xml' must be FORMAT=PATH"),
        ("paths = 'proposals'\n", "x.toml:1:1: 'paths' must be a list of text"),
        ("fail-under = \n", "x.toml:1:1: TOML syntax error: "),
        ("[rank]\nfail-under = 1\n", "x.toml: unknown key 'rank' in the file"),
    ],
)  # fmt: skip
def test_a_bad_key_or_value_is_one_line_with_the_file_and_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text.encode(), Path("x.toml"))
    (problem,) = raised.value.problems
    assert str(problem).startswith(message)
    assert "\n" not in str(problem)


def test_a_pyproject_without_our_table_holds_no_settings() -> None:
    for text in ("tool = 1\n", "[project]\nname = 'x'\n"):
        assert parse_config(text.encode(), Path("pyproject.toml")).values == {}


def test_pyproject_keys_are_read_only_from_our_table() -> None:
    text = "[tool.ruff]\nfail-under = 1\n\n[tool.cooperation-scorer]\nfail-under = 5\n"
    config = parse_config(text.encode(), Path("pyproject.toml"))
    assert config.values == {"fail-under": 5.0}
    assert config.where("fail-under") == "pyproject.toml:5"
    with pytest.raises(ConfigError) as raised:
        parse_config(b"[tool.cooperation-scorer]\nfail-on = 'x'\n", Path("pyproject.toml"))
    assert str(raised.value.problems[0]).startswith("pyproject.toml:2:1: 'fail-on' must be")


def test_the_cli_reports_a_bad_config_in_one_line_and_exit_2(project: Path) -> None:
    (project / CONFIG_FILE).write_text("fail-on = 'blockd'\n", encoding="utf-8")
    result = runner.invoke(app, ["rank", "proposals"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{CONFIG_FILE}:1:1: 'fail-on' must be one of")
    assert runner.invoke(app, ["rank", "proposals", "--isolated", "-f", "csv"]).exit_code == 0
    missing = runner.invoke(app, ["rank", "proposals", "--config", "nope.toml"])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("nope.toml: cannot read it: No such file or directory")
    both = runner.invoke(app, ["rank", "proposals", "--config", CONFIG_FILE, "--isolated"])
    assert both.exit_code == 2


def test_every_key_is_documented() -> None:
    text = (REPO / "docs" / "ci.md").read_text("utf-8")
    for key in KEYS:
        assert f"`{key}`" in text, key


def test_every_command_uses_the_configured_rubric_and_its_requirement(project: Path) -> None:
    custom = project / "rubric" / "custom.yaml"
    custom.parent.mkdir()
    custom.write_bytes((REPO / "criteria.yaml").read_bytes() + b"\n# our copy\n")
    (project / CONFIG_FILE).write_text('criteria = "rubric/custom.yaml"\n', encoding="utf-8")
    proposal = "proposals/baiterek-engineers.yaml"
    scored = runner.invoke(app, ["score", proposal, "-f", "json"])
    assert scored.exit_code == 0, scored.stderr
    assert '"path": "rubric/custom.yaml"' in scored.stdout
    assert runner.invoke(app, ["validate", proposal]).exit_code == 0
    packaged = runner.invoke(app, ["rank", "--isolated", "--show-settings"]).stdout
    digest = packaged.splitlines()[-1].rsplit(" ", 1)[1]
    (project / CONFIG_FILE).write_text(
        f'criteria = "rubric/custom.yaml"\nrequire-rubric = "{digest}"\n', encoding="utf-8"
    )
    for command in (["score", proposal], ["validate", proposal], ["rank", "proposals"]):
        refused = runner.invoke(app, command)
        assert refused.exit_code == 2, command
        assert refused.stderr.startswith("rubric/custom.yaml: the rubric's sha256 is "), command
        assert f"require-rubric ({CONFIG_FILE}:2) requires" in refused.stderr
    # The command line wins over the file's criteria; the requirement still holds.
    pinned = runner.invoke(app, ["score", proposal, "--criteria", str(REPO / "criteria.yaml")])
    assert pinned.exit_code == 0, pinned.stderr
