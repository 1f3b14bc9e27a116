"""Explicit YAML tags that do not fit their text, and folders that fight back: one line each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.errors import ProposalError, RubricError
from cooperation_scorer.load.documents import DocumentError, parse_yaml
from cooperation_scorer.load.files import discover
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.rubric import Rubric
from tests.conftest import RUBRIC_PATH

runner = CliRunner()

VALID = """\
title: A valid proposal
summary: A small pilot that trains engineers, kept under the political radar.
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, United States, Russia]
lead: Kazakhstan
"""


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!int _", "the value '_' is not a whole number, as its tag '!!int' says"),
        ("!!int ''", "the value '' is not a whole number, as its tag '!!int' says"),
        ("!!float ''", "the value '' is not a number, as its tag '!!float' says"),
        ("!!bool space", "the value 'space' is not true or false, as its tag '!!bool' says"),
        ("!!null x", "the value 'x' is not null (empty), as its tag '!!null' says"),
        ("!!timestamp x", "the value 'x' is not a date, as its tag '!!timestamp' says"),
        ("!!int 0x_", "cannot read the value '0x_'; quote it"),
    ],
)
def test_a_tag_that_does_not_fit_its_text_is_one_placed_line(written: str, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_yaml(f"a: 1\nb: {written}\n")
    assert (caught.value.line, caught.value.column) == (2, 4)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("written", "value"),
    [("!!int 12", 12), ("!!float 1", 1.0), ("!!bool yes", True), ("!!null ''", None)],
)
def test_a_tag_that_fits_reads_as_before(written: str, value: object) -> None:
    assert parse_yaml(f"b: {written}\n").data == {"b": value}


def test_a_proposal_with_an_unfitting_tag_is_invalid(rubric: Rubric) -> None:
    text = VALID.replace("domain: space", "domain: !!bool space")
    with pytest.raises(ProposalError) as caught:
        parse_proposal(text.encode(), "p.yaml", rubric)
    assert str(caught.value).startswith("p.yaml:3:9: the value 'space' is not true or false")


def test_a_rubric_with_an_unfitting_tag_is_invalid() -> None:
    text = RUBRIC_PATH.read_text(encoding="utf-8").replace(
        "name: us-russia-central-asia", "name: !!int _", 1
    )
    with pytest.raises(RubricError) as caught:
        parse_rubric(text.encode(), "criteria.yaml")
    assert "is not a whole number, as its tag '!!int' says" in str(caught.value)


def test_in_a_batch_an_unfitting_tag_spoils_only_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(VALID.replace("title: A", "title: !!int _ #"), "utf-8")
    result = runner.invoke(app, ["rank", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    assert '"id": "good"' in result.stdout
    assert result.stderr.startswith(f"{tmp_path / 'bad.yaml'}:1:8: the value '_' is not")
    assert "Traceback" not in result.output


def test_a_symlink_loop_in_a_folder_is_searched_once_and_loops_are_reported(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "p.yaml").write_text(VALID, encoding="utf-8")
    (folder / "sub" / "up").symlink_to("..")
    (folder / "self.yaml").symlink_to("self.yaml")
    (folder / "a").symlink_to("b")
    (folder / "b").symlink_to("a")
    (folder / "gone.yaml").symlink_to("nowhere")
    found = discover([folder, folder / "self.yaml", folder / "sub" / "up" / "sub" / "p.yaml"])
    assert [path.name for path in found.files] == ["gone.yaml", "self.yaml", "p.yaml"]
    assert found.problems == []  # the loop named again is the file found: reported once
    direct = discover([folder / "a"])
    assert [str(problem) for problem in direct.problems] == [
        f"{folder / 'a'}: a symbolic link loop (a link that leads back to itself); "
        "fix or remove the link"
    ]
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"{folder / 'gone.yaml'}: a symbolic link to nothing (its target is gone); "
        "fix or remove the link",
        f"{folder / 'self.yaml'}: cannot read: a symbolic link loop (a link that leads back "
        "to itself); fix or remove the link",
    ]


def test_a_name_too_long_for_the_file_system_is_one_line(tmp_path: Path) -> None:
    long_name = tmp_path / ("x" * 300 + ".yaml")
    deep = tmp_path / "/".join(["d" * 200] * 25)
    result = runner.invoke(app, ["validate", str(long_name), str(deep)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.endswith(
            ": the name is too long for the file system (over 255 bytes in one part, or 4096 "
            "in all); shorten it"
        )


def test_a_folder_too_deep_to_name_is_reported_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for _ in range(30):  # deeper than PATH_MAX, made one step at a time
        Path("d" * 200).mkdir()
        os.chdir("d" * 200)
    Path("p.yaml").write_text(VALID, encoding="utf-8")
    found = discover([tmp_path])
    assert not found.files
    assert len(found.problems) == 1
    assert found.problems[0].message.startswith("cannot list: the name is too long")


def test_hidden_files_and_folders_are_not_searched_but_read_when_named(tmp_path: Path) -> None:
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "p.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / ".draft.yaml").write_text(VALID, encoding="utf-8")
    assert discover([tmp_path]).files == []
    named = discover([tmp_path / ".draft.yaml", tmp_path / ".hidden"])
    assert named.files == [tmp_path / ".draft.yaml", tmp_path / ".hidden" / "p.yaml"]
