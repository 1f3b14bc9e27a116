"""CI thresholds, pure: what fails a run (score, verdict, regression) and the line at fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cooperation_scorer.analysis.baseline import Change
from cooperation_scorer.score.results import Assessment, RankedAssessment
from cooperation_scorer.vocabulary import FACT_FIELDS, Verdict


@dataclass(frozen=True)
class Thresholds:
    """What fails a CI run: a score below `fail_under`, a verdict at `fail_on` or worse,
    with `fail_on_regression` a worse score or verdict than in the baseline, with
    `fail_on_waived` any waived gate, with `fail_on_unused_waiver` any waiver that did
    nothing (the gate passes, the waiver expired, or the gate may not be waived)."""

    fail_under: float | None = None
    fail_on: Verdict | None = None
    fail_on_regression: bool = False
    fail_on_waived: bool = False
    fail_on_unused_waiver: bool = False


FailureKind = Literal["score", "verdict", "regression", "waived", "unused-waiver"]


@dataclass(frozen=True)
class Failure:
    """One proposal that failed a threshold, why, the line of the field at fault, and the
    rule at fault: `gate:ID`, `criterion:ID`, `regression`, `waived` or `unused-waiver`."""

    id: str
    file: str
    kind: FailureKind
    message: str
    line: int | None
    rule: str = ""


def fact_line(assessment: Assessment, fact: str) -> int | None:
    """The line of the field a fact comes from: the field if declared, the summary if the
    fact was read from the text, none when it was assumed."""
    sources = {f.name: f.source for f in assessment.facts}
    if sources.get(fact) == "inferred":
        return assessment.lines.get("summary")
    if sources.get(fact) == "assumed":
        return None
    return assessment.lines.get(FACT_FIELDS.get(fact, ""))


def _why_verdict(assessment: Assessment) -> tuple[str, int | None, str]:
    """Why the verdict is what it is, the line at fault and the rule at fault."""
    if assessment.failed_gates:
        gate = assessment.failed_gates[0]
        return (
            f"gate {gate.id} failed: {gate.reason}",
            fact_line(assessment, gate.fact),
            f"gate:{gate.id}",
        )
    if assessment.caps:
        cap = assessment.caps[0]
        fact = next(c.fact for c in assessment.criteria if c.id == cap.criterion)
        return f"capped: {cap.reason}", fact_line(assessment, fact), f"criterion:{cap.criterion}"
    weakest = assessment.weakest
    return (
        f"score {assessment.score:.1f} is in its band; weakest criterion {weakest.id} "
        f"({weakest.level_label})",
        fact_line(assessment, weakest.fact),
        f"criterion:{weakest.id}",
    )


def waiver_line(assessment: Assessment, gate: str) -> int | None:
    """The line of the waiver of `gate`, else of the `waivers` key."""
    return assessment.lines.get(f"waivers:{gate}", assessment.lines.get("waivers"))


def check_thresholds(
    ranked: list[RankedAssessment],
    thresholds: Thresholds,
    changes: list[Change] | None = None,
) -> list[Failure]:
    """Every threshold miss, in rank order."""
    failures: list[Failure] = []
    moved = {change.id: change for change in changes or []}
    for item in ranked:
        a = item.assessment
        if thresholds.fail_under is not None and a.score < thresholds.fail_under:
            weakest = a.weakest
            failures.append(
                Failure(
                    a.id,
                    a.file,
                    "score",
                    f"score {a.score:.1f} is below --fail-under {thresholds.fail_under:g}; "
                    f"weakest criterion {weakest.id} ({weakest.level_label}, "
                    f"{weakest.points:g} of {weakest.max_points:g} points)",
                    fact_line(a, weakest.fact),
                    f"criterion:{weakest.id}",
                )
            )
        if thresholds.fail_on is not None and a.verdict.severity >= thresholds.fail_on.severity:
            why, line, rule = _why_verdict(a)
            failures.append(
                Failure(
                    a.id,
                    a.file,
                    "verdict",
                    f"verdict {a.verdict.value} is at or worse than --fail-on "
                    f"{thresholds.fail_on.value}; {why}",
                    line,
                    rule,
                )
            )
        change = moved.get(a.id)
        if thresholds.fail_on_regression and change is not None and change.regressed:
            failures.append(
                Failure(
                    a.id,
                    a.file,
                    "regression",
                    _regression(change),
                    _why_verdict(a)[1],
                    "regression",
                )
            )
        if thresholds.fail_on_waived:
            failures += [
                Failure(
                    a.id,
                    a.file,
                    "waived",
                    f"gate {gate.id} is waived and --fail-on waived allows no waiver: "
                    f"{gate.waiver}",
                    waiver_line(a, gate.id),
                    "waived",
                )
                for gate in a.waived_gates
            ]
        if thresholds.fail_on_unused_waiver:
            failures += [
                Failure(
                    a.id,
                    a.file,
                    "unused-waiver",
                    f"{gate.waiver_problem} (--fail-on unused-waiver)",
                    waiver_line(a, gate.id),
                    "unused-waiver",
                )
                for gate in a.unused_waivers
            ]
    return failures


def _regression(change: Change) -> str:
    parts = []
    if (change.score_delta or 0) < 0:
        parts.append(f"score fell from {change.score_before:.1f} to {change.score_after:.1f}")
    if (
        change.verdict_before
        and change.verdict_after
        and change.verdict_after.severity > (change.verdict_before.severity)
    ):
        parts.append(
            f"verdict worsened from {change.verdict_before.value} to {change.verdict_after.value}"
        )
    return "regressed since the baseline: " + " and ".join(parts)
