"""`compare`: two revisions of a proposal, what moved."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from cooperation_scorer.analysis.revisions import Comparison
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.terminal.common import (
    Column,
    fit,
    fitted_table,
    prose_table,
    rubric_line,
    to_text,
    verdict_text,
)


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
        moved = comparison.criteria
        columns = [
            Column("Criterion", [Text(c.id) for c in moved]),
            Column("Before", [Text(c.level_before) for c in moved]),
            Column("After", [Text(c.level_after) for c in moved]),
            Column("Points", [Text(f"{c.delta:+g}") for c in moved], "right"),
        ]
        parts.extend([Text(""), Text("Criteria that moved", style="bold")])
        parts.append(fitted_table(fit(columns, width)))
    if comparison.facts:
        # A value (a list of parties) may be long: it wraps, the fact's name never does.
        table = prose_table(expand=False)
        table.add_column("Fact", no_wrap=True)
        table.add_column("Before")
        table.add_column("After")
        for f in comparison.facts:
            table.add_row(
                Text(f.name),
                Text(f"{_fact_text(f.before)} ({f.source_before})"),
                Text(f"{_fact_text(f.after)} ({f.source_after})"),
            )
        parts.extend([Text(""), Text("Facts that changed", style="bold"), table])
    if not comparison.facts and not comparison.criteria:
        parts.append(Text("No fact and no criterion changed."))
    parts.append(rubric_line(rubric))
    return to_text(parts, color=color, width=width)


def _fact_text(value: str | tuple[str, ...]) -> str:
    return ", ".join(value) or "none" if isinstance(value, tuple) else value
