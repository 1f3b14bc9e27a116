"""Signals through the real command: workers die with their parent; SIGTERM and Ctrl-C end a
run with one line, exit 143 or 130, and leave no temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROPOSALS, REPO

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for children")


COMMAND = [sys.executable, "-m", "cooperation_scorer", "rank", "-j", "2", "-f", "json"]


def _batch(folder: Path, count: int = 2500) -> None:
    folder.mkdir()
    text = (PROPOSALS / "aral-glacier-monitoring.yaml").read_text(encoding="utf-8")
    for index in range(count):
        (folder / f"p{index:05}.yaml").write_text(f"id: p{index}\n{text}", encoding="utf-8")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _start(
    folder: Path, output: Path, settle: float = 0.5
) -> tuple[subprocess.Popen[str], list[int]]:
    """A parallel rank, `settle` seconds after its two workers are running."""
    process = subprocess.Popen(
        [*COMMAND, "-o", str(output), str(folder)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _children(process.pid)
        if len(workers) >= 2:
            time.sleep(settle)  # into the batch
            return process, workers
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the workers never started")


def _gone(pids: list[int], within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
            except FileNotFoundError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False


# A worker stopped while writing a result leaves half a message in the pool's pipe; the run
# must still end (it once hung in the interpreter's exit), whenever the signal comes.
@pytest.mark.parametrize("settle", [0.3, 0.9])
@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [(signal.SIGTERM, 143, "terminated (SIGTERM)"), (signal.SIGINT, 130, "interrupted (Ctrl-C)")],
)
def test_a_signal_stops_the_run_cleanly(
    tmp_path: Path, signum: signal.Signals, code: int, said: str, settle: float
) -> None:
    _batch(tmp_path / "batch")
    output = tmp_path / "out.json"
    process, workers = _start(tmp_path / "batch", output, settle)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    assert stderr == (
        f"cooperation-scorer: {said}; nothing was finished: no --output file was written, "
        "and any report already on standard output is incomplete\n"
    )
    assert _gone(workers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch"]  # no out.json, no .tmp


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    _batch(tmp_path / "batch")
    process, workers = _start(tmp_path / "batch", tmp_path / "out.json")
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)  # the pipes close: no worker holds them open
    assert _gone(workers)


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5, 1.0])
def test_sigterm_at_any_moment_is_one_line_and_143(delay: float) -> None:
    """While starting, while running, or while finishing: never a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cooperation_scorer", "rank", "-f", "json", str(PROPOSALS)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert "Traceback" not in stderr
    if process.returncode in (0, 1):  # it finished first
        return
    if process.returncode == -signal.SIGTERM:  # during the interpreter's own teardown, which
        assert stderr == ""  # restores the default action: the shell's $? is 143 all the same
        return
    assert process.returncode == 143, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("cooperation-scorer: terminated (SIGTERM)")
