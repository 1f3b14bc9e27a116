"""Laws of the scoring, as property tests: bounded, deterministic, monotone, order-free."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.proposal import Proposal
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.json import rank_json_pieces
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import Assessment
from cooperation_scorer.vocabulary import INFERABLE_FACTS
from tests.conftest import IDEAL, RUBRIC_PATH

RUBRIC = parse_rubric(RUBRIC_PATH.read_bytes(), "criteria.yaml").rubric
PARTIES = ["Kazakhstan", "Uzbekistan", "United States", "Russia", "EU", "UNDP", "Iran", "An NGO"]

fields = st.fixed_dictionaries(
    {
        "domain": st.sampled_from(RUBRIC.domain_ids),
        "participants": st.lists(st.sampled_from(PARTIES), min_size=1, unique=True),
        "political_profile": st.sampled_from(INFERABLE_FACTS["political_profile"]),
        "intelligence_sharing": st.sampled_from(INFERABLE_FACTS["intelligence_sharing"]),
        "dual_use": st.booleans(),
        "visibility": st.sampled_from(INFERABLE_FACTS["visibility"]),
        "scale": st.sampled_from(INFERABLE_FACTS["scale"]),
        "frictions": st.lists(st.sampled_from([f.id for f in RUBRIC.frictions]), unique=True),
    }
)


def build(changes: dict[str, Any], name: str = "p") -> Proposal:
    data = {**IDEAL, **changes, "id": name}
    data["lead"] = data["participants"][0]
    return parse_proposal(yaml.safe_dump(data).encode(), f"{name}.yaml", RUBRIC)


@settings(max_examples=300)
@given(fields)
def test_scores_stay_within_0_and_100_and_are_deterministic(changes: dict[str, Any]) -> None:
    first = assess(build(changes), RUBRIC)
    assert 0 <= first.score <= 100
    assert assess(build(changes), RUBRIC) == first
    if any(not gate.passed for gate in first.gates):
        assert first.verdict.value == "blocked"


@settings(max_examples=300)
@given(fields, st.sampled_from(sorted(INFERABLE_FACTS)), st.data())
def test_a_better_value_never_lowers_the_score(
    changes: dict[str, Any], fact: str, data: st.DataObject
) -> None:
    order = INFERABLE_FACTS[fact]
    worse = data.draw(st.integers(1, len(order) - 1))
    better = data.draw(st.integers(0, worse - 1))

    def value(index: int) -> dict[str, Any]:
        if fact == "sequencing":  # declared as what the project builds on
            return {"builds_on": ["an earlier pilot"] if order[index] == order[0] else []}
        if order[index] in ("true", "false"):
            return {fact: order[index] == "true"}
        return {fact: order[index]}

    low = assess(build({**changes, **value(worse)}), RUBRIC)
    high = assess(build({**changes, **value(better)}), RUBRIC)
    assert high.score >= low.score
    assert high.verdict.severity <= low.verdict.severity


def dominates(high: Assessment, low: Assessment) -> bool:
    """At least as high a level on every criterion."""
    return all(
        up.value * down.max_value >= down.value * up.max_value
        for up, down in zip(high.criteria, low.criteria, strict=True)
    )


@settings(max_examples=400)
@given(fields, st.sampled_from(["domain", "frictions", "participants", "lead"]), st.data())
def test_a_proposal_as_good_on_every_criterion_never_scores_lower(
    changes: dict[str, Any], fact: str, data: st.DataObject
) -> None:
    # One fact changes (the lead is the first participant): host-leadership, inclusive-format,
    # domain or friction-linkage moves, and the score must follow it.
    other = dict(changes)
    if fact == "domain":
        other["domain"] = data.draw(st.sampled_from(RUBRIC.domain_ids))
    elif fact == "frictions":
        friction_ids = [f.id for f in RUBRIC.frictions]
        other["frictions"] = data.draw(st.lists(st.sampled_from(friction_ids), unique=True))
    elif fact == "participants":
        other["participants"] = data.draw(
            st.lists(st.sampled_from(PARTIES), min_size=1, unique=True)
        )
    else:
        other["participants"] = data.draw(st.permutations(changes["participants"]))
    first, second = assess(build(changes), RUBRIC), assess(build(other), RUBRIC)
    for high, low in ((first, second), (second, first)):
        if dominates(high, low):
            assert high.score >= low.score


@settings(max_examples=200)
@given(st.lists(fields, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_input_order(
    many: list[dict[str, Any]], random: Any
) -> None:
    assessments = [assess(build(c, f"p{i}"), RUBRIC) for i, c in enumerate(many)]
    shuffled = list(assessments)
    random.shuffle(shuffled)
    assert rank(shuffled) == rank(assessments)


@settings(max_examples=200)
@given(fields, st.floats(min_value=0.01, max_value=1000))
def test_scaling_every_weight_changes_nothing(changes: dict[str, Any], factor: float) -> None:
    scaled = RUBRIC.model_copy(
        update={
            "criteria": [
                c.model_copy(update={"weight": c.weight * factor}) for c in RUBRIC.criteria
            ]
        }
    )
    proposal = build(changes)
    original, rescaled = assess(proposal, RUBRIC), assess(proposal, scaled)
    assert rescaled.score == original.score
    assert rescaled.verdict == original.verdict


@settings(max_examples=200)
@given(st.lists(fields, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_the_same_input_gives_byte_identical_json(many: list[dict[str, Any]], random: Any) -> None:
    ref = RubricRef("r", "1", "0" * 64, "criteria.yaml")
    assessments = [assess(build(c, f"p{i}"), RUBRIC) for i, c in enumerate(many)]
    shuffled = list(assessments)
    random.shuffle(shuffled)
    first = "".join(rank_json_pieces(RankReport(rank(shuffled), ref)))
    assert first == "".join(rank_json_pieces(RankReport(rank(assessments), ref)))
