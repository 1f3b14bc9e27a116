"""`explain` as JSON or Markdown: the rubric, or one criterion with the proposals at each
level, as data the rubric file already holds (nothing about a criterion is restated)."""

from __future__ import annotations

import json
from typing import Any

from cooperation_scorer.model.rubric import Citation, Criterion, Rubric, RubricRef
from cooperation_scorer.render.json import provenance
from cooperation_scorer.render.markdown import code, escape


def _criterion_data(
    criterion: Criterion, rubric: Rubric, examples: dict[str, list[str]] | None
) -> dict[str, Any]:
    data = criterion.model_dump(mode="json")
    data["share"] = round(criterion.weight / rubric.total_weight, 4)
    if examples is not None:
        for level in data["levels"]:
            level["examples"] = examples.get(level["id"], [])
    return data


def render_rubric_json(
    rubric: Rubric,
    ref: RubricRef,
    criterion: Criterion | None,
    examples: dict[str, list[str]] | None = None,
) -> str:
    """The whole rubric as its model holds it, or one criterion (with `examples`, the
    proposals at each level)."""
    data: dict[str, Any] = provenance(ref)
    if criterion is not None:
        data["criterion"] = _criterion_data(criterion, rubric, examples)
    else:  # the name and version are in the provenance already
        content = rubric.model_dump(mode="json")
        data.update({k: v for k, v in content.items() if k not in ("name", "version")})
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cite(citation: Citation) -> str:
    return f"*{escape(citation.section)}*: “{escape(citation.quote)}”"


def _criterion_markdown(
    criterion: Criterion, rubric: Rubric, examples: dict[str, list[str]] | None
) -> list[str]:
    share = criterion.weight / rubric.total_weight
    head = "| Value | Level | When | Meaning and the paper |"
    lines = [
        f"### {escape(criterion.title)} ({code(criterion.id)})",
        "",
        f"{escape(criterion.question)} Weight {criterion.weight:g} ({share:.0%} of the score); "
        f"reads the fact {code(criterion.fact)}. {_cite(criterion.citation)}",
        "",
        head + (" Proposals here |" if examples is not None else ""),
        "|---:|---|---|---|" + ("---|" if examples is not None else ""),
    ]
    for level in criterion.levels:
        caps = f" Caps the verdict at {level.caps}." if level.caps else ""
        row = (
            f"| {level.value} | {escape(level.label)} ({code(level.id)}) "
            f"| {' or '.join(code(value) for value in level.when)} "
            f"| {escape(level.description)}{caps} {_cite(level.citation)} |"
        )
        if examples is not None:
            found = examples.get(level.id, [])
            row += f" {', '.join(code(name) for name in found) or '—'} |"
        lines.append(row)
    return [*lines, ""]


def render_rubric_markdown(
    rubric: Rubric,
    ref: RubricRef,
    criterion: Criterion | None,
    examples: dict[str, list[str]] | None = None,
) -> str:
    """The rubric, or one criterion, as Markdown for a wiki page or a pull request."""
    footer = f"Rubric {code(ref.name)} {escape(ref.version)}."
    if criterion is not None:
        return "\n".join([*_criterion_markdown(criterion, rubric, examples), footer]) + "\n"
    lines = [
        f"## {escape(rubric.title)}",
        "",
        f"From: {escape(rubric.paper)}",
        "",
        "| Criterion | Weight | Question |",
        "|---|---:|---|",
        *(f"| {code(c.id)} | {c.weight:g} | {escape(c.question)} |" for c in rubric.criteria),
        "",
    ]
    for item in rubric.criteria:
        lines += _criterion_markdown(item, rubric, None)
    lines += [
        "### Gates (failing any one blocks the proposal)",
        "",
        "| Gate | Passes when | The paper |",
        "|---|---|---|",
        *(
            f"| {code(g.id)} {escape(g.title)} | {code(g.fact)} is "
            f"{' or '.join(code(p) for p in g.passes)} | {_cite(g.citation)} |"
            for g in rubric.gates
        ),
        "",
        "### Verdicts",
        "",
        "| Verdict | Score | Meaning and the paper |",
        "|---|---|---|",
        *(
            f"| {b.verdict} | ≥ {b.min_score:g} | {escape(b.meaning)} {_cite(b.citation)} |"
            for b in rubric.verdict_bands
        ),
        "| blocked | any | A gate failed. |",
        "",
        "### Domain tiers",
        "",
        "| Tier | Domains | The paper |",
        "|---|---|---|",
        *(
            f"| {code(t.id)} {escape(t.title)} | {', '.join(code(d) for d in t.domains)} "
            f"| {_cite(t.citation)} |"
            for t in rubric.domain_tiers
        ),
        "",
        footer,
    ]
    return "\n".join(lines) + "\n"
