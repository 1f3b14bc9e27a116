"""What every command shares: exit codes, the one way to fail, options, and the pipeline run."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from cooperation_scorer.errors import Problem, RubricError, one_line
from cooperation_scorer.load.files import load_rubric
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.pipeline import Outcome, evaluate
from cooperation_scorer.processes import WorkerDied

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2

PROGRESS_FROM = 20  # files; fewer finish before a bar would be worth drawing


def fatal(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """The one place a command gives up: one line on stderr, then the exit code. A path or
    name in the message is data: its line breaks and control characters are shown escaped."""
    typer.echo(one_line(message), err=True)
    raise typer.Exit(code)


def fail_with(problems: list[Problem], **how: Any) -> NoReturn:
    """Give up over problems found in input files: each reported, then exit 2."""
    report_problems(problems, **how)
    raise typer.Exit(EXIT_INVALID)


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
            named = one_line(shlex.quote(path))  # a name is data: one line, even as a command
            how = (see_more or "run `cooperation-scorer validate {path}`").format(path=named)
            line += f" (and {len(found) - 1} more: {how})"
        typer.echo(line, err=True)


def rubric_or_exit(criteria: Path | None) -> LoadedRubric:
    try:
        return load_rubric(criteria, Path.cwd())
    except RubricError as error:
        # Later problems of a rubric are often knock-on effects of the first: fix it first.
        fail_with(error.problems, first_only=True, see_more="fix this one and run again")


def rubric_or_none() -> LoadedRubric | None:
    """The rubric for shell completion, which must never fail."""
    try:
        return load_rubric(None, Path.cwd())
    except RubricError:
        return None


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
    except WorkerDied as error:
        fatal(str(error))
    finally:
        bar.close()
    if not outcome.files and not outcome.problems:
        names = " ".join(str(path) for path in paths)
        fatal(f"{names}: no proposal files found; proposals end in .yaml, .yml, .json or .md")
    return outcome
