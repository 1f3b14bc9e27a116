"""Ranking assessments: best first, blocked last, ties broken by id; and counting verdicts."""

from __future__ import annotations

from cooperation_scorer.score.results import Assessment, RankedAssessment
from cooperation_scorer.vocabulary import Verdict


def verdict_counts(assessments: list[Assessment]) -> dict[Verdict, int]:
    """How many proposals got each verdict, every verdict listed, best first."""
    counts = dict.fromkeys(Verdict, 0)
    for assessment in assessments:
        counts[assessment.verdict] += 1
    return counts


def rank(assessments: list[Assessment], by: str = "score") -> list[RankedAssessment]:
    """Not blocked before blocked, then score descending (or the consensus's, or one side's,
    with `by`), then id; ranks are 1, 2, 3..."""
    ordered = sorted(
        assessments,
        key=lambda a: (a.verdict is Verdict.BLOCKED, -a.score_by(by), a.id, a.file),
    )
    return [RankedAssessment(rank=index, assessment=a) for index, a in enumerate(ordered, 1)]
