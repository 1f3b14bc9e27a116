"""Rich terminal output: score panels, the ranking table and the rubric; returned as text."""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cooperation_scorer.rubric import Citation, Criterion, Rubric, RubricRef
from cooperation_scorer.scoring import Assessment, RankedAssessment
from cooperation_scorer.vocabulary import Verdict

VERDICT_STYLE = {
    Verdict.RECOMMENDED: "bold green",
    Verdict.CONDITIONAL: "bold yellow",
    Verdict.NOT_RECOMMENDED: "bold red",
    Verdict.BLOCKED: "bold white on red",
}


def _to_text(renderables: Iterable[RenderableType], *, color: bool, width: int) -> str:
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return stream.getvalue()


def _verdict(verdict: Verdict) -> Text:
    return Text(verdict.value, style=VERDICT_STYLE[verdict])


def _cite(citation: Citation) -> Text:
    return Text.assemble((citation.section, "italic"), ": “", citation.quote, "”")


def _rubric_line(rubric: RubricRef) -> Text:
    return Text(
        f"rubric {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]}…, {rubric.path})",
        style="dim",
    )


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _assessment_panel(assessment: Assessment) -> Panel:
    heading = Text.assemble(
        ("Score ", "bold"),
        (f"{assessment.score:.1f}", "bold"),
        " / 100   ",
        ("Verdict ", "bold"),
        _verdict(assessment.verdict),
        f"   ({assessment.file})",
    )
    criteria = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=False)
    criteria.add_column("Criterion", ratio=2)
    criteria.add_column("Level", ratio=2)
    criteria.add_column("Points", justify="right", no_wrap=True)
    criteria.add_column("Reason and evidence", ratio=6)
    for result in assessment.criteria:
        criteria.add_row(
            Text(result.id),
            Text(f"{result.level_label} ({result.value}/{result.max_value})"),
            f"{_points(result.points)}/{_points(result.max_points)}",
            Text.assemble(
                result.reason, "\n", (f"[{result.source}] ", "cyan"), (result.evidence, "dim")
            ),
        )
    gates = Table(box=box.SIMPLE_HEAD, expand=True)
    gates.add_column("Gate", ratio=2)
    gates.add_column("", no_wrap=True)
    gates.add_column("Reason", ratio=8)
    for gate in assessment.gates:
        mark = Text("pass", style="green") if gate.passed else Text("FAIL", style="bold red")
        gates.add_row(Text(gate.id), mark, Text(gate.reason))
    parts: list[RenderableType] = [heading, criteria, gates]
    if assessment.caps:
        parts.append(Text("Caps", style="bold"))
        parts.extend(Text(f"  • {cap.reason}") for cap in assessment.caps)
    if assessment.warnings:
        parts.append(Text("Warnings", style="bold yellow"))
        parts.extend(Text(f"  ! {warning}") for warning in assessment.warnings)
    parts.append(Text("What the paper says", style="bold"))
    parts.extend(
        Text.assemble(f"  {result.id} — ", _cite(result.citation)) for result in assessment.criteria
    )
    return Panel(
        Group(*parts),
        title=Text(f"{assessment.id} — {assessment.title}", style="bold"),
        title_align="left",
    )


def render_assessments(
    assessments: list[Assessment], rubric: RubricRef, *, color: bool, width: int
) -> str:
    """One panel per proposal, in the order given."""
    return _to_text(
        [*(_assessment_panel(a) for a in assessments), _rubric_line(rubric)],
        color=color,
        width=width,
    )


def render_ranking(
    ranked: list[RankedAssessment], rubric: RubricRef, *, color: bool, width: int
) -> str:
    """The ranking table: rank, id, title, score, verdict and the weakest criterion."""
    table = Table(box=box.SIMPLE_HEAD, title="Ranking", expand=True)
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("Title", ratio=3)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Weakest criterion", ratio=2)
    for item in ranked:
        assessment = item.assessment
        weakest = assessment.weakest
        if assessment.verdict is Verdict.BLOCKED:
            why = Text("gate: " + ", ".join(gate.id for gate in assessment.failed_gates))
        else:
            why = Text(f"{weakest.id} ({weakest.level_label})")
        table.add_row(
            str(item.rank),
            Text(assessment.id),
            Text(assessment.title),
            f"{assessment.score:.1f}",
            _verdict(assessment.verdict),
            why,
        )
    counts = dict.fromkeys(Verdict, 0)
    for item in ranked:
        counts[item.assessment.verdict] += 1
    summary = Text(
        f"{len(ranked)} proposals: "
        + ", ".join(f"{count} {verdict.value}" for verdict, count in counts.items())
    )
    return _to_text([table, summary, _rubric_line(rubric)], color=color, width=width)


def _criterion_block(criterion: Criterion, rubric: Rubric) -> RenderableType:
    share = criterion.weight / rubric.total_weight * 100
    levels = Table(box=box.SIMPLE_HEAD, expand=True)
    levels.add_column("Value", justify="right", no_wrap=True)
    levels.add_column("Level", ratio=2)
    levels.add_column("When", ratio=2)
    levels.add_column("Meaning and the paper", ratio=6)
    for level in criterion.levels:
        meaning = Text(level.description)
        if level.caps:
            meaning.append(f"\nCaps the verdict at {level.caps}.", style="yellow")
        meaning.append("\n")
        meaning.append_text(_cite(level.citation))
        levels.add_row(
            str(level.value),
            Text(f"{level.label} ({level.id})"),
            Text(f"{criterion.fact} is " + " or ".join(level.when)),
            meaning,
        )
    return Panel(
        Group(
            Text(criterion.question),
            Text(
                f"Weight {_points(criterion.weight)} ({share:.0f}% of the score); "
                f"reads the fact '{criterion.fact}'."
            ),
            _cite(criterion.citation),
            levels,
        ),
        title=Text(f"{criterion.id} — {criterion.title}", style="bold"),
        title_align="left",
    )


def render_rubric(
    rubric: Rubric, ref: RubricRef, criterion: Criterion | None, *, color: bool, width: int
) -> str:
    """The rubric as a reader wants it: criteria, levels, gates, bands, tiers, citations."""
    if criterion is not None:
        return _to_text(
            [_criterion_block(criterion, rubric), _rubric_line(ref)], color=color, width=width
        )
    intro = Text.assemble((rubric.title, "bold"), f"\nFrom: {rubric.paper}\n", _rubric_line(ref))
    weights = Table(title="Criteria", box=box.SIMPLE_HEAD, expand=True)
    weights.add_column("Criterion", ratio=2)
    weights.add_column("Weight", justify="right", no_wrap=True)
    weights.add_column("Question", ratio=5)
    for item in rubric.criteria:
        weights.add_row(Text(item.id), _points(item.weight), Text(item.question))
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
            _cite(gate.citation),
        )
    bands = Table(title="Verdicts", box=box.SIMPLE_HEAD, expand=True)
    bands.add_column("Verdict", no_wrap=True)
    bands.add_column("Score", no_wrap=True)
    bands.add_column("Meaning and the paper", ratio=6)
    for band in rubric.verdict_bands:
        meaning = Text(band.meaning + "\n")
        meaning.append_text(_cite(band.citation))
        bands.add_row(_verdict(Verdict(band.verdict)), f"≥ {_points(band.min_score)}", meaning)
    bands.add_row(_verdict(Verdict.BLOCKED), "any", Text("A gate failed."))
    tiers = Table(title="Domain tiers", box=box.SIMPLE_HEAD, expand=True)
    tiers.add_column("Tier", ratio=2)
    tiers.add_column("Domains", ratio=3)
    tiers.add_column("The paper", ratio=5)
    for tier in rubric.domain_tiers:
        tiers.add_row(
            Text(f"{tier.id}\n{tier.title}"), Text(", ".join(tier.domains)), _cite(tier.citation)
        )
    frictions = Table(title="Points of friction", box=box.SIMPLE_HEAD, expand=True)
    frictions.add_column("Friction", ratio=2)
    frictions.add_column("Severity", no_wrap=True)
    frictions.add_column("The paper", ratio=6)
    for friction in rubric.frictions:
        frictions.add_row(Text(friction.id), friction.severity, _cite(friction.citation))
    blocks: list[RenderableType] = [intro, weights]
    blocks.extend(_criterion_block(item, rubric) for item in rubric.criteria)
    blocks.extend([gates, bands, tiers, frictions])
    return _to_text(blocks, color=color, width=width)
