"""The rank report: the ranking with its thresholds, failures, changes and problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from cooperation_scorer.analysis.baseline import BaselineEntry, Change, compare
from cooperation_scorer.analysis.thresholds import Failure, Thresholds, check_thresholds
from cooperation_scorer.errors import Problem
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import Assessment, RankedAssessment


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


def build_report(
    assessments: list[Assessment],
    rubric: RubricRef,
    *,
    thresholds: Thresholds,
    baseline: dict[str, BaselineEntry] | None = None,
    problems: list[Problem] | None = None,
    waivers_honoured: bool = True,
    ranked_by: str = "score",
) -> RankReport:
    """Rank the assessments, compare them with the baseline, and check the thresholds."""
    ranked = rank(assessments, by=ranked_by)
    changes = compare(ranked, baseline) if baseline is not None else None
    return RankReport(
        ranked=ranked,
        rubric=rubric,
        thresholds=thresholds,
        failures=check_thresholds(ranked, thresholds, changes),
        changes=changes,
        problems=problems or [],
        waivers_honoured=waivers_honoured,
        ranked_by=ranked_by,
    )
