"""CI gating, pure: thresholds, comparison with a baseline run, and what failed and where."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from cooperation_scorer.documents import forbidden_character, shown
from cooperation_scorer.errors import Problem, ScorerError
from cooperation_scorer.rubric import RubricRef
from cooperation_scorer.scoring import Assessment, RankedAssessment
from cooperation_scorer.vocabulary import Verdict

# The proposal field each fact is read from, to point CI annotations at the line at fault.
FACT_FIELDS = {
    "leadership": "lead",
    "format": "participants",
    "powers": "participants",
    "domain_tier": "domain",
    "friction_linkage": "frictions",
    "frictions": "frictions",
    "political_profile": "political_profile",
    "intelligence_sharing": "intelligence_sharing",
    "dual_use": "dual_use",
    "visibility": "visibility",
    "scale": "scale",
}


class BaselineError(ScorerError):
    """The baseline file is not the JSON output of an earlier `rank`."""


@dataclass(frozen=True)
class Thresholds:
    """What fails a CI run: a score below `fail_under`, a verdict at `fail_on` or worse,
    or, with `fail_on_regression`, a worse score or verdict than in the baseline."""

    fail_under: float | None = None
    fail_on: Verdict | None = None
    fail_on_regression: bool = False


@dataclass(frozen=True)
class Failure:
    """One proposal that failed a threshold, why, and the line of the field at fault."""

    id: str
    file: str
    kind: Literal["score", "verdict", "regression"]
    message: str
    line: int | None


@dataclass(frozen=True)
class BaselineEntry:
    id: str
    title: str
    score: float
    verdict: Verdict
    rank: int


@dataclass(frozen=True)
class Change:
    """How one proposal moved since the baseline run."""

    id: str
    title: str
    status: Literal["new", "gone", "changed", "unchanged"]
    score_before: float | None
    score_after: float | None
    verdict_before: Verdict | None
    verdict_after: Verdict | None
    rank_before: int | None
    rank_after: int | None

    @property
    def score_delta(self) -> float | None:
        if self.score_before is None or self.score_after is None:
            return None
        return round(self.score_after - self.score_before, 1)

    @property
    def regressed(self) -> bool:
        if self.status != "changed" or self.verdict_before is None or self.verdict_after is None:
            return False
        worse_score = (self.score_delta or 0) < 0
        return worse_score or self.verdict_after.severity > self.verdict_before.severity


@dataclass(frozen=True)
class RankReport:
    """Everything a `rank` renderer shows."""

    ranked: list[RankedAssessment]
    rubric: RubricRef
    thresholds: Thresholds = Thresholds()
    failures: list[Failure] = field(default_factory=list)
    changes: list[Change] | None = None
    problems: list[Problem] = field(default_factory=list)
    waivers_honoured: bool = True
    ranked_by: str = "score"  # or "consensus", or one perspective's id

    def side_title(self) -> str | None:
        """The title of the perspective the ranking follows, if it follows one."""
        for item in self.ranked:
            side = item.assessment.side(self.ranked_by)
            if side is not None:
                return side.title
        return None

    def ranked_by_words(self) -> str | None:
        """What the order follows, in words, when it is not the score."""
        if self.ranked_by == "consensus":
            return "ranked by the consensus"
        title = self.side_title()
        return None if title is None else f"ranked by {title}'s score"

    @property
    def waived(self) -> int:
        return sum(len(item.assessment.waived_gates) for item in self.ranked)


_SAVE_ONE = "save one with --format json --output and pass that"


def _wrong_entry(result: dict[str, Any], count: int) -> str | None:
    """What makes one result of a baseline unusable, in plain words, or None. Checked before
    any conversion, so that a huge or infinite number is named instead of overflowing."""
    score, rank = result["score"], result["rank"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        return f"the score {shown(score)} is not a number from 0 to 100"
    whole = isinstance(rank, int) or (isinstance(rank, float) and rank.is_integer())
    if isinstance(rank, bool) or not whole or not 1 <= rank <= count:
        return f"the rank {shown(rank)} is not a whole number from 1 to {count}"
    for name in ("id", "title"):
        character = forbidden_character(str(result.get(name, "")))
        if character is not None:
            return f"the {name} holds {character}"
    return None


def parse_baseline(data: bytes, path: str) -> dict[str, BaselineEntry]:
    """The results of an earlier `rank --format json`, by proposal id."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
        entries = {}
        results = document["results"]
        for place, result in enumerate(results):
            wrong = _wrong_entry(result, len(results))
            if wrong:
                raise BaselineError(
                    [Problem(path, None, None, f"results[{place}]: {wrong}; {_SAVE_ONE}")]
                )
            entry = BaselineEntry(
                id=str(result["id"]),
                title=str(result.get("title", "")),
                score=float(result["score"]),
                verdict=Verdict(result["verdict"]),
                rank=int(result["rank"]),
            )
            entries[entry.id] = entry
    except (UnicodeDecodeError, KeyError, TypeError, ValueError, RecursionError):
        raise BaselineError(
            [
                Problem(
                    path,
                    None,
                    None,
                    "not the JSON output of `cooperation-scorer rank --format json`; " + _SAVE_ONE,
                )
            ]
        ) from None
    return entries


def compare(ranked: list[RankedAssessment], baseline: dict[str, BaselineEntry]) -> list[Change]:
    """Each proposal's change in score, verdict and rank; new ones, then gone ones, last."""
    changes = []
    for item in ranked:
        a, before = item.assessment, baseline.get(item.assessment.id)
        if before is None:
            changes.append(
                Change(a.id, a.title, "new", None, a.score, None, a.verdict, None, item.rank)
            )
            continue
        same = (before.score, before.verdict, before.rank) == (a.score, a.verdict, item.rank)
        changes.append(
            Change(
                a.id,
                a.title,
                "unchanged" if same else "changed",
                before.score,
                a.score,
                before.verdict,
                a.verdict,
                before.rank,
                item.rank,
            )
        )
    current = {item.assessment.id for item in ranked}
    for entry in sorted(baseline.values(), key=lambda e: e.id):
        if entry.id not in current:
            changes.append(
                Change(
                    entry.id,
                    entry.title,
                    "gone",
                    entry.score,
                    None,
                    entry.verdict,
                    None,
                    entry.rank,
                    None,
                )
            )
    return changes


def fact_line(assessment: Assessment, fact: str) -> int | None:
    """The line of the field a fact comes from: the field if declared, the summary if the
    fact was read from the text, none when it was assumed."""
    sources = {f.name: f.source for f in assessment.facts}
    if sources.get(fact) == "inferred":
        return assessment.lines.get("summary")
    if sources.get(fact) == "assumed":
        return None
    return assessment.lines.get(FACT_FIELDS.get(fact, ""))


def _why_verdict(assessment: Assessment) -> tuple[str, int | None]:
    if assessment.failed_gates:
        gate = assessment.failed_gates[0]
        return f"gate {gate.id} failed: {gate.reason}", fact_line(assessment, gate.fact)
    if assessment.caps:
        cap = assessment.caps[0]
        fact = next(c.fact for c in assessment.criteria if c.id == cap.criterion)
        return f"capped: {cap.reason}", fact_line(assessment, fact)
    weakest = assessment.weakest
    return (
        f"score {assessment.score:.1f} is in its band; weakest criterion {weakest.id} "
        f"({weakest.level_label})",
        fact_line(assessment, weakest.fact),
    )


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
                )
            )
        if thresholds.fail_on is not None and a.verdict.severity >= thresholds.fail_on.severity:
            why, line = _why_verdict(a)
            failures.append(
                Failure(
                    a.id,
                    a.file,
                    "verdict",
                    f"verdict {a.verdict.value} is at or worse than --fail-on "
                    f"{thresholds.fail_on.value}; {why}",
                    line,
                )
            )
        change = moved.get(a.id)
        if thresholds.fail_on_regression and change is not None and change.regressed:
            failures.append(
                Failure(a.id, a.file, "regression", _regression(change), _why_verdict(a)[1])
            )
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
