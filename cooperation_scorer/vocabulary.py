"""The words a proposal and the rubric share: fact names, their values and the verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

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


@dataclass(frozen=True)
class FactSpec:
    """A fact a proposal may declare in the field of the same name, and which is read from
    its text when the file leaves it out. This table is the only place in Python that lists
    such facts: the proposal model, the JSON Schema, the scaffold, the improvements and the
    CI annotations all derive from it; the rubric says how each is read and weighed."""

    name: str
    values: tuple[str, ...]  # best first: a later value is worse in the paper's eyes
    description: str  # what the field means, for the JSON Schema and the scaffold
    # How to propose moving the fact to a better value, for the values worth proposing.
    advice: dict[str, str] = field(default_factory=dict)
    boolean: bool = False  # declared as true/false; its values are then "false" and "true"
    # Declared through another field of the proposal, which `Proposal.declared` turns into
    # one of `values` (the list `builds_on` for `sequencing`); None: a field of its own name.
    declared_by: str | None = None


FACTS: tuple[FactSpec, ...] = (
    FactSpec(
        "political_profile",
        ("technical", "mixed", "political"),
        "technical · mixed · political: the more technical and the less political, the better.",
        {"technical": "make it technical in character"},
    ),
    FactSpec(
        "intelligence_sharing",
        # Expert exchange is the paper's own mode ("make full use of second-track mechanisms"),
        # so it ranks above sharing nothing.
        ("experience", "none", "operational"),
        "experience (expert discussions, sharing of experience: the paper's recommended mode) "
        "· none · operational (sensitive intelligence, which blocks the proposal).",
        {
            "experience": (
                "make it an expert-level exchange: expert discussions and sharing of experience"
            )
        },
    ),
    FactSpec(
        "dual_use",
        ("false", "true"),
        "Involves dual-use or military-relevant technology (which blocks the proposal).",
        {"false": "drop the dual-use technology"},
        boolean=True,
    ),
    FactSpec(
        "visibility",
        ("low", "medium", "high"),
        "low (under the political radar) · medium · high (summits, media campaigns).",
        {"low": "keep it low-key, under the political radar"},
    ),
    FactSpec(
        "scale",
        ("pilot", "program", "flagship"),
        "pilot (small, symbolic) · program · flagship (a grand design from the top).",
        {"pilot": "start it as a small pilot"},
    ),
    FactSpec(
        "adversarial_framing",
        ("false", "true"),
        'Framed against the other power ("reduce dependence on Russia", "push back Western '
        "influence\"); the paper's first step is to stop that.",
        {"false": "drop the framing against the other power"},
        boolean=True,
    ),
    FactSpec(
        "sequencing",
        ("builds-on-tested", "untested"),
        "Earlier cooperation, already tested, that this project builds on (a proposal id or a "
        "short description); [] says it builds on none.",
        declared_by="builds_on",
    ),
)
FACT_SPECS: dict[str, FactSpec] = {spec.name: spec for spec in FACTS}
INFERABLE_FACTS: dict[str, tuple[str, ...]] = {spec.name: spec.values for spec in FACTS}

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

# The proposal field each fact is worked out from, to point at the line at fault.
FACT_FIELDS: dict[str, str] = {
    "leadership": "lead",
    LEADING_POWER_FACT: "lead",
    "format": "participants",
    "powers": "participants",
    DOMAIN_FACT: "domain",
    DOMAIN_TIER_FACT: "domain",
    "friction_linkage": "frictions",
    FRICTIONS_FACT: "frictions",
    **{spec.name: spec.declared_by or spec.name for spec in FACTS},
}


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


# The files a folder search picks up as proposals.
PROPOSAL_SUFFIXES = (".yaml", ".yml", ".json", ".md")
