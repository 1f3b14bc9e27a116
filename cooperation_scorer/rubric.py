"""The rubric (`criteria.yaml`): its model, its checks, and lookups the scorer needs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from cooperation_scorer.documents import Document, DocumentError, Location, parse_yaml
from cooperation_scorer.errors import Problem, RubricError
from cooperation_scorer.validation import describe_pydantic_error
from cooperation_scorer.vocabulary import (
    FRICTIONS_FACT,
    INFERABLE_FACTS,
    PartyKind,
    Verdict,
    fact_values,
)


def _text_of_bool(value: Any) -> Any:
    """Let the rubric write `false` for the fact value "false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


FactValue = Annotated[str, BeforeValidator(_text_of_bool)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    """Where the paper says it: a section heading and a short verbatim quote."""

    section: Text
    quote: Text


class LevelException(_Model):
    """The paper's own exception to a level: when another fact has one of `when`'s values
    (and, if `domains` is given, the domain is one of them), the level scores `value` and
    caps nothing. "except if limited to expert discussions and sharing of experience"."""

    id: Slug
    fact: Text
    when: list[FactValue] = Field(min_length=1)
    domains: list[Slug] = []
    value: int = Field(ge=0, le=4)
    label: Text
    description: Text
    citation: Citation


class Level(_Model):
    """One anchored level of a criterion."""

    id: Slug
    value: int = Field(ge=0, le=4)
    label: Text
    when: list[FactValue] = Field(min_length=1)
    description: Text
    caps: Literal["conditional", "not-recommended"] | None = None
    citation: Citation
    unless: LevelException | None = None


class Criterion(_Model):
    """A weighted criterion that reads one fact and places it on anchored levels."""

    id: Slug
    title: Text
    question: Text
    weight: float = Field(gt=0)
    fact: Text
    citation: Citation
    levels: list[Level] = Field(min_length=2)

    @property
    def max_value(self) -> int:
        return max(level.value for level in self.levels)


class Gate(_Model):
    """A non-compensatory condition: failing it blocks the proposal."""

    id: Slug
    title: Text
    fact: Text
    passes: list[FactValue] = Field(min_length=1)
    fix: Text
    citation: Citation


class VerdictBand(_Model):
    verdict: Literal["recommended", "conditional", "not-recommended"]
    min_score: float = Field(ge=0, le=100)
    meaning: Text
    citation: Citation


class DomainTier(_Model):
    id: Slug
    title: Text
    domains: list[Slug] = Field(min_length=1)
    citation: Citation


class Domain(_Model):
    id: Slug
    title: Text
    citation: Citation | None = None  # quoted for the domain criterion in place of its level's


class Friction(_Model):
    id: Slug
    severity: Literal["major", "minor"]
    citation: Citation


class Party(_Model):
    name: Text
    kind: PartyKind
    aliases: list[Text] = []
    friction: Slug | None = None
    # A third party the paper does not see as a working multilateral frame (the OSCE, "largely
    # frozen"): it takes part, but does not make the format multilateral. `citation` says why.
    counts_for_format: bool = True
    citation: Citation | None = None


class BilateralIssue(_Model):
    """A genuinely bilateral issue: the paper's exception to "no bilateralism without
    trilateralism". A proposal declares it with `bilateral_issue`; it is not a waiver."""

    id: Slug
    title: Text
    citation: Citation


class Negation(_Model):
    window: int = Field(ge=1, le=20)
    cues: list[Text] = Field(min_length=1)
    after_cues: list[Text] = []
    clause_breaks: list[Text] = []


class InferenceRule(_Model):
    value: FactValue
    if_negated: FactValue | None = None
    patterns: list[Text] = Field(min_length=1)


class FactInference(_Model):
    default: FactValue | list[Text]
    rules: list[InferenceRule] = Field(min_length=1)


class Adjustment(_Model):
    """One side re-values a criterion when a fact of the proposal matches."""

    criterion: Slug
    fact: Text
    when: list[FactValue] = Field(min_length=1)
    value: int = Field(ge=0, le=4)
    reason: Text
    citation: Citation


class Perspective(_Model):
    """How one side (Washington, Moscow, the host capitals) weighs a proposal. Weights that
    differ from the rubric's say why (`weights_reason`) and cite the paper."""

    id: Slug
    title: Text
    citation: Citation
    weights: dict[str, float] = {}
    weights_reason: Text | None = None
    weights_citation: Citation | None = None
    adjustments: list[Adjustment] = []


class Inference(_Model):
    negation: Negation
    facts: dict[str, FactInference]


class Rubric(_Model):
    """The whole rubric as written in `criteria.yaml`."""

    name: Slug
    title: Text
    version: Text
    paper: Text
    verdict_bands: list[VerdictBand] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    gates: list[Gate] = []
    domain_tiers: list[DomainTier] = Field(min_length=1)
    domains: list[Domain] = Field(min_length=1)
    frictions: list[Friction] = []
    parties: list[Party] = Field(min_length=1)
    bilateral_issues: list[BilateralIssue] = []
    inference: Inference
    perspectives: list[Perspective] = []

    @property
    def total_weight(self) -> float:
        return sum(criterion.weight for criterion in self.criteria)

    @cached_property
    def tier_of_domain(self) -> dict[str, DomainTier]:
        return {domain: tier for tier in self.domain_tiers for domain in tier.domains}

    @cached_property
    def parties_by_alias(self) -> dict[str, Party]:
        """Every name and alias, folded, to its party."""
        table: dict[str, Party] = {}
        for party in self.parties:
            for name in (party.name, *party.aliases):
                table[fold_name(name)] = party
        return table

    @cached_property
    def friction_by_id(self) -> dict[str, Friction]:
        return {friction.id: friction for friction in self.frictions}

    @cached_property
    def domain_ids(self) -> tuple[str, ...]:
        return tuple(domain.id for domain in self.domains)

    @cached_property
    def domain_citations(self) -> dict[str, Citation]:
        """The domains that cite the paper themselves."""
        return {d.id: d.citation for d in self.domains if d.citation is not None}

    @cached_property
    def bilateral_issue_by_id(self) -> dict[str, BilateralIssue]:
        return {issue.id: issue for issue in self.bilateral_issues}

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def party(self, name: str) -> Party | None:
        return self.parties_by_alias.get(fold_name(name))

    def band_verdict(self, score: float) -> Verdict:
        """The verdict the score alone earns."""
        for band in self.verdict_bands:
            if score >= band.min_score:
                return Verdict(band.verdict)
        return Verdict.NOT_RECOMMENDED


def fold_name(name: str) -> str:
    """Party names match whatever the case and spacing."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class RubricRef:
    """Which rubric an output used: its name, version and the sha256 of its bytes."""

    name: str
    version: str
    sha256: str
    path: str

    def __str__(self) -> str:
        return f"rubric {self.name} {self.version} (sha256 {self.sha256[:12]}…, {self.path})"


@dataclass(frozen=True)
class LoadedRubric:
    """A validated rubric, which file it came from, and that file's bytes."""

    rubric: Rubric
    ref: RubricRef
    source: bytes


def parse_rubric(data: bytes, path: str) -> LoadedRubric:
    """Validate rubric bytes; every problem is reported with the rubric's path and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RubricError(
            [Problem(path, None, None, f"not UTF-8 text (byte {error.start}); save it as UTF-8")]
        ) from None
    try:
        document = parse_yaml(text)
    except DocumentError as error:
        raise RubricError([error.problem(path)]) from None
    if not isinstance(document.data, dict):
        raise RubricError([Problem(path, 1, 1, "the rubric must be a mapping of sections")])
    try:
        rubric = Rubric.model_validate(document.data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            location: Location = tuple(detail["loc"])
            where = document.position(location, of_key=detail["type"] == "extra_forbidden")
            message = describe_pydantic_error(detail, known_keys=())
            problems.append(Problem(path, where.line, where.column, f"rubric: {message}"))
        raise RubricError(sorted(set(problems))) from None
    problems = [
        _problem_at(document, path, location, message) for location, message in check_rubric(rubric)
    ]
    if problems:
        raise RubricError(problems)
    ref = RubricRef(rubric.name, rubric.version, hashlib.sha256(data).hexdigest(), path)
    return LoadedRubric(rubric, ref, data)


def _problem_at(document: Document, path: str, location: Location, message: str) -> Problem:
    where = document.position(location)
    return Problem(path, where.line, where.column, f"rubric: {message}")


def _duplicates(ids: list[str]) -> list[int]:
    seen: set[str] = set()
    found = []
    for index, item in enumerate(ids):
        if item in seen:
            found.append(index)
        seen.add(item)
    return found


def check_rubric(rubric: Rubric) -> list[tuple[Location, str]]:
    """What makes a well-formed rubric unusable: unknown facts, gaps, disorder, duplicates."""
    found: list[tuple[Location, str]] = []
    tiers = tuple(tier.id for tier in rubric.domain_tiers)
    powers = tuple(party.name for party in rubric.parties if party.kind == "power")
    facts = fact_values(tiers, rubric.domain_ids, powers)

    for section, ids in (
        ("criteria", [c.id for c in rubric.criteria]),
        ("gates", [g.id for g in rubric.gates]),
        ("domain_tiers", list(tiers)),
        ("domains", list(rubric.domain_ids)),
        ("frictions", [f.id for f in rubric.frictions]),
        ("bilateral_issues", [i.id for i in rubric.bilateral_issues]),
    ):
        for index in _duplicates(ids):
            found.append(((section, index, "id"), f"duplicate id '{ids[index]}' in {section}"))

    for index, criterion in enumerate(rubric.criteria):
        here: Location = ("criteria", index)
        found.extend(_check_criterion(criterion, here, facts))

    for index, gate in enumerate(rubric.gates):
        allowed = facts.get(gate.fact)
        if allowed is None:
            found.append((("gates", index, "fact"), _unknown_fact(gate.fact, facts)))
            continue
        for position, value in enumerate(gate.passes):
            if value not in allowed:
                found.append(
                    (("gates", index, "passes", position), _bad_value(gate.fact, value, allowed))
                )

    found.extend(_check_perspectives(rubric, facts))
    found.extend(_check_bands(rubric))
    found.extend(_check_domains(rubric))
    found.extend(_check_parties(rubric))
    found.extend(_check_inference(rubric))
    return found


def _unknown_fact(name: str, facts: dict[str, tuple[str, ...]]) -> str:
    return f"unknown fact '{name}'; use one of {', '.join(sorted(facts))}"


def _bad_value(fact: str, value: str, allowed: tuple[str, ...]) -> str:
    return f"'{value}' is not a value of the fact '{fact}'; use one of {', '.join(allowed)}"


def _check_criterion(
    criterion: Criterion, here: Location, facts: dict[str, tuple[str, ...]]
) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    allowed = facts.get(criterion.fact)
    if allowed is None:
        return [((*here, "fact"), _unknown_fact(criterion.fact, facts))]
    for index in _duplicates([level.id for level in criterion.levels]):
        found.append(((*here, "levels", index, "id"), f"duplicate level id in '{criterion.id}'"))
    covered: set[str] = set()
    for index, level in enumerate(criterion.levels):
        at: Location = (*here, "levels", index)
        if index and level.value > criterion.levels[index - 1].value:
            found.append(
                (
                    (*at, "value"),
                    f"levels of '{criterion.id}' are out of order: list them best first, "
                    "none with a higher value than the one before",
                )
            )
        if level.unless is not None:
            exception = level.unless
            other = facts.get(exception.fact)
            if other is None:
                found.append(((*at, "unless", "fact"), _unknown_fact(exception.fact, facts)))
            else:
                for position, value in enumerate(exception.when):
                    if value not in other:
                        found.append(
                            (
                                (*at, "unless", "when", position),
                                _bad_value(exception.fact, value, other),
                            )
                        )
            for position, domain in enumerate(exception.domains):
                if domain not in facts.get("domain", ()):
                    found.append(
                        ((*at, "unless", "domains", position), f"unknown domain '{domain}'")
                    )
        for position, value in enumerate(level.when):
            if value not in allowed:
                found.append(((*at, "when", position), _bad_value(criterion.fact, value, allowed)))
            elif value in covered:
                found.append(
                    ((*at, "when", position), f"'{value}' already places an earlier level")
                )
            covered.add(value)
    missing = [value for value in allowed if value not in covered]
    if missing:
        found.append(
            (
                (*here, "levels"),
                f"no level of '{criterion.id}' covers {', '.join(missing)}; "
                "add it to a level's `when`",
            )
        )
    return found


def _check_perspectives(
    rubric: Rubric, facts: dict[str, tuple[str, ...]]
) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    criteria = [criterion.id for criterion in rubric.criteria]
    for index in _duplicates([p.id for p in rubric.perspectives]):
        found.append((("perspectives", index, "id"), "duplicate id in perspectives"))
    readable = {**facts, FRICTIONS_FACT: tuple(rubric.friction_by_id)}
    for index, perspective in enumerate(rubric.perspectives):
        here: Location = ("perspectives", index)
        if perspective.weights and perspective.weights_citation is None:
            found.append(
                (
                    (*here, "weights"),
                    "weights that differ from the rubric's need a weights_citation",
                )
            )
        for name, weight in perspective.weights.items():
            if name not in criteria:
                found.append(((*here, "weights", name), f"unknown criterion '{name}'"))
            elif weight <= 0:
                found.append(((*here, "weights", name), "a weight must be greater than 0"))
        for position, adjustment in enumerate(perspective.adjustments):
            at: Location = (*here, "adjustments", position)
            if adjustment.criterion not in criteria:
                found.append(((*at, "criterion"), f"unknown criterion '{adjustment.criterion}'"))
            allowed = readable.get(adjustment.fact)
            if allowed is None:
                found.append(((*at, "fact"), _unknown_fact(adjustment.fact, readable)))
                continue
            for value_index, value in enumerate(adjustment.when):
                if value not in allowed:
                    found.append(
                        ((*at, "when", value_index), _bad_value(adjustment.fact, value, allowed))
                    )
    return found


def _check_bands(rubric: Rubric) -> list[tuple[Location, str]]:
    order = [band.verdict for band in rubric.verdict_bands]
    if order != ["recommended", "conditional", "not-recommended"]:
        return [
            (
                ("verdict_bands",),
                "verdict_bands must list recommended, conditional and not-recommended, in order",
            )
        ]
    found: list[tuple[Location, str]] = []
    for index in range(1, len(rubric.verdict_bands)):
        if rubric.verdict_bands[index].min_score >= rubric.verdict_bands[index - 1].min_score:
            found.append(
                (
                    ("verdict_bands", index, "min_score"),
                    "each band's min_score must be below the one before",
                )
            )
    if rubric.verdict_bands[-1].min_score != 0:
        found.append(
            (("verdict_bands", len(order) - 1, "min_score"), "the last band must start at 0")
        )
    return found


def _check_domains(rubric: Rubric) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    seen: dict[str, str] = {}
    for tier_index, tier in enumerate(rubric.domain_tiers):
        for index, domain in enumerate(tier.domains):
            at: Location = ("domain_tiers", tier_index, "domains", index)
            if domain not in rubric.domain_ids:
                found.append((at, f"domain '{domain}' is not listed under `domains`"))
            if domain in seen:
                found.append((at, f"domain '{domain}' is already in the tier '{seen[domain]}'"))
            seen[domain] = tier.id
    for index, domain_id in enumerate(rubric.domain_ids):
        if domain_id not in seen:
            found.append(
                (("domains", index, "id"), f"domain '{domain_id}' is in no tier; add it to one")
            )
    return found


def _check_parties(rubric: Rubric) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    owner: dict[str, str] = {}
    for index, party in enumerate(rubric.parties):
        for name in (party.name, *party.aliases):
            folded = fold_name(name)
            if folded in owner and owner[folded] != party.name:
                found.append(
                    (("parties", index), f"'{name}' already names the party '{owner[folded]}'")
                )
            owner[folded] = party.name
        if party.friction is not None and party.friction not in rubric.friction_by_id:
            found.append((("parties", index, "friction"), f"unknown friction '{party.friction}'"))
    powers = [party.name for party in rubric.parties if party.kind == "power"]
    if len(powers) != 2:
        found.append((("parties",), "the rubric must name exactly two parties of kind 'power'"))
    return found


def _check_inference(rubric: Rubric) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    friction_ids = tuple(rubric.friction_by_id)
    known = {**INFERABLE_FACTS, FRICTIONS_FACT: friction_ids}
    for name, inference in rubric.inference.facts.items():
        here: Location = ("inference", "facts", name)
        allowed = known.get(name)
        if allowed is None:
            found.append((here, f"cannot infer '{name}'; infer one of {', '.join(known)}"))
            continue
        defaults = inference.default if isinstance(inference.default, list) else [inference.default]
        for default in defaults:
            if default not in allowed:
                found.append(((*here, "default"), _bad_value(name, default, allowed)))
        for index, rule in enumerate(inference.rules):
            at: Location = (*here, "rules", index)
            for value in (rule.value, rule.if_negated):
                if value is not None and value not in allowed:
                    found.append(((*at, "value"), _bad_value(name, value, allowed)))
            for position, pattern in enumerate(rule.patterns):
                try:
                    re.compile(pattern)
                except re.error as error:
                    found.append(
                        ((*at, "patterns", position), f"pattern {pattern!r} is invalid: {error}")
                    )
    return found
