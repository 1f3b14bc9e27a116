"""What scoring returns: the explained assessment of a proposal and each of its parts."""

from __future__ import annotations

import dataclasses
from typing import Any

from cooperation_scorer.facts.fact import Fact
from cooperation_scorer.model.rubric import Citation
from cooperation_scorer.model.sharing import shared_reduce
from cooperation_scorer.vocabulary import Source, Verdict

# Results are plain slotted dataclasses, not validated models: the core makes them from data
# already checked, a batch of 10,000 holds them all, and each is a fraction of a model's size.


@dataclasses.dataclass(frozen=True, slots=True)
class CriterionResult:
    """Where a proposal sits on one criterion, the points that earns, and why."""

    __reduce__ = shared_reduce  # short texts shared across a batch (model/sharing.py)

    id: str
    title: str
    fact: str
    level: str
    level_label: str
    value: int
    max_value: int
    weight: float
    points: float
    max_points: float
    reason: str
    evidence: str
    source: Source
    caps: str | None
    citation: Citation

    @property
    def points_lost(self) -> float:
        return self.max_points - self.points


@dataclasses.dataclass(frozen=True, slots=True)
class GateResult:
    """Whether a proposal passes one gate."""

    __reduce__ = shared_reduce  # short texts shared across a batch (model/sharing.py)

    id: str
    title: str
    fact: str
    passed: bool
    reason: str
    citation: Citation
    waived: bool = False
    waiver: str | None = None
    waiver_problem: str | None = None  # why a waiver written for this gate did not apply

    @property
    def blocks(self) -> bool:
        return not self.passed and not self.waived


@dataclasses.dataclass(frozen=True, slots=True)
class CapResult:
    """A level that holds the verdict down whatever the score."""

    __reduce__ = shared_reduce  # short texts shared across a batch (model/sharing.py)

    criterion: str
    level: str
    verdict: Verdict
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Improvement:
    """One change to a proposal, and exactly what re-scoring it gives."""

    change: str
    fields: dict[str, Any]
    points: float
    new_score: float
    new_verdict: Verdict
    criteria: tuple[str, ...]
    unblocks: bool


@dataclasses.dataclass(frozen=True, slots=True)
class PerspectiveResult:
    """The score and verdict one side would give, and the adjustments it made."""

    __reduce__ = shared_reduce  # short texts shared across a batch (model/sharing.py)

    id: str
    title: str
    score: float
    verdict: Verdict
    adjustments: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Consensus:
    """The lowest score of the sides; the verdict of the side that judges worst (a project
    has to work for all three), and that side."""

    __reduce__ = shared_reduce  # short texts shared across a batch (model/sharing.py)

    score: float
    verdict: Verdict
    held_by: str


@dataclasses.dataclass(frozen=True, slots=True)
class Assessment:
    """A proposal's full assessment against the rubric."""

    id: str
    title: str
    file: str
    score: float
    verdict: Verdict
    gates: tuple[GateResult, ...]
    criteria: tuple[CriterionResult, ...]
    caps: tuple[CapResult, ...]
    warnings: tuple[str, ...]
    facts: tuple[Fact, ...]
    lines: dict[str, int] = dataclasses.field(default_factory=dict)
    sha256: str = ""
    improvements: tuple[Improvement, ...] | None = None
    perspectives: tuple[PerspectiveResult, ...] = ()
    consensus: Consensus | None = None
    summary: str = ""  # the proposal's own words, for a memo's description of it
    # The paper's exception, declared: "Except on genuinely bilateral issues, such as nuclear
    # parity"; None when the proposal does not invoke it (or its host takes part anyway).
    bilateral_exception: str | None = None

    def score_by(self, ranked_by: str) -> float:
        """The score as `score`, `consensus` or one perspective (by its id) sees it."""
        if ranked_by == "score":
            return self.score
        if ranked_by == "consensus" and self.consensus is not None:
            return self.consensus.score
        found = self.perspective(ranked_by)
        if found is None:
            raise KeyError(ranked_by)
        return found.score

    def perspective(self, perspective_id: str) -> PerspectiveResult | None:
        """One perspective's result, by its id."""
        return next((p for p in self.perspectives if p.id == perspective_id), None)

    @property
    def weakest(self) -> CriterionResult:
        """The criterion that loses the most points (the first such, in rubric order)."""
        return max(self.criteria, key=lambda result: result.points_lost)

    @property
    def strongest(self) -> CriterionResult:
        """The criterion that earns the most points (the first such, in rubric order)."""
        return max(self.criteria, key=lambda result: result.points)

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        """The gates that block: failed and not waived."""
        return tuple(gate for gate in self.gates if gate.blocks)

    @property
    def waived_gates(self) -> tuple[GateResult, ...]:
        return tuple(gate for gate in self.gates if gate.waived)

    @property
    def unused_waivers(self) -> tuple[GateResult, ...]:
        """The gates whose waiver did nothing: the gate passes, the waiver expired, or the
        policy does not let the gate be waived."""
        return tuple(gate for gate in self.gates if gate.waiver_problem is not None)


@dataclasses.dataclass(frozen=True, slots=True)
class Checked:
    """A valid proposal, checked and not scored (what `validate` keeps of it): enough to
    name it and to tell two files that share an id."""

    id: str
    file: str
    lines: dict[str, int]


@dataclasses.dataclass(frozen=True, slots=True)
class RankedAssessment:
    rank: int
    assessment: Assessment
