"""How robust the ranking is, as JSON and as a Markdown section (used by the memo too)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from cooperation_scorer.analysis.sensitivity import (
    Smaa,
    WeightInterval,
    smallest_change,
    ties_sentence,
)
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.escape import json_safe
from cooperation_scorer.render.json import provenance
from cooperation_scorer.render.markdown import code, escape

SHOWN = 10  # proposals listed in the Markdown acceptability table


def sensitivity_data(intervals: list[WeightInterval], smaa: Smaa, top: int) -> dict[str, Any]:
    change = smallest_change(intervals)
    return {
        "top": top,
        "intervals": [asdict(interval) for interval in intervals],
        "smallest_change": asdict(change) if change else None,
        "smaa": {
            "samples": smaa.samples,
            "seed": smaa.seed,
            "weight_spread": smaa.spread,
            "margin": round(smaa.margin, 4),
            "proposals": [
                {
                    "id": p.id,
                    "first": round(p.first, 4),
                    "top": round(p.top, 4),
                    "ranks": [round(share, 4) for share in p.ranks],
                    "central_weights": p.central_weights,
                }
                for p in smaa.proposals
            ],
            "ties": smaa.ties,
        },
    }


def render_sensitivity_json(
    intervals: list[WeightInterval], smaa: Smaa, top: int, rubric: RubricRef
) -> str:
    data = {
        **provenance(rubric),
        **sensitivity_data(intervals, smaa, top),
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _in_words(
    intervals: list[WeightInterval], smaa: Smaa, titles: dict[str, str], first: str
) -> str:
    """One plain sentence on whether the first place survives a change of weights."""
    steady = [i for i in intervals if i.first_changes_at is None]
    leader = next((p for p in smaa.proposals if p.id == first), None)
    if not intervals or leader is None:
        return ""
    named = titles.get(leader.id, leader.id)
    if len(steady) == len(intervals):
        held = "for any weight of any one criterion"
    else:
        held = f"for any weight of {len(steady)} of the {len(intervals)} criteria"
    return (
        f"In short: {escape(named)} stays first {held}; under weights drawn at random it "
        f"comes first in {leader.first:.0%} of draws and in the top {smaa.k} in "
        f"{leader.top:.0%}."
    )


def render_sensitivity_markdown(
    intervals: list[WeightInterval],
    smaa: Smaa,
    top: int,
    titles: dict[str, str] | None = None,
    first: str | None = None,
) -> str:
    """The robustness section; with `first`, the id of the proposal the rubric's weights put
    first, it opens with a sentence on whether that holds, naming it by `titles`."""
    change = smallest_change(intervals)
    lines = ["## Robustness of the ranking", ""]
    summary = _in_words(intervals, smaa, titles or {}, first) if first else ""
    if summary:
        lines += [summary, ""]
    if change is None:
        lines.append(
            "No change of a single weight, however large, puts a different proposal first."
        )
    else:
        lines.append(
            f"The smallest single change of weight that puts a different proposal first: "
            f"{code(change.criterion)} from {change.weight:g} to {change.first_changes_at:g} "
            f"(the other weights rescaled) puts {code(change.new_first or '')} first."
        )
    lines += [
        "",
        f"| Criterion | Weight | The top {top} holds from | to |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {code(i.criterion)} | {i.weight:g} | {i.low:g} | {i.high:g} |" for i in intervals]
    spread = (
        "uniformly over all weights"
        if smaa.spread is None
        else f"within {smaa.spread:.0%} of the rubric's weights"
    )
    lines += [
        "",
        f"Rank acceptability (SMAA-2): {smaa.samples:,} weight vectors drawn {spread} "
        f"(seed {smaa.seed}); each share is within ±{smaa.margin:.1%} (95%).",
        "",
        f"| Proposal | First | Top {smaa.k} |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {code(p.id)} | {p.first:.1%} | {p.top:.1%} |"
        for p in smaa.proposals[:SHOWN]
        if p.top > 0
    ]
    if smaa.ties:
        lines += ["", escape(ties_sentence(smaa.ties))]
    return "\n".join(lines) + "\n"
