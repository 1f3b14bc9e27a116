"""Hostile proposals, rubrics and baselines through the loaders: a result or the layer's own
error, each problem one line naming the file, within a time bound."""

from __future__ import annotations

import math
import time

from hypothesis import given
from hypothesis import strategies as st

from cooperation_scorer.errors import ProposalError, RubricError, ScorerError
from cooperation_scorer.load.baseline import BaselineError, parse_baseline
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from tests.conftest import RUBRIC_PATH
from tests.fuzz.strategies import (
    BOUND_SECONDS,
    FUZZ,
    baseline_bytes,
    proposal_texts,
    rubric_texts,
)

RUBRIC = parse_rubric(RUBRIC_PATH.read_bytes(), "criteria.yaml").rubric


def _one_line_each(error: ScorerError, name: str) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.path == name
        assert len(str(problem).splitlines()) == 1
        assert "internal error" not in problem.message


def _scored(rubric: Rubric, text: str, name: str) -> None:
    try:
        proposal = parse_proposal(text.encode("utf-8", "surrogatepass"), name, rubric)
    except ProposalError as error:
        _one_line_each(error, name)
        return
    result = assess(proposal, rubric)
    assert math.isfinite(result.score)
    assert 0 <= result.score <= 100


@FUZZ
@given(proposal_texts(), st.sampled_from(["p.yaml", "p.md", "p.json"]))
def test_a_hostile_proposal_is_scored_or_refused_in_one_line(text: str, name: str) -> None:
    if name.endswith(".md"):
        text = f"---\n{text}---\nThe body.\n"
    start = time.process_time()
    _scored(RUBRIC, text, name)
    assert time.process_time() - start < BOUND_SECONDS


@FUZZ
@given(rubric_texts())
def test_a_hostile_rubric_loads_or_is_refused_in_one_line(text: str) -> None:
    start = time.process_time()
    try:
        loaded = parse_rubric(text.encode("utf-8", "surrogatepass"), "criteria.yaml")
    except RubricError as error:
        _one_line_each(error, "criteria.yaml")
        return
    # A rubric that loads scores every packaged proposal with finite numbers, in time.
    for path in sorted((RUBRIC_PATH.parent / "proposals").iterdir())[:6]:
        _scored(loaded.rubric, path.read_text(encoding="utf-8"), path.name)
    assert time.process_time() - start < BOUND_SECONDS * 2


@FUZZ
@given(baseline_bytes())
def test_a_hostile_baseline_is_read_or_refused_in_one_line(data: bytes) -> None:
    start = time.process_time()
    try:
        entries = parse_baseline(data, "old.json")
    except BaselineError as error:
        _one_line_each(error, "old.json")
        return
    for entry in entries.values():
        assert math.isfinite(entry.score)
    assert time.process_time() - start < BOUND_SECONDS
