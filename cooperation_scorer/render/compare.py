"""Two revisions compared, as JSON and as Markdown for a pull-request comment."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from cooperation_scorer.analysis.revisions import Comparison
from cooperation_scorer.facts.fact import FactValue
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.escape import json_safe
from cooperation_scorer.render.json import provenance
from cooperation_scorer.render.markdown import code, escape
from cooperation_scorer.score.results import Assessment


def _value(value: FactValue) -> str:
    return ", ".join(value) or "none" if isinstance(value, tuple) else value


def render_compare_json(comparison: Comparison, rubric: RubricRef) -> str:
    old, new = comparison.old, comparison.new
    data: dict[str, Any] = {
        **provenance(rubric),
        "old": {"file": old.file, "id": old.id, "score": old.score, "verdict": old.verdict.value},
        "new": {"file": new.file, "id": new.id, "score": new.score, "verdict": new.verdict.value},
        "score_delta": comparison.score_delta,
        "facts": [asdict(change) for change in comparison.facts],
        "criteria": [{**asdict(c), "delta": c.delta} for c in comparison.criteria],
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def render_compare_markdown(comparison: Comparison, rubric: RubricRef) -> str:
    old, new = comparison.old, comparison.new
    verdict = (
        f"{old.verdict.value} → **{new.verdict.value}**"
        if comparison.verdict_changed
        else new.verdict.value
    )
    lines = [
        f"### {escape(new.title)} ({code(new.id)})",
        "",
        f"Score {old.score:.1f} → **{new.score:.1f}** ({comparison.score_delta:+.1f}), "
        f"verdict {verdict}.",
        "",
    ]
    if comparison.criteria:
        lines += ["| Criterion | Level before | Level after | Points |", "|---|---|---|---:|"]
        lines += [
            f"| {code(c.id)} | {code(c.level_before)} | {code(c.level_after)} | {c.delta:+g} |"
            for c in comparison.criteria
        ]
        lines.append("")
    if comparison.facts:
        lines += ["| Fact | Before | After |", "|---|---|---|"]
        lines += [
            f"| {code(f.name)} | {escape(_value(f.before))} ({f.source_before}) "
            f"| {escape(_value(f.after))} ({f.source_after}) |"
            for f in comparison.facts
        ]
        lines.append("")
    if not comparison.facts and not comparison.criteria:
        lines += ["No fact and no criterion changed.", ""]
    lines.append(f"Rubric {code(rubric.name)} {escape(rubric.version)}.")
    return "\n".join(lines) + "\n"


def render_new_proposal(new: Assessment, revision: str, rubric: RubricRef, how: str) -> str:
    """A proposal absent at `revision`, added since: its score and verdict, as `compare`'s
    table (plain text), json or markdown."""
    if how == "json":
        data: dict[str, Any] = {
            **provenance(rubric),
            "status": "new",
            "revision": revision,
            "old": None,
            "new": {
                "file": new.file,
                "id": new.id,
                "score": new.score,
                "verdict": new.verdict.value,
            },
            "score_delta": None,
            "facts": [],
            "criteria": [],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if how == "markdown":
        return (
            f"### {escape(new.title)} ({code(new.id)})\n\n"
            f"New proposal (not in {code(revision)}): score **{new.score:.1f}**, "
            f"verdict **{new.verdict.value}**.\n\n"
            f"Rubric {code(rubric.name)} {escape(rubric.version)}.\n"
        )
    title = " ".join(new.title.split())
    return (
        f"{new.id} is a new proposal: it is not in {revision}.\n"
        f"{title}\nscore {new.score:.1f}, verdict {new.verdict.value}\n"
    )
