"""Two revisions of a proposal side by side: facts, criteria, score and verdict (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from cooperation_scorer.facts.fact import FactValue
from cooperation_scorer.score.results import Assessment


@dataclass(frozen=True)
class FactChange:
    name: str
    before: FactValue
    after: FactValue
    source_before: str
    source_after: str


@dataclass(frozen=True)
class CriterionChange:
    id: str
    level_before: str
    level_after: str
    points_before: float
    points_after: float

    @property
    def delta(self) -> float:
        return round(self.points_after - self.points_before, 2)


@dataclass(frozen=True)
class Comparison:
    old: Assessment
    new: Assessment
    facts: list[FactChange]
    criteria: list[CriterionChange]

    @property
    def score_delta(self) -> float:
        return round(self.new.score - self.old.score, 1)

    @property
    def verdict_changed(self) -> bool:
        return self.old.verdict is not self.new.verdict

    @property
    def regressed(self) -> bool:
        """The score fell or the verdict got worse."""
        return self.score_delta < 0 or (self.new.verdict.severity > self.old.verdict.severity)


def compare_revisions(old: Assessment, new: Assessment) -> Comparison:
    """What changed between two assessments of (revisions of) one proposal."""
    before = {fact.name: fact for fact in old.facts}
    facts = [
        FactChange(f.name, before[f.name].value, f.value, before[f.name].source, f.source)
        for f in new.facts
        if f.name in before and (before[f.name].value, before[f.name].source) != (f.value, f.source)
    ]
    levels = {criterion.id: criterion for criterion in old.criteria}
    criteria = [
        CriterionChange(c.id, levels[c.id].level, c.level, levels[c.id].points, c.points)
        for c in new.criteria
        if c.id in levels and (levels[c.id].level, levels[c.id].points) != (c.level, c.points)
    ]
    return Comparison(old, new, facts, criteria)
