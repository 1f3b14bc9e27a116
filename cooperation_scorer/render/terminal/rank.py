"""`rank`: the ranking table, with the change since a baseline."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from cooperation_scorer.analysis.baseline import Change
from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.render.terminal.common import rubric_line, to_text, verdict_text
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.vocabulary import Verdict


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
            verdict_text(assessment.verdict),
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
    parts.append(rubric_line(report.rubric))
    return to_text(parts, color=color, width=width)
