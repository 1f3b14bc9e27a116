"""Checking without scoring: `validate` proposal files, and `explain` the rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    SETTINGS,
    CacheDirOption,
    CriteriaOption,
    MaxBytesOption,
    NoCacheOption,
    OutputOption,
    PathsArgument,
    StdinFilenameOption,
    cache_or_none,
    evaluate_or_exit,
    fatal,
    report_problems,
    rubric_or_exit,
    rubric_or_none,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import emit
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES
from cooperation_scorer.load.validation import suggestion
from cooperation_scorer.render import CheckFormat

FormatOption = Annotated[
    CheckFormat,
    typer.Option("--format", "-f", help="text, json or markdown."),
]


@app.command()
def validate(
    paths: PathsArgument,
    output_format: FormatOption = CheckFormat.TEXT,
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    stdin_filename: StdinFilenameOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Check proposal files without scoring them.

    Prints one line per problem, `path:line:column: message`, then a count and the rubric
    (-q: the problems only). As json or markdown, the problems are in the report.
    """
    cache = cache_or_none(no_cache, cache_dir)
    loaded = rubric_or_exit(criteria, cache=cache)
    outcome = evaluate_or_exit(
        paths,
        loaded,
        max_bytes,
        waivers=True,
        stdin_filename=stdin_filename,
        cache=cache,
        check_only=True,
    )
    exit_code = EXIT_INVALID if outcome.problems else EXIT_OK
    if output_format is not CheckFormat.TEXT:
        from cooperation_scorer.render.validation import (
            render_validation_json,
            render_validation_markdown,
        )

        render = {
            CheckFormat.JSON: render_validation_json,
            CheckFormat.MARKDOWN: render_validation_markdown,
        }[output_format]
        valid = [a.file for a in outcome.assessments] + [c.file for c in outcome.checked]
        emit(render(valid, outcome.problems, loaded.ref), output, invalid=0)
        raise typer.Exit(exit_code)
    report_problems(outcome.problems)
    bad_files = len({problem.path for problem in outcome.problems})
    valid_files = len(outcome.assessments) + len(outcome.checked)
    summary = f"{valid_files} valid, {bad_files} invalid; {loaded.ref}\n"
    if not SETTINGS.quiet or output is not None:
        emit(summary, output, invalid=0)
    raise typer.Exit(exit_code)


def _complete_criterion(incomplete: str) -> list[str]:
    loaded = rubric_or_none()
    if loaded is None:
        return []
    return [c.id for c in loaded.rubric.criteria if c.id.startswith(incomplete)]


@app.command()
def explain(
    criterion: Annotated[
        str | None,
        typer.Argument(
            metavar="CRITERION",
            help="A criterion id; leave out to show the whole rubric.",
            autocompletion=_complete_criterion,
        ),
    ] = None,
    examples: Annotated[
        Path | None,
        typer.Option(
            "--examples",
            file_okay=False,
            metavar="DIR",
            help="Proposals to show at each level of CRITERION. Default: ./proposals if present.",
        ),
    ] = None,
    output_format: FormatOption = CheckFormat.TEXT,
    output: OutputOption = None,
    criteria: CriteriaOption = None,
) -> None:
    """Show the rubric, or one criterion.

    Criteria, levels, weights, gates, caps, verdict bands, domain tiers and frictions,
    each with its citation from the paper.
    """
    from cooperation_scorer.pipeline import levels_reached
    from cooperation_scorer.render.terminal.rubric import render_rubric

    loaded = rubric_or_exit(criteria)
    chosen = None
    if criterion is not None:
        chosen = loaded.rubric.criterion(criterion)
        if chosen is None:
            ids = [item.id for item in loaded.rubric.criteria]
            fatal(
                f"unknown criterion '{criterion}'{suggestion(criterion, ids)}; "
                f"use one of {', '.join(ids)}"
            )
    if examples is not None and not examples.is_dir():
        fatal(f"{examples}: no such folder; point --examples at proposals")
    folder = examples or (Path("proposals") if Path("proposals").is_dir() else None)
    at_level = None
    if chosen is not None and folder is not None:
        at_level = levels_reached(folder, loaded, chosen.id)
    if output_format is CheckFormat.TEXT:
        text = render_rubric(
            loaded.rubric,
            loaded.ref,
            chosen,
            color=use_color(output),
            width=terminal_width(output),
            examples=at_level,
        )
    else:
        from cooperation_scorer.render.rubric import render_rubric_json, render_rubric_markdown

        data = {
            CheckFormat.JSON: render_rubric_json,
            CheckFormat.MARKDOWN: render_rubric_markdown,
        }[output_format]
        text = data(loaded.rubric, loaded.ref, chosen, at_level)
    emit(text, output, invalid=0)
