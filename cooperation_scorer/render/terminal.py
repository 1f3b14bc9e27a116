"""Rich terminal output: score panels, the ranking table and the rubric; returned as text."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cooperation_scorer.analysis.baseline import Change
from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.analysis.revisions import Comparison
from cooperation_scorer.model.rubric import Citation, Criterion, Rubric, RubricRef
from cooperation_scorer.render.escape import visible
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.score.results import Assessment

if TYPE_CHECKING:  # numpy is imported only by the command that needs it
    from cooperation_scorer.analysis.sensitivity import Smaa, WeightInterval
from cooperation_scorer.vocabulary import DOMAIN_TIER_FACT, Verdict

VERDICT_STYLE = {
    Verdict.RECOMMENDED: "bold green",
    Verdict.CONDITIONAL: "bold yellow",
    Verdict.NOT_RECOMMENDED: "bold red",
    Verdict.BLOCKED: "bold white on red",
}


def _to_text(renderables: Iterable[RenderableType], *, color: bool, width: int) -> str:
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return stream.getvalue()


def _verdict(verdict: Verdict) -> Text:
    return Text(verdict.value, style=VERDICT_STYLE[verdict])


def _cite(citation: Citation) -> Text:
    return Text.assemble((citation.section, "italic"), ": “", citation.quote, "”")


def _rubric_line(rubric: RubricRef) -> Text:
    return Text(str(rubric), style="dim")


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _assessment_panel(assessment: Assessment) -> Panel:
    heading = Text.assemble(
        ("Score ", "bold"),
        (f"{assessment.score:.1f}", "bold"),
        " / 100   ",
        ("Verdict ", "bold"),
        _verdict(assessment.verdict),
        f"   ({visible(assessment.file)})",
    )
    criteria = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=False)
    criteria.add_column("Criterion", ratio=2)
    criteria.add_column("Level", ratio=2)
    criteria.add_column("Points", justify="right", no_wrap=True)
    criteria.add_column("Reason and evidence", ratio=6)
    for result in assessment.criteria:
        criteria.add_row(
            Text(result.id),
            Text(f"{result.level_label} ({result.value}/{result.max_value})"),
            f"{_points(result.points)}/{_points(result.max_points)}",
            Text.assemble(
                result.reason, "\n", (f"[{result.source}] ", "cyan"), (result.evidence, "dim")
            ),
        )
    gates = Table(box=box.SIMPLE_HEAD, expand=True)
    gates.add_column("Gate", ratio=2)
    gates.add_column("", no_wrap=True)
    gates.add_column("Reason", ratio=8)
    for gate in assessment.gates:
        mark = Text("pass", style="green") if gate.passed else Text("FAIL", style="bold red")
        gates.add_row(Text(gate.id), mark, Text(gate.reason))
    parts: list[RenderableType] = [heading, criteria, gates]
    if assessment.consensus is not None:
        parts.append(_sides(assessment))
    if assessment.caps:
        parts.append(Text("Caps", style="bold"))
        parts.extend(Text(f"  • {cap.reason}") for cap in assessment.caps)
    if assessment.warnings:
        parts.append(Text("Warnings", style="bold yellow"))
        parts.extend(Text(f"  ! {warning}") for warning in assessment.warnings)
    if assessment.improvements:
        parts.append(Text("What would raise it most", style="bold green"))
        for item in assessment.improvements:
            lifts = " (lifts the block)" if item.unblocks else ""
            parts.append(Text(f"  + {item.change}{lifts}"))
    parts.append(Text("What the paper says", style="bold"))
    parts.extend(
        Text.assemble(f"  {result.id} — ", _cite(result.citation)) for result in assessment.criteria
    )
    return Panel(
        Group(*parts),
        title=Text(f"{assessment.id} — {assessment.title}", style="bold"),
        title_align="left",
    )


def _sides(assessment: Assessment) -> Text:
    """Each side's score and verdict, and the consensus with the side that holds it down."""
    text = Text("Perspectives  ", style="bold")
    for side in assessment.perspectives:
        text.append(f"{side.title} {side.score:.1f} ")
        text.append_text(_verdict(side.verdict))
        text.append("   ")
    if assessment.consensus is not None:
        held = next(
            p.title for p in assessment.perspectives if p.id == assessment.consensus.held_by
        )
        text.append(f"\nConsensus {assessment.consensus.score:.1f}, held down by {held}")
    for side in assessment.perspectives:
        for note in side.adjustments:
            text.append(f"\n  {side.title}: {note}", style="dim")
    return text


def render_assessments(
    assessments: list[Assessment], rubric: RubricRef, *, color: bool, width: int
) -> str:
    """One panel per proposal, in the order given."""
    return _to_text(
        [*(_assessment_panel(a) for a in assessments), _rubric_line(rubric)],
        color=color,
        width=width,
    )


def _change(change: Change | None) -> Text:
    if change is None:
        return Text("")
    if change.status == "new":
        return Text("new", style="cyan")
    if change.status == "unchanged":
        return Text("same", style="dim")
    delta = change.score_delta or 0.0
    text = Text(f"{delta:+.1f}", style="green" if delta > 0 else "red" if delta < 0 else "")
    if change.rank_before is not None and change.rank_after is not None:
        step = change.rank_before - change.rank_after
        if step:
            text.append(f" rank {step:+d}")
    if change.verdict_before is not None and change.verdict_before != change.verdict_after:
        text.append(f" was {change.verdict_before.value}", style="yellow")
    return text


def render_ranking(report: RankReport, *, color: bool, width: int) -> str:
    """The ranking table: rank, id, title, score, verdict, the weakest criterion (and the
    change since the baseline); then failures, waivers and a count per verdict."""
    changes = {change.id: change for change in report.changes or []}
    table = Table(box=box.SIMPLE_HEAD, title="Ranking", expand=True)
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("Title", ratio=3)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Weakest criterion", ratio=2)
    # Ranked by one side, that side's column stands where the consensus would: no wider.
    side_title = report.side_title()
    sided = side_title is None and any(item.assessment.consensus for item in report.ranked)
    if sided:
        table.add_column("Consensus", no_wrap=True)
    if side_title is not None:
        table.add_column(side_title, no_wrap=True)
    if report.changes is not None:
        table.add_column("Change", no_wrap=True)
    for item in report.ranked:
        assessment = item.assessment
        weakest = assessment.weakest
        if assessment.verdict is Verdict.BLOCKED:
            why = Text("gate: " + ", ".join(gate.id for gate in assessment.failed_gates))
        else:
            why = Text(f"{weakest.id} ({weakest.level_label})")
        for gate in assessment.waived_gates:
            why.append(f"\nwaived: {gate.id}", style="magenta")
        cells: list[RenderableType] = [
            str(item.rank),
            Text(assessment.id),
            Text(assessment.title),
            f"{assessment.score:.1f}",
            _verdict(assessment.verdict),
            why,
        ]
        if sided and assessment.consensus is not None:
            held = assessment.consensus.held_by[0].upper()
            cells.append(f"{assessment.consensus.score:.1f} {held}")
        side = assessment.side(report.ranked_by)
        if side_title is not None:
            cells.append(f"{side.score:.1f}" if side else "")  # its verdict: JSON, Markdown
        if report.changes is not None:
            cells.append(_change(changes.get(assessment.id)))
        table.add_row(*cells)
    counts = verdict_counts([item.assessment for item in report.ranked])
    summary = Text(
        f"{len(report.ranked)} proposals: "
        + ", ".join(f"{count} {verdict.value}" for verdict, count in counts.items())
    )
    if sided:
        sides = ", ".join(
            f"{p.id[0].upper()} {p.title}" for p in report.ranked[0].assessment.perspectives
        )
        summary.append(f"; consensus: the lowest side's score ({sides})")
    if report.ranked_by_words():
        summary.append(f"; {report.ranked_by_words()}")
    if report.waivers_honoured and report.waived:
        summary.append(f"; {report.waived} gate(s) waived")
    if not report.waivers_honoured:
        summary.append("; waivers ignored (--no-waivers)")
    parts: list[RenderableType] = [table, summary]
    gone = [change for change in report.changes or [] if change.status == "gone"]
    for change in gone:
        parts.append(Text(f"gone since the baseline: {change.id} (was rank {change.rank_before})"))
    for item in report.ranked:
        for gate in item.assessment.waived_gates:
            parts.append(Text(f"waived: {item.assessment.id}: {gate.id}: {gate.waiver}"))
    parts.append(_rubric_line(report.rubric))
    return _to_text(parts, color=color, width=width)


def _when(criterion: Criterion, values: list[str], rubric: Rubric) -> str:
    """When a level applies, in the proposal's terms: domain tiers list their domains."""
    if criterion.fact == DOMAIN_TIER_FACT:
        tiers = {tier.id: tier for tier in rubric.domain_tiers}
        return "domain is " + ", ".join(d for v in values for d in tiers[v].domains)
    return f"{criterion.fact} is " + " or ".join(values)


def _criterion_block(
    criterion: Criterion, rubric: Rubric, examples: dict[str, list[str]] | None = None
) -> RenderableType:
    share = criterion.weight / rubric.total_weight * 100
    levels = Table(box=box.SIMPLE_HEAD, expand=True)
    levels.add_column("Value", justify="right", no_wrap=True)
    levels.add_column("Level", ratio=2, overflow="fold")
    levels.add_column("When", ratio=2)
    levels.add_column("Meaning and the paper", ratio=6)
    if examples is not None:
        levels.add_column("Examples", ratio=4, overflow="fold")
    for level in criterion.levels:
        meaning = Text(level.description)
        if level.caps:
            meaning.append(f"\nCaps the verdict at {level.caps}.", style="yellow")
        meaning.append("\n")
        meaning.append_text(_cite(level.citation))
        cells: list[RenderableType] = [
            str(level.value),
            Text(f"{level.label} ({level.id})"),
            Text(_when(criterion, level.when, rubric)),
            meaning,
        ]
        if examples is not None:
            cells.append(Text("\n".join(examples.get(level.id, [])) or "—", style="cyan"))
        levels.add_row(*cells)
    return Panel(
        Group(
            Text(criterion.question),
            Text(
                f"Weight {_points(criterion.weight)} ({share:.0f}% of the score); "
                f"reads the fact '{criterion.fact}'."
            ),
            _cite(criterion.citation),
            levels,
        ),
        title=Text(f"{criterion.id} — {criterion.title}", style="bold"),
        title_align="left",
    )


def render_rubric(
    rubric: Rubric,
    ref: RubricRef,
    criterion: Criterion | None,
    *,
    color: bool,
    width: int,
    examples: dict[str, list[str]] | None = None,
) -> str:
    """The rubric as a reader wants it: criteria, levels, gates, bands, tiers, citations;
    for one criterion, with `examples`, the proposals that sit at each level, and without,
    a line saying why there are none."""
    if criterion is not None:
        parts: list[RenderableType] = [_criterion_block(criterion, rubric, examples)]
        if examples is None:
            parts.append(
                Text(
                    "No example proposals: run from a folder holding proposals/ or pass "
                    "--examples DIR."
                )
            )
        return _to_text([*parts, _rubric_line(ref)], color=color, width=width)
    intro = Text.assemble((rubric.title, "bold"), f"\nFrom: {rubric.paper}\n", _rubric_line(ref))
    weights = Table(title="Criteria", box=box.SIMPLE_HEAD, expand=True)
    weights.add_column("Criterion", ratio=2)
    weights.add_column("Weight", justify="right", no_wrap=True)
    weights.add_column("Question", ratio=5)
    for item in rubric.criteria:
        weights.add_row(Text(item.id), _points(item.weight), Text(item.question))
    gates = Table(
        title="Gates (failing any one blocks the proposal)", box=box.SIMPLE_HEAD, expand=True
    )
    gates.add_column("Gate", ratio=2)
    gates.add_column("Passes when", ratio=3)
    gates.add_column("The paper", ratio=6)
    for gate in rubric.gates:
        gates.add_row(
            Text(f"{gate.id}\n{gate.title}"),
            Text(f"{gate.fact} is " + " or ".join(gate.passes)),
            _cite(gate.citation),
        )
    bands = Table(title="Verdicts", box=box.SIMPLE_HEAD, expand=True)
    bands.add_column("Verdict", no_wrap=True)
    bands.add_column("Score", no_wrap=True)
    bands.add_column("Meaning and the paper", ratio=6)
    for band in rubric.verdict_bands:
        meaning = Text(band.meaning + "\n")
        meaning.append_text(_cite(band.citation))
        bands.add_row(_verdict(Verdict(band.verdict)), f"≥ {_points(band.min_score)}", meaning)
    bands.add_row(_verdict(Verdict.BLOCKED), "any", Text("A gate failed."))
    tiers = Table(title="Domain tiers", box=box.SIMPLE_HEAD, expand=True)
    tiers.add_column("Tier", ratio=2)
    tiers.add_column("Domains", ratio=3)
    tiers.add_column("The paper", ratio=5)
    for tier in rubric.domain_tiers:
        tiers.add_row(
            Text(f"{tier.id}\n{tier.title}"), Text(", ".join(tier.domains)), _cite(tier.citation)
        )
    frictions = Table(title="Points of friction", box=box.SIMPLE_HEAD, expand=True)
    frictions.add_column("Friction", ratio=2)
    frictions.add_column("Severity", no_wrap=True)
    frictions.add_column("The paper", ratio=6)
    for friction in rubric.frictions:
        frictions.add_row(Text(friction.id), friction.severity, _cite(friction.citation))
    blocks: list[RenderableType] = [intro, weights]
    blocks.extend(_criterion_block(item, rubric) for item in rubric.criteria)
    blocks.extend([gates, bands, tiers, frictions])
    return _to_text(blocks, color=color, width=width)


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
        _verdict(old.verdict),
        " → ",
        _verdict(new.verdict),
    )
    parts: list[RenderableType] = [heading]
    if comparison.criteria:
        table = Table(box=box.SIMPLE_HEAD, title="Criteria that moved")
        for column in ("Criterion", "Before", "After", "Points"):
            table.add_column(column, justify="right" if column == "Points" else "left")
        for c in comparison.criteria:
            table.add_row(Text(c.id), Text(c.level_before), Text(c.level_after), f"{c.delta:+g}")
        parts.append(table)
    if comparison.facts:
        table = Table(box=box.SIMPLE_HEAD, title="Facts that changed")
        for column in ("Fact", "Before", "After"):
            table.add_column(column)
        for f in comparison.facts:
            table.add_row(
                Text(f.name),
                Text(f"{_fact_text(f.before)} ({f.source_before})"),
                Text(f"{_fact_text(f.after)} ({f.source_after})"),
            )
        parts.append(table)
    if not comparison.facts and not comparison.criteria:
        parts.append(Text("No fact and no criterion changed."))
    parts.append(_rubric_line(rubric))
    return _to_text(parts, color=color, width=width)


def _fact_text(value: str | tuple[str, ...]) -> str:
    return ", ".join(value) or "none" if isinstance(value, tuple) else value


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
    return _to_text(
        [table, headline, shares, *ties, _rubric_line(rubric)], color=color, width=width
    )
