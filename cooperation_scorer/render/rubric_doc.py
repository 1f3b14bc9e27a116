"""The rubric as a reference page (docs/rubric.md's generated part): every criterion, level,
gate, band, tier, friction and perspective, each with the paper's words. Returns text."""

from __future__ import annotations

from cooperation_scorer.model.rubric import Citation, Rubric
from cooperation_scorer.render.markdown import escape


def _cite(citation: Citation) -> str:
    return f"“{escape(citation.quote)}” ({escape(citation.section)})"


def _values(values: list[str]) -> str:
    return ", ".join(f"`{value}`" for value in values)


def rubric_reference(rubric: Rubric) -> str:
    """Markdown for one rubric, in the order the scorer applies it: gates, criteria, bands."""
    lines = [
        f"## Reference: {escape(rubric.title)} ({rubric.name} {rubric.version})",
        "",
        f"Drawn from *{escape(rubric.paper)}*. Criteria weigh {rubric.total_weight:g} points "
        "in all; a criterion's points are its weight × the level's value / the highest value.",
        "",
        "### Gates",
        "",
        "Failing one gives the verdict `blocked`, whatever the score; a waiver says why a gate",
        "is failed on purpose.",
        "",
        "| gate | fact | passes when | the paper |",
        "|---|---|---|---|",
    ]
    for gate in rubric.gates:
        lines.append(
            f"| `{gate.id}`: {escape(gate.title)} | `{gate.fact}` | {_values(gate.passes)} "
            f"| {_cite(gate.citation)} |"
        )
    lines += ["", "### Criteria", ""]
    for criterion in rubric.criteria:
        lines += [
            f"#### `{criterion.id}`: {escape(criterion.title)} (weight {criterion.weight:g})",
            "",
            f"{escape(criterion.question)} Reads the fact `{criterion.fact}`. "
            f"{_cite(criterion.citation)}",
            "",
            "| value | level | when the fact is | caps the verdict at | the paper |",
            "|---:|---|---|---|---|",
        ]
        for level in criterion.levels:
            lines.append(
                f"| {level.value} | {escape(level.label)} | {_values(level.when)} "
                f"| {level.caps or '—'} | {_cite(level.citation)} |"
            )
        lines.append("")
    lines += [
        "### Verdict bands",
        "",
        "| verdict | from score | meaning | the paper |",
        "|---|---:|---|---|",
    ]
    for band in rubric.verdict_bands:
        lines.append(
            f"| `{band.verdict}` | {band.min_score:g} | {escape(band.meaning)} "
            f"| {_cite(band.citation)} |"
        )
    lines += ["", "### Domain tiers", "", "| tier | domains | the paper |", "|---|---|---|"]
    for tier in rubric.domain_tiers:
        domains = _values(tier.domains)
        lines.append(f"| `{tier.id}`: {escape(tier.title)} | {domains} | {_cite(tier.citation)} |")
    cited = [domain for domain in rubric.domains if domain.citation is not None]
    if cited:
        lines += ["", "Domains that cite their own passage for the domain criterion:", ""]
        lines += [
            f"- `{d.id}` ({escape(d.title)}): {_cite(d.citation)}" for d in cited if d.citation
        ]
    if rubric.frictions:
        lines += ["", "### Frictions", "", "| friction | severity | the paper |", "|---|---|---|"]
        for friction in rubric.frictions:
            lines.append(f"| `{friction.id}` | {friction.severity} | {_cite(friction.citation)} |")
    for side in rubric.perspectives:
        lines += [
            "",
            f"### Perspective: {escape(side.title)} (`{side.id}`)",
            "",
            _cite(side.citation),
        ]
        if side.weights:
            weights = ", ".join(f"`{key}` {value:g}" for key, value in side.weights.items())
            lines += ["", f"Weights changed from the rubric's: {weights}."]
        if side.adjustments:
            lines += ["", "| criterion | when the fact | is | value | why | the paper |"]
            lines += ["|---|---|---|---:|---|---|"]
            for adjustment in side.adjustments:
                lines.append(
                    f"| `{adjustment.criterion}` | `{adjustment.fact}` | "
                    f"{_values(adjustment.when)} | {adjustment.value} | "
                    f"{escape(adjustment.reason)} | {_cite(adjustment.citation)} |"
                )
    return "\n".join(lines) + "\n"
