"""`score`: one panel per proposal, every point explained."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.terminal.common import (
    cite,
    points,
    rubric_line,
    to_text,
    verdict_text,
)
from cooperation_scorer.score.results import Assessment


def _assessment_panel(assessment: Assessment) -> Panel:
    heading = Text.assemble(
        ("Score ", "bold"),
        (f"{assessment.score:.1f}", "bold"),
        " / 100   ",
        ("Verdict ", "bold"),
        verdict_text(assessment.verdict),
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
            f"{points(result.points)}/{points(result.max_points)}",
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
    if assessment.consensus is not None:
        parts.append(_sides(assessment))
    if assessment.caps:
        parts.append(Text("Caps", style="bold"))
        parts.extend(Text(f"  • {cap.reason}") for cap in assessment.caps)
    if assessment.warnings:
        parts.append(Text("Warnings", style="bold yellow"))
        parts.extend(Text(f"  ! {warning}") for warning in assessment.warnings)
    if assessment.improvements:
        parts.append(Text("What would raise it most", style="bold green"))
        for item in assessment.improvements:
            lifts = " (lifts the block)" if item.unblocks else ""
            parts.append(Text(f"  + {item.change}{lifts}"))
    parts.append(Text("What the paper says", style="bold"))
    parts.extend(
        Text.assemble(f"  {result.id} — ", cite(result.citation)) for result in assessment.criteria
    )
    return Panel(
        Group(*parts),
        title=Text(f"{assessment.id} — {assessment.title}", style="bold"),
        title_align="left",
    )


def _sides(assessment: Assessment) -> Text:
    """Each side's score and verdict, and the consensus with the side that holds it down."""
    text = Text("Perspectives  ", style="bold")
    for side in assessment.perspectives:
        text.append(f"{side.title} {side.score:.1f} ")
        text.append_text(verdict_text(side.verdict))
        text.append("   ")
    if assessment.consensus is not None:
        held = next(
            p.title for p in assessment.perspectives if p.id == assessment.consensus.held_by
        )
        text.append(f"\nConsensus {assessment.consensus.score:.1f}, held down by {held}")
    for side in assessment.perspectives:
        for note in side.adjustments:
            text.append(f"\n  {side.title}: {note}", style="dim")
    return text


def render_assessments(
    assessments: list[Assessment], rubric: RubricRef, *, color: bool, width: int
) -> str:
    """One panel per proposal, in the order given."""
    return to_text(
        [*(_assessment_panel(a) for a in assessments), rubric_line(rubric)],
        color=color,
        width=width,
    )
