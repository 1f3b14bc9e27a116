"""The pure scoring core: a proposal and the rubric in, an explained assessment out."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from cooperation_scorer.facts.establish import Fact, Facts, FactValue, Reading, establish_facts
from cooperation_scorer.model.proposal import Proposal
from cooperation_scorer.model.rubric import Citation, Criterion, Gate, Perspective, Rubric
from cooperation_scorer.score.results import (
    Assessment,
    CapResult,
    Consensus,
    CriterionResult,
    FactResult,
    GateResult,
    PerspectiveResult,
)
from cooperation_scorer.vocabulary import Verdict


def round_half_up(value: float, places: int) -> float:
    """Round as a reader does by hand (96.25 -> 96.3), not to the nearest even digit."""
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _as_text(value: FactValue) -> str:
    return ", ".join(value) if isinstance(value, tuple) else value


def score_criterion(
    criterion: Criterion, fact: Fact, citation: Citation | None = None
) -> CriterionResult:
    """Place the fact on the criterion's first level whose `when` lists its value; quote
    `citation`, where given, rather than the level's."""
    level = next(level for level in criterion.levels if fact.value in level.when)
    max_value = criterion.max_value
    return CriterionResult(
        id=criterion.id,
        title=criterion.title,
        fact=criterion.fact,
        level=level.id,
        level_label=level.label,
        value=level.value,
        max_value=max_value,
        weight=criterion.weight,
        points=criterion.weight * level.value / max_value,
        max_points=criterion.weight,
        reason=f"{level.label}: {level.description}",
        evidence=fact.evidence,
        source=fact.source,
        caps=level.caps,
        citation=citation or level.citation,
    )


def check_gate(gate: Gate, fact: Fact, waiver: str | None = None) -> GateResult:
    """Whether the fact passes the gate; a failed gate with a waiver is waived, not blocking."""
    passed = fact.value in gate.passes
    if passed:
        reason = f"{fact.name} is '{_as_text(fact.value)}' ({fact.evidence})"
    else:
        reason = f"{fact.name} is '{_as_text(fact.value)}' ({fact.evidence}). To fix: {gate.fix}"
    return GateResult(
        id=gate.id,
        title=gate.title,
        fact=gate.fact,
        passed=passed,
        reason=reason,
        citation=gate.citation,
        waived=not passed and waiver is not None,
        waiver=None if passed else waiver,
    )


def assess(
    proposal: Proposal,
    rubric: Rubric,
    *,
    honour_waivers: bool = True,
    reading: Reading | None = None,
) -> Assessment:
    """Score one proposal: facts, criterion levels, gates, caps, then the verdict.
    `reading` is `read_text` of the proposal's text, when already at hand."""
    facts = establish_facts(proposal, rubric, reading)
    return assess_facts(proposal, facts, rubric, honour_waivers=honour_waivers)


def assess_facts(
    proposal: Proposal, facts: Facts, rubric: Rubric, *, honour_waivers: bool = True
) -> Assessment:
    domain = rubric.domain_citations.get(proposal.domain)
    criteria = tuple(
        score_criterion(c, facts[c.fact], domain if c.fact == "domain_tier" else None)
        for c in rubric.criteria
    )
    waivers = {w.gate: w.reason for w in proposal.waivers} if honour_waivers else {}
    gates = tuple(
        check_gate(gate, facts[gate.fact], waivers.get(gate.id) if gate.waivable else None)
        for gate in rubric.gates
    )
    score = round_half_up(sum(result.points for result in criteria) / rubric.total_weight * 100, 1)
    caps = tuple(
        CapResult(
            criterion=result.id,
            level=result.level,
            verdict=Verdict(result.caps),
            reason=f"{result.title} is at “{result.level_label}”, which holds the verdict at "
            f"{result.caps} at best",
        )
        for result in criteria
        if result.caps is not None
    )
    blocked = any(gate.blocks for gate in gates)
    verdict = _verdict(rubric, score, caps, blocked)
    sides = tuple(_perspective(p, criteria, facts, rubric, blocked) for p in rubric.perspectives)
    consensus = None
    if sides:
        lowest = min(sides, key=lambda side: side.score)
        consensus = Consensus(score=lowest.score, verdict=lowest.verdict, held_by=lowest.id)
    return Assessment(
        id=proposal.id,
        title=proposal.title,
        file=proposal.file,
        score=score,
        verdict=verdict,
        gates=gates,
        criteria=criteria,
        caps=caps,
        warnings=tuple(facts.warnings),
        facts=tuple(
            FactResult(name=f.name, value=f.value, source=f.source, evidence=f.evidence)
            for f in facts.facts.values()
        ),
        lines=proposal.lines,
        sha256=proposal.sha256,
        perspectives=sides,
        consensus=consensus,
        summary=proposal.summary,
    )


def _verdict(rubric: Rubric, score: float, caps: Iterable[CapResult], blocked: bool) -> Verdict:
    """Blocked by a gate; else the score's band, held down by the strictest cap."""
    if blocked:
        return Verdict.BLOCKED
    verdict = rubric.band_verdict(score)
    for cap in caps:
        if cap.verdict.severity > verdict.severity:
            verdict = cap.verdict
    return verdict


def _matches(value: FactValue, when: list[str]) -> bool:
    """A single value is one of `when`; a list of values is non-empty and all in `when`."""
    if isinstance(value, tuple):
        return bool(value) and all(item in when for item in value)
    return value in when


def _perspective(
    perspective: Perspective,
    criteria: tuple[CriterionResult, ...],
    facts: Facts,
    rubric: Rubric,
    blocked: bool,
) -> PerspectiveResult:
    """One side's score: its weights and its re-valued levels; a level the side values
    higher than the rubric no longer caps that side's verdict."""
    total = weights = 0.0
    notes: list[str] = []
    adjusted: set[str] = set()
    for result in criteria:
        weight = perspective.weights.get(result.id, result.weight)
        value = result.value
        for adjustment in perspective.adjustments:
            if adjustment.criterion == result.id and _matches(
                facts[adjustment.fact].value, adjustment.when
            ):
                value = adjustment.value
                if value > result.value:  # a side that values it more lifts its cap
                    adjusted.add(result.id)
                notes.append(f"{result.id} {result.value} → {value}: {adjustment.reason}")
                break
        total += weight * value / result.max_value
        weights += weight
    score = round_half_up(total / weights * 100, 1)
    caps = [
        CapResult(criterion=r.id, level=r.level, verdict=Verdict(r.caps), reason="")
        for r in criteria
        if r.caps is not None and r.id not in adjusted
    ]
    return PerspectiveResult(
        id=perspective.id,
        title=perspective.title,
        score=score,
        verdict=_verdict(rubric, score, caps, blocked),
        adjustments=tuple(notes),
    )
