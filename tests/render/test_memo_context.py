"""The memo's data: the bottom line and what a template receives."""

from __future__ import annotations

from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.render.memo.context import Header, bottom_line, memo_context
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from tests.conftest import MakeProposal

HEADER = Header("The Secretary", "Policy Planning Staff", "2026-11-28", "Proposals")


def test_the_bottom_line_names_the_recommended_and_why_the_blocked_are(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    rubric = loaded_rubric.rubric
    ranked = rank(
        [
            assess(make_proposal(id="a", title="Baiterek engineers"), rubric),
            assess(
                make_proposal(id="b", title="Watch lists", intelligence_sharing="operational"),
                rubric,
            ),
            assess(make_proposal(id="c", title="Flagship", scale="flagship"), rubric),
        ]
    )
    assert bottom_line(ranked) == [
        "We assessed 3 proposals for U.S.-Russia cooperation in Central Asia against the "
        "paper's criteria: 1 recommended, 1 conditional, 0 not recommended and 1 blocked.",
        "Baiterek engineers is recommended as it stands.",
        "Blocked by a gate of the paper: Watch lists (no operational intelligence sharing fails).",
    ]


def test_the_context_holds_every_documented_key(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    ranked = rank([assess(make_proposal(), loaded_rubric.rubric)])
    context = memo_context(ranked, loaded_rubric.rubric, loaded_rubric.ref, HEADER)
    assert set(context) == {
        "header",
        "bottom_line",
        "robustness",
        "proposals",
        "method",
        "rubric",
        "tool",
        "inputs",
    }
    assert context["header"] == {
        "to": "The Secretary",
        "from": "Policy Planning Staff",
        "date": "2026-11-28",
        "subject": "Proposals",
    }
    proposal = context["proposals"][0]
    for key in ("rank", "id", "title", "file", "sha256", "score", "verdict", "strongest",
                "weakest", "criteria", "gates", "failed_gates", "waived_gates", "caps",
                "warnings", "facts", "improvements", "summary"):  # fmt: skip
        assert key in proposal, key
    assert context["inputs"] == [{"file": "proposal.yaml", "sha256": proposal["sha256"]}]
    assert len(proposal["sha256"]) == 64
    assert context["method"]["total_weight"] == 95
    assert context["rubric"]["sha256"] == loaded_rubric.ref.sha256


def test_the_bottom_line_names_every_recommended_and_every_blocked_proposal(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    rubric = loaded_rubric.rubric
    good = [assess(make_proposal(id=f"g{n}", title=f"Good {n}"), rubric) for n in range(6)]
    bad = [
        assess(
            make_proposal(id=f"b{n}", title=f"Bad {n}", intelligence_sharing="operational"),
            rubric,
        )
        for n in range(5)
    ]
    recommended, blocked = bottom_line(rank(good + bad))[1:]
    assert recommended == (
        "Good 0, Good 1, Good 2, Good 3, Good 4 and Good 5 are recommended as they stand."
    )
    assert "more" not in blocked
    for n in range(5):
        assert f"Bad {n} (no operational intelligence sharing fails)" in blocked


def test_a_proposal_is_described_by_the_first_two_sentences_of_its_summary(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    proposal = make_proposal(summary="One thing. Done by Dr. Ivanov in Almaty. Third. Fourth.")
    ranked = rank([assess(proposal, loaded_rubric.rubric)])
    context = memo_context(ranked, loaded_rubric.rubric, loaded_rubric.ref, HEADER)
    assert context["proposals"][0]["summary"] == "One thing. Done by Dr. Ivanov in Almaty."
