"""`sensitivity`: weight stability intervals and rank acceptability."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.terminal.common import rubric_line, to_text

if TYPE_CHECKING:  # numpy is imported only by the command that needs it
    from cooperation_scorer.analysis.sensitivity import Smaa, WeightInterval


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

    table = Table(box=box.SIMPLE_HEAD, title=f"Weights over which the top {top} holds")
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    table.add_column("Holds from", justify="right")
    table.add_column("to", justify="right")
    table.add_column("First place changes at", justify="right")
    for i in intervals:
        change = (
            "never" if i.first_changes_at is None else f"{i.first_changes_at:g} ({i.new_first})"
        )
        table.add_row(Text(i.criterion), f"{i.weight:g}", f"{i.low:g}", f"{i.high:g}", Text(change))
    nearest = smallest_change(intervals)
    headline = (
        Text("No single weight change puts a different proposal first.")
        if nearest is None
        else Text(
            f"Smallest change that puts a different proposal first: {nearest.criterion} "
            f"{nearest.weight:g} → {nearest.first_changes_at:g} ({nearest.new_first} first)."
        )
    )
    spread = "uniform on the simplex" if smaa.spread is None else f"within ±{smaa.spread:.0%}"
    shares = Table(
        box=box.SIMPLE_HEAD,
        title=f"Rank acceptability: {smaa.samples:,} samples {spread}, seed {smaa.seed}, "
        f"±{smaa.margin:.1%} (95%)",
    )
    shares.add_column("Proposal")
    shares.add_column("First", justify="right")
    shares.add_column(f"Top {smaa.k}", justify="right")
    shares.add_column("Central weights (where first)")
    for p in smaa.proposals:
        if p.top == 0:
            continue
        central = (
            ", ".join(
                f"{c} {w:.2f}"
                for c, w in sorted(p.central_weights.items(), key=lambda x: -x[1])[:3]
            )
            if p.central_weights
            else ""
        )
        shares.add_row(Text(p.id), f"{p.first:.1%}", f"{p.top:.1%}", Text(central))
    ties = [Text(ties_sentence(smaa.ties))] if smaa.ties else []
    return to_text([table, headline, shares, *ties, rubric_line(rubric)], color=color, width=width)
