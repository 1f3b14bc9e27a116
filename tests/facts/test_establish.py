"""The facts a proposal establishes: declared, inferred or assumed, and the structural facts."""

from __future__ import annotations

from typing import Any

import pytest

from cooperation_scorer.facts.establish import Facts, establish_facts
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.vocabulary import INFERABLE_FACTS
from tests.conftest import MakeProposal

NEUTRAL_TITLE = "A joint project in Kazakhstan"
UNDECLARED: dict[str, Any] = dict.fromkeys([*INFERABLE_FACTS, "frictions"])


def facts_of(make_proposal: MakeProposal, rubric: Rubric, **changes: Any) -> Facts:
    return establish_facts(make_proposal(**changes), rubric)


def contradictions(facts: Facts) -> list[str]:
    """The warnings but those of declarations the text leaves unsaid (tested on their own)."""
    return [w for w in facts.warnings if "nothing in the title or summary" not in w]


@pytest.mark.parametrize("name", [*INFERABLE_FACTS, "frictions"])
def test_no_evidence_assumes_the_rubric_default(
    make_proposal: MakeProposal, rubric: Rubric, name: str
) -> None:
    facts = facts_of(
        make_proposal, rubric, **UNDECLARED, title=NEUTRAL_TITLE, summary="Partners meet twice."
    )
    default = rubric.inference.facts[name].default
    assert facts[name].source == "assumed"
    assert facts[name].value == (tuple(default) if isinstance(default, list) else default)
    assert facts.warnings == []


def test_assumed_evidence_says_nothing_was_found(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    facts = facts_of(make_proposal, rubric, **UNDECLARED, title=NEUTRAL_TITLE, summary="We meet.")
    assert facts["scale"].evidence == "nothing in the text says; the rubric assumes 'pilot'"
    assert facts["frictions"].evidence == "nothing in the text ties it to a point of friction"
    assert facts["friction_linkage"].value == "none"


@pytest.mark.parametrize("name", list(INFERABLE_FACTS))
def test_declared_values_are_kept_as_declared(
    make_proposal: MakeProposal, rubric: Rubric, name: str
) -> None:
    worst = INFERABLE_FACTS[name][-1]
    declared: Any = worst == "true" if worst in ("true", "false") else worst
    field, evidence = name, f"{name}: {worst}"
    if name == "sequencing":  # declared as what the project builds on: none
        field, declared, evidence = "builds_on", [], "builds_on: []"
    fact = facts_of(make_proposal, rubric, **{field: declared})[name]
    assert (fact.value, fact.source, fact.evidence) == (worst, "declared", evidence)


@pytest.mark.parametrize(
    ("name", "declared", "summary", "suggested"),
    [
        (
            "intelligence_sharing",
            "none",
            "Partners exchange classified watch lists.",
            "operational",
        ),
        ("political_profile", "technical", "It is a political gesture of goodwill.", "political"),
        ("dual_use", False, "Engineers test rocket engines.", "true"),
        ("visibility", "low", "The presidents meet at a summit.", "high"),
        ("scale", "pilot", "It is a national flagship.", "flagship"),
    ],
)
def test_a_declared_value_wins_but_a_worse_text_warns(
    make_proposal: MakeProposal,
    rubric: Rubric,
    name: str,
    declared: Any,
    summary: str,
    suggested: str,
) -> None:
    facts = facts_of(
        make_proposal, rubric, title=NEUTRAL_TITLE, summary=summary, **{name: declared}
    )
    value = "false" if declared is False else declared
    assert (facts[name].value, facts[name].source) == (value, "declared")
    assert contradictions(facts) == [
        f"{name} is declared '{value}', but the text says “{summary}”, which suggests "
        f"'{suggested}'; the declared value stands: check it"
    ]


def test_a_text_better_than_the_declared_value_does_not_warn(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    facts = facts_of(
        make_proposal,
        rubric,
        intelligence_sharing="operational",
        summary="Experts share best practices.",
    )
    assert facts["intelligence_sharing"].value == "operational"
    assert contradictions(facts) == []


def test_declared_empty_frictions_warns_when_the_text_names_one(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    summary = "The project offers sanctions relief."
    facts = facts_of(make_proposal, rubric, frictions=[], summary=summary)
    assert (facts["frictions"].value, facts["frictions"].source) == ((), "declared")
    assert facts["friction_linkage"].value == "none"
    assert contradictions(facts) == [
        f"the text says “{summary}”, which ties it to 'sanctions', but frictions does not list "
        "it; add it or reword the text"
    ]


def test_declared_frictions_that_list_the_text_friction_do_not_warn(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    facts = facts_of(
        make_proposal, rubric, frictions=["sanctions"], summary="It offers sanctions relief."
    )
    assert facts["frictions"].value == ("sanctions",)
    assert contradictions(facts) == []


@pytest.mark.parametrize("frictions", [None, []])
def test_iran_as_participant_adds_the_iran_friction(
    make_proposal: MakeProposal, rubric: Rubric, frictions: list[str] | None
) -> None:
    facts = facts_of(
        make_proposal,
        rubric,
        frictions=frictions,
        participants=["Kazakhstan", "United States", "Russia", "Iran"],
    )
    assert facts["frictions"].value == ("iran",)
    assert "participants include Iran (iran)" in facts["frictions"].evidence
    assert facts["friction_linkage"].value == "major"


def test_several_frictions_are_listed_in_rubric_order(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    summary = "An oil pipeline runs west. It is tied to sanctions. It skirts Iran."
    facts = facts_of(make_proposal, rubric, frictions=None, summary=summary)
    assert facts["frictions"].value == ("iran", "sanctions", "energy-competition")
    assert facts["frictions"].source == "inferred"


@pytest.mark.parametrize(
    ("summary", "linkage"),
    [
        ("Partners meet.", "none"),
        ("A new pipeline carries oil.", "minor"),
        ("It offers sanctions relief.", "major"),
        ("A pipeline brings sanctions relief.", "major"),
    ],
)
def test_friction_linkage_follows_the_worst_severity(
    make_proposal: MakeProposal, rubric: Rubric, summary: str, linkage: str
) -> None:
    facts = facts_of(make_proposal, rubric, frictions=None, summary=summary)
    assert facts["friction_linkage"].value == linkage


@pytest.mark.parametrize(
    ("participants", "lead", "leadership", "format_", "powers"),
    [
        (
            ["Kazakhstan", "United States", "Russia"],
            "Kazakhstan",
            "host-leads",
            "trilateral",
            "both",
        ),
        (
            ["Kazakhstan", "United States", "Russia"],
            ["Kazakhstan", "United States"],
            "host-co-leads",
            "trilateral",
            "both",
        ),
        (
            ["Kazakhstan", "United States", "Russia"],
            "Russia",
            "outside-leads",
            "trilateral",
            "both",
        ),
        (["Kazakhstan", "US", "Russia", "EU"], "Kazakhstan", "host-leads", "multilateral", "both"),
        (["Kazakhstan", "US", "RF", "UNDP"], "UNDP", "outside-leads", "multilateral", "both"),
        (["United States", "Russia", "EU"], "EU", "no-host", "without-host", "both"),
    ],
)
def test_structural_facts_come_from_the_parties(
    make_proposal: MakeProposal,
    rubric: Rubric,
    participants: list[str],
    lead: str | list[str],
    leadership: str,
    format_: str,
    powers: str,
) -> None:
    facts = facts_of(make_proposal, rubric, participants=participants, lead=lead)
    assert facts["leadership"].value == leadership
    assert facts["format"].value == format_
    assert facts["powers"].value == powers
    assert all(facts[name].source == "declared" for name in ("leadership", "format", "powers"))


@pytest.mark.parametrize(
    ("participants", "powers"),
    [
        (["Kazakhstan", "United States", "Russia"], "both"),
        (["Kazakhstan", "Russian Federation", "EU"], "one"),
        (["Kazakhstan", "U.S."], "one"),
        (["Kazakhstan", "China", "India"], "neither"),
    ],
)
def test_powers_counts_the_united_states_and_russia(
    make_proposal: MakeProposal, rubric: Rubric, participants: list[str], powers: str
) -> None:
    facts = facts_of(make_proposal, rubric, participants=participants)
    assert facts["powers"].value == powers


def test_structural_evidence_names_the_declared_fields(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    facts = facts_of(make_proposal, rubric, lead=["Kazakhstan", "US"])
    assert (
        facts["leadership"].evidence == "lead: Kazakhstan, United States; host_states: Kazakhstan"
    )
    assert facts["format"].evidence == "participants: Kazakhstan, United States, Russia"


@pytest.mark.parametrize(
    ("domain", "tier", "evidence"),
    [
        ("space", "nontoxic", "domain: space (nontoxic areas and niches)"),
        ("energy", "faded", "domain: energy (areas of faded competition)"),
        ("education", "later", "domain: education (areas for later)"),
        ("counterterrorism", "fraught", "domain: counterterrorism (fraught areas)"),
        ("governance", "friction", "domain: governance (friction domains)"),
    ],
)
def test_domain_tier_comes_from_the_rubric(
    make_proposal: MakeProposal, rubric: Rubric, domain: str, tier: str, evidence: str
) -> None:
    fact = facts_of(make_proposal, rubric, domain=domain)["domain_tier"]
    assert (fact.value, fact.source, fact.evidence) == (tier, "declared", evidence)


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        (
            {"participants": ["United States", "Russia", "EU"], "lead": "EU"},
            "the host state Kazakhstan is not among participants: the project is made without "
            "it; add it to participants",
        ),
        (
            {"participants": ["Kazakhstan", "Uzbekistan", "United States", "Russia"]},
            "Uzbekistan takes part but is not in host_states; add it there if the project "
            "concerns it",
        ),
        (
            {"participants": ["Kazakhstan", "US", "Russia", "Acme Fund"], "lead": "Acme Fund"},
            "the lead 'Acme Fund' is not a party the rubric knows, so it counts as an outside "
            "lead; name the host state as lead or co-lead if it supervises the project",
        ),
    ],
)
def test_party_warnings(
    make_proposal: MakeProposal, rubric: Rubric, changes: dict[str, Any], warning: str
) -> None:
    assert facts_of(make_proposal, rubric, **changes).warnings == [warning]


def test_establishing_facts_is_deterministic(make_proposal: MakeProposal, rubric: Rubric) -> None:
    proposal = make_proposal(**UNDECLARED, summary="A pilot. It offers sanctions relief.")
    first, second = establish_facts(proposal, rubric), establish_facts(proposal, rubric)
    assert first.facts == second.facts
    assert first.warnings == second.warnings


def test_a_declaration_better_than_a_silent_text_warns(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    """A field uncommented in the scaffold, the summary unchanged, the score up: say the text
    does not back it. Declaring what the rubric assumes anyway gains nothing and says nothing."""
    silent = "Both countries work together on it."
    facts = facts_of(
        make_proposal,
        rubric,
        title=NEUTRAL_TITLE,
        summary=silent,
        intelligence_sharing="experience",
        political_profile="technical",  # the rubric's own assumption
        scale="program",  # worse than assumed: nothing gained
    )
    assert facts.warnings == [
        "intelligence_sharing is declared 'experience', but nothing in the title or summary "
        "says so; describe it in the summary, or the score rests on the declaration alone"
    ]
    backed = facts_of(
        make_proposal,
        rubric,
        title=NEUTRAL_TITLE,
        summary="Experts share their experience in a technical pilot, kept low-key.",
        intelligence_sharing="experience",
        political_profile="technical",
    )
    assert backed.warnings == []
