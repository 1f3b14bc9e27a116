"""Loading the rubric (`criteria.yaml`): parsing it with positions and checking it whole."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pydantic import ValidationError

from cooperation_scorer.errors import Problem, RubricError
from cooperation_scorer.load.documents import (
    Document,
    DocumentError,
    Location,
    parse_yaml,
    shown,
)
from cooperation_scorer.load.pattern_safety import pattern_problem
from cooperation_scorer.load.validation import describe_pydantic_error
from cooperation_scorer.model.rubric import (
    Context,
    Criterion,
    LoadedRubric,
    Rubric,
    RubricRef,
    fold_name,
)
from cooperation_scorer.vocabulary import (
    FRICTIONS_FACT,
    INFERABLE_FACTS,
    fact_values,
)


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
        for position, pattern in enumerate(inference.senses):
            found.extend(_check_pattern(pattern, (*here, "senses", position)))
        for index, rule in enumerate(inference.rules):
            at: Location = (*here, "rules", index)
            for value in (rule.value, rule.if_negated):
                if value is not None and value not in allowed:
                    found.append(((*at, "value"), _bad_value(name, value, allowed)))
            for position, pattern in enumerate(rule.patterns):
                found.extend(_check_pattern(pattern, (*at, "patterns", position)))
    found.extend(_check_context(rubric.inference.context, known))
    return found


def _check_pattern(pattern: str, at: Location) -> list[tuple[Location, str]]:
    """A pattern that is invalid, unsafe or not lower case (patterns are matched on lowercased
    text), as one problem; see load/pattern_safety.py."""
    problem = pattern_problem(pattern)
    return [] if problem is None else [(at, f"the pattern {shown(pattern)} {problem}")]


def _check_context(context: Context, facts: dict[str, Any]) -> list[tuple[Location, str]]:
    """Each cue's modifier has a scope, names facts the rubric infers, and holds words."""
    found: list[tuple[Location, str]] = []
    here: Location = ("inference", "context")
    for section, cues in (("cues", context.cues), ("heading_cues", context.heading_cues)):
        for index, cue in enumerate(cues):
            at: Location = (*here, section, index)
            if cue.modifier not in context.modifiers:
                found.append(
                    (
                        (*at, "modifier"),
                        f"modifier '{cue.modifier}' has no scope; add it under "
                        "inference.context.modifiers",
                    )
                )
            for position, fact in enumerate(cue.facts):
                if fact not in facts:
                    found.append(
                        (
                            (*at, "facts", position),
                            f"cannot infer '{fact}'; name one of {', '.join(facts)}",
                        )
                    )
            for position, phrase in enumerate(cue.phrases):
                if not re.search(r"\w|[;:,()—–.]", phrase):
                    found.append(
                        ((*at, "phrases", position), f"cue {phrase!r} holds no word or mark")
                    )
    return found
