"""The pure scoring core on hand-built proposals: calibration to the paper, gates, caps, ranking."""

from __future__ import annotations

from typing import Any

import pytest

from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess, round_half_up
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import Assessment
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import MakeProposal


def _score(make_proposal: MakeProposal, rubric: Rubric, **changes: Any) -> Assessment:
    return assess(make_proposal(**changes), rubric)


def test_ideal_trilateral_pilot_is_recommended(make_proposal: MakeProposal, rubric: Rubric) -> None:
    result = _score(make_proposal, rubric)
    assert result.verdict is Verdict.RECOMMENDED
    assert result.caps == ()
    assert all(gate.passed for gate in result.gates)
    assert result.score == 96.1  # 100 - 3.75/95: all at the top but the format: trilateral


def test_adding_a_third_party_only_raises_the_score(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    trilateral = _score(make_proposal, rubric)
    with_eu = _score(
        make_proposal, rubric, participants=["Kazakhstan", "United States", "Russia", "EU"]
    )
    assert with_eu.score > trilateral.score
    assert with_eu.score == 100.0
    assert with_eu.verdict is Verdict.RECOMMENDED


@pytest.mark.parametrize(
    ("changes", "capping_criterion"),
    [
        ({"lead": "United States"}, "host-leadership"),
        ({"lead": "Russia"}, "host-leadership"),
        ({"political_profile": "political"}, "technical-character"),
        ({"domain": "governance"}, "domain"),
        ({"domain": "military"}, "domain"),
        ({"domain": "counterterrorism", "intelligence_sharing": "none"}, "domain"),
        ({"domain": "education"}, "domain"),
        ({"frictions": ["sanctions"]}, "friction-linkage"),
        ({"frictions": ["ukraine"]}, "friction-linkage"),
        ({"frictions": ["iran"]}, "friction-linkage"),
        ({"frictions": ["syria"]}, "friction-linkage"),
        ({"frictions": ["democracy-promotion"]}, "friction-linkage"),
        ({"scale": "flagship"}, "project-scale"),
        ({"adversarial_framing": True}, "non-adversarial"),
    ],
)
def test_one_warning_of_the_paper_keeps_an_ideal_proposal_from_recommended(
    make_proposal: MakeProposal, rubric: Rubric, changes: dict[str, Any], capping_criterion: str
) -> None:
    result = _score(make_proposal, rubric, **changes)
    assert result.verdict is Verdict.CONDITIONAL
    assert [cap.criterion for cap in result.caps] == [capping_criterion]
    assert result.caps[0].verdict is Verdict.CONDITIONAL
    assert "holds the verdict at conditional" in result.caps[0].reason


def test_a_high_profile_flagship_at_a_summit_is_not_recommended(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    result = _score(make_proposal, rubric, visibility="high", scale="flagship")
    assert result.verdict is not Verdict.RECOMMENDED
    # High visibility loses its points; the flagship from the top is what the paper warns off.
    assert {cap.criterion for cap in result.caps} == {"project-scale"}


def test_high_visibility_alone_loses_points_but_caps_nothing(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    low = _score(make_proposal, rubric)
    high = _score(make_proposal, rubric, visibility="high")
    assert high.caps == ()
    assert high.score < low.score


@pytest.mark.parametrize(
    ("changes", "failed_gate"),
    [
        ({"participants": ["Kazakhstan", "United States"]}, "both-powers"),
        ({"participants": ["Kazakhstan", "Russia"]}, "both-powers"),
        ({"participants": ["United States", "Russia"], "lead": "Russia"}, "host-takes-part"),
        ({"intelligence_sharing": "operational"}, "no-operational-intelligence"),
        ({"dual_use": True}, "no-dual-use"),
    ],
)
def test_failing_a_gate_blocks_whatever_the_score(
    make_proposal: MakeProposal, rubric: Rubric, changes: dict[str, Any], failed_gate: str
) -> None:
    result = _score(make_proposal, rubric, **changes)
    assert result.verdict is Verdict.BLOCKED
    assert [gate.id for gate in result.failed_gates] == [failed_gate]
    assert "To fix:" in result.failed_gates[0].reason


# Each pair: a better and a worse value of one fact, in the paper's order.
ONE_FACT_CHANGES = [
    ("lead", "Kazakhstan", ["Kazakhstan", "United States"]),
    ("lead", ["Kazakhstan", "United States"], "United States"),
    ("political_profile", "technical", "mixed"),
    ("political_profile", "mixed", "political"),
    ("intelligence_sharing", "experience", "none"),
    ("intelligence_sharing", "none", "operational"),
    ("visibility", "low", "medium"),
    ("visibility", "medium", "high"),
    ("scale", "pilot", "program"),
    ("scale", "program", "flagship"),
    ("domain", "environment", "nonproliferation"),
    ("domain", "nonproliferation", "urban-development"),
    ("domain", "urban-development", "counternarcotics"),
    ("domain", "counternarcotics", "governance"),
    ("frictions", [], ["energy-competition"]),
    ("frictions", ["energy-competition"], ["sanctions"]),
    ("adversarial_framing", False, True),
    (
        "participants",
        ["Kazakhstan", "United States", "Russia", "UNDP"],
        ["Kazakhstan", "United States", "Russia"],
    ),
]


@pytest.mark.parametrize(("field", "better", "worse"), ONE_FACT_CHANGES)
def test_a_worse_fact_always_lowers_the_score(
    make_proposal: MakeProposal, rubric: Rubric, field: str, better: Any, worse: Any
) -> None:
    base: dict[str, Any] = {"participants": ["Kazakhstan", "United States", "Russia", "UNDP"]}
    if field == "participants":
        base = {}
    good = _score(make_proposal, rubric, **{**base, field: better})
    bad = _score(make_proposal, rubric, **{**base, field: worse})
    assert bad.score < good.score
    assert bad.verdict.severity >= good.verdict.severity


def test_points_add_up_to_the_score_and_each_carries_its_citation(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    result = _score(make_proposal, rubric, scale="program", visibility="medium")
    total = sum(criterion.points for criterion in result.criteria)
    assert round_half_up(total / rubric.total_weight * 100, 1) == result.score
    assert [c.id for c in result.criteria] == [c.id for c in rubric.criteria]
    for criterion in result.criteria:
        assert criterion.citation.quote
        assert criterion.reason.startswith(criterion.level_label)
        assert criterion.evidence
        assert criterion.source in {"declared", "inferred", "assumed"}
    assert result.weakest.id == "political-visibility"  # medium and program lose 5, the first


def test_score_bands_decide_when_nothing_caps(make_proposal: MakeProposal, rubric: Rubric) -> None:
    # Co-led, mixed, medium visibility, a program, energy: nothing caps, the score decides.
    result = _score(
        make_proposal,
        rubric,
        lead=["Kazakhstan", "United States"],
        political_profile="mixed",
        visibility="medium",
        scale="program",
        domain="energy",
    )
    assert result.caps == ()
    assert result.score == 72.4  # 100 - (2.5 + 3.75 + 5 + 5 + 5 + 5) / 95 = 72.37
    assert result.verdict is Verdict.CONDITIONAL


def test_rank_puts_blocked_last_then_orders_by_score_then_id(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    best = assess(make_proposal(id="b-best", participants=["KZ", "US", "RF", "EU"]), rubric)
    tied_a = assess(make_proposal(id="a-tied"), rubric)
    tied_c = assess(make_proposal(id="c-tied"), rubric)
    blocked = assess(make_proposal(id="a-blocked", dual_use=True), rubric)
    ranked = rank([blocked, tied_c, best, tied_a])
    assert [(item.rank, item.assessment.id) for item in ranked] == [
        (1, "b-best"),
        (2, "a-tied"),
        (3, "c-tied"),
        (4, "a-blocked"),
    ]


def test_a_domain_that_cites_the_paper_is_quoted_for_the_domain_criterion(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    def quoted(domain: str) -> str:
        result = assess(make_proposal(domain=domain), rubric)
        return next(c for c in result.criteria if c.id == "domain").citation.quote

    assert "dual technologies" in quoted("military")
    assert "expert discussions and sharing of experience" in quoted("counterterrorism")
    assert "Afghanistan" in quoted("counternarcotics")
    # A domain without its own citation quotes its level, as every other criterion does.
    assert "education, community, and urban development" in quoted("education")
