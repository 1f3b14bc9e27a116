"""Bounded work, measured as a ratio: doubling the input at most about 2.5 times the CPU time."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cooperation_scorer.load.files import discover
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from tests.conftest import IDEAL

RATIO = 2.5


def _cpu(
    small: Callable[[], object], large: Callable[[], object], repeat: int = 3
) -> tuple[float, float]:
    """The least CPU time of this thread for each piece of work, run in turns: both sizes
    see the same machine, however busy."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for index, work in enumerate((small, large)):
            start = time.thread_time()
            work()
            best[index] = min(best[index], time.thread_time() - start)
    return best[0], best[1]


def _proposal(summary: str) -> bytes:
    return yaml.safe_dump({**IDEAL, "summary": summary}, sort_keys=False).encode()


@pytest.mark.parametrize(
    "unit",
    [
        "Engineers train engineers. ",
        "a" * 50 + " ",
        "x: " * 20,
        "weapons, missiles or ",
    ],
)
def test_reading_a_proposal_is_linear_in_its_length(rubric: Rubric, unit: str) -> None:
    small = _proposal(unit * 2000)
    large = _proposal(unit * 4000)
    once, twice = _cpu(
        lambda: parse_proposal(small, "p.yaml", rubric),
        lambda: parse_proposal(large, "p.yaml", rubric),
    )
    assert twice <= RATIO * once + 0.01, (once, twice)


def test_assessing_a_proposal_is_linear_in_its_length(rubric: Rubric) -> None:
    unit = "no military technology. "
    small = parse_proposal(_proposal(unit * 600), "p.yaml", rubric)
    large = parse_proposal(_proposal(unit * 1200), "p.yaml", rubric)
    once, twice = _cpu(lambda: assess(small, rubric), lambda: assess(large, rubric))
    assert twice <= RATIO * once + 0.01, (once, twice)


def _folder(root: Path, count: int) -> Path:
    root.mkdir()
    for index in range(count):
        sub = root / f"d{index % 20}"
        sub.mkdir(exist_ok=True)
        (sub / f"p{index}.yaml").write_text("title: x\n", encoding="utf-8")
    return root


def test_discovery_is_linear_in_the_number_of_files(tmp_path: Path) -> None:
    small = _folder(tmp_path / "small", 1000)
    large = _folder(tmp_path / "large", 2000)
    once, twice = _cpu(lambda: discover([small]), lambda: discover([large]))
    assert twice <= RATIO * once + 0.01, (once, twice)
