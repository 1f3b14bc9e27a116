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


SMALL_MOVE = 0.25  # a weight moved by less than this share of itself is a small change
SMALL_POINTS = 2.0  # or by less than this many points of the total weight


def _share(value: float) -> str:
    return f"{value:.0%}"


def _plain_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _is_small(change: WeightInterval) -> bool:
    moved = abs((change.first_changes_at or 0.0) - change.weight)
    return moved < SMALL_POINTS or moved < SMALL_MOVE * change.weight


def robustness_sentences(
    intervals: list[WeightInterval],
    smaa: Smaa,
    first: str,
    titles: dict[str, str] | None = None,
    criteria: dict[str, str] | None = None,
) -> list[str]:
    """One or two plain sentences on whether the first place holds, derived from the numbers
    and nothing else: the leader's shares of first place and of the top k under random
    weights against the best of the others, and the smallest change of one weight that puts
    another proposal first. "Holds" only when all three agree. Unescaped text."""
    titles, criteria = titles or {}, criteria or {}
    leader = next((p for p in smaa.proposals if p.id == first), None)
    if leader is None or not intervals or len(smaa.proposals) < 2:
        return []
    name = titles.get(first, first)
    others = [p for p in smaa.proposals if p.id != first]
    tied = next((group for group in smaa.ties if first in group), [])
    if tied:
        peers = _plain_names([titles.get(i, i) for i in tied if i != first])
        opening = (
            f"First place is shared: {name} and {peers} stand at the same level on every "
            "criterion, so no weighting separates them"
        )
        others = [p for p in others if p.id not in tied]
    rival_first = max(others, key=lambda p: (p.first, p.top), default=None)
    rival_top = max(others, key=lambda p: (p.top, p.first), default=None)
    margin = smaa.margin
    best_first = rival_first is None or leader.first >= rival_first.first - margin
    best_top = rival_top is None or leader.top >= rival_top.top - margin
    change = smallest_change(intervals)
    small = change is not None and _is_small(change)
    subject = "it" if tied else name
    shares = (
        f"{subject} comes first in {_share(leader.first)} of weightings drawn at random "
        f"and in the top {smaa.k} in {_share(leader.top)}"
    )
    if not tied:
        doubts = (not best_first) + (not best_top) + small
        verdict = ("solid", "open to question", "fragile", "fragile")[doubts]
        opening = f"First place is {verdict}"
    beaten = []
    if rival_first is not None and not best_first:
        beaten.append(
            f"{titles.get(rival_first.id, rival_first.id)} comes first more often "
            f"({_share(rival_first.first)})"
        )
    if rival_top is not None and not best_top:
        level = [p for p in others if abs(p.top - rival_top.top) <= margin]
        names = _plain_names([titles.get(p.id, p.id) for p in level])
        beaten.append(
            f"{names} {'is' if len(level) == 1 else 'are each'} in the top {smaa.k} "
            f"in {_share(rival_top.top)}"
        )
    if beaten:
        first_sentence = f"{opening}: {shares}, while {' and '.join(beaten)}."
    elif rival_first is not None:
        rival = titles.get(rival_first.id, rival_first.id)
        first_sentence = (
            f"{opening}: {shares}, more than any other (next, {rival}: "
            f"{_share(rival_first.first)} and {_share(rival_first.top)})."
        )
    else:
        first_sentence = f"{opening}: {shares}."
    if change is None:
        second = "No change of any one weight, however large, puts another proposal first."
    else:
        criterion = criteria.get(change.criterion, change.criterion)
        up = (change.first_changes_at or 0.0) > change.weight
        size = "A small change" if small else "Only a large change"
        second = (
            f"{size} of one weight puts another first: "
            f"{'raising' if up else 'lowering'} the weight of {criterion} from "
            f"{change.weight:.3g} to {change.first_changes_at:.3g} (of {_total(intervals):.3g}) "
            f"puts {titles.get(change.new_first or '', change.new_first or 'another')} first."
        )
    return [first_sentence, second]


def _total(intervals: list[WeightInterval]) -> float:
    return sum(i.weight for i in intervals)


def render_sensitivity_markdown(
    intervals: list[WeightInterval],
    smaa: Smaa,
    top: int,
    titles: dict[str, str] | None = None,
    first: str | None = None,
    criteria: dict[str, str] | None = None,
) -> str:
    """The robustness section; with `first`, the id of the proposal the rubric's weights put
    first, it opens with a sentence on whether that holds, naming it by `titles`."""
    change = smallest_change(intervals)
    lines = ["## Robustness of the ranking", ""]
    summary = robustness_sentences(intervals, smaa, first, titles, criteria) if first else []
    if summary:
        lines.append(escape(" ".join(summary)))
    if summary:
        pass  # the summary already says what the smallest change is, in words
    elif change is None:
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
    named = (lambda c: escape(criteria[c])) if criteria else code
    lines += [
        f"| {named(i.criterion)} | {i.weight:g} | {i.low:g} | {i.high:g} |" for i in intervals
    ]
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
        f"| {escape(titles[p.id]) if titles and p.id in titles else code(p.id)} "
        f"| {p.first:.1%} | {p.top:.1%} |"
        for p in smaa.proposals[:SHOWN]
        if p.top > 0
    ]
    if smaa.ties and not titles:
        lines += ["", escape(ties_sentence(smaa.ties))]
    return "\n".join(lines) + "\n"
