"""The facts a proposal establishes: declared, inferred from its text, or assumed by default."""

from __future__ import annotations

from dataclasses import dataclass, field

from cooperation_scorer.facts.fact import Fact as Fact
from cooperation_scorer.facts.fact import FactValue as FactValue
from cooperation_scorer.facts.reading import MOST_STATEMENTS, Match, Reader, decide
from cooperation_scorer.model.proposal import Proposal
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.vocabulary import (
    DOMAIN_FACT,
    DOMAIN_TIER_FACT,
    FACT_SPECS,
    FRICTIONS_FACT,
    INFERABLE_FACTS,
    LEADING_POWER_FACT,
    Source,
    slug,
)


@dataclass
class Facts:
    """Every fact the rubric's criteria and gates read, and what looked wrong on the way."""

    facts: dict[str, Fact] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Fact:
        return self.facts[name]

    def add(self, fact: Fact) -> None:
        self.facts[fact.name] = fact


def _quote(match: Match) -> str:
    return f"“{match.sentence}”"


def _text_of(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class Reading:
    """What the title and summary say, fact by fact; `unread` counts the distinct statements
    past the reader's bound (`MOST_STATEMENTS`), which were not read."""

    matches: dict[str, list[Match]]
    unread: int = 0


def read_text(proposal: Proposal, rubric: Rubric) -> Reading:
    """The rubric's phrase matches in the proposal's title and summary, for each fact it can
    infer. Depends on the text alone, so a changed declared field can reuse it."""
    reader = Reader(f"{proposal.title}.\n\n{proposal.summary}", rubric.inference.context)
    return Reading(
        {
            name: reader.matches(name, inference)
            for name, inference in rubric.inference.facts.items()
        },
        reader.unread,
    )


def establish_facts(proposal: Proposal, rubric: Rubric, reading: Reading | None = None) -> Facts:
    """Work out every fact, pure: the same proposal and rubric always give the same facts.
    `reading` is `read_text` of the same title and summary, when already at hand."""
    facts = Facts()
    if reading is None:
        reading = read_text(proposal, rubric)
    if reading.unread:
        unread = (
            "its last statement"
            if reading.unread == 1
            else f"its last {reading.unread} distinct statements"
        )
        facts.warnings.append(
            f"the summary is too long to read whole: {unread}, past the first "
            f"{MOST_STATEMENTS}, went unread for facts; declare the facts that matter as "
            "fields, or shorten the summary"
        )
    said = reading.matches
    for name in INFERABLE_FACTS:
        facts.add(_single_valued(name, proposal, rubric, said.get(name, []), facts.warnings))
    frictions = _frictions(proposal, rubric, said.get(FRICTIONS_FACT, []), facts.warnings)
    facts.add(frictions)
    facts.add(_friction_linkage(frictions, rubric))
    _parties(proposal, rubric, facts)
    facts.add(Fact(DOMAIN_FACT, proposal.domain, "declared", f"domain: {proposal.domain}"))
    tier = rubric.tier_of_domain[proposal.domain]
    facts.add(
        Fact(
            DOMAIN_TIER_FACT,
            tier.id,
            "declared",
            f"domain: {proposal.domain} ({tier.title.lower()})",
        )
    )
    return facts


def _single_valued(
    name: str, proposal: Proposal, rubric: Rubric, matches: list[Match], warnings: list[str]
) -> Fact:
    inference = rubric.inference.facts.get(name)
    decided = decide(matches)
    declared = proposal.declared(name)
    if declared is not None:
        value = _text_of(declared)
        order = INFERABLE_FACTS[name]
        # Only strong evidence warns: text pointing at the fact's worst value (the one that
        # fails a gate or caps the verdict) against a declared better one.
        if decided is not None and decided.value == order[-1] and value != order[-1]:
            warnings.append(
                f"{name} is declared '{value}', but the text says {_quote(decided)}, which "
                f"suggests '{decided.value}'; the declared value stands: check it"
            )
        # A declaration that scores better than the text alone would, with nothing in the text
        # behind it: the score rests on the field; the reader of the summary cannot see why.
        assumed = inference.default if inference else order[0]
        if (
            decided is None
            and isinstance(assumed, str)
            and order.index(value) < order.index(assumed)
        ):
            warnings.append(
                f"{name} is declared '{value}', but nothing in the title or summary says so; "
                "describe it in the summary, or the score rests on the declaration alone"
            )
        evidence = f"{name}: {value}"
        through = FACT_SPECS[name].declared_by if name in FACT_SPECS else None
        if through is not None:  # the field the file wrote, as it wrote it
            evidence = f"{through}: [{', '.join(getattr(proposal, through) or ())}]"
        return Fact(name, value, "declared", evidence)
    _warn_of_hypotheticals(name, decided, matches, warnings)
    if decided is not None and decided.value is not None:
        return Fact(name, decided.value, "inferred", f"{_quote(decided)} ({decided.why()})")
    default = inference.default if inference else INFERABLE_FACTS[name][0]
    value = default if isinstance(default, str) else INFERABLE_FACTS[name][0]
    return Fact(name, value, "assumed", f"nothing in the text says; the rubric assumes '{value}'")


def _warn_of_hypotheticals(
    name: str, decided: Match | None, matches: list[Match], warnings: list[str]
) -> None:
    """A phrase the text only envisages ("a second phase could include ...") is reported,
    whether or not the rubric counts it, when it points at a worse value than the one read."""
    order = INFERABLE_FACTS.get(name, ())
    for match in matches:
        if match.status != "hypothetical" or match.rule_value not in order:
            continue
        if (
            decided is not None
            and decided.value in order
            and match is not decided
            and order.index(match.rule_value) <= order.index(decided.value)
        ):
            continue
        counted = "counted" if match.value is not None else "not counted"
        warnings.append(
            f"{name}: the text says {_quote(match)} ({match.why()}), which is only envisaged; "
            f"{counted} as '{match.rule_value}'; declare {name} if that is part of the plan"
        )
        return


def _frictions(
    proposal: Proposal, rubric: Rubric, matches: list[Match], warnings: list[str]
) -> Fact:
    plain: dict[str, Match] = {}
    for match in matches:
        if match.value is not None:
            plain.setdefault(match.rule_value, match)
    via_parties = {
        party.friction: party.name for party in proposal.participants if party.friction is not None
    }
    party_note = "; ".join(
        f"participants include {name} ({friction})" for friction, name in via_parties.items()
    )

    if proposal.frictions is not None:
        declared = tuple(dict.fromkeys([*proposal.frictions, *via_parties]))
        for friction, match in plain.items():
            if friction not in declared:
                warnings.append(
                    f"the text says {_quote(match)}, which ties it to '{friction}', but "
                    "frictions does not list it; add it or reword the text"
                )
        evidence = f"frictions: [{', '.join(proposal.frictions)}]"
        if party_note:
            evidence = f"{evidence}; {party_note}"
        return Fact(FRICTIONS_FACT, declared, "declared", evidence)

    ordered = [friction.id for friction in rubric.frictions]
    found = sorted({*plain, *via_parties}, key=ordered.index)
    if found:
        parts = [f"{_quote(plain[f])} ({plain[f].why()})" for f in found if f in plain]
        if party_note:
            parts.append(party_note)
        source: Source = "inferred" if plain else "declared"
        return Fact(FRICTIONS_FACT, tuple(found), source, "; ".join(parts))
    negated = next((match for match in matches if match.negated), None)
    if negated is not None:
        return Fact(
            FRICTIONS_FACT,
            (),
            "inferred",
            f"{_quote(negated)} ({negated.why()})",
        )
    return Fact(FRICTIONS_FACT, (), "assumed", "nothing in the text ties it to a point of friction")


def _friction_linkage(frictions: Fact, rubric: Rubric) -> Fact:
    severities = {rubric.friction_by_id[f].severity for f in frictions.value}
    linkage = "major" if "major" in severities else "minor" if severities else "none"
    return Fact("friction_linkage", linkage, frictions.source, frictions.evidence)


def _parties(proposal: Proposal, rubric: Rubric, facts: Facts) -> None:
    participants = proposal.participants
    names = [party.name for party in participants]
    listed = f"participants: {', '.join(names)}"
    # A body of the Central Asian states themselves (kind "regional") takes part, and leads,
    # for its members: the host's own institution, not an outside one.
    regional = [party.name for party in participants if party.kind == "regional"]
    hosts_present = [name for name in names if name in proposal.host_states] + regional
    third_parties = [
        party.name
        for party in participants
        if party.kind == "third-party" and party.counts_for_format
    ]
    powers = [party.name for party in participants if party.kind == "power"]
    bilateral = rubric.bilateral_issue_by_id.get(proposal.bilateral_issue or "")
    exception = bilateral is not None and not hosts_present

    facts.add(Fact("powers", {2: "both", 1: "one"}.get(len(powers), "neither"), "declared", listed))
    if exception:
        form = "bilateral-issue"
        listed = f"{listed}; bilateral_issue: {proposal.bilateral_issue}"
    elif not hosts_present:
        form = "without-host"
    elif third_parties:
        form = "multilateral"
    else:
        form = "trilateral"
    facts.add(Fact("format", form, "declared", listed))

    leading = [
        party.name
        for party in participants
        if party.kind == "power" and party.name in proposal.lead
    ]
    facts.add(
        Fact(
            LEADING_POWER_FACT,
            "both" if len(leading) > 1 else slug(leading[0]) if leading else "none",
            "declared",
            f"lead: {', '.join(proposal.lead)}",
        )
    )
    lead_hosts = [
        name for name in proposal.lead if name in proposal.host_states or name in regional
    ]
    if exception:
        leadership = "bilateral-issue"
    elif not hosts_present:
        leadership = "no-host"
    elif lead_hosts and len(lead_hosts) == len(proposal.lead):
        leadership = "host-leads"
    elif lead_hosts:
        leadership = "host-co-leads"
    else:
        leadership = "outside-leads"
    evidence = f"lead: {', '.join(proposal.lead)}; host_states: {', '.join(proposal.host_states)}"
    if exception:
        evidence = f"{evidence}; bilateral_issue: {proposal.bilateral_issue}"
    facts.add(Fact("leadership", leadership, "declared", evidence))

    if exception:
        return  # the host's absence is the declared exception, not an oversight
    for state in proposal.host_states:
        if state not in names:
            facts.warnings.append(
                f"the host state {state} is not among participants: the project is made "
                "without it; add it to participants"
            )
    for party in participants:
        if party.kind == "host" and party.name not in proposal.host_states:
            facts.warnings.append(
                f"{party.name} takes part but is not in host_states; add it there if the "
                "project concerns it"
            )
    unknown_leads = [name for name in proposal.lead if _kind(proposal, name) is None]
    for name in unknown_leads:
        facts.warnings.append(
            f"the lead '{name}' is not a party the rubric knows, so it counts as an outside "
            "lead; name the host state as lead or co-lead if it supervises the project"
        )


def _kind(proposal: Proposal, name: str) -> str | None:
    return next((party.kind for party in proposal.participants if party.name == name), None)
