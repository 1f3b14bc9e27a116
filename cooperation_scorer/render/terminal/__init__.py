"""Rich terminal output, returned as text: one module per command's table, and what they
share in `common`."""

from __future__ import annotations

from cooperation_scorer.render.terminal.compare import render_comparison
from cooperation_scorer.render.terminal.rank import render_ranking
from cooperation_scorer.render.terminal.rubric import render_rubric
from cooperation_scorer.render.terminal.score import render_assessments
from cooperation_scorer.render.terminal.sensitivity import render_sensitivity

__all__ = [
    "render_assessments",
    "render_comparison",
    "render_ranking",
    "render_rubric",
    "render_sensitivity",
]
