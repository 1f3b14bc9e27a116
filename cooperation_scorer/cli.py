"""The command line: options in, pipeline run, renderer picked, errors mapped to exit codes."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer import __version__
from cooperation_scorer.errors import Problem, RubricError
from cooperation_scorer.render import OutputFormat
from cooperation_scorer.render.json import render_json
from cooperation_scorer.render.terminal import render_assessments, render_ranking, render_rubric
from cooperation_scorer.rubric import LoadedRubric, RubricRef
from cooperation_scorer.scoring import Assessment, RankedAssessment, assess, rank
from cooperation_scorer.sources import DEFAULT_MAX_BYTES, Batch, load_batch, load_rubric
from cooperation_scorer.validation import suggestion

EXIT_OK = 0
EXIT_INVALID = 2

app = typer.Typer(
    name="cooperation-scorer",
    help=(
        "Score proposed U.S.-Russia cooperation projects in and with Central Asia against the "
        "criteria of the paper 'Envisioning Opportunities for U.S.-Russia Cooperation in and "
        "with Central Asia'.\n\nExit codes: 0 success; 2 bad usage, an invalid proposal or an "
        "invalid rubric (1 is reserved for CI thresholds)."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

CriteriaOption = Annotated[
    Path | None,
    typer.Option(
        "--criteria",
        help="The rubric to use. Default: ./criteria.yaml if present, else the packaged one.",
        dir_okay=False,
        metavar="PATH",
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table or json.")
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="BYTES",
        help="Refuse proposal files larger than this many bytes.",
    ),
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Proposal files, or directories searched for .yaml .yml .json .md files.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cooperation-scorer {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Score proposed U.S.-Russia cooperation projects in and with Central Asia."""


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _width() -> int:
    return shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120


def _report(problems: list[Problem], *, first_only: bool = False) -> None:
    """Problems to stderr, one line each (or one line per file with a pointer to `validate`)."""
    if not first_only:
        for problem in problems:
            typer.echo(str(problem), err=True)
        return
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        line = str(found[0])
        if len(found) > 1:
            line += f" (and {len(found) - 1} more: run `cooperation-scorer validate {path}`)"
        typer.echo(line, err=True)


def _rubric(criteria: Path | None) -> LoadedRubric:
    try:
        return load_rubric(criteria, Path.cwd())
    except RubricError as error:
        _report(error.problems)
        raise typer.Exit(EXIT_INVALID) from None


def _batch(paths: list[Path], loaded: LoadedRubric, max_bytes: int) -> Batch:
    batch = load_batch(paths, loaded.rubric, max_bytes)
    if not batch.proposals and not batch.problems:
        names = " ".join(str(path) for path in paths)
        typer.echo(
            f"{names}: no proposal files found; proposals end in .yaml, .yml, .json or .md",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
    return batch


def _score_table(assessments: list[Assessment], ref: RubricRef) -> str:
    return render_assessments(assessments, ref, color=_color(), width=_width())


def _rank_table(ranked: list[RankedAssessment], ref: RubricRef) -> str:
    return render_ranking(ranked, ref, color=_color(), width=_width())


SCORE_RENDERERS: dict[OutputFormat, Callable[[list[Assessment], RubricRef], str]] = {
    OutputFormat.TABLE: _score_table,
    OutputFormat.JSON: render_json,
}
RANK_RENDERERS: dict[OutputFormat, Callable[[list[RankedAssessment], RubricRef], str]] = {
    OutputFormat.TABLE: _rank_table,
    OutputFormat.JSON: render_json,
}


@app.command()
def score(
    files: PathsArgument,
    output_format: FormatOption = OutputFormat.TABLE,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Score proposals, explaining every point.

    For each proposal: score, verdict, and per criterion the level, points, reason,
    evidence (declared, inferred or assumed) and the paper's citation; gates, caps and
    warnings.
    """
    loaded = _rubric(criteria)
    batch = _batch(files, loaded, max_bytes)
    assessments = [assess(proposal, loaded.rubric) for proposal in batch.proposals]
    if assessments:
        typer.echo(SCORE_RENDERERS[output_format](assessments, loaded.ref), nl=False)
    _report(batch.problems, first_only=True)
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)


@app.command("rank")
def rank_command(
    paths: PathsArgument,
    output_format: FormatOption = OutputFormat.TABLE,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Rank proposals, best first.

    Not blocked before blocked, then score descending, then id. Directories are searched
    recursively.
    """
    loaded = _rubric(criteria)
    batch = _batch(paths, loaded, max_bytes)
    ranked = rank([assess(proposal, loaded.rubric) for proposal in batch.proposals])
    if ranked:
        typer.echo(RANK_RENDERERS[output_format](ranked, loaded.ref), nl=False)
    _report(batch.problems, first_only=True)
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)


@app.command()
def validate(
    paths: PathsArgument,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Check proposal files without scoring them.

    Prints one line per problem, `path:line:column: message`, then a count.
    """
    loaded = _rubric(criteria)
    batch = _batch(paths, loaded, max_bytes)
    _report(batch.problems)
    bad_files = len({problem.path for problem in batch.problems})
    typer.echo(f"{len(batch.proposals)} valid, {bad_files} invalid")
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)


@app.command()
def explain(
    criterion: Annotated[
        str | None,
        typer.Argument(
            metavar="CRITERION", help="A criterion id; leave out to show the whole rubric."
        ),
    ] = None,
    criteria: CriteriaOption = None,
) -> None:
    """Show the rubric, or one criterion.

    Criteria, levels, weights, gates, caps, verdict bands, domain tiers and frictions,
    each with its citation from the paper.
    """
    loaded = _rubric(criteria)
    chosen = None
    if criterion is not None:
        chosen = loaded.rubric.criterion(criterion)
        if chosen is None:
            ids = [item.id for item in loaded.rubric.criteria]
            typer.echo(
                f"unknown criterion '{criterion}'{suggestion(criterion, ids)}; "
                f"use one of {', '.join(ids)}",
                err=True,
            )
            raise typer.Exit(EXIT_INVALID)
    typer.echo(
        render_rubric(loaded.rubric, loaded.ref, chosen, color=_color(), width=_width()), nl=False
    )


def main() -> None:
    """Entry point of the `cooperation-scorer` console script."""
    app()
