"""The commands that read proposals one by one: `score`, `validate` and `explain`."""

from __future__ import annotations

from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CacheDirOption,
    CriteriaOption,
    MaxBytesOption,
    NoCacheOption,
    NoWaiversOption,
    OutputOption,
    PathsArgument,
    StdinFilenameOption,
    cache_or_none,
    evaluate_or_exit,
    report_problems,
    rubric_or_exit,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import emit
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES
from cooperation_scorer.render import SCORE_RENDERERS, ScoreFormat


@app.command()
def score(
    files: PathsArgument,
    output_format: Annotated[
        ScoreFormat,
        typer.Option("--format", "-f", help="table, json or markdown (a pull-request comment)."),
    ] = ScoreFormat.TABLE,
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    no_waivers: NoWaiversOption = False,
    stdin_filename: StdinFilenameOption = None,
) -> None:
    """Score proposals, explaining every point.

    For each proposal: score, verdict, and per criterion the level, points, reason,
    evidence (declared, inferred or assumed) and the paper's citation; gates, caps and
    warnings.
    """
    cache = cache_or_none(no_cache, cache_dir)
    loaded = rubric_or_exit(criteria, cache=cache)
    outcome = evaluate_or_exit(
        files,
        loaded,
        max_bytes,
        waivers=not no_waivers,
        improve=True,
        stdin_filename=stdin_filename,
        cache=cache,
    )
    if outcome.assessments:
        render = SCORE_RENDERERS[output_format]
        text = render(outcome.assessments, loaded.ref, use_color(output), terminal_width(output))
        emit(text, output, invalid=len({p.path for p in outcome.problems}))
    report_problems(outcome.problems, first_only=True)
    raise typer.Exit(EXIT_INVALID if outcome.problems else EXIT_OK)
