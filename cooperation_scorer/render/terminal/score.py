"""`score`: one block per proposal, every point explained, criterion ids whole at any width."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.escape import visible
from cooperation_scorer.render.terminal.common import (
    cite,
    points,
    prose_table,
    rubric_line,
    to_text,
    verdict_text,
)
from cooperation_scorer.score.results import Assessment


def _heading(assessment: Assessment) -> Text:
    return Text.assemble(
        (f"{assessment.id} — {assessment.title}\n", "bold"),
        ("Score ", "bold"),
        (f"{assessment.score:.1f}", "bold"),
        "/100  ",
        ("Verdict ", "bold"),
        verdict_text(assessment.verdict),
        f"  {visible(assessment.file)}",
    )


def _criteria(assessment: Assessment) -> Table:
    """Criterion ids whole, level and points on one line; the reason wraps beside them."""
    criteria = prose_table()
    criteria.add_column("Criterion", no_wrap=True)
    criteria.add_column("Level", justify="right", no_wrap=True)
    criteria.add_column("Points", justify="right", no_wrap=True)
    criteria.add_column("Reason and evidence", ratio=1)
    for result in assessment.criteria:
        criteria.add_row(
            Text(result.id),
            f"{result.value}/{result.max_value}",
            f"{points(result.points)}/{points(result.max_points)}",
            Text.assemble(
                result.reason, "\n", (f"[{result.source}] ", "cyan"), (result.evidence, "dim")
            ),
        )
    return criteria


def _gates(assessment: Assessment) -> Table:
    gates = prose_table()
    gates.add_column("Gate", no_wrap=True)
    gates.add_column("", no_wrap=True)
    gates.add_column("Reason", ratio=1)
    for gate in assessment.gates:
        if gate.passed:
            mark = Text("pass", style="green")
        elif gate.waived:
            mark = Text("waived", style="magenta")
        else:
            mark = Text("FAIL", style="bold red")
        gates.add_row(Text(gate.id), mark, Text(gate.reason))
    return gates


def _citations(assessment: Assessment) -> Table:
    """Each criterion's citation, the quote wrapping beside the whole id."""
    grid = Table.grid(padding=(0, 2, 0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for result in assessment.criteria:
        grid.add_row(Text(result.id), cite(result.citation))
    return grid


def _assessment_block(assessment: Assessment) -> Group:
    parts: list[RenderableType] = [
        _heading(assessment),
        Text(""),
        _criteria(assessment),
        Text(""),
        _gates(assessment),
    ]
    if assessment.bilateral_exception is not None:
        parts.append(
            Text(f"Bilateral exception  {assessment.bilateral_exception}", style="magenta")
        )
    if assessment.consensus is not None:
        parts.extend(_sides(assessment))
    if assessment.caps:
        parts.append(Text("Caps", style="bold"))
        parts.append(bullets("•", [cap.reason for cap in assessment.caps]))
    if assessment.warnings:
        parts.append(Text("Warnings", style="bold yellow"))
        parts.append(bullets("!", list(assessment.warnings)))
    if assessment.improvements:
        parts.append(Text("What would raise it most", style="bold green"))
        changes = [
            item.change + (" (lifts the block)" if item.unblocks else "")
            for item in assessment.improvements
        ]
        parts.append(bullets("+", changes))
    parts.extend([Text("What the paper says", style="bold"), _citations(assessment)])
    return Group(*parts)


def _sides(assessment: Assessment) -> list[RenderableType]:
    """Each side's score and verdict, its adjustments beneath, and the consensus with the
    side that holds it down."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for side in assessment.perspectives:
        grid.add_row(Text(f"  {side.title}"), f"{side.score:.1f}", verdict_text(side.verdict))
        for note in side.adjustments:
            grid.add_row("", "", Text(note, style="dim"))
    parts: list[RenderableType] = [Text("Perspectives", style="bold"), grid]
    if assessment.consensus is not None:
        held = next(
            p.title for p in assessment.perspectives if p.id == assessment.consensus.held_by
        )
        consensus = assessment.consensus
        parts.append(
            Text(
                f"  Consensus {consensus.score:.1f} {consensus.verdict.value}, held down by {held}"
            )
        )
    return parts


def bullets(mark: str, lines: list[str]) -> Table:
    """A list whose items wrap under their own first word, not under the mark."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row(f"  {mark}", Text(line))
    return grid


def render_assessments(
    assessments: list[Assessment], rubric: RubricRef, *, color: bool, width: int
) -> str:
    """One block per proposal, in the order given, a rule between two."""
    blocks: list[RenderableType] = []
    for assessment in assessments:
        if blocks:
            blocks.append(Rule(style="dim"))
        blocks.append(_assessment_block(assessment))
    return to_text(
        [*blocks, rubric_line(rubric)],
        color=color,
        width=width,
    )
