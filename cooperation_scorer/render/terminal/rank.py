"""`rank`: the ranking table, one line per proposal, with the change since a baseline.

Columns in their order of importance: Rank, ID, Score and Verdict (and, ranked by the
consensus or one side, that score) are never dropped nor cut; then Change, Was (the verdict
before), Weakest, Title and the consensus.
When the table is too wide the title is cut first, with an ellipsis, down to 16 characters;
then columns go from the least important: the consensus, the title, the weakest criterion
(failed gates first shortened to codes, then criteria too, with a legend below; then
dropped), the verdict before, the change.
`--wide` (width WIDE) keeps every column whole and adds the weakest criterion's level."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from cooperation_scorer.analysis.baseline import Change
from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.render import WIDE
from cooperation_scorer.render.terminal.common import (
    Column,
    console_width,
    fit,
    fitted_table,
    rubric_line,
    to_text,
    verdict_text,
)
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.score.results import Assessment
from cooperation_scorer.vocabulary import Verdict

TITLE_AT_LEAST = 16  # characters of a cut title; fewer say nothing
WAIVED = "*"  # after the verdict of a proposal whose failed gate is waived


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
            text.append(f" {'↑' if step > 0 else '↓'}{abs(step)}")
    return text


def _was(change: Change | None) -> Text:
    if change is None or change.verdict_before is None:
        return Text("")
    if change.verdict_before == change.verdict_after:
        return Text("")
    return verdict_text(change.verdict_before)


def _weakest(assessment: Assessment, *, wide: bool) -> tuple[Text, Text, Text]:
    """The weakest criterion, or the failed gates: whole; with gates as codes; all codes."""
    if assessment.verdict is Verdict.BLOCKED:
        failed = [gate.id for gate in assessment.failed_gates]
        codes = Text(",".join(_code(assessment, gate) for gate in failed), style="red")
        return Text("gate " + ", ".join(failed), style="red"), codes, codes
    weakest = assessment.weakest
    whole = Text(weakest.id)
    if wide:
        whole.append(f" ({weakest.level_label})", style="dim")
    return whole, Text(weakest.id), Text(_code(assessment, weakest.id))


def _code(assessment: Assessment, name: str) -> str:
    """C and the criterion's place in the rubric, or G and the gate's."""
    criteria = [c.id for c in assessment.criteria]
    if name in criteria:
        return f"C{criteria.index(name) + 1}"
    return f"G{[gate.id for gate in assessment.gates].index(name) + 1}"


def _legend(report: RankReport, *, gates_only: bool) -> Text:
    """What each code of a short Weakest column stands for, those used only."""
    used: dict[str, str] = {}
    for item in report.ranked:
        assessment = item.assessment
        if assessment.verdict is Verdict.BLOCKED:
            for gate in assessment.failed_gates:
                used[_code(assessment, gate.id)] = gate.id
        elif not gates_only:
            used[_code(assessment, assessment.weakest.id)] = assessment.weakest.id
    ordered = sorted(used.items(), key=lambda pair: (pair[0][0], int(pair[0][1:])))
    what = "Failed gates" if gates_only else "Weakest criterion or failed gate"
    return Text(f"{what}: " + ", ".join(f"{code} {name}" for code, name in ordered), style="dim")


def _columns(report: RankReport, wide: bool) -> tuple[list[Column], Column, Column]:
    """The table's columns in display order, and the two shorter forms of Weakest."""
    changes = {change.id: change for change in report.changes or []}
    ranked = report.ranked
    assessments = [item.assessment for item in ranked]
    weakest = [_weakest(a, wide=wide) for a in assessments]
    columns = [
        Column("Rank", [Text(str(item.rank)) for item in ranked], "right"),
        Column("ID", [Text(a.id) for a in assessments]),
        Column("Score", [Text(f"{a.score:.1f}") for a in assessments], "right"),
        Column(
            "Verdict",
            [verdict_text(a.verdict).append(WAIVED if a.waived_gates else "") for a in assessments],
        ),
    ]
    if report.changes is not None:
        columns.append(Column("Change", [_change(changes.get(a.id)) for a in assessments], drop=5))
        was = [_was(changes.get(a.id)) for a in assessments]
        if any(cell.plain for cell in was):
            columns.append(Column("Was", was, drop=4))
    short = Column("Weakest", [code for _, _, code in weakest], drop=3)
    gates = Column("Weakest", [mixed for _, mixed, _ in weakest], drop=2, fallback=short)
    columns.append(Column("Weakest", [whole for whole, _, _ in weakest], drop=2, fallback=gates))
    columns.append(
        Column("Title", [Text(a.title) for a in assessments], drop=1, shrink_to=TITLE_AT_LEAST)
    )
    # Ranked by one side, that side's column stands where the consensus would; the column
    # the order follows is never dropped, and stands beside the score.
    perspective_title = report.perspective_title()
    key = None if report.ranked_by == "score" else 4
    if perspective_title is not None:
        scores = [a.perspective(report.ranked_by) for a in assessments]
        cells = [Text(f"{side.score:.1f}" if side else "") for side in scores]
        order = Column(perspective_title, cells, "right", drop=None if key else 0)
    elif any(a.consensus for a in assessments):
        cells = [
            Text(f"{a.consensus.score:.1f} {a.consensus.held_by[0].upper()}" if a.consensus else "")
            for a in assessments
        ]
        order = Column("Consensus", cells, "right", drop=None if key else 0)
    else:
        order = None
    if order is not None:
        columns.insert(key or len(columns), order)
    return columns, gates, short


def _summary(report: RankReport) -> Text:
    counts = verdict_counts([item.assessment for item in report.ranked])
    total = len(report.ranked)
    summary = Text(
        f"{total} proposal{'' if total == 1 else 's'}: "
        + ", ".join(f"{count} {verdict.value}" for verdict, count in counts.items())
    )
    sided = report.perspective_title() is None and any(
        item.assessment.consensus for item in report.ranked
    )
    if sided:
        sides = ", ".join(
            f"{p.id[0].upper()} {p.title}" for p in report.ranked[0].assessment.perspectives
        )
        summary.append(
            f"; consensus: the lowest side's score and the worst side's verdict ({sides})"
        )
    if report.ranked_by_words():
        summary.append(f"; {report.ranked_by_words()}")
    if report.waivers_honoured and report.waived:
        summary.append(f"; {report.waived} gate{'' if report.waived == 1 else 's'} waived")
    if not report.waivers_honoured:
        summary.append("; waivers ignored (--no-waivers)")
    return summary


def render_ranking(report: RankReport, *, color: bool, width: int) -> str:
    """The ranking table, one line per proposal, fitted to `width` (WIDE: every column);
    then the legend of short codes, what is gone since the baseline, the waivers, a count
    per verdict and the rubric."""
    wide = width == WIDE
    columns, gates, short = _columns(report, wide)
    layout = fit(columns, width)
    parts: list[RenderableType] = [fitted_table(layout)]
    shown = [column for column, _ in layout]
    if short in shown or (gates in shown and any(c.plain.startswith("G") for c in gates.cells)):
        parts.append(_legend(report, gates_only=short not in shown))
    for change in report.changes or []:
        if change.status == "gone":
            gone = f"gone since the baseline: {change.id} (was rank {change.rank_before})"
            parts.append(Text(gone))
    for item in report.ranked:
        for gate in item.assessment.waived_gates:
            parts.append(Text(f"{WAIVED} waived: {item.assessment.id}: {gate.id}: {gate.waiver}"))
        if item.assessment.bilateral_exception is not None:
            exception = item.assessment.bilateral_exception
            parts.append(Text(f"bilateral exception: {item.assessment.id}: {exception}"))
    parts += [
        Text(f"{finding.level}: {finding.title}: {finding.message}", style="yellow")
        for finding in report.findings
        if finding.rule == "unused-waiver"
    ]
    parts += [Text(f"invalid: {problem}", style="red") for problem in report.problems]
    parts.extend([_summary(report), rubric_line(report.rubric)])
    return to_text(parts, color=color, width=console_width(width, layout))
