"""The pure scoring core: a proposal and the rubric in, an explained assessment out."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from cooperation_scorer.facts.establish import Facts, Reading, establish_facts
from cooperation_scorer.facts.fact import Fact, FactValue
from cooperation_scorer.model.proposal import Proposal, WaiverField
from cooperation_scorer.model.rubric import (
    Citation,
    Criterion,
    Gate,
    LevelException,
    Perspective,
    Rubric,
)
from cooperation_scorer.score.policy import WaiverPolicy as WaiverPolicy
from cooperation_scorer.score.results import (
    Assessment,
    CapResult,
    Consensus,
    CriterionResult,
    GateResult,
    PerspectiveResult,
)
from cooperation_scorer.vocabulary import DOMAIN_FACT, Verdict


def round_half_up(value: float, places: int) -> float:
    """Round as a reader does by hand (96.25 -> 96.3), not to the nearest even digit."""
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _as_text(value: FactValue) -> str:
    return ", ".join(value) if isinstance(value, tuple) else value


def score_criterion(
    criterion: Criterion,
    fact: Fact,
    citation: Citation | None = None,
    facts: Facts | None = None,
) -> CriterionResult:
    """Place the fact on the criterion's first level whose `when` lists its value; quote
    `citation`, where given, rather than the level's. Where the level's exception (`unless`)
    holds for `facts`, the exception's value, words and citation stand, and nothing caps."""
    level = next(level for level in criterion.levels if fact.value in level.when)
    max_value = criterion.max_value
    value, label, description, caps = level.value, level.label, level.description, level.caps
    level_id, evidence = level.id, fact.evidence
    exception = level.unless
    if exception is not None and facts is not None and _exception_holds(exception, facts):
        other = facts[exception.fact]
        value, label, description, caps = (
            exception.value,
            exception.label,
            exception.description,
            None,
        )
        level_id, evidence = exception.id, f"{fact.evidence}; {other.evidence}"
        citation = exception.citation
    return CriterionResult(
        id=criterion.id,
        title=criterion.title,
        fact=criterion.fact,
        level=level_id,
        level_label=label,
        value=value,
        max_value=max_value,
        weight=criterion.weight,
        points=criterion.weight * value / max_value,
        max_points=criterion.weight,
        reason=f"{label}: {description}",
        evidence=evidence,
        source=fact.source,
        caps=caps,
        citation=citation or level.citation,
    )


def _exception_holds(exception: LevelException, facts: Facts) -> bool:
    if exception.domains and facts[DOMAIN_FACT].value not in exception.domains:
        return False
    return _matches(facts[exception.fact].value, exception.when)


def _waiver_problem(
    gate: Gate, passed: bool, waiver: WaiverField, policy: WaiverPolicy
) -> str | None:
    """Why a waiver does not apply, or None when it does."""
    if passed:
        return f"the waiver of {gate.id} is unused: the gate passes; remove the waiver"
    if policy.waivable is not None and gate.id not in policy.waivable:
        allowed = ", ".join(sorted(policy.waivable)) or "none"
        return (
            f"{gate.id} may not be waived here (waivable gates: {allowed}); meet the gate instead"
        )
    if waiver.expires is not None and policy.today is not None and waiver.expires < policy.today:
        return (
            f"the waiver of {gate.id} expired on {waiver.expires.isoformat()}; "
            "meet the gate, or renew the waiver with a new expires date"
        )
    return None


def check_gate(
    gate: Gate,
    fact: Fact,
    waiver: WaiverField | None = None,
    policy: WaiverPolicy | None = None,
) -> GateResult:
    """Whether the fact passes the gate; a failed gate with a waiver that applies is waived,
    not blocking. A waiver that does not apply (unused, expired, not allowed) is noted."""
    passed = fact.value in gate.passes
    if passed:
        reason = f"{fact.name} is '{_as_text(fact.value)}' ({fact.evidence})"
    else:
        reason = f"{fact.name} is '{_as_text(fact.value)}' ({fact.evidence}). To fix: {gate.fix}"
    problem = None
    if waiver is not None:
        problem = _waiver_problem(gate, passed, waiver, policy or WaiverPolicy())
    applies = waiver is not None and problem is None
    return GateResult(
        id=gate.id,
        title=gate.title,
        fact=gate.fact,
        passed=passed,
        reason=reason,
        citation=gate.citation,
        waived=applies,
        waiver=waiver.reason if waiver is not None and applies else None,
        waiver_problem=problem,
    )


def assess(
    proposal: Proposal,
    rubric: Rubric,
    *,
    honour_waivers: bool = True,
    reading: Reading | None = None,
    policy: WaiverPolicy | None = None,
) -> Assessment:
    """Score one proposal: facts, criterion levels, gates, caps, then the verdict.
    `reading` is `read_text` of the proposal's text, when already at hand."""
    facts = establish_facts(proposal, rubric, reading)
    return assess_facts(proposal, facts, rubric, honour_waivers=honour_waivers, policy=policy)


def assess_facts(
    proposal: Proposal,
    facts: Facts,
    rubric: Rubric,
    *,
    honour_waivers: bool = True,
    policy: WaiverPolicy | None = None,
) -> Assessment:
    domain = rubric.domain_citations.get(proposal.domain)
    criteria = tuple(
        score_criterion(c, facts[c.fact], domain if c.fact == "domain_tier" else None, facts)
        for c in rubric.criteria
    )
    waivers = {w.gate: w for w in proposal.waivers} if honour_waivers else {}
    gates = tuple(
        check_gate(gate, facts[gate.fact], waivers.get(gate.id) if gate.waivable else None, policy)
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
        worst = max(sides, key=lambda side: (side.verdict.severity, -side.score))
        lowest = min(side.score for side in sides)
        consensus = Consensus(score=lowest, verdict=worst.verdict, held_by=worst.id)
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
        facts=tuple(facts.facts.values()),
        lines=proposal.lines,
        sha256=proposal.sha256,
        perspectives=sides,
        consensus=consensus,
        summary=proposal.summary,
        bilateral_exception=_bilateral_exception(proposal, facts, rubric),
    )


def _bilateral_exception(proposal: Proposal, facts: Facts, rubric: Rubric) -> str | None:
    """The declared genuinely bilateral issue, in the paper's words, when it applies."""
    if facts["format"].value != "bilateral-issue" or proposal.bilateral_issue is None:
        return None
    issue = rubric.bilateral_issue_by_id[proposal.bilateral_issue]
    where = issue.citation
    return f"{issue.title}: a genuinely bilateral issue (“{where.quote}”, {where.section})"


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
                if adjustment.value == result.value:
                    break  # the side agrees with the rubric here: no adjustment to report
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
