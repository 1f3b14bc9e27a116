"""The command line: options in, pipeline run, renderer picked, errors mapped to exit codes."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cooperation_scorer import __version__
from cooperation_scorer.errors import Problem, RubricError, UnreadableFile
from cooperation_scorer.gating import (
    BaselineEntry,
    BaselineError,
    Failure,
    RankReport,
    Thresholds,
    check_thresholds,
    compare,
    parse_baseline,
)
from cooperation_scorer.pipeline import Outcome, evaluate
from cooperation_scorer.render import RankFormat, ScoreFormat
from cooperation_scorer.render.csv import render_csv
from cooperation_scorer.render.github import render_github
from cooperation_scorer.render.json import json_pieces, rank_json_pieces
from cooperation_scorer.render.junit import render_junit
from cooperation_scorer.render.markdown import render_markdown
from cooperation_scorer.render.terminal import render_assessments, render_ranking, render_rubric
from cooperation_scorer.rubric import LoadedRubric, RubricRef
from cooperation_scorer.scoring import Assessment, rank
from cooperation_scorer.sources import (
    DEFAULT_MAX_BYTES,
    MAX_BASELINE_BYTES,
    load_rubric,
    read_regular,
)
from cooperation_scorer.validation import suggestion
from cooperation_scorer.vocabulary import Verdict

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2

app = typer.Typer(
    name="cooperation-scorer",
    help=(
        "Score proposed U.S.-Russia cooperation projects in and with Central Asia against the "
        "criteria of the paper 'Envisioning Opportunities for U.S.-Russia Cooperation in and "
        "with Central Asia'.\n\nExit codes: 0 success; 2 bad usage, an invalid proposal or an "
        "invalid rubric; 1 a CI threshold of `rank` failed."
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
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        metavar="FILE",
        help="Write the report to FILE (atomically) instead of standard output.",
    ),
]
NoWaiversOption = Annotated[
    bool,
    typer.Option("--no-waivers", help="Ignore every waiver in the proposals (for audits)."),
]


class RankBy(StrEnum):
    """What `rank --by` orders by."""

    SCORE = "score"
    CONSENSUS = "consensus"


class FailOn(StrEnum):
    """The verdicts --fail-on takes: this verdict or worse fails."""

    CONDITIONAL = "conditional"
    NOT_RECOMMENDED = "not-recommended"
    BLOCKED = "blocked"


CHUNK = 1 << 20  # characters written to standard output at a time
PROGRESS_FROM = 20  # files; fewer finish before a bar would be worth drawing
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


def _to_terminal(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty()


def use_color(output: Path | None = None) -> bool:
    """Colour only for a terminal: never in a file written with --output, nor with NO_COLOR."""
    return (
        _to_terminal(output) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    )


def terminal_width(output: Path | None = None) -> int:
    return shutil.get_terminal_size((120, 24)).columns if _to_terminal(output) else 120


def report_problems(
    problems: list[Problem], *, first_only: bool = False, see_more: str | None = None
) -> None:
    """Problems to stderr, one line each, or with `first_only` one line per file, saying how
    many more there are and how to see them: `see_more` ({path} for the file's), else
    `validate`."""
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
            how = (see_more or "run `cooperation-scorer validate {path}`").format(path=path)
            line += f" (and {len(found) - 1} more: {how})"
        typer.echo(line, err=True)


def rubric_or_exit(criteria: Path | None) -> LoadedRubric:
    try:
        return load_rubric(criteria, Path.cwd())
    except RubricError as error:
        # Later problems of a rubric are often knock-on effects of the first: fix it first.
        report_problems(error.problems, first_only=True, see_more="fix this one and run again")
        raise typer.Exit(EXIT_INVALID) from None


class _ProgressBar:
    """A progress bar on stderr while many files are assessed, only in a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None  # a rich Progress, imported only when one is drawn
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_FROM or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Assessing proposals", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def evaluate_or_exit(
    paths: list[Path],
    loaded: LoadedRubric,
    max_bytes: int,
    *,
    waivers: bool,
    jobs: int = 0,
    improve: bool = False,
) -> Outcome:
    bar = _ProgressBar()
    try:
        outcome = evaluate(
            paths,
            loaded,
            max_bytes=max_bytes,
            honour_waivers=waivers,
            improve=improve,
            jobs=jobs,
            progress=bar,
        )
    finally:
        bar.close()
    if not outcome.files and not outcome.problems:
        names = " ".join(str(path) for path in paths)
        typer.echo(
            f"{names}: no proposal files found; proposals end in .yaml, .yml, .json or .md",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
    return outcome


def _mode_for(path: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else what a
    plain `open` would give (0666 less the umask), not the temporary file's private 0600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


Report = str | Iterator[str]  # a renderer's text, whole or in pieces to write as they come


def _slices(report: Report) -> Iterator[str]:
    if not isinstance(report, str):
        yield from report
        return
    for start in range(0, len(report), CHUNK):  # a large text is encoded a slice at a time
        yield report[start : start + CHUNK]


def write_atomically(path: Path, text: Report) -> None:
    """Write through a temporary file renamed into place: never a half-written file."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.writelines(_slices(text))
            os.fchmod(handle.fileno(), _mode_for(path))
        Path(handle.name).replace(path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _emit(text: Report, output: Path | None, *, invalid: int) -> None:
    """The report to stdout, or to --output unless an input was invalid."""
    if output is None:
        sys.stdout.writelines(_slices(text))
        sys.stdout.flush()
        return
    if invalid:
        typer.echo(
            f"{output}: not written: {invalid} invalid file(s); fix them and run again",
            err=True,
        )
        return
    try:
        write_atomically(output, text)
    except OSError as error:
        reason = error.strerror or str(error)
        typer.echo(f"{output}: cannot write: {reason}; check the folder exists", err=True)
        raise typer.Exit(EXIT_INVALID) from None


# Every format but the table; the table also takes colour and width, which depend on where
# the report goes (no colour in a file written with --output).
# JSON comes in pieces, written as they come: 10,000 results are never held as one text.
SCORE_RENDERERS: dict[ScoreFormat, Callable[[list[Assessment], RubricRef], Report]] = {
    ScoreFormat.JSON: json_pieces,
}
RANK_RENDERERS: dict[RankFormat, Callable[[RankReport], Report]] = {
    RankFormat.JSON: rank_json_pieces,
    RankFormat.CSV: render_csv,
    RankFormat.MARKDOWN: render_markdown,
    RankFormat.JUNIT: render_junit,
    RankFormat.GITHUB: render_github,
}


@app.command()
def score(
    files: PathsArgument,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="Output format: table or json.")
    ] = ScoreFormat.TABLE,
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    no_waivers: NoWaiversOption = False,
) -> None:
    """Score proposals, explaining every point.

    For each proposal: score, verdict, and per criterion the level, points, reason,
    evidence (declared, inferred or assumed) and the paper's citation; gates, caps and
    warnings.
    """
    loaded = rubric_or_exit(criteria)
    outcome = evaluate_or_exit(files, loaded, max_bytes, waivers=not no_waivers, improve=True)
    if outcome.assessments:
        text: Report
        if output_format is ScoreFormat.TABLE:
            text = render_assessments(
                outcome.assessments,
                loaded.ref,
                color=use_color(output),
                width=terminal_width(output),
            )
        else:
            text = SCORE_RENDERERS[output_format](outcome.assessments, loaded.ref)
        _emit(text, output, invalid=len({p.path for p in outcome.problems}))
    report_problems(outcome.problems, first_only=True)
    raise typer.Exit(EXIT_INVALID if outcome.problems else EXIT_OK)


def _baseline(path: Path | None) -> dict[str, BaselineEntry] | None:
    if path is None:
        return None
    try:
        data = read_regular(path, MAX_BASELINE_BYTES, "is it the JSON output of `rank`?")
        return parse_baseline(data, str(path))
    except (UnreadableFile, BaselineError) as error:
        report_problems(error.problems)
    raise typer.Exit(EXIT_INVALID)


def _explain_failures(failures: list[Failure], total: int) -> None:
    for failure in failures:
        typer.echo(f"FAIL {failure.id} ({failure.file}): {failure.message}", err=True)
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
        typer.echo("--fail-on-regression needs --baseline PREVIOUS.json", err=True)
        raise typer.Exit(EXIT_INVALID)
    loaded = rubric_or_exit(criteria)
    sides = [p.id for p in loaded.rubric.perspectives]
    if perspective is not None and perspective not in sides:
        typer.echo(
            f"unknown perspective '{perspective}'{suggestion(perspective, sides)}; "
            f"use one of {', '.join(sides)}",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
    if by is RankBy.CONSENSUS and perspective is not None:
        typer.echo(
            f"--by consensus and --perspective {perspective} ask for two orders; give one",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
    if by is RankBy.CONSENSUS and not sides:
        typer.echo("--by consensus needs perspectives in the rubric", err=True)
        raise typer.Exit(EXIT_INVALID)
    previous = _baseline(baseline)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=not no_waivers, jobs=jobs)
    ranked = rank(outcome.assessments, by=perspective or by.value)
    thresholds = Thresholds(
        fail_under=fail_under,
        fail_on=Verdict(fail_on.value) if fail_on else None,
        fail_on_regression=fail_on_regression,
    )
    changes = compare(ranked, previous) if previous is not None else None
    report = RankReport(
        ranked=ranked,
        rubric=loaded.ref,
        thresholds=thresholds,
        failures=check_thresholds(ranked, thresholds, changes),
        changes=changes,
        problems=outcome.problems,
        waivers_honoured=not no_waivers,
        ranked_by=perspective or by.value,
    )
    if ranked or outcome.problems:
        text: Report
        if output_format is RankFormat.TABLE:
            text = render_ranking(report, color=use_color(output), width=terminal_width(output))
        else:
            text = RANK_RENDERERS[output_format](report)
        _emit(text, output, invalid=len({p.path for p in outcome.problems}))
    report_problems(outcome.problems, first_only=True)
    if report.failures:
        _explain_failures(report.failures, len(ranked))
    if outcome.problems:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_FAILED if report.failures else EXIT_OK)


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
    try:
        rubric = load_rubric(None, Path.cwd()).rubric
    except RubricError:
        return []
    return [c.id for c in rubric.criteria if c.id.startswith(incomplete)]


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
    loaded = rubric_or_exit(criteria)
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
    at_level: dict[str, list[str]] | None = None
    if examples is not None and not examples.is_dir():
        typer.echo(f"{examples}: no such folder; point --examples at proposals", err=True)
        raise typer.Exit(EXIT_INVALID)
    folder = examples or (Path("proposals") if Path("proposals").is_dir() else None)
    if chosen is not None and folder is not None:
        outcome = evaluate([folder], loaded, honour_waivers=True)
        at_level = {}
        for assessment in sorted(outcome.assessments, key=lambda a: a.id):
            level = next(c.level for c in assessment.criteria if c.id == chosen.id)
            at_level.setdefault(level, []).append(assessment.id)
    text = render_rubric(
        loaded.rubric,
        loaded.ref,
        chosen,
        color=use_color(),
        width=terminal_width(),
        examples=at_level,
    )
    typer.echo(text, nl=False)


def main() -> None:
    """Entry point of the `cooperation-scorer` console script."""
    app()


# The commands for writing proposals and memos live beside these; importing registers them.
from cooperation_scorer import cli_writing  # noqa: E402, F401
