"""`explain`: the rubric, or one criterion with the proposals at each level."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cooperation_scorer.model.rubric import Criterion, Rubric, RubricRef
from cooperation_scorer.render.terminal.common import (
    cite,
    points,
    rubric_line,
    to_text,
    verdict_text,
)
from cooperation_scorer.vocabulary import DOMAIN_TIER_FACT, Verdict


def _when(criterion: Criterion, values: list[str], rubric: Rubric) -> str:
    """When a level applies, in the proposal's terms: domain tiers list their domains."""
    if criterion.fact == DOMAIN_TIER_FACT:
        tiers = {tier.id: tier for tier in rubric.domain_tiers}
        return "domain is " + ", ".join(d for v in values for d in tiers[v].domains)
    return f"{criterion.fact} is " + " or ".join(values)


def _criterion_block(
    criterion: Criterion, rubric: Rubric, examples: dict[str, list[str]] | None = None
) -> RenderableType:
    share = criterion.weight / rubric.total_weight * 100
    levels = Table(box=box.SIMPLE_HEAD, expand=True)
    levels.add_column("Value", justify="right", no_wrap=True)
    levels.add_column("Level", ratio=2, overflow="fold")
    levels.add_column("When", ratio=2)
    levels.add_column("Meaning and the paper", ratio=6)
    if examples is not None:
        levels.add_column("Examples", ratio=4, overflow="fold")
    for level in criterion.levels:
        meaning = Text(level.description)
        if level.caps:
            meaning.append(f"\nCaps the verdict at {level.caps}.", style="yellow")
        meaning.append("\n")
        meaning.append_text(cite(level.citation))
        cells: list[RenderableType] = [
            str(level.value),
            Text(f"{level.label} ({level.id})"),
            Text(_when(criterion, level.when, rubric)),
            meaning,
        ]
        if examples is not None:
            cells.append(Text("\n".join(examples.get(level.id, [])) or "—", style="cyan"))
        levels.add_row(*cells)
    return Panel(
        Group(
            Text(criterion.question),
            Text(
                f"Weight {points(criterion.weight)} ({share:.0f}% of the score); "
                f"reads the fact '{criterion.fact}'."
            ),
            cite(criterion.citation),
            levels,
        ),
        title=Text(f"{criterion.id} — {criterion.title}", style="bold"),
        title_align="left",
    )


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
    intro = Text.assemble((rubric.title, "bold"), f"\nFrom: {rubric.paper}\n", rubric_line(ref))
    weights = Table(title="Criteria", box=box.SIMPLE_HEAD, expand=True)
    weights.add_column("Criterion", ratio=2)
    weights.add_column("Weight", justify="right", no_wrap=True)
    weights.add_column("Question", ratio=5)
    for item in rubric.criteria:
        weights.add_row(Text(item.id), points(item.weight), Text(item.question))
    gates = Table(
        title="Gates (failing any one blocks the proposal)", box=box.SIMPLE_HEAD, expand=True
    )
    gates.add_column("Gate", ratio=2)
    gates.add_column("Passes when", ratio=3)
    gates.add_column("The paper", ratio=6)
    for gate in rubric.gates:
        gates.add_row(
            Text(f"{gate.id}\n{gate.title}"),
            Text(f"{gate.fact} is " + " or ".join(gate.passes)),
            cite(gate.citation),
        )
    bands = Table(title="Verdicts", box=box.SIMPLE_HEAD, expand=True)
    bands.add_column("Verdict", no_wrap=True)
    bands.add_column("Score", no_wrap=True)
    bands.add_column("Meaning and the paper", ratio=6)
    for band in rubric.verdict_bands:
        meaning = Text(band.meaning + "\n")
        meaning.append_text(cite(band.citation))
        bands.add_row(verdict_text(Verdict(band.verdict)), f"≥ {points(band.min_score)}", meaning)
    bands.add_row(verdict_text(Verdict.BLOCKED), "any", Text("A gate failed."))
    tiers = Table(title="Domain tiers", box=box.SIMPLE_HEAD, expand=True)
    tiers.add_column("Tier", ratio=2)
    tiers.add_column("Domains", ratio=3)
    tiers.add_column("The paper", ratio=5)
    for tier in rubric.domain_tiers:
        tiers.add_row(
            Text(f"{tier.id}\n{tier.title}"), Text(", ".join(tier.domains)), cite(tier.citation)
        )
    frictions = Table(title="Points of friction", box=box.SIMPLE_HEAD, expand=True)
    frictions.add_column("Friction", ratio=2)
    frictions.add_column("Severity", no_wrap=True)
    frictions.add_column("The paper", ratio=6)
    for friction in rubric.frictions:
        frictions.add_row(Text(friction.id), friction.severity, cite(friction.citation))
    blocks: list[RenderableType] = [intro, weights]
    blocks.extend(_criterion_block(item, rubric) for item in rubric.criteria)
    blocks.extend([gates, bands, tiers, frictions])
    return to_text(blocks, color=color, width=width)
