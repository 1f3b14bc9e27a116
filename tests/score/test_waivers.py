"""Waivers with hygiene: an unused waiver is reported, an expired one no longer applies, a
configuration can forbid waiving a gate, and CI can fail on any waiver or any unused one."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.errors import ProposalError
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import WaiverPolicy, assess
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import IDEAL, PROPOSALS, MakeProposal

runner = CliRunner()
DUAL_USE = {
    "participants": ["Kazakhstan", "United States"],
    "waivers": [{"gate": "both-powers", "reason": "Audited civil use."}],
}


def test_a_waiver_applies_until_its_expiry_date_and_not_after(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    proposal = make_proposal(
        participants=["Kazakhstan", "United States"],
        waivers=[{"gate": "both-powers", "reason": "Audited civil use.", "expires": "2027-06-30"}],
    )
    on_the_day = assess(proposal, rubric, policy=WaiverPolicy(today=date(2027, 6, 30)))
    assert on_the_day.verdict is not Verdict.BLOCKED
    assert [g.id for g in on_the_day.waived_gates] == ["both-powers"]
    after = assess(proposal, rubric, policy=WaiverPolicy(today=date(2027, 7, 1)))
    assert after.verdict is Verdict.BLOCKED
    (gate,) = after.unused_waivers
    assert gate.waiver_problem == (
        "the waiver of both-powers expired on 2027-06-30; meet the gate, or renew the waiver "
        "with a new expires date"
    )


def test_an_expiry_that_is_not_a_date_is_one_clear_problem(make_proposal: MakeProposal) -> None:
    with pytest.raises(ProposalError) as raised:
        make_proposal(
            waivers=[{"gate": "both-powers", "reason": "Not yet.", "expires": "next June"}]
        )
    (problem,) = raised.value.problems
    assert "'waivers[0].expires': must be a date written YYYY-MM-DD" in str(problem)


def test_a_waiver_on_a_gate_that_passes_is_unused(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    proposal = make_proposal(waivers=[{"gate": "both-powers", "reason": "Just in case."}])
    result = assess(proposal, rubric)
    assert result.waived_gates == ()
    (gate,) = result.unused_waivers
    assert gate.waiver_problem == (
        "the waiver of both-powers is unused: the gate passes; remove the waiver"
    )


def test_the_policy_can_forbid_waiving_a_gate(make_proposal: MakeProposal, rubric: Rubric) -> None:
    proposal = make_proposal(**DUAL_USE)
    allowed = assess(proposal, rubric, policy=WaiverPolicy(waivable=frozenset({"both-powers"})))
    assert allowed.verdict is not Verdict.BLOCKED
    forbidden = assess(
        proposal, rubric, policy=WaiverPolicy(waivable=frozenset({"host-takes-part"}))
    )
    assert forbidden.verdict is Verdict.BLOCKED
    assert forbidden.unused_waivers[0].waiver_problem == (
        "both-powers may not be waived here (waivable gates: host-takes-part); meet the gate "
        "instead"
    )


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled proposals, plus one with a waiver on a gate it passes, in a project."""
    shutil.copytree(PROPOSALS, tmp_path / "proposals")
    stale: dict[str, Any] = {
        **IDEAL,
        "waivers": [{"gate": "both-powers", "reason": "Left over from a draft."}],
    }
    (tmp_path / "proposals" / "stale-waiver.yaml").write_text(
        yaml.safe_dump(stale, sort_keys=False), encoding="utf-8"
    )
    # A host-less project that waives the host gate instead of declaring a bilateral issue.
    waived = yaml.safe_load((PROPOSALS / "kambarata-bilateral-understanding.yaml").read_text())
    waived["id"] = "waived-bilateral"
    waived["waivers"] = [{"gate": "host-takes-part", "reason": "Nuclear parity is bilateral."}]
    (tmp_path / "proposals" / "waived-bilateral.yaml").write_text(
        yaml.safe_dump(waived, sort_keys=False), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_unused_waiver_is_a_warning_and_can_fail_the_job(folder: Path) -> None:
    result = runner.invoke(app, ["rank", "proposals", "-f", "github"])
    assert result.exit_code == 0
    text = (folder / "proposals" / "stale-waiver.yaml").read_text("utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if t.startswith("- gate: both-powers"))
    assert (
        f"::warning file=proposals/stale-waiver.yaml,line={line},"
        "title=stale-waiver%3A waiver of both-powers not applied::the waiver of both-powers is "
        "unused: the gate passes; remove the waiver\n"
    ) in result.stdout
    failing = runner.invoke(app, ["rank", "proposals", "--fail-on", "unused-waiver", "-f", "json"])
    assert failing.exit_code == 1
    assert "FAIL stale-waiver (proposals/stale-waiver.yaml): the waiver of both-powers is " in (
        failing.stderr
    )
    data = json.loads(failing.stdout)
    assert data["summary"]["unused_waivers"] == 1
    assert [f["id"] for f in data["failures"]] == ["stale-waiver"]


def test_fail_on_waived_fails_on_any_waiver_alongside_a_verdict(folder: Path) -> None:
    result = runner.invoke(
        app, ["rank", "proposals", "--fail-on", "waived", "--fail-on", "blocked", "-f", "csv"]
    )
    assert result.exit_code == 1
    failed = {line.split(" ")[1] for line in result.stderr.splitlines() if line.startswith("FAIL")}
    assert failed == {
        "waived-bilateral",
        "baikonur-military-launcher",
        "extremist-watchlist-exchange",
        "kambarata-bilateral-understanding",
    }
    assert (
        "gate host-takes-part is waived and --fail-on waived allows no waiver: Nuclear parity"
        in result.stderr
    )


def test_a_config_forbids_waiving_a_gate_and_the_verdict_follows(folder: Path) -> None:
    (folder / ".cooperation-scorer.toml").write_text(
        'waivable-gates = ["both-powers"]\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["rank", "proposals", "-f", "json", "--fail-on", "blocked"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    nuclear = next(r for r in data["results"] if r["id"] == "waived-bilateral")
    assert nuclear["verdict"] == "blocked"
    gate = next(g for g in nuclear["gates"] if g["id"] == "host-takes-part")
    assert gate["waived"] is False
    assert gate["waiver_problem"].startswith("host-takes-part may not be waived here")
    (folder / ".cooperation-scorer.toml").write_text(
        'waivable-gates = ["no-dual-us"]\n', encoding="utf-8"
    )
    unknown = runner.invoke(app, ["rank", "proposals"])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        ".cooperation-scorer.toml:1:1: 'waivable-gates' names unknown gate 'no-dual-us' (did you "
        "mean 'no-dual-use'?); the gates are both-powers, host-takes-part, "
        "no-operational-intelligence, no-dual-use\n"
    )


def test_no_waivers_reports_no_waiver_problems(folder: Path) -> None:
    result = runner.invoke(app, ["rank", "proposals", "--no-waivers", "-f", "github"])
    assert "not applied" not in result.stdout


def test_the_table_names_an_unused_waiver(folder: Path) -> None:
    result = runner.invoke(app, ["rank", "proposals"], terminal_width=200)
    assert (
        "warning: stale-waiver: waiver of both-powers not applied: the waiver of both-powers is "
        "unused" in " ".join(result.stdout.split())
    )
