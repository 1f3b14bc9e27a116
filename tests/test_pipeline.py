"""The pipeline's own failures: one file's bug, or a dead worker, never a traceback."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer import pipeline
from cooperation_scorer.analysis import improvements
from cooperation_scorer.cli.app import app
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.processes import WorkerDied
from tests.conftest import PROPOSALS

runner = CliRunner()


def test_a_bug_on_one_file_is_that_files_problem(
    loaded_rubric: LoadedRubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cooperation_scorer.analysis.improvements import assessed as real

    def failing(proposal: object, *args: object, **kwargs: object) -> object:
        if str(getattr(proposal, "file", "")).endswith("aral-glacier-monitoring.yaml"):
            raise IndexError("string index out of range")
        return real(proposal, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(improvements, "assessed", failing)
    outcome = pipeline.evaluate([PROPOSALS], loaded_rubric, jobs=1)
    assert [str(problem) for problem in outcome.problems] == [
        f"{PROPOSALS / 'aral-glacier-monitoring.yaml'}: internal error while assessing this "
        "file (IndexError: string index out of range); please report it with the file"
    ]
    assert len(outcome.assessments) == outcome.files - 1


def _die(path: Path, job: object) -> object:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def test_a_worker_killed_mid_run_is_one_line(
    loaded_rubric: LoadedRubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "_in_worker", _die)
    with pytest.raises(WorkerDied):
        pipeline.evaluate([PROPOSALS], loaded_rubric, jobs=2)
    result = runner.invoke(app, ["rank", "-j", "2", str(PROPOSALS)])
    assert result.exit_code == 2
    assert result.stderr == (
        "a worker process died before finishing (killed, or out of memory); run again, with "
        "--jobs 1 to use a single process\n"
    )
