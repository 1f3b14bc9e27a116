"""CI gating, pure: thresholds, waivers, baselines and the line at fault."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from cooperation_scorer.analysis.baseline import BaselineEntry, compare
from cooperation_scorer.analysis.thresholds import Thresholds, check_thresholds, fact_line
from cooperation_scorer.errors import ScorerError
from cooperation_scorer.load.baseline import parse_baseline
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import RankedAssessment
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import MakeProposal, build_proposal


@pytest.fixture
def ranked(make_proposal: MakeProposal, rubric: Rubric) -> list[RankedAssessment]:
    return rank(
        [
            assess(make_proposal(id="ideal"), rubric),
            assess(make_proposal(id="outside-led", lead="United States"), rubric),
            assess(make_proposal(id="dual-use", dual_use=True), rubric),
        ]
    )


def test_no_thresholds_no_failures(ranked: list[RankedAssessment]) -> None:
    assert check_thresholds(ranked, Thresholds()) == []


def test_fail_under_names_the_score_the_threshold_and_the_weakest_criterion(
    ranked: list[RankedAssessment],
) -> None:
    failures = check_thresholds(ranked, Thresholds(fail_under=90))
    assert [(f.id, f.kind) for f in failures] == [("outside-led", "score")]  # dual-use: 96.1
    assert failures[0].message == (
        "score 88.2 is below --fail-under 90; weakest criterion host-leadership "
        "(An outside party leads, 2.5 of 10 points)"
    )
    outside_led = next(item.assessment for item in ranked if item.assessment.id == "outside-led")
    assert failures[0].line == outside_led.lines["lead"]


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [
        (Verdict.BLOCKED, ["dual-use"]),
        (Verdict.NOT_RECOMMENDED, ["dual-use"]),
        (Verdict.CONDITIONAL, ["outside-led", "dual-use"]),
    ],
)
def test_fail_on_a_verdict_or_worse(
    ranked: list[RankedAssessment], fail_on: Verdict, failing: list[str]
) -> None:
    failures = check_thresholds(ranked, Thresholds(fail_on=fail_on))
    assert [f.id for f in failures] == failing


def test_a_failed_gate_and_a_cap_explain_the_verdict(ranked: list[RankedAssessment]) -> None:
    failures = {f.id: f for f in check_thresholds(ranked, Thresholds(fail_on=Verdict.CONDITIONAL))}
    assert failures["dual-use"].message.startswith(
        "verdict blocked is at or worse than --fail-on conditional; gate no-dual-use failed: "
        "dual_use is 'true' (dual_use: true). To fix:"
    )
    assert "capped: Host-state leadership is at “An outside party leads”" in (
        failures["outside-led"].message
    )


def test_a_waiver_unblocks_and_no_waivers_audits(lenient_rubric: Rubric) -> None:
    rubric = lenient_rubric
    waiver = [{"gate": "no-dual-use", "reason": "Radiation detectors, licensed by all three."}]
    proposal = build_proposal(rubric, dual_use=True, waivers=waiver)
    honoured = assess(proposal, rubric)
    assert honoured.verdict is Verdict.RECOMMENDED
    assert [g.id for g in honoured.waived_gates] == ["no-dual-use"]
    assert honoured.waived_gates[0].waiver == "Radiation detectors, licensed by all three."
    assert honoured.failed_gates == ()
    audited = assess(proposal, rubric, honour_waivers=False)
    assert audited.verdict is Verdict.BLOCKED
    assert audited.waived_gates == ()


def test_a_waiver_of_a_passing_gate_changes_nothing(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    waiver = [{"gate": "host-takes-part", "reason": "Just in case."}]
    result = assess(make_proposal(waivers=waiver), rubric)
    plain = assess(make_proposal(), rubric)
    assert result.waived_gates == ()
    assert (result.score, result.verdict) == (plain.score, plain.verdict)
    noted = [dataclasses.replace(gate, waiver_problem=None) for gate in result.gates]
    assert noted == list(plain.gates)  # only noted as unused, which CI reports
    assert [gate.id for gate in result.unused_waivers] == ["host-takes-part"]


def _baseline(ranked: list[RankedAssessment], **changes: Any) -> dict[str, BaselineEntry]:
    entries = {
        item.assessment.id: BaselineEntry(
            item.assessment.id,
            item.assessment.title,
            item.assessment.score,
            item.assessment.verdict,
            item.rank,
        )
        for item in ranked
    }
    for proposal_id, entry in changes.items():
        if entry is None:
            entries.pop(proposal_id)
        else:
            entries[proposal_id] = entry
    return entries


def test_compare_finds_new_gone_changed_and_regressed(ranked: list[RankedAssessment]) -> None:
    baseline = _baseline(
        ranked,
        ideal=None,
        **{
            "outside-led": BaselineEntry("outside-led", "t", 90.0, Verdict.RECOMMENDED, 1),
            "retired": BaselineEntry("retired", "Retired", 50.0, Verdict.CONDITIONAL, 3),
        },
    )
    changes = {c.id: c for c in compare(ranked, baseline)}
    assert changes["ideal"].status == "new"
    assert changes["retired"].status == "gone"
    assert changes["dual-use"].status == "unchanged"
    moved = changes["outside-led"]
    assert (moved.status, moved.score_delta, moved.regressed) == ("changed", -1.8, True)
    assert (moved.rank_before, moved.rank_after) == (1, 2)
    failures = check_thresholds(ranked, Thresholds(fail_on_regression=True), list(changes.values()))
    assert [(f.id, f.message) for f in failures] == [
        (
            "outside-led",
            "regressed since the baseline: score fell from 90.0 to 88.2 and verdict worsened "
            "from recommended to conditional",
        )
    ]


def test_a_better_score_is_no_regression(ranked: list[RankedAssessment]) -> None:
    baseline = _baseline(
        ranked, ideal=BaselineEntry("ideal", "t", 50.0, Verdict.NOT_RECOMMENDED, 3)
    )
    changes = compare(ranked, baseline)
    assert not any(change.regressed for change in changes)
    assert check_thresholds(ranked, Thresholds(fail_on_regression=True), changes) == []


def test_parse_baseline_reads_rank_json_and_refuses_anything_else() -> None:
    data = {
        "results": [{"id": "a", "title": "A", "score": 70.5, "verdict": "conditional", "rank": 1}]
    }
    entries = parse_baseline(json.dumps(data).encode(), "old.json")
    assert entries == {"a": BaselineEntry("a", "A", 70.5, Verdict.CONDITIONAL, 1)}
    deep = b'{"results": [{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]}"
    for bad in (b"{", b"[]", b'{"results": [{"id": "a"}]}', b"\xff", deep):
        with pytest.raises(ScorerError) as raised:
            parse_baseline(bad, "old.json")
        assert str(raised.value.problems[0]) == (
            "old.json: not the JSON output of `cooperation-scorer rank --format json`; "
            "save one with --format json --output and pass that"
        )


@pytest.mark.parametrize(
    ("field", "value", "wrong"),
    [
        ("score", float("nan"), "the score nan is not a number from 0 to 100"),
        ("score", float("inf"), "the score inf is not a number from 0 to 100"),
        ("score", -1, "the score -1 is not a number from 0 to 100"),
        ("score", 1e300, "the score 1e+300 is not a number from 0 to 100"),
        ("score", True, "the score True is not a number from 0 to 100"),
        ("score", "70", "the score '70' is not a number from 0 to 100"),
        ("rank", 0, "the rank 0 is not a whole number from 1 to 2"),
        ("rank", 1.5, "the rank 1.5 is not a whole number from 1 to 2"),
        ("rank", 3, "the rank 3 is not a whole number from 1 to 2"),
        ("title", "\x1b[2J", "the title holds the control character U+001B"),
        ("rank", float("inf"), "the rank inf is not a whole number from 1 to 2"),
        ("rank", 10**400, "the rank 1000000000000000000000000000000000000000… is not"),
        ("score", 10**400, "the score 1000000000000000000000000000000000000000… is not"),
    ],
)
def test_a_baseline_with_an_impossible_value_is_refused_naming_it(
    field: str, value: object, wrong: str
) -> None:
    good = {"id": "a", "title": "A", "score": 70.5, "verdict": "conditional", "rank": 1}
    data = {"results": [good, {**good, "id": "b", field: value}]}
    with pytest.raises(ScorerError) as raised:
        parse_baseline(json.dumps(data).encode(), "old.json")
    assert str(raised.value.problems[0]).startswith(f"old.json: results[1]: {wrong}")
    assert str(raised.value.problems[0]).endswith(
        "; save one with --format json --output and pass that"
    )


def test_the_line_at_fault_follows_where_the_fact_came_from(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    declared = assess(make_proposal(dual_use=True), rubric)
    assert fact_line(declared, "dual_use") == declared.lines["dual_use"]
    assert fact_line(declared, "leadership") == declared.lines["lead"]
    assert fact_line(declared, "format") == declared.lines["participants"]
    inferred = assess(
        make_proposal(dual_use=None, summary="It trains engineers on missile guidance."), rubric
    )
    assert fact_line(inferred, "dual_use") == inferred.lines["summary"] == 2
    silent = "Engineers from both countries train a new generation of Kazakhstani engineers."
    assumed = assess(make_proposal(visibility=None, summary=silent), rubric)
    assert fact_line(assumed, "visibility") is None
