"""What would raise a proposal's score: each one-fact change, re-scored, best first (pure)."""

from __future__ import annotations

from typing import Any

from cooperation_scorer.facts import read_text
from cooperation_scorer.proposal import Proposal, resolve_party
from cooperation_scorer.rubric import Rubric
from cooperation_scorer.scoring import Assessment, Improvement, assess
from cooperation_scorer.vocabulary import INFERABLE_FACTS, Verdict

MOST = 5  # improvements listed per proposal

# How to say each change worth proposing: a fact a proposal may declare, set to its best
# value. For intelligence the best is the paper's own mode, expert-level exchange.
_WORDING = {
    ("political_profile", "technical"): "make it technical in character",
    ("intelligence_sharing", "experience"): (
        "make it an expert-level exchange: expert discussions and sharing of experience"
    ),
    ("dual_use", "false"): "drop the dual-use technology",
    ("visibility", "low"): "keep it low-key, under the political radar",
    ("scale", "pilot"): "start it as a small pilot",
    ("adversarial_framing", "false"): "drop the framing against the other power",
}
_BOOLEAN_FACTS = ("dual_use", "adversarial_framing")


def apply(proposal: Proposal, fields: dict[str, Any], rubric: Rubric) -> Proposal:
    """The proposal with the given fields replaced (party names as the rubric knows them)."""
    update = dict(fields)
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
    facts = {fact.name: fact.value for fact in assessment.facts}
    found: list[tuple[str, dict[str, Any]]] = []
    for (name, value), wording in _WORDING.items():
        order = INFERABLE_FACTS[name]
        if order.index(value) < order.index(str(facts[name])):
            found.append((wording, {name: value == "true" if name in _BOOLEAN_FACTS else value}))
    if facts["frictions"]:
        found.append((f"de-link it from {', '.join(facts['frictions'])}", {"frictions": ()}))
    if facts["sequencing"] != "builds-on-tested":
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
    if not any(
        party.kind == "third-party" and party.counts_for_format for party in proposal.participants
    ):
        third = next(
            party.name
            for party in rubric.parties
            if party.kind == "third-party" and party.counts_for_format
        )
        found.append((f"add a third party such as the {third}", {"participants": [*names, third]}))
    return found


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
) -> list[Improvement]:
    """The changes that raise the score or the verdict most, each re-scored exactly.

    Waivers are honoured, or not, as in the assessment `before` (pass the same
    `honour_waivers`); a change that lifts a block says so. The text is read once: no change
    touches the title or summary."""
    reading = read_text(proposal, rubric)
    before = before or assess(proposal, rubric, honour_waivers=honour_waivers, reading=reading)
    levels = {criterion.id: criterion for criterion in before.criteria}
    found: list[Improvement] = []
    for wording, fields in _candidates(proposal, before, rubric):
        after = assess(
            apply(proposal, fields, rubric),
            rubric,
            honour_waivers=honour_waivers,
            reading=reading,
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
