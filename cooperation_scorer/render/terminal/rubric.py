"""`explain`: the rubric, or one criterion with the proposals at each level.

Ids are never broken: every id column is laid out whole, and only prose wraps."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cooperation_scorer.model.rubric import Criterion, Rubric, RubricRef
from cooperation_scorer.render.terminal.common import (
    cite,
    points,
    prose_table,
    rubric_line,
    to_text,
    verdict_text,
)
from cooperation_scorer.vocabulary import DOMAIN_TIER_FACT, Verdict


def _when(criterion: Criterion, values: list[str], rubric: Rubric) -> str:
    """When a level applies, in the proposal's terms: domain tiers list their domains."""
    if criterion.fact == DOMAIN_TIER_FACT:
        tiers = {tier.id: tier for tier in rubric.domain_tiers}
        return ", ".join(d for v in values for d in tiers[v].domains)
    return " or ".join(values)


def _longest_word(texts: list[str]) -> int:
    """The width a column needs to break none of these words."""
    return max((len(word) for text in texts for word in text.split()), default=1)


def _title(text: str) -> Text:
    return Text(text, style="bold")


def _criterion_block(
    criterion: Criterion, rubric: Rubric, examples: dict[str, list[str]] | None = None
) -> RenderableType:
    share = criterion.weight / rubric.total_weight * 100
    fact = "domain" if criterion.fact == DOMAIN_TIER_FACT else criterion.fact
    whens = [_when(criterion, level.when, rubric) for level in criterion.levels]
    levels = prose_table()
    levels.add_column("Value", justify="right", no_wrap=True)
    levels.add_column("Level", no_wrap=True)
    # Where each level is read from the fact value of its own name, When says nothing more.
    said = any(when != level.id for level, when in zip(criterion.levels, whens, strict=True))
    if said:  # a value is one word: never narrower than the longest, so none is cut
        header = f"When {fact} is"
        levels.add_column(header, ratio=1, width=_longest_word([*whens, header]))
    levels.add_column("Meaning and the paper", ratio=3)
    for level, when in zip(criterion.levels, whens, strict=True):
        meaning = Text(level.label, style="bold")
        meaning.append(f": {level.description}")
        if level.caps:
            meaning.append(f"\nCaps the verdict at {level.caps}.", style="yellow")
        meaning.append("\n")
        meaning.append_text(cite(level.citation))
        if level.unless is not None:
            exception = level.unless
            where = f" in {', '.join(exception.domains)}" if exception.domains else ""
            meaning.append(
                f"\nExcept{where} when {exception.fact} is {', '.join(exception.when)}: "
                f"{exception.label}, {exception.value}, no cap.\n",
                style="green",
            )
            meaning.append_text(cite(exception.citation))
        if examples is not None:
            found = examples.get(level.id, [])
            meaning.append("\nProposals here: " + (", ".join(found) or "none"), style="cyan")
        cells = [Text(str(level.value)), Text(f"({level.id})"), Text(when), meaning]
        levels.add_row(*(cells if said else [*cells[:2], meaning]))
    return Group(
        _title(f"{criterion.id} — {criterion.title}"),
        Text(criterion.question),
        Text(
            f"Weight {points(criterion.weight)} ({share:.0f}% of the score); "
            f"reads the fact '{criterion.fact}'."
        ),
        cite(criterion.citation),
        Text(""),
        levels,
    )


def _criteria(rubric: Rubric) -> Table:
    weights = prose_table()
    weights.add_column("Criterion", no_wrap=True)
    weights.add_column("Weight", justify="right", no_wrap=True)
    weights.add_column("Question", ratio=1)
    for item in rubric.criteria:
        weights.add_row(Text(item.id), points(item.weight), Text(item.question))
    return weights


def _gates(rubric: Rubric) -> Table:
    gates = prose_table()
    gates.add_column("Gate", no_wrap=True)
    passes = [f"{gate.fact} is " + " or ".join(gate.passes) for gate in rubric.gates]
    gates.add_column("Passes when", ratio=1, width=_longest_word(passes))
    gates.add_column("What it guards, and the paper", ratio=3)
    for gate, when in zip(rubric.gates, passes, strict=True):
        guards = Text(gate.title, style="bold")
        guards.append("\n")
        guards.append_text(cite(gate.citation))
        gates.add_row(Text(gate.id), Text(when), guards)
    return gates


def _bands(rubric: Rubric) -> Table:
    bands = prose_table()
    bands.add_column("Verdict", no_wrap=True)
    bands.add_column("Score", no_wrap=True)
    bands.add_column("Meaning and the paper", ratio=1)
    for band in rubric.verdict_bands:
        meaning = Text(band.meaning + "\n")
        meaning.append_text(cite(band.citation))
        bands.add_row(verdict_text(Verdict(band.verdict)), f"≥ {points(band.min_score)}", meaning)
    bands.add_row(verdict_text(Verdict.BLOCKED), "any", Text("A gate failed."))
    return bands


def _tiers(rubric: Rubric) -> Table:
    tiers = prose_table()
    tiers.add_column("Tier", no_wrap=True)
    domains = [", ".join(tier.domains) for tier in rubric.domain_tiers]
    tiers.add_column("Domains", ratio=1, width=_longest_word(domains))
    tiers.add_column("What it is, and the paper", ratio=2)
    for tier in rubric.domain_tiers:
        what = Text(tier.title, style="bold")
        what.append("\n")
        what.append_text(cite(tier.citation))
        tiers.add_row(Text(tier.id), Text(", ".join(tier.domains)), what)
    return tiers


def _frictions(rubric: Rubric) -> Table:
    frictions = prose_table()
    frictions.add_column("Friction", no_wrap=True)
    frictions.add_column("Severity", no_wrap=True)
    frictions.add_column("The paper", ratio=1)
    for friction in rubric.frictions:
        frictions.add_row(Text(friction.id), friction.severity, cite(friction.citation))
    return frictions


def _bilateral_issues(rubric: Rubric) -> Table:
    issues = prose_table()
    issues.add_column("Issue", no_wrap=True)
    issues.add_column("The paper", ratio=1)
    for issue in rubric.bilateral_issues:
        issues.add_row(Text(f"{issue.id}\n{issue.title}"), cite(issue.citation))
    return issues


def render_rubric(
    rubric: Rubric,
    ref: RubricRef,
    criterion: Criterion | None,
    *,
    color: bool,
    width: int,
    examples: dict[str, list[str]] | None = None,
) -> str:
    """The rubric as a reader wants it: criteria, levels, gates, bands, tiers, citations;
    for one criterion, with `examples`, the proposals that sit at each level, and without,
    a line saying why there are none."""
    if criterion is not None:
        parts: list[RenderableType] = [_criterion_block(criterion, rubric, examples)]
        if examples is None:
            parts.append(
                Text(
                    "No example proposals: run from a folder holding proposals/ or pass "
                    "--examples DIR."
                )
            )
        return to_text([*parts, rubric_line(ref)], color=color, width=width)
    blocks: list[RenderableType] = [
        Text.assemble((rubric.title, "bold"), f"\nFrom: {rubric.paper}\n", rubric_line(ref)),
        Text(""),
        _title("Criteria"),
        _criteria(rubric),
    ]
    for item in rubric.criteria:
        blocks.extend([Text(""), _criterion_block(item, rubric)])
    for title, table in (
        ("Gates (failing any one blocks the proposal)", _gates(rubric)),
        (
            "Genuinely bilateral issues (declared with bilateral_issue; not a waiver)",
            _bilateral_issues(rubric),
        ),
        ("Verdicts", _bands(rubric)),
        ("Domain tiers", _tiers(rubric)),
        ("Points of friction", _frictions(rubric)),
    ):
        blocks.extend([Text(""), _title(title), table])
    return to_text(blocks, color=color, width=width)
