"""`score -f markdown`: each proposal's score explained, short enough for a pull-request
comment: the verdict, every criterion with its evidence, what blocks or caps it, and what
would raise it most."""

from __future__ import annotations

from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.markdown import code, escape
from cooperation_scorer.score.results import Assessment


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _assessment(assessment: Assessment) -> list[str]:
    lines = [
        f"### {escape(assessment.title)} ({code(assessment.id)})",
        "",
        f"**Score {assessment.score:.1f}/100, {assessment.verdict.value}** · "
        f"{code(assessment.file)}",
        "",
        "| Criterion | Level | Points | Evidence |",
        "|---|---|---:|---|",
    ]
    lines += [
        f"| {code(c.id)} | {escape(c.level_label)} ({c.value}/{c.max_value}) "
        f"| {_points(c.points)}/{_points(c.max_points)} | {c.source}: {escape(c.evidence)} |"
        for c in assessment.criteria
    ]
    lines.append("")
    failed = [gate for gate in assessment.gates if not gate.passed]
    if failed:
        lines += ["**Gates not passed**", ""]
        for gate in failed:
            how = f"waived: {escape(gate.waiver or '')}" if gate.waived else "blocks"
            lines.append(f"- {code(gate.id)} ({how}): {escape(gate.reason)}")
        lines.append("")
    if assessment.caps:
        lines += ["**Caps**", "", *(f"- {escape(cap.reason)}" for cap in assessment.caps), ""]
    if assessment.warnings:
        lines += ["**Warnings**", "", *(f"- {escape(w)}" for w in assessment.warnings), ""]
    if assessment.improvements:
        lines += ["**What would raise it most**", ""]
        lines += [
            f"- {escape(item.change)}{' (lifts the block)' if item.unblocks else ''}"
            for item in assessment.improvements
        ]
        lines.append("")
    return lines


def render_score_markdown(assessments: list[Assessment], rubric: RubricRef) -> str:
    """One section per proposal, in the order given, then the rubric."""
    lines: list[str] = []
    for assessment in assessments:
        lines += _assessment(assessment)
    lines.append(f"Rubric {code(rubric.name)} {escape(rubric.version)}.")
    return "\n".join(lines) + "\n"
