"""Checking without scoring: `validate` proposal files, and `explain` the rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CriteriaOption,
    MaxBytesOption,
    PathsArgument,
    evaluate_or_exit,
    fatal,
    report_problems,
    rubric_or_exit,
    rubric_or_none,
    terminal_width,
    use_color,
)
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES
from cooperation_scorer.load.validation import suggestion


@app.command()
def validate(
    paths: PathsArgument,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Check proposal files without scoring them.

    Prints one line per problem, `path:line:column: message`, then a count and the rubric.
    """
    loaded = rubric_or_exit(criteria)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=True)
    report_problems(outcome.problems)
    bad_files = len({problem.path for problem in outcome.problems})
    typer.echo(f"{len(outcome.assessments)} valid, {bad_files} invalid; {loaded.ref}")
    raise typer.Exit(EXIT_INVALID if outcome.problems else EXIT_OK)


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
    criteria: CriteriaOption = None,
) -> None:
    """Show the rubric, or one criterion.

    Criteria, levels, weights, gates, caps, verdict bands, domain tiers and frictions,
    each with its citation from the paper.
    """
    from cooperation_scorer.pipeline import levels_reached
    from cooperation_scorer.render.terminal import render_rubric

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
    text = render_rubric(
        loaded.rubric,
        loaded.ref,
        chosen,
        color=use_color(),
        width=terminal_width(),
        examples=at_level,
    )
    typer.echo(text, nl=False)
