"""The words a proposal and the rubric share: fact names, their values and the verdicts."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

PoliticalProfile = Literal["technical", "mixed", "political"]
IntelligenceSharing = Literal["none", "experience", "operational"]
Visibility = Literal["low", "medium", "high"]
Scale = Literal["pilot", "program", "flagship"]
Source = Literal["declared", "inferred", "assumed"]
# "regional": a body of the Central Asian states themselves (the Aral Sea fund, the water
# commission); it leads for its member states, as a host does.
PartyKind = Literal["power", "host", "regional", "third-party", "neighbor"]


class Verdict(StrEnum):
    """The verdicts, best first; `blocked` is for a failed gate only."""

    RECOMMENDED = "recommended"
    CONDITIONAL = "conditional"
    NOT_RECOMMENDED = "not-recommended"
    BLOCKED = "blocked"

    @property
    def severity(self) -> int:
        """0 for the best verdict, growing as the verdict gets worse."""
        return list(Verdict).index(self)


# Facts the proposal may declare; when absent they are inferred from its text.
# Values are listed best first: a later value is worse in the paper's eyes.
INFERABLE_FACTS: dict[str, tuple[str, ...]] = {
    "political_profile": ("technical", "mixed", "political"),
    # Expert exchange is the paper's own mode ("make full use of second-track mechanisms"),
    # so it ranks above sharing nothing.
    "intelligence_sharing": ("experience", "none", "operational"),
    "dual_use": ("false", "true"),
    "visibility": ("low", "medium", "high"),
    "scale": ("pilot", "program", "flagship"),
    "adversarial_framing": ("false", "true"),
    # Whether the project builds on cooperation already tested (declared with `builds_on`).
    "sequencing": ("builds-on-tested", "untested"),
}

# Facts worked out from the declared parties and domain; `domain_tier` takes the rubric's tier ids.
STRUCTURAL_FACTS: dict[str, tuple[str, ...]] = {
    # "bilateral-issue": no host takes part, on a genuinely bilateral issue the rubric names.
    "leadership": ("host-leads", "bilateral-issue", "host-co-leads", "outside-leads", "no-host"),
    "format": ("multilateral", "bilateral-issue", "trilateral", "without-host"),
    "powers": ("both", "one", "neither"),
    "friction_linkage": ("none", "minor", "major"),
}

FRICTIONS_FACT = "frictions"
DOMAIN_TIER_FACT = "domain_tier"
DOMAIN_FACT = "domain"
LEADING_POWER_FACT = "leading_power"  # which power leads: a power's slug, "both" or "none"


def slug(name: str) -> str:
    """`united-states` for "United States"."""
    return "-".join(name.lower().split())


def fact_values(
    tier_ids: tuple[str, ...],
    domain_ids: tuple[str, ...] = (),
    power_names: tuple[str, ...] = (),
) -> dict[str, tuple[str, ...]]:
    """Every fact a criterion, gate or perspective can read, with the values it can take."""
    return {
        **INFERABLE_FACTS,
        **STRUCTURAL_FACTS,
        DOMAIN_TIER_FACT: tier_ids,
        DOMAIN_FACT: domain_ids,
        LEADING_POWER_FACT: ("none", "both", *(slug(name) for name in power_names)),
    }
