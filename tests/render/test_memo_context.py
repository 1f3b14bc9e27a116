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
    first = ranked[0].assessment
    full = sum(c.value == c.max_value for c in first.criteria)
    assert bottom_line(ranked) == [
        "Of 3 proposals for U.S.-Russia cooperation in Central Asia assessed against the "
        "paper's criteria: 1 recommended, 1 conditional, 0 not recommended and 1 blocked.",
        f"Fund first Baiterek engineers, which scores {first.score:.1f} of 100: it meets {full} "
        f"of the {len(first.criteria)} criteria in full, falling short most on tri- or "
        "multilateral format (trilateral with the host).",
        "Stop it, as it fails a condition the paper sets: Watch lists (“No operational "
        "intelligence sharing”).",
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
        "robustness_summary",
        "marking",
        "detail",
        "charts",
        "annex",
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
    said = bottom_line(rank(good + bad))
    assert len(said) <= 3
    recommended, blocked = said[1:]
    assert recommended.startswith("Fund first Good 0, which scores")
    assert "more" not in blocked
    for n in range(5):
        assert f"Bad {n} (“No operational intelligence sharing”)" in blocked


def test_a_proposal_is_described_by_the_first_two_sentences_of_its_summary(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    proposal = make_proposal(summary="One thing. Done by Dr. Ivanov in Almaty. Third. Fourth.")
    ranked = rank([assess(proposal, loaded_rubric.rubric)])
    context = memo_context(ranked, loaded_rubric.rubric, loaded_rubric.ref, HEADER)
    assert context["proposals"][0]["summary"] == "One thing. Done by Dr. Ivanov in Almaty."


def test_the_bottom_line_says_when_the_first_is_level_with_others(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    rubric = loaded_rubric.rubric
    ranked = rank([assess(make_proposal(id=i, title=f"Twin {i}"), rubric) for i in "abc"])
    said = bottom_line(ranked, tied_lead=["Twin b", "Twin c"])
    assert said[1].startswith("Fund first Twin a, which scores")
    assert said[1].endswith(
        "; Twin b and Twin c are level with it on every criterion, so any of them serves as well."
    )
    fragile = bottom_line(ranked, fragile_lead=True)[1]
    assert fragile.endswith(
        "its lead over the next ones is fragile (see what would change the picture)."
    )


def test_the_table_words_say_something_a_reader_can_use(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    rubric = loaded_rubric.rubric
    perfect = make_proposal(id="p", participants=["Kazakhstan", "United States", "Russia", "EU"])
    trilateral = make_proposal(id="t", title="Trilateral")
    loud = make_proposal(id="l", title="Loud", visibility="high")
    ranked = rank([assess(p, rubric) for p in (perfect, trilateral, loud)])
    context = memo_context(ranked, rubric, loaded_rubric.ref, HEADER)
    by_id = {p["id"]: p for p in context["proposals"]}
    if by_id["p"]["score"] == 100:  # nothing held back: not "weakest: a criterion at full marks"
        assert by_id["p"]["holds_back"] == "nothing: full marks"
        assert by_id["p"]["full_marks"] == len(by_id["p"]["criteria"])
    assert by_id["l"]["holds_back"].endswith("(under the political radar)")
    # what a proposal stands out on is where it beats the others, not the heaviest criterion
    assert (
        by_id["l"]["stands_out"] is None or by_id["l"]["stands_out"]["id"] != "political-visibility"
    )
    blocked = assess(make_proposal(id="b", intelligence_sharing="operational"), rubric)
    words = memo_context(rank([blocked]), rubric, loaded_rubric.ref, HEADER)["proposals"][0]
    assert words["holds_back"] == "fails the gate “No operational intelligence sharing”"
    assert words["blocked_by"] == ["No operational intelligence sharing"]


def test_reasons_and_evidence_lose_their_field_syntax() -> None:
    from cooperation_scorer.render.memo.context import action, plain_adjustments

    assert plain_adjustments(
        ("domain 3 → 3: no change.", "host-leadership 1 → 0: Moscow sees an intrusion.")
    ) == ["Moscow sees an intrusion."]
    assert action("start it as a small pilot: project-scale 2 → 4") == "Start it as a small pilot"
