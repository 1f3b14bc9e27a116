"""`sensitivity`: weight stability intervals and rank acceptability, every weight in the
rubric's own unit (points out of the rubric's total), never as a fraction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.terminal.common import (
    Column,
    console_width,
    fit,
    fitted_table,
    prose_table,
    rubric_line,
    to_text,
)

if TYPE_CHECKING:  # numpy is imported only by the command that needs it
    from cooperation_scorer.analysis.sensitivity import Smaa, WeightInterval


def _weight(value: float) -> str:
    """A weight in points, to two decimals at most: 7, 7.46, 14.14."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _sampled(smaa: Smaa) -> str:
    if smaa.spread is None:
        return "every weighting of the criteria equally likely"
    return f"each weight within ±{smaa.spread:.0%} of the rubric's"


def render_sensitivity(
    intervals: list[WeightInterval],
    smaa: Smaa,
    top: int,
    rubric: RubricRef,
    *,
    color: bool,
    width: int,
) -> str:
    """Stability intervals of each weight, then rank acceptability."""
    from cooperation_scorer.analysis.sensitivity import smallest_change, ties_sentence

    total = sum(i.weight for i in intervals)
    columns = [
        Column("Criterion", [Text(i.criterion) for i in intervals]),
        Column("Weight", [Text(_weight(i.weight)) for i in intervals], "right"),
        Column(
            f"Top {top} holds within",
            [Text(f"{_weight(i.low)}–{_weight(i.high)}") for i in intervals],
            "right",
        ),
        Column(
            "First changes at",
            [
                Text("never" if i.first_changes_at is None else _weight(i.first_changes_at))
                for i in intervals
            ],
            "right",
        ),
        Column("New first", [Text(i.new_first or "") for i in intervals], drop=1),
    ]
    layout = fit(columns, width)
    nearest = smallest_change(intervals)
    headline = (
        Text("No single weight change puts a different proposal first.")
        if nearest is None
        else Text(
            f"Smallest change that puts a different proposal first: {nearest.criterion} "
            f"{_weight(nearest.weight)} → {_weight(nearest.first_changes_at or 0.0)} "
            f"({nearest.new_first} first)."
        )
    )
    shares = prose_table()
    shares.add_column("Proposal", no_wrap=True)
    shares.add_column("First", justify="right", no_wrap=True)
    shares.add_column(f"Top {smaa.k}", justify="right", no_wrap=True)
    shares.add_column("Central weights, where first", ratio=1)
    for p in smaa.proposals:
        if p.top == 0:
            continue
        central = ", ".join(
            f"{c} {w * total:.1f}"
            for c, w in sorted((p.central_weights or {}).items(), key=lambda x: -x[1])[:3]
        )
        shares.add_row(Text(p.id), f"{p.first:.1%}", f"{p.top:.1%}", Text(central))
    parts: list[RenderableType] = [
        Text(f"Weights (out of {_weight(total)}) over which the top {top} holds", style="bold"),
        fitted_table(layout),
        headline,
        Text(""),
        Text("Rank acceptability", style="bold"),
        Text(
            f"{smaa.samples:,} weightings drawn, {_sampled(smaa)} (seed {smaa.seed}); "
            f"each share within ±{smaa.margin:.1%} (95% confidence)."
        ),
        shares,
    ]
    if smaa.ties:
        parts.append(Text(ties_sentence(smaa.ties)))
    parts.append(rubric_line(rubric))
    return to_text(parts, color=color, width=console_width(width, layout))
