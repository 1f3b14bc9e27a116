"""Writing proposals through the command line: new, compare, completion."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cooperation_scorer.cli import authoring as cli_authoring
from cooperation_scorer.cli import checking as cli_checking
from cooperation_scorer.cli.app import app
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.model.rubric import Rubric
from tests.conftest import PROPOSALS, REPO

runner = CliRunner()
FLAGS = [
    "--title", "Glacier lab in Bishkek",
    "--domain", "environment",
    "--host-states", "Kyrgyzstan",
    "--participants", "Kyrgyzstan,United States,Russia,UNDP",
    "--lead", "Kyrgyzstan",
    "--summary", "A small pilot lab, kept low-key, that shares no intelligence.",
]  # fmt: skip


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(REPO / "criteria.yaml", tmp_path / "criteria.yaml")


def test_new_with_flags_writes_a_valid_file_and_prints_its_score(rubric: Rubric) -> None:
    result = runner.invoke(app, ["new", *FLAGS])
    assert result.exit_code == 0, result.stderr
    path = Path("glacier-lab-in-bishkek.yaml")
    assert result.stderr == f"wrote {path}\n"
    assert "glacier-lab-in-bishkek — Glacier lab in Bishkek" in result.stdout
    assert "Verdict recommended" in result.stdout
    text = path.read_text("utf-8")
    proposal = parse_proposal(text.encode(), str(path), rubric)
    assert proposal.lead == ("Kyrgyzstan",)
    assert proposal.participants[-1].name == "UNDP"
    for optional in ("political_profile", "intelligence_sharing", "dual_use", "visibility",
                     "scale", "frictions", "waivers", "id"):  # fmt: skip
        assert f"\n# {optional}:" in text, optional
    assert yaml.safe_load(text)["title"] == "Glacier lab in Bishkek"


def test_new_never_overwrites() -> None:
    Path("mine.yaml").write_text("my own work\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "mine.yaml", *FLAGS])
    assert result.exit_code == 2
    assert result.stderr == (
        "mine.yaml: already exists; `new` never replaces a file; choose another name\n"
    )
    assert Path("mine.yaml").read_text("utf-8") == "my own work\n"
    asked = runner.invoke(app, ["new", "mine.yaml"], input="")  # refused before any question
    assert asked.exit_code == 2
    assert asked.stdout == ""
    assert "already exists" in asked.stderr
    Path("dangling.yaml").symlink_to("nowhere.yaml")  # a link is a file there too
    linked = runner.invoke(app, ["new", "dangling.yaml", *FLAGS])
    assert linked.exit_code == 2
    assert linked.stderr.startswith("dangling.yaml: already exists;")
    assert Path("dangling.yaml").is_symlink()


@pytest.mark.parametrize("name", ["p.json", "p.md", "p.txt", "p"])
def test_new_writes_only_yaml_files(name: str) -> None:
    result = runner.invoke(app, ["new", name, *FLAGS])
    assert result.exit_code == 2
    assert result.stderr == f"{name}: `new` writes YAML; name the file with .yaml or .yml\n"
    assert not Path(name).exists()


def test_new_without_a_terminal_names_every_missing_flag_at_once() -> None:
    result = runner.invoke(app, ["new", "--title", "x"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "missing --domain, --host-states, --participants and --lead, and no terminal to ask; "
        "pass them (see `cooperation-scorer new --help`)\n"
    )
    one = runner.invoke(app, ["new", *FLAGS[: FLAGS.index("--lead")]])
    assert one.stderr.startswith("missing --lead, and no terminal to ask; pass it ")


def test_new_joins_lists_in_its_default_summary_and_points_editors_at_the_schema() -> None:
    flags = FLAGS[: FLAGS.index("--summary")]
    result = runner.invoke(app, ["new", "lab.yaml", *flags])
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(Path("lab.yaml").read_text("utf-8"))
    assert data["summary"] == (
        "Glacier lab in Bishkek: a project in Kyrgyzstan led by Kyrgyzstan, "
        "with Kyrgyzstan, United States, Russia and UNDP."
    )
    lines = Path("lab.yaml").read_text("utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=schema/proposal.schema.json"
    assert "once `cooperation-scorer schema` is saved there" in lines[1]
    Path("schema").mkdir()
    Path("schema/proposal.schema.json").write_text("{}", encoding="utf-8")
    Path("sub").mkdir()
    runner.invoke(app, ["new", "sub/lab.yaml", *flags])
    lines = Path("sub/lab.yaml").read_text("utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/proposal.schema.json"
    assert lines[1].startswith("title:")


def test_new_refuses_an_existing_default_name_right_after_the_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_authoring, "_interactive", lambda: True)
    Path("glacier-lab.yaml").write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["new"], input="Glacier lab\nenvironment\n")
    assert result.exit_code == 2
    assert "Domain" not in result.stdout  # nothing more was asked
    assert result.stderr == (
        "glacier-lab.yaml: already exists; `new` never replaces a file; choose another name\n"
    )


@pytest.mark.parametrize("keys", ["", "Glacier lab\n"])  # Ctrl-D at the first, then the second
def test_new_stops_with_130_when_the_input_ends(keys: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_authoring, "_interactive", lambda: True)
    result = runner.invoke(app, ["new", "lab.yaml"], input=keys)
    assert result.exit_code == 130
    assert result.stderr.endswith("interrupted; nothing written\n")
    assert not Path("lab.yaml").exists()


def test_new_says_what_is_wrong_with_an_empty_answer_and_suggests_a_spelling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_authoring, "_interactive", lambda: True)
    answers = [
        "",  # an empty title: said, and asked again
        "Glacier lab",
        "environment",
        "Kazakstan",
        "Kazakhstan",
        "Kazakhstan, United States, Russia",
        "Rusia",
        "Kazakhstan",
        "",  # an empty summary: said, and asked again
        "A small pilot lab, kept low-key.",
    ]
    result = runner.invoke(app, ["-q", "new", "lab.yaml"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "write a title; it cannot be empty" in result.stderr
    assert "not a Central Asian state: Kazakstan (did you mean 'Kazakhstan'?); use " in (
        result.stderr
    )
    assert "not a participant: Rusia (did you mean 'Russia'?)" in result.stderr
    assert "write a summary; it cannot be empty" in result.stderr
    assert "wrote" not in result.stderr  # -q: no success message, no score
    assert "Score" not in result.stdout


def test_new_checks_flags_against_the_rubric() -> None:
    flags = [*FLAGS]
    flags[flags.index("environment")] = "enviroment"
    result = runner.invoke(app, ["new", *flags])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "unknown domain 'enviroment' (did you mean 'environment'?); use one of"
    )


def test_new_in_a_terminal_asks_until_each_answer_is_valid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_authoring, "_interactive", lambda: True)
    answers = [
        "Pilot vocational school",  # title
        "sport",  # an unknown domain: asked again
        "human-capital",
        "Mongolia",  # not a Central Asian state: asked again
        "Uzbekistan",
        "Uzbekistan, US, RF",
        "China",  # not a participant: asked again
        "Uzbekistan",
        "A small pilot school on water use, kept under the political radar.",
    ]
    result = runner.invoke(app, ["new", "school.yaml"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "unknown domain 'sport'" in result.stderr
    assert "not a Central Asian state: Mongolia" in result.stderr
    assert "not a participant: China; choose among Uzbekistan, US, RF" in result.stderr
    # Each prompt shows its choices from the rubric, as the Domain prompt does.
    assert "Domain (environment, " in result.stdout
    hosts = "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan"
    assert f"Host states, comma-separated ({hosts}):" in result.stdout
    assert "Participants, comma-separated (United States, Russia, Kazakhstan, " in result.stdout
    assert ", Afghanistan; others allowed):" in result.stdout
    assert "RF, Russian Federation" not in result.stdout  # names, not aliases
    assert "Lead or co-leads, comma-separated (Uzbekistan, US, RF):" in result.stdout
    data = yaml.safe_load(Path("school.yaml").read_text("utf-8"))
    assert data["domain"] == "human-capital"
    assert data["participants"] == ["Uzbekistan", "US", "RF"]
    assert data["lead"] == "Uzbekistan"


def _revision(tmp: Path, name: str, **changes: object) -> Path:
    data = yaml.safe_load(
        (PROPOSALS / "tajik-border-counternarcotics.md").read_text("utf-8").split("---")[1]
    )
    body = (PROPOSALS / "tajik-border-counternarcotics.md").read_text("utf-8").split("---", 2)[2]
    data.update(changes)
    path = tmp / name
    path.write_text(f"---\n{yaml.safe_dump(data, sort_keys=False)}---{body}", encoding="utf-8")
    return path


def test_compare_two_revisions(tmp_path: Path) -> None:
    old = _revision(tmp_path, "old.md", visibility="medium")
    new = _revision(tmp_path, "new.md", lead="Tajikistan", visibility="low")
    result = runner.invoke(app, ["compare", str(old), str(new), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"]["score"], data["new"]["score"]) == (64.5, 77.6)
    assert (data["old"]["verdict"], data["new"]["verdict"]) == ("not-recommended", "conditional")
    moved = {c["id"]: (c["level_before"], c["level_after"], c["delta"]) for c in data["criteria"]}
    assert moved == {
        "host-leadership": ("outside-leads", "host-leads", 7.5),
        "political-visibility": ("medium", "low", 5.0),
    }
    facts = {f["name"]: (f["before"], f["after"]) for f in data["facts"]}
    assert facts["leadership"] == ("outside-leads", "host-leads")
    assert facts["visibility"] == ("medium", "low")
    markdown = runner.invoke(app, ["compare", str(old), str(new), "-f", "markdown"]).stdout
    assert "Score 64.5 → **77.6** (+13.1), verdict not-recommended → **conditional**." in markdown
    table = runner.invoke(app, ["compare", str(old), str(new)]).stdout
    assert "Criteria that moved" in table


def test_compare_against_a_git_revision(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    path = _revision(repo, "p.md")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "p.md"], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    _revision(repo, "p.md", scale="pilot")
    result = runner.invoke(app, ["compare", str(path), "--git", "HEAD", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["file"] == f"HEAD:{path}"
    assert data["tool"]["name"] == "cooperation-scorer"
    assert data["rubric"]["path"] == "criteria.yaml"
    assert [c["id"] for c in data["criteria"]] == ["project-scale"]
    missing = runner.invoke(app, ["compare", str(path), "--git", "no-such-rev"])
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"no-such-rev:{path}: cannot read it from git:")
    written = tmp_path / "written-by-git"
    for option in (f"--output={written}", "-p"):
        refused = runner.invoke(app, ["compare", str(path), f"--git={option}"])
        assert refused.exit_code == 2
        assert refused.stderr == f"--git {option}: not a revision; name a commit, branch or tag\n"
    assert not written.exists()
    path.write_bytes(b"#" * (4 * 1024 * 1024 + 1))
    subprocess.run([*git, "commit", "-qam", "huge"], check=True)
    _revision(repo, "p.md")
    huge = runner.invoke(app, ["compare", str(path), "--git", "HEAD"])
    assert huge.exit_code == 2
    assert huge.stderr == f"HEAD:{path}: the file is over 4194304 bytes; not a proposal\n"


def test_compare_needs_two_files_or_git() -> None:
    result = runner.invoke(app, ["compare", "a.yaml"])
    assert result.exit_code == 2
    assert result.stderr == "give two files, OLD NEW, or one file and --git REV\n"


def test_completion_of_domains_and_criteria() -> None:
    assert cli_authoring._complete_domain("e") == ["environment", "energy", "education"]
    assert cli_checking._complete_criterion("host") == ["host-leadership"]


@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_compare_git_on_a_file_added_since_the_revision_reports_a_new_proposal(
    tmp_path: Path, output_format: str
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "first"], check=True)
    path = _revision(repo, "p.md")  # added after HEAD
    result = runner.invoke(app, ["compare", str(path), "--git", "HEAD", "-f", output_format])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if output_format == "json":
        data = json.loads(result.stdout)
        assert data["status"] == "new"
        assert data["old"] is None
        assert data["new"]["verdict"] in {"recommended", "conditional", "not-recommended"}
    elif output_format == "markdown":
        assert "New proposal (not in `HEAD`): score **" in result.stdout
    else:
        assert result.stdout.startswith("p is a new proposal: it is not in HEAD.\n")
    bad = runner.invoke(app, ["compare", str(path), "--git", "no-such-rev"])
    assert bad.exit_code == 2  # a revision that does not exist is still an error
