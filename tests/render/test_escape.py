"""Names are data: a file name holding a line break, an escape, a formula, `|` or a backtick
is shown as written in every format and changes nothing else in the output."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.render.escape import csv_cell, json_safe, markdown_code, visible
from tests.conftest import PROPOSALS

runner = CliRunner()

HOSTILE_NAMES = [
    "cr\r=1+1.yaml",
    "nl\n# Heading <b>x<b>.yaml",
    "pipe|x.yaml",
    "tick`x`.yaml",
    "esc\x1b[31mred.yaml",
    "bidi\u202eevil.yaml",
    "c1\x9bx.yaml",
]


def test_json_escapes_what_a_terminal_must_not_see_and_reads_back_exactly() -> None:
    data = {"file": "c1\x9b\u202e\udcff.yaml"}
    text = json_safe(json.dumps(data, ensure_ascii=False))
    assert text == '{"file": "c1\\u009b\\u202e\\udcff.yaml"}'
    assert json.loads(text) == data
    text.encode("utf-8")  # no lone surrogate left to encode


def test_visible_escapes_what_would_drive_a_terminal_or_break_a_line() -> None:
    assert visible("a\x1b[31mb\r\n\x85\x9b\u202e\u2028\tz") == (
        "a\\x1b[31mb\\r\\n\\x85\\x9b\\u202e\\u2028\\tz"
    )
    assert visible("bad\udcff.yaml") == "bad\\xff.yaml"  # an undecodable byte of a name
    assert visible("plain — text ü") == "plain — text ü"


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("a\r=1+1", "a\\r=1+1"),
        ("\r=1+1", "\\r=1+1"),
        ("-2", "'-2"),
        ("@sum", "'@sum"),
        ("plain", "plain"),
    ],
)
def test_a_csv_cell_is_one_line_and_never_a_formula(cell: str, shown: str) -> None:
    assert csv_cell(cell) == shown


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("plain.yaml", "`plain.yaml`"),
        ("tick`x`.yaml", "``tick`x`.yaml``"),
        ("`start", "`` `start ``"),
        ("a``b", "```a``b```"),
        ("pipe|x", "`pipe\\|x`"),
        ("nl\nx", "`nl\\nx`"),
    ],
)
def test_markdown_code_keeps_every_character(text: str, code: str) -> None:
    assert markdown_code(text, in_table=True) == code


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    text = (PROPOSALS / "aral-glacier-monitoring.yaml").read_text(encoding="utf-8")
    for index, name in enumerate(HOSTILE_NAMES):
        (folder / name).write_text(f"id: n{index}\n{text}", encoding="utf-8")
    (folder / "invalid\x1b[2J.yaml").write_text("title: !!int _\n", encoding="utf-8")
    return folder


def _rank(folder: Path, output_format: str) -> str:
    result = runner.invoke(app, ["rank", "-f", output_format, str(folder)])
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x9b" not in result.stdout + result.stderr
    return result.stdout


def test_csv_has_one_line_per_row_and_no_formula(hostile_folder: Path) -> None:
    text = _rank(hostile_folder, "csv")
    lines = text.splitlines()
    assert len(lines) == len(HOSTILE_NAMES) + 2  # the header, each valid file, the invalid one
    rows = list(csv.reader(io.StringIO(text)))
    files = [row[3] for row in rows[1:]]
    assert f"{hostile_folder}/cr\\r=1+1.yaml" in files
    assert all(not cell.startswith(("=", "+", "@", "\r")) for row in rows for cell in row)


def test_junit_is_valid_xml_naming_each_file(hostile_folder: Path) -> None:
    root = ET.fromstring(_rank(hostile_folder, "junit"))
    files = {case.get("file") for case in root.iter("testcase")}
    assert f"{hostile_folder}/esc\\x1b[31mred.yaml" in files
    assert f"{hostile_folder}/invalid\\x1b[2J.yaml" in files


def test_github_commands_stay_one_line_each(hostile_folder: Path) -> None:
    for line in _rank(hostile_folder, "github").splitlines():
        # Workflow commands, and the plain log lines naming the rubric and the outcome.
        assert line.startswith(("::", "cooperation-scorer: ")), line


def test_markdown_and_json_show_names_as_written(hostile_folder: Path) -> None:
    markdown = _rank(hostile_folder, "markdown")
    assert "\n# Heading" not in markdown
    assert "<b>" not in markdown
    data = json.loads(_rank(hostile_folder, "json"))
    assert {item["file"] for item in data["results"]} == {
        str(hostile_folder / name) for name in HOSTILE_NAMES
    }  # exact: JSON escapes what a terminal must not see, and a parser reads it back


def test_the_memo_names_each_file_so_that_it_can_be_found(
    hostile_folder: Path, tmp_path: Path
) -> None:
    (hostile_folder / "invalid\x1b[2J.yaml").unlink()
    memo = tmp_path / "memo.md"
    result = runner.invoke(
        app, ["memo", str(hostile_folder), "-o", str(memo), "--detail", "full", "--no-charts"]
    )
    assert result.exit_code == 0, result.output
    text = memo.read_text(encoding="utf-8")
    assert f"``{hostile_folder}/tick`x`.yaml``" in text
    assert "\n# Heading" not in text
    assert "\x1b" not in text


def test_an_output_that_is_a_symlink_updates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    result = runner.invoke(app, ["rank", "-f", "json", "-o", str(link), str(PROPOSALS)])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["results"]


def test_a_read_only_output_is_refused_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    result = runner.invoke(app, ["rank", "-f", "json", "-o", str(target), str(PROPOSALS)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{target}: cannot write: the file is read-only; make it writable (chmod u+w) or "
        "choose another file\n"
    )
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_missing_output_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    result = runner.invoke(app, ["rank", "-f", "json", "-o", str(target), str(PROPOSALS)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{target}: cannot write: the folder {target.parent} does not exist; create it or "
        "write elsewhere\n"
    )
    assert not os.path.lexists(target)


def test_a_name_with_a_separator_that_splits_lines_stays_one_line(tmp_path: Path) -> None:
    """str.splitlines() also breaks at \x1c-\x1e, \x85 and \u2028: found by the fuzz suite."""
    name = tmp_path / "\x1e.yaml"
    name.write_text("title: 1\ndomain: spaec\n", encoding="utf-8")
    result = runner.invoke(app, ["rank", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{tmp_path}/\\x1e.yaml:1:1: missing required field")
    assert lines[0].endswith(f"run `cooperation-scorer validate '{tmp_path}/\\x1e.yaml'`)")
