"""Washington, Moscow and the host capitals: where the paper says they disagree, they do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.errors import RubricError
from cooperation_scorer.load.files import load_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import Assessment
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import PROPOSALS, REPO, RUBRIC_PATH, MakeProposal


def sides(assessment: Assessment) -> dict[str, float]:
    return {side.id: side.score for side in assessment.perspectives}


def bundled(name: str, rubric: Rubric) -> Assessment:
    return assess(load_proposal(PROPOSALS / name, rubric), rubric)


def test_the_rubric_has_the_three_sides(rubric: Rubric) -> None:
    assert [p.id for p in rubric.perspectives] == ["washington", "moscow", "host"]


def test_democracy_promotion_scores_far_lower_for_moscow_and_the_host(rubric: Rubric) -> None:
    scores = sides(bundled("election-monitoring-civil-society.md", rubric))
    assert scores["washington"] - scores["moscow"] >= 15
    assert scores["washington"] - scores["host"] >= 10


def test_a_russian_led_format_scores_lower_for_washington_and_the_host(rubric: Rubric) -> None:
    scores = sides(bundled("tajik-border-counternarcotics.md", rubric))
    assert scores["moscow"] > scores["washington"]
    assert scores["moscow"] > scores["host"]


def test_the_lead_alone_moves_washington_and_moscow_apart(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    # Only the lead changes: the format is all that Washington and Moscow differ on here.
    russian = sides(assess(make_proposal(lead="Russia"), rubric))
    american = sides(assess(make_proposal(lead="United States"), rubric))
    assert russian["moscow"] > russian["washington"]
    assert american["washington"] > american["moscow"]


def test_washington_welcomes_governance_but_not_military_cooperation(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    governance = assess(make_proposal(domain="governance"), rubric)
    military = assess(make_proposal(domain="military"), rubric)
    lift = sides(governance)["washington"] - governance.score
    assert sides(governance)["washington"] > governance.score
    assert sides(military)["washington"] - military.score < lift


@pytest.mark.parametrize(
    "name",
    ["baiterek-engineers.yaml", "rural-vocational-school.yaml", "tuberculosis-lab-training.yaml"],
)
def test_a_host_led_technical_pilot_is_acceptable_to_all_three(name: str, rubric: Rubric) -> None:
    result = bundled(name, rubric)
    assert {side.verdict for side in result.perspectives} == {Verdict.RECOMMENDED}
    assert result.consensus is not None
    assert result.consensus.verdict is Verdict.RECOMMENDED


def test_consensus_is_the_lowest_side_and_names_it(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    result = assess(make_proposal(lead="United States"), rubric)
    scores = sides(result)
    assert result.consensus is not None
    assert result.consensus.score == min(scores.values())
    assert result.consensus.held_by == min(scores, key=lambda side: scores[side])
    assert scores["moscow"] < scores["washington"]  # a U.S.-led format, seen from Moscow
    moscow = next(side for side in result.perspectives if side.id == "moscow")
    assert moscow.adjustments == (
        "host-leadership 1 → 0: Moscow sees a U.S.-led format as an intrusion into its sphere "
        "of responsibility.",
    )


def test_a_gate_blocks_every_side(make_proposal: MakeProposal, rubric: Rubric) -> None:
    result = assess(make_proposal(dual_use=True), rubric)
    assert {side.verdict for side in result.perspectives} == {Verdict.BLOCKED}


def test_rank_by_consensus_or_by_one_side(make_proposal: MakeProposal, rubric: Rubric) -> None:
    us_led = assess(make_proposal(id="us-led", lead="United States"), rubric)
    russia_led = assess(make_proposal(id="russia-led", lead="Russia"), rubric)
    by_moscow = [item.assessment.id for item in rank([us_led, russia_led], by="moscow")]
    by_washington = [item.assessment.id for item in rank([us_led, russia_led], by="washington")]
    assert by_moscow == ["russia-led", "us-led"]
    assert by_washington == ["us-led", "russia-led"]


def test_the_cli_ranks_by_consensus_and_refuses_an_unknown_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    runner = CliRunner()
    result = runner.invoke(app, ["rank", "proposals", "--by", "consensus", "-f", "json"])
    assert result.exit_code == 0
    results = json.loads(result.stdout)["results"]
    unblocked = [r["consensus"]["score"] for r in results if r["verdict"] != "blocked"]
    assert unblocked == sorted(unblocked, reverse=True)
    assert {p["id"] for p in results[0]["perspectives"]} == {"washington", "moscow", "host"}
    wrong = runner.invoke(app, ["rank", "proposals", "--perspective", "moskow"])
    assert wrong.exit_code == 2
    assert wrong.stderr == (
        "unknown perspective 'moskow' (did you mean 'moscow'?); "
        "use one of washington, moscow, host\n"
    )


def test_ranked_by_one_side_the_outputs_show_that_side_and_say_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    runner = CliRunner()
    args = ["rank", "proposals", "--perspective", "moscow"]
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    head = next(line for line in markdown.splitlines() if line.startswith("| Rank"))
    assert head.endswith("| Consensus | Moscow |")
    moscow = [
        float(line.split("|")[7].split()[0])
        for line in markdown.splitlines()
        if line.startswith("| ") and not line.startswith("| Rank") and "blocked" not in line
    ]
    assert moscow == sorted(moscow, reverse=True)
    assert "; ranked by Moscow's score." in markdown
    table = runner.invoke(app, args, env={"NO_COLOR": "1"}).stdout
    assert "Moscow" in table.splitlines()[0]  # the header
    assert "ranked by Moscow's score" in table
    both = runner.invoke(app, [*args, "--by", "consensus"])
    assert both.exit_code == 2
    assert both.stderr == "--by consensus and --perspective moscow ask for two orders; give one\n"


def test_a_broken_perspective_is_refused_at_its_line(tmp_path: Path) -> None:
    text = RUBRIC_PATH.read_text("utf-8")
    broken = text.replace(
        "        fact: leading_power\n        when: [russia]",
        "        fact: leading_power\n        when: [china]",
    )
    with pytest.raises(RubricError) as raised:
        parse_rubric(broken.encode(), "broken.yaml")
    (problem,) = raised.value.problems
    assert problem.message.startswith("rubric: 'china' is not a value of the fact 'leading_power'")
    assert problem.line == broken[: broken.index("when: [china]")].count("\n") + 1
