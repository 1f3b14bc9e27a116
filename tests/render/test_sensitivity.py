"""The robustness sentence says what the numbers say: checked against them on many rankings."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cooperation_scorer.analysis.sensitivity import (
    DecisionMatrix,
    Smaa,
    WeightInterval,
    smaa,
    smallest_change,
    stability,
    top,
)
from cooperation_scorer.render.sensitivity import SMALL_MOVE, SMALL_POINTS, robustness_sentences

CRITERIA = ["a", "b", "c", "d"]


def problem(values: list[list[float]], weights: list[float]) -> DecisionMatrix:
    n = len(values)
    w = np.array(weights, dtype=np.float64)
    return DecisionMatrix(
        [f"p{i}" for i in range(n)],
        CRITERIA[: len(weights)],
        np.array(values, dtype=np.float64),
        np.array([-i * 1e-12 for i in range(n)]),
        w / w.sum(),
        float(w.sum()),
    )


def analysed(matrix: DecisionMatrix) -> tuple[list[WeightInterval], Smaa, str]:
    shares = smaa(matrix, samples=4_000, seed=1, k=min(3, len(matrix.ids)))
    leader = matrix.ids[top(matrix, matrix.weights, 1)[0]]
    return stability(matrix, min(3, len(matrix.ids))), shares, leader


TITLES = {f"p{i}": f"Proposal {chr(65 + i)}" for i in range(12)}


def sentences(matrix: DecisionMatrix) -> tuple[list[str], list[WeightInterval], Smaa, str]:
    intervals, shares, leader = analysed(matrix)
    said = robustness_sentences(intervals, shares, leader, TITLES, {c: c.upper() for c in CRITERIA})
    return said, intervals, shares, leader


def test_a_leader_best_on_every_criterion_is_solid() -> None:
    said, _, shares, _ = sentences(
        problem([[1, 1, 1], [0.5, 0.75, 0.25], [0.25, 0.5, 0.5]], [3, 2, 1])
    )
    assert said == [
        "First place is solid: Proposal A comes first in 100% of weightings drawn at random "
        "and in the top 3 in 100%, more than any other (next, Proposal B: 0% and 100%).",
        "No change of any one weight, however large, puts another proposal first.",
    ]
    assert shares.proposals[0].first == 1.0


def test_a_leader_others_beat_under_most_weights_is_fragile_and_names_them() -> None:
    # p0 is first only because criterion a weighs so much; p1 and p2 win everywhere else.
    matrix = problem([[1, 0, 0], [0.8, 1, 1], [0.8, 1, 0.9]], [10, 1, 1])
    said, intervals, shares, leader = sentences(matrix)
    assert leader == "p0"
    first = next(p for p in shares.proposals if p.id == "p0")
    best_other = max((p for p in shares.proposals if p.id != "p0"), key=lambda p: p.first)
    assert said[0].startswith(
        "First place is fragile: Proposal A comes first in "
        f"{first.first:.0%} of weightings drawn at random"
    )
    assert f"{TITLES[best_other.id]} comes first more often ({best_other.first:.0%})" in said[0]
    change = smallest_change(intervals)
    assert change is not None
    assert said[1].endswith(f"puts {TITLES[change.new_first or '']} first.")
    assert "lowering the weight of A from 10 to" in said[1]


def test_a_leader_tied_on_every_criterion_shares_first_place() -> None:
    said, *_ = sentences(problem([[1, 0.5, 1], [1, 0.5, 1], [0.5, 0.5, 0.5]], [1, 1, 1]))
    assert said[0].startswith(
        "First place is shared: Proposal A and Proposal B stand at the same level on every "
        "criterion, so no weighting separates them: it comes first in 50% of weightings"
    )


def _percentages(text: str) -> list[int]:
    return [int(p) for p in re.findall(r"(\d+)%", text)]


@pytest.mark.parametrize("seed", range(25))
def test_the_sentence_agrees_with_the_numbers_on_random_rankings(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 9)), int(rng.integers(2, 5))
    values = (rng.integers(0, 5, size=(n, m)) / 4).tolist()
    weights = rng.integers(1, 20, size=m).tolist()
    said, intervals, shares, leader = sentences(problem(values, weights))
    first = next(p for p in shares.proposals if p.id == leader)
    others = [p for p in shares.proposals if p.id != leader]
    tied = any(leader in group for group in shares.ties)
    # The leader's own shares are the first two numbers quoted, rounded as shown.
    assert _percentages(said[0])[:2] == [round(first.first * 100), round(first.top * 100)]
    change = smallest_change(intervals)
    small = change is not None and (
        abs((change.first_changes_at or 0) - change.weight)
        < max(SMALL_POINTS, SMALL_MOVE * change.weight)
    )
    worse_first = any(p.first > first.first + shares.margin for p in others)
    worse_top = any(p.top > first.top + shares.margin for p in others)
    if tied:
        assert said[0].startswith("First place is shared")
    elif not (worse_first or worse_top or small):
        assert said[0].startswith("First place is solid")
    elif worse_first + worse_top + small == 1:
        assert said[0].startswith("First place is open to question")
    else:
        assert said[0].startswith("First place is fragile")
    # Never a favourable word the numbers do not support.
    if worse_first or worse_top or small:
        assert "solid" not in said[0]
    if change is None:
        assert said[1].startswith("No change of any one weight")
    else:
        assert ("A small change" if small else "Only a large change") in said[1]
        assert f"from {change.weight:.3g} to {change.first_changes_at:.3g}" in said[1]
