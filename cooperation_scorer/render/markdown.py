"""Markdown text from proposal data, escaped; and the ranked table for a CI job summary."""

from __future__ import annotations

import re

from cooperation_scorer.analysis.baseline import Change
from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.render.escape import markdown_code, visible
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.vocabulary import Verdict

# Markup anywhere in a line; and at its start, what would open a heading, list or quote.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^([#+=-])")
_ORDERED_START = re.compile(r"^(\d+)([.)])(?=\s|$)")  # "1.1.0" opens no list


def escape(text: str) -> str:
    """Text shown as written: no markup, no raw HTML, no heading, no list, one line."""
    flat = visible(" ".join(text.split()))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _SPECIAL.sub(r"\\\1", flat)
    flat = _BLOCK_START.sub(r"\\\1", flat)
    return _ORDERED_START.sub(r"\1\\\2", flat)


def code(text: str) -> str:
    """An id, value or file name as inline code, exactly as written, safe in a table too."""
    return markdown_code(text, in_table=True)


def _delta(change: Change | None) -> str:
    if change is None:
        return ""
    if change.status == "new":
        return "new"
    if change.status == "unchanged":
        return "same"
    delta = change.score_delta or 0.0
    moved = ""
    if change.rank_before is not None and change.rank_after is not None:
        step = change.rank_before - change.rank_after
        moved = f", rank {'+' if step > 0 else ''}{step}" if step else ""
    verdict = ""
    if change.verdict_before is not None and change.verdict_before != change.verdict_after:
        verdict = f", was {change.verdict_before.value}"
    return f"{delta:+.1f}{moved}{verdict}"


def _outcome(report: RankReport) -> str:
    """The job's outcome in one line, agreeing with the exit code."""
    if report.problems:
        failed = f"; {report.failed} proposal(s) failed the thresholds" if report.failures else ""
        return (
            f"**Invalid input** (exit 2): {report.invalid} file(s) could not be assessed, "
            f"listed below{failed}."
        )
    if report.failures:
        return (
            f"**Failed** (exit 1): {report.failed} of {len(report.ranked)} proposals failed "
            "the thresholds."
        )
    return "**Passed** (exit 0): no threshold failed."


def render_markdown(report: RankReport) -> str:
    """A ranked table fit for `$GITHUB_STEP_SUMMARY`, then failures, changes and waivers."""
    changes = {c.id: c for c in report.changes or []}
    has_baseline = report.changes is not None
    head = "| Rank | Proposal | Score | Verdict | Weakest criterion |"
    rule = "|---:|---|---:|---|---|"
    sided = any(item.assessment.consensus for item in report.ranked)
    if sided:
        head += " Consensus |"
        rule += "---|"
    perspective_title = report.perspective_title()
    if perspective_title is not None:
        head += f" {escape(perspective_title)} |"
        rule += "---|"
    if has_baseline:
        head += " Change |"
        rule += "---|"
    lines = ["## Cooperation proposals, ranked", "", _outcome(report), "", head, rule]
    for item in report.ranked:
        a = item.assessment
        weakest = (
            "gate " + ", ".join(code(g.id) for g in a.failed_gates)
            if a.verdict is Verdict.BLOCKED
            else f"{code(a.weakest.id)} ({escape(a.weakest.level_label)})"
        )
        row = (
            f"| {item.rank} | {escape(a.title)} ({code(a.id)}) | {a.score:.1f} "
            f"| {a.verdict.value} | {weakest} |"
        )
        if sided:
            row += (
                f" {a.consensus.score:.1f} {a.consensus.verdict.value} ({a.consensus.held_by}) |"
                if a.consensus
                else " |"
            )
        if perspective_title is not None:
            side = a.perspective(report.ranked_by)
            row += f" {side.score:.1f} {side.verdict.value} |" if side else " |"
        if has_baseline:
            row += f" {_delta(changes.get(a.id))} |"
        lines.append(row)
    counts = verdict_counts([item.assessment for item in report.ranked])
    summary = ", ".join(f"{count} {verdict.value}" for verdict, count in counts.items())
    by = report.ranked_by_words()
    lines += ["", f"{len(report.ranked)} proposals: {summary}{'; ' + by if by else ''}."]
    if report.waivers_honoured and report.waived:
        lines.append(f"{report.waived} gate{'s' * (report.waived != 1)} waived, listed below.")
    if not report.waivers_honoured:
        lines.append("Waivers ignored (`--no-waivers`).")
    if report.failures:
        lines += ["", "### Failed thresholds", ""]
        lines += [f"- {code(f.id)}: {escape(f.message)}" for f in report.failures]
    warnings = [f for f in report.findings if f.level == "warning"]
    if warnings:
        lines += ["", "### Warnings (not failing the job)", ""]
        lines += [f"- {code(f.id or '')}: {escape(f.message)}" for f in warnings]
    gone = [c for c in report.changes or [] if c.status == "gone"]
    if gone:
        lines += ["", "### Gone since the baseline", ""]
        lines += [f"- {code(c.id)} ({escape(c.title)}), was rank {c.rank_before}" for c in gone]
    waived = [(item.assessment, g) for item in report.ranked for g in item.assessment.waived_gates]
    if waived:
        lines += ["", "### Waived gates", ""]
        lines += [f"- {code(a.id)}: {code(g.id)}: {escape(g.waiver or '')}" for a, g in waived]
    bilateral = [item.assessment for item in report.ranked if item.assessment.bilateral_exception]
    if bilateral:
        lines += ["", "### Genuinely bilateral issues (the paper's exception, not a waiver)", ""]
        lines += [f"- {code(a.id)}: {escape(a.bilateral_exception or '')}" for a in bilateral]
    if report.problems:
        lines += ["", "### Invalid files", ""]
        lines += [f"- {escape(str(problem))}" for problem in report.problems]
    rubric = report.rubric
    lines += [
        "",
        f"Rubric {code(rubric.name)} {escape(rubric.version)}, sha256 {code(rubric.sha256)}.",
    ]
    return "\n".join(lines) + "\n"
