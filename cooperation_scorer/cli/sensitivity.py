"""`sensitivity`: whether a reasonable change in the weights would change the recommendation."""

from __future__ import annotations

from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_INVALID,
    CriteriaOption,
    MaxBytesOption,
    OutputOption,
    PathsArgument,
    evaluate_or_exit,
    report_problems,
    rubric_or_exit,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import emit
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES
from cooperation_scorer.render import SENSITIVITY_RENDERERS, SensitivityFormat


@app.command()
def sensitivity(
    paths: PathsArgument,
    top: Annotated[
        int, typer.Option("--top", "-k", min=1, metavar="K", help="How much of the top to hold.")
    ] = 3,
    samples: Annotated[
        int, typer.Option("--samples", min=100, metavar="N", help="Weight vectors to sample.")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", help="The random seed; same seed, same output.")
    ] = 0,
    spread: Annotated[
        float | None,
        typer.Option(
            "--weight-spread",
            min=0.0,
            max=1.0,
            metavar="FRACTION",
            help="Sample within this fraction of the rubric's weights (0.25: ±25%) instead of "
            "uniformly over all weights.",
        ),
    ] = None,
    output_format: Annotated[
        SensitivityFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = SensitivityFormat.TABLE,
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Test whether other weights would change the ranking.

    Would a reasonable change in the weights change the recommendation? For each
    criterion, the exact interval of its weight (the others rescaled in proportion) over
    which the top K stays the same, and the smallest single-weight change that puts a
    different proposal first; then SMAA-2 rank acceptability: the share of sampled
    weightings that rank each proposal first and in the top K, and its central weights,
    all in the rubric's own points.
    """
    from cooperation_scorer.analysis.sensitivity import robustness

    loaded = rubric_or_exit(criteria)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=True)
    report_problems(outcome.problems, first_only=True)
    if outcome.problems:
        raise typer.Exit(EXIT_INVALID)
    found = robustness(
        outcome.assessments, top=top, samples=samples, seed=seed, spread=spread
    )  # the top 3 of two proposals is the top 2
    render = SENSITIVITY_RENDERERS[output_format]
    emit(render(found, loaded.ref, use_color(output), terminal_width(output)), output, invalid=0)
