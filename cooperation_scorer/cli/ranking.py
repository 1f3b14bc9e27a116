"""`rank`: many proposals ranked, reported in a CI format, and checked against thresholds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.analysis.baseline import BaselineEntry
from cooperation_scorer.analysis.report import build_report
from cooperation_scorer.analysis.thresholds import Failure, Thresholds
from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_FAILED,
    EXIT_INVALID,
    EXIT_OK,
    CriteriaOption,
    MaxBytesOption,
    NoWaiversOption,
    OutputOption,
    PathsArgument,
    evaluate_or_exit,
    fail_with,
    fatal,
    report_problems,
    rubric_or_exit,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import emit
from cooperation_scorer.errors import UnreadableFile, one_line
from cooperation_scorer.load.baseline import BaselineError, parse_baseline
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES, MAX_BASELINE_BYTES, read_regular
from cooperation_scorer.load.validation import suggestion
from cooperation_scorer.render import RANK_RENDERERS, RankFormat
from cooperation_scorer.vocabulary import Verdict


class RankBy(StrEnum):
    """What `rank --by` orders by."""

    SCORE = "score"
    CONSENSUS = "consensus"


class FailOn(StrEnum):
    """The verdicts --fail-on takes: this verdict or worse fails."""

    CONDITIONAL = "conditional"
    NOT_RECOMMENDED = "not-recommended"
    BLOCKED = "blocked"


def _baseline(path: Path | None) -> dict[str, BaselineEntry] | None:
    if path is None:
        return None
    try:
        data = read_regular(path, MAX_BASELINE_BYTES, "is it the JSON output of `rank`?")
        return parse_baseline(data, str(path))
    except (UnreadableFile, BaselineError) as error:
        fail_with(error.problems)


def _explain_failures(failures: list[Failure], total: int) -> None:
    for failure in failures:
        typer.echo(one_line(f"FAIL {failure.id} ({failure.file}): {failure.message}"), err=True)
    failed = len({failure.id for failure in failures})
    typer.echo(f"{failed} of {total} proposals failed the thresholds", err=True)


@app.command("rank")
def rank_command(
    paths: PathsArgument,
    output_format: Annotated[
        RankFormat,
        typer.Option(
            "--format", "-f", help="Output format: table, json, csv, markdown, junit or github."
        ),
    ] = RankFormat.TABLE,
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="SCORE",
            help="Exit 1 when any proposal scores below SCORE.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when any proposal's verdict is this or worse "
            "(conditional < not-recommended < blocked).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            dir_okay=False,
            metavar="PREVIOUS.json",
            help="A JSON output of an earlier rank: show each proposal's change in score, "
            "verdict and rank, and which are new or gone.",
        ),
    ] = None,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 when a proposal's score or verdict got worse than in --baseline.",
        ),
    ] = False,
    no_waivers: NoWaiversOption = False,
    by: Annotated[
        RankBy,
        typer.Option("--by", help="Rank by the score, or by the consensus of the three sides."),
    ] = RankBy.SCORE,
    perspective: Annotated[
        str | None,
        typer.Option(
            "--perspective",
            metavar="NAME",
            help="Rank by one side's score (washington, moscow or host).",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Assess in N processes; 0 (the default) uses every core for large batches.",
        ),
    ] = 0,
) -> None:
    """Rank proposals, best first.

    Not blocked before blocked, then score descending, then id. Directories are searched
    recursively. Exit codes: 0 all pass; 1 a threshold failed; 2 bad usage or an invalid
    file (the valid files are still ranked and reported).
    """
    if fail_on_regression and baseline is None:
        fatal("--fail-on-regression needs --baseline PREVIOUS.json")
    loaded = rubric_or_exit(criteria)
    sides = [p.id for p in loaded.rubric.perspectives]
    if perspective is not None and perspective not in sides:
        fatal(
            f"unknown perspective '{perspective}'{suggestion(perspective, sides)}; "
            f"use one of {', '.join(sides)}"
        )
    if by is RankBy.CONSENSUS and perspective is not None:
        fatal(f"--by consensus and --perspective {perspective} ask for two orders; give one")
    if by is RankBy.CONSENSUS and not sides:
        fatal("--by consensus needs perspectives in the rubric")
    previous = _baseline(baseline)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=not no_waivers, jobs=jobs)
    thresholds = Thresholds(
        fail_under=fail_under,
        fail_on=Verdict(fail_on.value) if fail_on else None,
        fail_on_regression=fail_on_regression,
    )
    report = build_report(
        outcome.assessments,
        loaded.ref,
        thresholds=thresholds,
        baseline=previous,
        problems=outcome.problems,
        waivers_honoured=not no_waivers,
        ranked_by=perspective or by.value,
    )
    if report.ranked or outcome.problems:
        render = RANK_RENDERERS[output_format]
        text = render(report, use_color(output), terminal_width(output))
        emit(text, output, invalid=len({p.path for p in outcome.problems}))
    report_problems(outcome.problems, first_only=True)
    if report.failures:
        _explain_failures(report.failures, len(report.ranked))
    if outcome.problems:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_FAILED if report.failures else EXIT_OK)
