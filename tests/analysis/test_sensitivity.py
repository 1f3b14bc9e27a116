"""Sensitivity: exact stability intervals against brute force, and the laws of SMAA-2."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from cooperation_scorer.analysis.sensitivity import (
    DecisionMatrix,
    _weights_at,
    matrix_of,
    smaa,
    stability,
    top,
)
from cooperation_scorer.cli.app import app
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.pipeline import evaluate
from tests.conftest import PROPOSALS, REPO

STEP = 0.0005


@pytest.fixture(scope="module")
def bundled(loaded_rubric: LoadedRubric) -> DecisionMatrix:
    return matrix_of(evaluate([PROPOSALS], loaded_rubric).assessments)


def brute_force(problem: DecisionMatrix, j: int, k: int) -> tuple[float, float]:
    """The interval around the rubric's weight where the top k holds, re-ranking at steps."""
    t0 = float(problem.weights[j])
    current = top(problem, problem.weights, k)
    grid = np.arange(0.0, 1.0 + STEP / 2, STEP)
    holds = [top(problem, _weights_at(problem, j, float(t)), k) == current for t in grid]
    start = round(t0 / STEP)
    low = high = start
    while low > 0 and holds[low - 1]:
        low -= 1
    while high < len(grid) - 1 and holds[high + 1]:
        high += 1
    return float(grid[low]), float(grid[high])


@pytest.mark.parametrize("k", [1, 3])
def test_stability_intervals_match_brute_force(bundled: DecisionMatrix, k: int) -> None:
    scale = bundled.total_weight
    for j, interval in enumerate(stability(bundled, k)):
        low, high = brute_force(bundled, j, k)
        assert interval.low / scale == pytest.approx(low, abs=STEP + 1e-3), interval.criterion
        assert interval.high / scale == pytest.approx(high, abs=STEP + 1e-3), interval.criterion


def test_the_first_place_change_is_where_a_new_proposal_leads(bundled: DecisionMatrix) -> None:
    leader = bundled.ids[top(bundled, bundled.weights, 1)[0]]
    for j, interval in enumerate(stability(bundled, 1)):
        if interval.first_changes_at is None:
            continue
        t = interval.first_changes_at / bundled.total_weight
        side = 1 if t > bundled.weights[j] else -1
        before = _weights_at(bundled, j, t - side * 1e-4)
        after = _weights_at(bundled, j, t + side * 1e-4)
        assert bundled.ids[top(bundled, before, 1)[0]] == leader
        assert bundled.ids[top(bundled, after, 1)[0]] == interval.new_first != leader


def _random_problem(n: int, seed: int) -> DecisionMatrix:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 5, (n, 8)) / 4
    return DecisionMatrix(
        [f"p{i:03d}" for i in range(n)],
        [f"c{j}" for j in range(8)],
        values,
        -np.arange(n, dtype=np.float64) * 1e-12,
        np.ones(8) / 8,
        100.0,
    )


def test_acceptabilities_sum_to_one_at_every_rank() -> None:
    result = smaa(_random_problem(40, 1), samples=3000, seed=5, k=3)
    for rank_index in range(3):
        assert sum(p.ranks[rank_index] for p in result.proposals) == pytest.approx(1.0)
    assert sum(p.top for p in result.proposals) == pytest.approx(3.0)
    assert result.margin == pytest.approx(1.96 * (0.25 / 3000) ** 0.5)


def test_a_proposal_that_dominates_on_every_criterion_is_always_first() -> None:
    problem = _random_problem(30, 2)
    np.minimum(problem.values, 0.75, out=problem.values)  # no one else reaches the top level
    problem.values[17] = 1.0  # the top level on every criterion
    result = smaa(problem, samples=2000, seed=0, k=3)
    first = {p.id: p.first for p in result.proposals}
    assert first["p017"] == 1.0
    assert result.proposals[0].central_weights is not None


def test_proposals_equal_on_every_criterion_share_their_ranks() -> None:
    problem = _random_problem(20, 4)
    problem.values[[3, 11]] = 1.0  # both at the top level everywhere: always the first two
    result = smaa(problem, samples=2000, seed=0, k=3)
    shares = {p.id: p for p in result.proposals}
    assert shares["p003"].ranks[:2] == shares["p011"].ranks[:2] == [0.5, 0.5]
    assert shares["p003"].central_weights == shares["p011"].central_weights
    assert result.ties == [["p003", "p011"]]
    assert sum(p.ranks[0] for p in result.proposals) == pytest.approx(1.0)


def test_the_bundled_twins_are_reported_as_ties(bundled: DecisionMatrix) -> None:
    result = smaa(bundled, samples=1000, seed=0, k=3)
    assert ["baiterek-engineers", "returned-migrant-businesses", "rural-vocational-school"] in (
        result.ties
    )
    twins = [p for p in result.proposals if p.id in result.ties[0]]
    assert len({(p.first, p.top) for p in twins}) == 1


def test_the_same_seed_gives_the_same_result_and_another_seed_does_not() -> None:
    problem = _random_problem(50, 3)
    assert smaa(problem, samples=2000, seed=9, k=3) == smaa(problem, samples=2000, seed=9, k=3)
    assert smaa(problem, samples=2000, seed=9, k=3) != smaa(problem, samples=2000, seed=10, k=3)


def test_a_narrow_spread_keeps_the_rubric_s_leader_first(bundled: DecisionMatrix) -> None:
    leader = bundled.ids[top(bundled, bundled.weights, 1)[0]]
    narrow = smaa(bundled, samples=2000, seed=0, k=3, spread=0.001)
    assert narrow.proposals[0].id == leader
    # The leader shares first place only with proposals equal to it on every criterion (the
    # EMERCOM pilot and the expert group on migration are).
    leaders = [p for p in narrow.proposals if p.first > 0]
    assert {p.first for p in leaders} == {1.0 / len(leaders)}


def test_the_command_reports_intervals_and_acceptability(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    runner = CliRunner()
    result = runner.invoke(app, ["sensitivity", "proposals", "-f", "json", "--samples", "2000"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["top"] == 3
    assert data["tool"]["name"] == "cooperation-scorer"
    assert data["rubric"]["path"] == "criteria.yaml"
    assert {i["criterion"] for i in data["intervals"]} >= {"host-leadership", "project-scale"}
    assert data["smallest_change"]["criterion"] == "technical-character"
    assert data["smaa"]["samples"] == 2000
    assert sum(p["first"] for p in data["smaa"]["proposals"]) == pytest.approx(1.0, abs=1e-3)
    again = runner.invoke(app, ["sensitivity", "proposals", "-f", "json", "--samples", "2000"])
    assert again.stdout == result.stdout
    markdown = runner.invoke(app, ["sensitivity", "proposals", "-f", "markdown"]).stdout
    assert markdown.startswith("## Robustness of the ranking")
    table = runner.invoke(app, ["sensitivity", "proposals", "--weight-spread", "0.25"]).stdout
    assert "within ±25%" in table
    two = ["proposals/baiterek-engineers.yaml", "proposals/tuberculosis-lab-training.yaml"]
    small = runner.invoke(app, ["sensitivity", *two, "--samples", "200"])
    assert small.exit_code == 0, small.stderr
    assert "the top 2 holds" in small.stdout
    assert "top 3" not in small.stdout.lower()
