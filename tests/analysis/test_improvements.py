"""Improvements: every promised change, applied and re-scored, gives exactly its promise."""

from __future__ import annotations

from pathlib import Path

import pytest

from cooperation_scorer.analysis.improvements import apply, improvements
from cooperation_scorer.load.files import load_proposal
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import PROPOSALS, MakeProposal, build_proposal

BUNDLED = sorted(PROPOSALS.iterdir())


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_each_recommendation_keeps_its_promise(path: Path, rubric: Rubric) -> None:
    proposal = load_proposal(path, rubric)
    before = assess(proposal, rubric)
    found = improvements(proposal, rubric, before)
    for item in found:
        after = assess(apply(proposal, item.fields, rubric), rubric)
        assert after.score == item.new_score, item.change
        assert after.verdict == item.new_verdict, item.change
        assert item.points == round(after.score - before.score, 1)
        assert item.points > 0 or after.verdict.severity < before.verdict.severity
        assert item.unblocks == (
            before.verdict is Verdict.BLOCKED and after.verdict is not Verdict.BLOCKED
        )
    ordered = [(i.new_verdict.severity, -i.points) for i in found]
    assert ordered == sorted(ordered)


def test_the_paper_s_example_make_the_host_the_lead(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    proposal = make_proposal(
        host_states=["Kyrgyzstan"], participants=["Kyrgyzstan", "US", "RF"], lead="US"
    )
    best = improvements(proposal, rubric)[0]
    assert best.change == (
        "make Kyrgyzstan the lead: host-leadership 1 → 4, +7.9 points, "
        "verdict conditional → recommended"
    )
    assert best.fields == {"lead": ["Kyrgyzstan"]}


def test_several_host_states_make_one_lead_change_not_one_each(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    proposal = make_proposal(
        host_states=["Kazakhstan", "Kyrgyzstan", "Tajikistan"],
        participants=["Kazakhstan", "Kyrgyzstan", "US", "RF"],
        lead="US",
    )
    found = improvements(proposal, rubric)
    leads = [i for i in found if "the lead" in i.change]
    assert sorted(i.change.split(":")[0] for i in leads) == [
        "bring Tajikistan in as the lead",
        "make Kazakhstan the lead (or Kyrgyzstan instead)",
    ]
    make = next(i for i in leads if i.change.startswith("make"))
    assert make.fields == {"lead": ["Kazakhstan"]}


def test_a_blocked_proposal_learns_which_fix_lifts_the_block(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    found = improvements(make_proposal(intelligence_sharing="operational"), rubric)
    assert found[0].unblocks
    assert found[0].change.startswith("make it an expert-level exchange")
    assert found[0].new_verdict is Verdict.RECOMMENDED


def test_an_ideal_multilateral_proposal_has_nothing_to_improve(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    assert improvements(make_proposal(participants=["KZ", "US", "RF", "EU"]), rubric) == []


def test_an_audit_without_waivers_re_scores_every_change_without_them(
    lenient_rubric: Rubric,
) -> None:
    rubric = lenient_rubric
    waiver = [{"gate": "no-dual-use", "reason": "Radiation detectors, licensed by all three."}]
    proposal = build_proposal(rubric, dual_use=True, visibility="high", waivers=waiver)
    audited = assess(proposal, rubric, honour_waivers=False)
    found = improvements(proposal, rubric, audited, honour_waivers=False)
    # Only dropping the dual-use technology lifts the block; every other change stays blocked.
    assert [i.change.split(":")[0] for i in found if i.unblocks] == [
        "drop the dual-use technology (set dual_use to false)"
    ]
    assert all(i.new_verdict is Verdict.BLOCKED for i in found if not i.unblocks)
    assert any(not i.unblocks for i in found)
    honoured = improvements(proposal, rubric)
    assert not any(i.unblocks for i in honoured)


def test_advice_follows_where_the_fact_came_from(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    title = "A joint project in Kazakhstan"
    summary = "Both countries work together on it."  # nothing of its political profile
    assumed = improvements(
        make_proposal(intelligence_sharing=None, title=title, summary=summary), rubric
    )
    assert any(
        i.change.startswith(
            "make it an expert-level exchange: expert discussions and sharing of experience "
            "(only assumed so far; if it already is, declare intelligence_sharing as experience, "
            "or describe it in the summary): "
        )
        for i in assumed
    )
    declared = improvements(make_proposal(political_profile="mixed"), rubric)
    assert any(
        i.change.startswith("make it technical in character (set political_profile to technical)")
        for i in declared
    )
    political = "It promotes free elections."
    inferred = improvements(
        make_proposal(political_profile=None, title=title, summary=political), rubric
    )
    wording = next(i.change for i in inferred if i.change.startswith("make it technical"))
    assert "(the summary now says otherwise; say so there, or declare political_profile as " in (
        wording
    )
