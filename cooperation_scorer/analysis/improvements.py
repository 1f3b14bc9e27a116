"""What would raise a proposal's score: each one-fact change, re-scored, best first (pure)."""

from __future__ import annotations

import dataclasses
from typing import Any

from cooperation_scorer.facts.establish import Reading, read_text
from cooperation_scorer.model.proposal import Proposal, resolve_party
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import WaiverPolicy, assess
from cooperation_scorer.score.results import Assessment, Improvement
from cooperation_scorer.vocabulary import FACT_SPECS, FACTS, Source, Verdict

MOST = 5  # improvements listed per proposal


def apply(proposal: Proposal, fields: dict[str, Any], rubric: Rubric) -> Proposal:
    """The proposal with the given fields replaced (party names as the rubric knows them)."""
    update = {key: value for key, value in fields.items() if key not in FACT_SPECS}
    facts = {key: value for key, value in fields.items() if key in FACT_SPECS}
    if facts:
        update["declared_facts"] = {**proposal.declared_facts, **facts}
    if "participants" in update:
        update["participants"] = tuple(
            resolve_party(name, rubric) for name in update["participants"]
        )
    for key in ("lead", "frictions", "host_states", "builds_on"):
        if key in update:
            update[key] = tuple(update[key])
    return proposal.model_copy(update=update)


def _candidates(
    proposal: Proposal, assessment: Assessment, rubric: Rubric
) -> list[tuple[str, dict[str, Any]]]:
    """Every single-fact change the paper would favour, as (wording, fields)."""
    facts = {fact.name: fact for fact in assessment.facts}
    found: list[tuple[str, dict[str, Any]]] = []
    # Mostly the best value; for intelligence, also the paper's own way out, expert exchange.
    for spec in FACTS:
        if spec.declared_by is not None:
            continue  # said through another field: not one value to set
        fact = facts[spec.name]
        for value, wording in spec.advice.items():
            if spec.values.index(value) < spec.values.index(str(fact.value)):
                field = {spec.name: value == "true" if spec.boolean else value}
                found.append((wording + _where(fact.source, spec.name, value), field))
    frictions = facts["frictions"]
    if frictions.value:
        wording = f"de-link it from {', '.join(frictions.value)}"
        found.append((wording + _where_frictions(frictions.source), {"frictions": ()}))
    if facts["sequencing"].value != "builds-on-tested":
        # The paper opens the areas "for later" once the partners' work together is tested.
        found.append(
            (
                "build it on cooperation already tested (name it in builds_on)",
                {"builds_on": ("cooperation already tested",)},
            )
        )
    names = [party.name for party in proposal.participants]
    # Any host state as the lead moves the same facts by the same points: one change, naming
    # the others, so that the list keeps room for changes of another kind.
    outside = [state for state in proposal.host_states if state not in names]
    inside = [
        state
        for state in proposal.host_states
        if state in names and tuple(proposal.lead) != (state,)
    ]
    if outside:
        found.append(
            (
                f"bring {outside[0]} in as the lead{_or_instead(outside[1:])}",
                {"participants": [*names, outside[0]], "lead": [outside[0]]},
            )
        )
    if inside:
        found.append((f"make {inside[0]} the lead{_or_instead(inside[1:])}", {"lead": [inside[0]]}))
    powers = [party.name for party in rubric.parties if party.kind == "power"]
    for power in powers:
        if power not in names:
            found.append((f"bring in {power}", {"participants": [*names, power]}))
    # A third party the paper sees as a working multilateral frame (not the "frozen" OSCE).
    thirds = [p.name for p in rubric.parties if p.kind == "third-party" and p.counts_for_format]
    framing = [p for p in proposal.participants if p.kind == "third-party" and p.counts_for_format]
    if thirds and not framing:
        third = thirds[0]
        found.append((f"add a third party such as the {third}", {"participants": [*names, third]}))
    return found


def _where(source: Source, name: str, value: str) -> str:
    """Where the change is made, by where the fact came from: a declared field is named; an
    assumed fact may already hold, unsaid; an inferred one was read from the summary. (No
    colon: the wording ends at the first one.)"""
    if source == "declared":
        return f" (set {name} to {value})"
    if source == "assumed":
        return (
            f" (only assumed so far; if it already is, declare {name} as {value}, or describe "
            "it in the summary)"
        )
    return f" (the summary now says otherwise; say so there, or declare {name} as {value})"


def _where_frictions(source: Source) -> str:
    if source == "declared":
        return " (set frictions to [])"
    return " (the summary now ties it; say otherwise there, or declare frictions as [])"


def _or_instead(others: list[str]) -> str:
    """' (or A, B or C instead)', naming the other host states that would do as well."""
    if not others:
        return ""
    named = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} or {others[-1]}"
    return f" (or {named} instead)"


def improvements(
    proposal: Proposal,
    rubric: Rubric,
    before: Assessment | None = None,
    most: int = MOST,
    *,
    honour_waivers: bool = True,
    policy: WaiverPolicy | None = None,
    reading: Reading | None = None,
) -> list[Improvement]:
    """The changes that raise the score or the verdict most, each re-scored exactly.

    Waivers are honoured, or not, as in the assessment `before` (pass the same
    `honour_waivers` and `policy`); a change that lifts a block says so. The text is read
    once, or not at all when its `reading` is passed: no change touches the title or summary."""
    if reading is None:
        reading = read_text(proposal, rubric)
    before = before or assess(
        proposal, rubric, honour_waivers=honour_waivers, reading=reading, policy=policy
    )
    levels = {criterion.id: criterion for criterion in before.criteria}
    found: list[Improvement] = []
    for wording, fields in _candidates(proposal, before, rubric):
        after = assess(
            apply(proposal, fields, rubric),
            rubric,
            honour_waivers=honour_waivers,
            reading=reading,
            policy=policy,
        )
        points = round(after.score - before.score, 1)
        if points <= 0 and after.verdict.severity >= before.verdict.severity:
            continue
        moved = tuple(
            f"{c.id} {levels[c.id].value} → {c.value}"
            for c in after.criteria
            if c.value != levels[c.id].value
        )
        verdict = (
            f", verdict {before.verdict.value} → {after.verdict.value}"
            if after.verdict != before.verdict
            else ""
        )
        change = (
            f"{wording}: {', '.join(moved) or 'no criterion moves'}, {points:+.1f} points{verdict}"
        )
        found.append(
            Improvement(
                change=change,
                fields=fields,
                points=points,
                new_score=after.score,
                new_verdict=after.verdict,
                criteria=tuple(c.split(" ", 1)[0] for c in moved),
                unblocks=before.verdict is Verdict.BLOCKED and after.verdict is not Verdict.BLOCKED,
            )
        )
    found.sort(key=lambda i: (i.new_verdict.severity, -i.points, i.change))
    return found[:most]


def assessed(
    proposal: Proposal,
    rubric: Rubric,
    *,
    honour_waivers: bool = True,
    policy: WaiverPolicy | None = None,
    improve: bool = False,
) -> Assessment:
    """The proposal's assessment, with the changes that would raise it most when `improve`:
    its text is read once for both, however long it is."""
    reading = read_text(proposal, rubric)
    assessment = assess(
        proposal, rubric, honour_waivers=honour_waivers, reading=reading, policy=policy
    )
    if not improve:
        return assessment
    found = improvements(
        proposal,
        rubric,
        assessment,
        honour_waivers=honour_waivers,
        policy=policy,
        reading=reading,
    )
    return dataclasses.replace(assessment, improvements=tuple(found))
