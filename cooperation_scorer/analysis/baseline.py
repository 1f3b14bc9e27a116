"""How each proposal moved since a baseline run: new, gone, changed or unchanged (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cooperation_scorer.score.results import RankedAssessment
from cooperation_scorer.vocabulary import Verdict


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
