"""`memo`: a policy memo of the assessments, from a sandboxed Jinja2 template."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
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
)
from cooperation_scorer.cli.output import FORCE_IT, refuse_existing, write_new
from cooperation_scorer.errors import Problem, ScorerError
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES, MAX_TEMPLATE_BYTES, read_regular
from cooperation_scorer.render.memo.context import Header
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import RankedAssessment


def _memo_header(to: str, sender: str, day: str | None, subject: str | None, what: str) -> Header:
    if day is None:
        day = datetime.date.today().isoformat()
    else:
        try:
            day = datetime.date.fromisoformat(day).isoformat()
        except ValueError:
            shaped = len(day) == 10 and day[4] == day[7] == "-" and day.replace("-", "").isdigit()
            why = "there is no such day; check the month and day" if shaped else None
            fatal(f"--date {day}: {why or 'write the date as YYYY-MM-DD'}")
    return Header(
        to, sender, day, subject or f"Proposed U.S.-Russia cooperation in Central Asia: {what}"
    )


def _read_template(path: Path) -> str:
    data = read_regular(path, MAX_TEMPLATE_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = "the template is not valid UTF-8; save it as UTF-8"
        raise ScorerError([Problem(str(path), None, None, message)]) from None


def _robustness(ranked: list[RankedAssessment]) -> str:
    """The sensitivity section of a memo: stability intervals and acceptability, seed 0."""
    from cooperation_scorer.analysis.sensitivity import robustness
    from cooperation_scorer.render.sensitivity import render_sensitivity_markdown

    found = robustness([item.assessment for item in ranked], top=3)
    titles = {item.assessment.id: item.assessment.title for item in ranked}
    first = ranked[0].assessment.id
    return render_sensitivity_markdown(found.intervals, found.smaa, found.top, titles, first)


@app.command()
def memo(
    paths: PathsArgument,
    output: OutputOption = None,
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
            file_okay=False,
            metavar="DIR",
            help="Also write one memo per proposal into DIR, named by proposal id.",
        ),
    ] = None,
    to: Annotated[str, typer.Option("--to", help="The memo's addressee.")] = "The Principal",
    sender: Annotated[
        str, typer.Option("--from", help="Who the memo is from.")
    ] = "Policy Planning Staff",
    subject: Annotated[
        str | None,
        typer.Option("--subject", help="The subject line; default says what was assessed."),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The memo's date (default today)."),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            dir_okay=False,
            metavar="FILE",
            help="Your own Jinja2 template, given the same data as the packaged one.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace memo files that already exist.")
    ] = False,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    no_waivers: NoWaiversOption = False,
) -> None:
    """Write a policy memo of the assessments, ready to send.

    A header, the bottom line, the ranking, a section per proposal (criteria, gates,
    warnings, the paper's words, and recommendations re-scored one change at a time) and
    an appendix of method and sources. Without --output or --split it prints the memo.
    """
    from cooperation_scorer.render.memo.context import memo_context
    from cooperation_scorer.render.memo.template import (
        TemplateError,
        packaged_template,
        render_memo,
    )

    loaded = rubric_or_exit(criteria)
    try:
        source = _read_template(template) if template else packaged_template()
    except ScorerError as error:
        fail_with(error.problems)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=not no_waivers, improve=True)
    report_problems(outcome.problems, first_only=True)
    if outcome.problems:
        fatal("no memo written: fix the invalid files and run again")
    ranked = rank(outcome.assessments)
    count = len(ranked)
    header = _memo_header(
        to, sender, day, subject, f"{count} proposal{'s' * (count != 1)} assessed"
    )
    name = str(template) if template else "memo.md.j2"
    robustness = _robustness(ranked) if len(ranked) > 1 else ""
    try:
        whole = render_memo(
            memo_context(ranked, loaded.rubric, loaded.ref, header, robustness), source, name
        )
        singles = []
        for item in ranked if split else []:
            one = _memo_header(to, sender, day, subject, item.assessment.title)
            context = memo_context([item], loaded.rubric, loaded.ref, one)
            singles.append((item.assessment.id, render_memo(context, source, name)))
    except TemplateError as error:
        fail_with(error.problems)
    writes = [(output, whole)] if output is not None else []
    if split is not None:
        writes += [(split / f"{proposal_id}.md", text) for proposal_id, text in singles]
    # Every target is checked before any is written: a refusal leaves no memo half-done.
    targets: set[Path] = set()
    for path, _ in writes:
        if path.resolve() in targets:  # ids are unique, so only --output can clash
            fatal(
                f"{path}: the --output memo and a --split memo would both be written to this "
                "file; choose another --output"
            )
        targets.add(path.resolve())
    for path, _ in writes:
        if not force:
            refuse_existing(path, FORCE_IT)
        # ids are slugs, so a split memo stays in DIR; this keeps it so
        if split is not None and path is not output and path.resolve().parent != split.resolve():
            fatal(f"{path}: outside {split}; not written")
    if split is not None:
        split.mkdir(parents=True, exist_ok=True)
    for path, text in writes:
        write_new(path, text, force=force)
    if output is None and split is None:
        typer.echo(whole, nl=False)
