"""The rank report: the ranking with its thresholds, failures, changes and problems, and the
findings every CI format shows at the same level."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from cooperation_scorer.analysis.baseline import BaselineEntry, Change, compare
from cooperation_scorer.analysis.thresholds import (
    Failure,
    Thresholds,
    check_thresholds,
    fact_line,
    waiver_line,
)
from cooperation_scorer.errors import Problem
from cooperation_scorer.model.rubric import Rubric, RubricRef
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import Assessment, RankedAssessment

Level = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Finding:
    """One thing a CI report shows, at the level every format uses for it: `error` exactly
    when it fails the job (a threshold miss, an invalid file); `warning` for a blocked
    proposal no threshold fails and a waiver that did nothing; `note` for a waived gate.
    `rule` is `gate:ID`, `criterion:ID`, `regression`, `waived`, `unused-waiver` or
    `invalid-file`."""

    level: Level
    id: str | None  # the proposal's id; None for an invalid file
    file: str
    line: int | None
    column: int | None
    rule: str
    title: str
    message: str


@dataclass(frozen=True)
class RankReport:
    """Everything a `rank` renderer shows."""

    ranked: list[RankedAssessment]
    rubric: RubricRef
    thresholds: Thresholds = field(default_factory=Thresholds)
    failures: list[Failure] = field(default_factory=list)
    changes: list[Change] | None = None
    problems: list[Problem] = field(default_factory=list)
    waivers_honoured: bool = True
    ranked_by: str = "score"  # or "consensus", or one perspective's id
    rubric_model: Rubric | None = None  # the rubric itself, for formats that describe its rules

    def perspective_title(self) -> str | None:
        """The title of the perspective the ranking follows, if it follows one."""
        for item in self.ranked:
            side = item.assessment.perspective(self.ranked_by)
            if side is not None:
                return side.title
        return None

    def ranked_by_words(self) -> str | None:
        """What the order follows, in words, when it is not the score."""
        if self.ranked_by == "consensus":
            return "ranked by the consensus"
        title = self.perspective_title()
        return None if title is None else f"ranked by {title}'s score"

    @property
    def waived(self) -> int:
        return sum(len(item.assessment.waived_gates) for item in self.ranked)

    @cached_property
    def findings(self) -> list[Finding]:
        """What every CI format shows, each at its level (see `Finding`)."""
        return find(self.ranked, self.failures, self.problems, self.thresholds)

    @property
    def failed(self) -> int:
        """How many proposals failed a threshold."""
        return len({failure.id for failure in self.failures})

    @property
    def invalid(self) -> int:
        """How many files are invalid."""
        return len({problem.path for problem in self.problems})

    @property
    def exit_code(self) -> int:
        """0 all pass, 1 a threshold failed, 2 an invalid file (2 wins over 1)."""
        return 2 if self.problems else 1 if self.failures else 0


def find(
    ranked: list[RankedAssessment],
    failures: list[Failure],
    problems: list[Problem],
    thresholds: Thresholds,
) -> list[Finding]:
    """Every finding, a proposal at a time in rank order, then each invalid file."""
    failed: dict[str, list[Failure]] = {}
    for failure in failures:
        failed.setdefault(failure.id, []).append(failure)
    found: list[Finding] = []
    for item in ranked:
        a = item.assessment
        misses = failed.get(a.id)
        if misses:
            found.append(
                Finding(
                    "error",
                    a.id,
                    a.file,
                    misses[0].line,
                    None,
                    misses[0].rule,
                    f"{a.id}: {a.verdict.value}, {a.score:.1f}",
                    "; ".join(miss.message for miss in misses),
                )
            )
        elif a.failed_gates:
            gate = a.failed_gates[0]
            found.append(
                Finding(
                    "warning",
                    a.id,
                    a.file,
                    fact_line(a, gate.fact),
                    None,
                    f"gate:{gate.id}",
                    f"{a.id}: gate {gate.id}",
                    f"blocked, but no threshold fails the job on it: {gate.reason}",
                )
            )
        if not thresholds.fail_on_waived:
            found += [
                Finding(
                    "note",
                    a.id,
                    a.file,
                    waiver_line(a, gate.id),
                    None,
                    "waived",
                    f"{a.id}: gate {gate.id} waived",
                    gate.waiver or "",
                )
                for gate in a.waived_gates
            ]
        if not thresholds.fail_on_unused_waiver:
            found += [
                Finding(
                    "warning",
                    a.id,
                    a.file,
                    waiver_line(a, gate.id),
                    None,
                    "unused-waiver",
                    f"{a.id}: waiver of {gate.id} not applied",
                    gate.waiver_problem or "",
                )
                for gate in a.unused_waivers
            ]
    found += [
        Finding(
            "error",
            None,
            problem.path,
            problem.line,
            problem.column,
            "invalid-file",
            "invalid proposal",
            problem.message,
        )
        for problem in problems
    ]
    return found


def build_report(
    assessments: list[Assessment],
    rubric: RubricRef,
    *,
    thresholds: Thresholds,
    baseline: dict[str, BaselineEntry] | None = None,
    problems: list[Problem] | None = None,
    waivers_honoured: bool = True,
    ranked_by: str = "score",
    rubric_model: Rubric | None = None,
) -> RankReport:
    """Rank the assessments, compare them with the baseline, and check the thresholds."""
    ranked = rank(assessments, by=ranked_by)
    changes = compare(ranked, baseline) if baseline is not None else None
    failures = check_thresholds(ranked, thresholds, changes)
    return RankReport(
        ranked=ranked,
        rubric=rubric,
        thresholds=thresholds,
        failures=failures,
        changes=changes,
        problems=problems or [],
        waivers_honoured=waivers_honoured,
        ranked_by=ranked_by,
        rubric_model=rubric_model,
    )
