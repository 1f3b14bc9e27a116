"""Hostile and broken input through the real command: one line each, nothing runs, nothing lost."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

VALID = """\
title: A valid proposal
summary: A small pilot that trains engineers, kept under the political radar.
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, United States, Russia]
lead: Kazakhstan
"""


def _bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def hostile_folder(root: Path, marker: Path) -> set[str]:
    """Write every kind of bad file, and four valid ones; return the file names."""
    files: dict[str, bytes | str] = {
        "python-object.yaml": f'title: !!python/object/apply:os.system ["touch {marker}"]\n',
        "bomb.yaml": _bomb(),
        "deep.yaml": "title: " + "[" * 50_000 + "\n",
        "deep.json": '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "big.yaml": VALID + "x-padding: '" + "x" * 300_000 + "'\n",
        "invalid-utf8.yaml": VALID.encode() + b"x-note: caf\xe9\n",
        "binary.yaml": b"\x00\x01\x02 not text",
        "empty.yaml": "",
        "scalar.yaml": "just a sentence\n",
        "list.yaml": "- title: x\n",
        "syntax.yaml": "title: [unclosed\n",
        "duplicate.yaml": VALID + "title: again\n",
        "unknown-key.yaml": VALID.replace("summary:", "sumary:"),
        "enum.yaml": VALID + "visibility: loud\n",
        "domain.yaml": VALID.replace("domain: space", "domain: spaec"),
        "types.yaml": VALID.replace("title: A valid proposal", "title: 123"),
        "empty-list.yaml": VALID.replace("[Kazakhstan, United States, Russia]", "[]"),
        "lead.yaml": VALID.replace("lead: Kazakhstan", "lead: China"),
        "host.yaml": VALID.replace("host_states: [Kazakhstan]", "host_states: [Mongolia]"),
        "slug.yaml": VALID + "id: ../../etc/passwd\n",
        "unclosed.md": "---\ntitle: x\n",
        "same-id-a.yaml": VALID + "id: same\n",
        "same-id-b.yaml": VALID + "id: same\n",
        "bom.yaml": "\ufeff" + VALID,
        "name with spaces.yaml": VALID,
        "проект.yaml": VALID + "id: proekt\n",
        "escape.json": '{\n  "title": "\\u001b[2Jcleared"\n}\n',
    }
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "unreadable.yaml").symlink_to(root / "gone.yaml")  # root reads every mode bit
    os.mkfifo(root / "pipe.yaml")  # nobody ever writes to it: reading it would hang
    return {*files, "unreadable.yaml", "pipe.yaml"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cooperation_scorer", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["rank", "score", "validate"])
def test_a_folder_of_hostile_files_ranks_the_valid_and_reports_the_rest(
    tmp_path: Path, command: str
) -> None:
    root = tmp_path / "proposals"
    root.mkdir()
    marker = tmp_path / "marker"
    names = hostile_folder(root, marker)
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = run(command, str(root), "--max-bytes", "200000")
    elapsed = time.monotonic() - started
    peak_kib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert not marker.exists(), "a tag in a proposal ran a command"
    assert elapsed < 10
    assert peak_kib < 400 * 1024

    lines = completed.stderr.splitlines()
    reported = {Path(line.split(":", 1)[0]).name for line in lines}
    valid = {"bom.yaml", "name with spaces.yaml", "проект.yaml", "same-id-a.yaml"}
    assert reported == names - valid
    for line in lines:
        assert line.startswith(str(root)), line
    if command == "validate":  # one line per problem
        assert completed.stdout.startswith(f"{len(valid)} valid, {len(reported)} invalid; rubric ")
    else:  # one line per bad file
        assert len(lines) == len(reported)
        assert completed.stdout.count("A valid proposal") == len(valid)


def test_the_loop_is_searched_once(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    completed = run("validate", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("1 valid, 0 invalid; rubric ")


# Each hostile file of the folder, and the start of the one line `validate` gives it.
EXPECTED = {
    "python-object.yaml": ":1:8: the tag '!!python/object/apply:os.system' is not allowed",
    "bomb.yaml": ":6:8: the document expands to more than 100000 values (aliases?)",
    # the column is where we stop (71) or, with a newer libyaml, where it stops first
    "deep.yaml": ":1:",
    "deep.json": ":1:74: the JSON nests deeper than 64 levels; flatten it",
    "big.yaml": ": the file is over 200000 bytes; shorten it or raise --max-bytes",
    "invalid-utf8.yaml": ":7:12: the file is not valid UTF-8; save it as UTF-8",
    "binary.yaml": ": this is a binary file, not a proposal",
    "empty.yaml": ":1:1: the document is empty; write the fields",
    "scalar.yaml": ":1:1: a proposal must be a mapping of fields, not a single value",
    "list.yaml": ":1:1: a proposal must be a mapping of fields, not a list",
    "syntax.yaml": ":2:1: YAML syntax error:",
    "duplicate.yaml": ":7:1: duplicate key 'title' (first on line 1, again on line 7)",
    "unknown-key.yaml": ":2:1: unknown key 'sumary' (did you mean 'summary'?)",
    "enum.yaml": ":7:13: 'visibility' must be one of low, medium, high, not 'loud'",
    "domain.yaml": ":3:9: unknown domain 'spaec' (did you mean 'space'?)",
    "types.yaml": ":1:8: 'title' must be text, not a number",
    "empty-list.yaml": ":5:15: 'participants' is empty; give at least one value",
    "lead.yaml": ":6:7: the lead 'China' is not a participant",
    "host.yaml": ":4:15: 'Mongolia' is not a Central Asian state",
    "slug.yaml": ":7:5: 'id' is '../../etc/passwd', not a slug",
    "unclosed.md": ":1:1: the front matter opened on line 1 never closes",
    "unreadable.yaml": ": a symbolic link to nothing (its target is gone); fix or remove",
    "pipe.yaml": ": not a regular file (a pipe, socket or device); point at a file on disk",
    "escape.json": ":2:13: the text holds the control character U+001B; remove it",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_gets_its_own_clear_line(tmp_path: Path, name: str) -> None:
    marker = tmp_path / "marker"
    hostile_folder(tmp_path, marker)
    completed = run("validate", "--max-bytes", "200000", str(tmp_path / name), cwd=tmp_path)
    assert completed.returncode == 2, name
    assert completed.stderr.startswith(str(tmp_path / name) + EXPECTED[name]), completed.stderr
    assert completed.stderr.count("\n") == 1
    assert not marker.exists()


def test_a_deep_yaml_file_says_how_deep(tmp_path: Path) -> None:
    hostile_folder(tmp_path, tmp_path / "marker")
    deep = run("validate", str(tmp_path / "deep.yaml")).stderr
    assert deep.endswith(": the YAML nests deeper than 64 levels; flatten it\n"), deep


def test_a_shared_id_names_the_other_file(tmp_path: Path) -> None:
    hostile_folder(tmp_path, tmp_path / "marker")
    both = run("validate", str(tmp_path / "same-id-a.yaml"), str(tmp_path / "same-id-b.yaml"))
    assert both.stderr == (
        f"{tmp_path / 'same-id-b.yaml'}:7:1: the id 'same' is also used by "
        f"{tmp_path / 'same-id-a.yaml'}; give each proposal its own id\n"
    )


def test_problems_come_in_file_order_whatever_the_order_of_the_paths(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    names = sorted(hostile_folder(tmp_path, marker))
    forward = run("validate", *(str(tmp_path / name) for name in names))
    backward = run("validate", *(str(tmp_path / name) for name in reversed(names)))
    assert forward.returncode == backward.returncode == 2
    assert forward.stderr == backward.stderr
    assert forward.stdout == backward.stdout
    files = [line.split(":", 1)[0] for line in forward.stderr.splitlines()]
    assert files == sorted(files)


@pytest.mark.parametrize(
    "option",
    [
        ["rank", "proposals", "--baseline"],
        ["rank", "proposals", "--criteria"],
        ["memo", "proposals", "--template"],
    ],
    ids=["baseline", "criteria", "template"],
)
def test_every_file_an_option_names_refuses_a_pipe_instead_of_waiting(
    tmp_path: Path, option: list[str]
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)  # nobody ever writes to it: reading it would hang past the timeout
    completed = run(*option, str(pipe), cwd=REPO)
    assert completed.returncode == 2
    assert completed.stderr == (
        f"{pipe}: not a regular file (a pipe, socket or device); point at a file on disk\n"
    )


def test_a_baseline_with_an_overflowing_number_is_one_line(tmp_path: Path) -> None:
    baseline = tmp_path / "old.json"
    entry = '{"id": "a", "title": "A", "score": 70, "verdict": "conditional", "rank": 1e400}'
    baseline.write_text('{"results": [' + entry + "]}", encoding="utf-8")
    completed = run("rank", "proposals", "--baseline", str(baseline), cwd=REPO)
    assert completed.returncode == 2
    assert completed.stderr == (
        f"{baseline}: results[0]: the rank inf is not a whole number from 1 to 1; "
        "save one with --format json --output and pass that\n"
    )
