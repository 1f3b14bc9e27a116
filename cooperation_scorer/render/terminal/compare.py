"""`compare`: two revisions of a proposal, what moved."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from cooperation_scorer.analysis.revisions import Comparison
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.terminal.common import rubric_line, to_text, verdict_text


def render_comparison(comparison: Comparison, rubric: RubricRef, *, color: bool, width: int) -> str:
    """Two revisions: score and verdict before and after, and what moved."""
    old, new = comparison.old, comparison.new
    delta = comparison.score_delta
    heading = Text.assemble(
        (f"{new.id} — {new.title}\n", "bold"),
        f"score {old.score:.1f} → ",
        (f"{new.score:.1f}", "bold"),
        (f" ({delta:+.1f})", "green" if delta > 0 else "red" if delta < 0 else ""),
        ", verdict ",
        verdict_text(old.verdict),
        " → ",
        verdict_text(new.verdict),
    )
    parts: list[RenderableType] = [heading]
    if comparison.criteria:
        table = Table(box=box.SIMPLE_HEAD, title="Criteria that moved")
        for column in ("Criterion", "Before", "After", "Points"):
            table.add_column(column, justify="right" if column == "Points" else "left")
        for c in comparison.criteria:
            table.add_row(Text(c.id), Text(c.level_before), Text(c.level_after), f"{c.delta:+g}")
        parts.append(table)
    if comparison.facts:
        table = Table(box=box.SIMPLE_HEAD, title="Facts that changed")
        for column in ("Fact", "Before", "After"):
            table.add_column(column)
        for f in comparison.facts:
            table.add_row(
                Text(f.name),
                Text(f"{_fact_text(f.before)} ({f.source_before})"),
                Text(f"{_fact_text(f.after)} ({f.source_after})"),
            )
        parts.append(table)
    if not comparison.facts and not comparison.criteria:
        parts.append(Text("No fact and no criterion changed."))
    parts.append(rubric_line(rubric))
    return to_text(parts, color=color, width=width)


def _fact_text(value: str | tuple[str, ...]) -> str:
    return ", ".join(value) or "none" if isinstance(value, tuple) else value
