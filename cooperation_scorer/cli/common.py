"""What every command shares: exit codes, the one way to fail, options, and the pipeline run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from cooperation_scorer.errors import Problem, RubricError, one_line
from cooperation_scorer.load.files import load_rubric
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.pipeline import Outcome, evaluate
from cooperation_scorer.processes import WorkerDied
from cooperation_scorer.score.policy import WaiverPolicy

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class ColorWhen(StrEnum):
    """When `--color` colours the output."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@dataclass
class Settings:
    """The options every command shares, set by the root callback for the run."""

    quiet: bool = False
    color: ColorWhen = ColorWhen.AUTO


SETTINGS = Settings()
DEFAULT_WIDTH = 120  # columns, when neither a terminal nor COLUMNS says


def say(message: str) -> None:
    """A success message or a note on stderr, which `--quiet` silences (errors never are)."""
    if not SETTINGS.quiet:
        typer.echo(message, err=True)


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
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Neither read nor write the result cache: assess every file afresh.",
    ),
]
CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        file_okay=False,
        metavar="DIR",
        help="Keep the result cache in DIR. Default: $COOPERATION_SCORER_CACHE_DIR, else "
        "./.cooperation-scorer-cache.",
        show_default=False,
    ),
]


def cache_or_none(no_cache: bool, cache_dir: Path | None) -> Path | None:
    """The result cache's folder, or None with --no-cache."""
    if no_cache:
        return None
    from cooperation_scorer.load.cache import cache_folder

    return cache_folder(cache_dir, Path.cwd())


StdinFilenameOption = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="With PATH '-', the name standing for standard input: its format (.md, .json, "
        ".yaml), its default id, and the path in messages. Default: <stdin> (YAML).",
    ),
]
STDIN = "-"
STDIN_LABEL = "<stdin>"
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Proposal files, or directories searched for .yaml .yml .json .md files; "
        "'-' reads one proposal from standard input.",
    ),
]


def _to_terminal(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty()


def use_color(output: Path | None = None) -> bool:
    """`--color always` or `never` decides; with `auto` (the default), as Python itself does:
    NO_COLOR (set and not empty) turns colour off, else FORCE_COLOR turns it on, else colour
    only for a terminal that is not dumb, and never in a file written with --output."""
    if SETTINGS.color is not ColorWhen.AUTO:
        return SETTINGS.color is ColorWhen.ALWAYS
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return output is None
    return _to_terminal(output) and os.environ.get("TERM") != "dumb"


def terminal_width(output: Path | None = None) -> int:
    """COLUMNS when set, in a pipe too; else the terminal's width; else 120. A file written
    with --output is as wide as COLUMNS, or 120."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not _to_terminal(output):
        return DEFAULT_WIDTH
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


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


def rubric_or_exit(
    criteria: Path | None, *, configured: bool = True, cache: Path | None = None
) -> LoadedRubric:
    """`--criteria`, else the configuration file's `criteria`, else ./criteria.yaml, else
    the packaged rubric; refused unless it is the configuration's `require-rubric`. `rank`,
    which reads the configuration itself, passes `configured=False`. With a `cache` folder,
    a rubric checked by an earlier run is read back from it."""
    required: tuple[str, str] | None = None
    if configured:
        from cooperation_scorer.load.config import ConfigError, load_config

        try:
            config = load_config(None, Path.cwd())
        except ConfigError as error:
            fail_with(error.problems)
        if criteria is None and "criteria" in config.values:
            criteria = Path(config.values["criteria"])
        if "require-rubric" in config.values:
            where = f"require-rubric ({config.where('require-rubric')})"
            required = (config.values["require-rubric"], where)
    try:
        loaded = load_rubric(criteria, Path.cwd(), cache)
    except RubricError as error:
        # Later problems of a rubric are often knock-on effects of the first: fix it first.
        fail_with(error.problems, first_only=True, see_more="fix this one and run again")
    if required is not None:
        check_rubric(loaded, *required)
    return loaded


def check_rubric(loaded: LoadedRubric, required: str, where: str) -> None:
    """Give up unless the rubric's sha256 is `required` (from `where`, to name it)."""
    required = required.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", required):
        fatal(
            f"{where} {required}: not a sha256 (64 hex digits); "
            "`rank --show-settings` prints the rubric's"
        )
    if loaded.ref.sha256 != required:
        fatal(
            f"{loaded.ref.path}: the rubric's sha256 is {loaded.ref.sha256}, not the "
            f"{required} that {where} requires; use the required rubric (--criteria PATH), "
            "or update the requirement if the rubric changed on purpose"
        )


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
            if total < PROGRESS_FROM or SETTINGS.quiet or not sys.stderr.isatty():
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


def _evaluate_stdin(
    label: str, loaded: LoadedRubric, max_bytes: int, *, waivers: bool, improve: bool
) -> Outcome:
    """One proposal read from standard input, as ruff and pip-audit read one."""

    from cooperation_scorer.analysis.improvements import assessed
    from cooperation_scorer.errors import ScorerError
    from cooperation_scorer.load.proposal import parse_proposal

    if sys.stdin.isatty():
        fatal(f"{STDIN}: standard input is a terminal; pipe a proposal in, or name files")
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        fatal(f"{label}: larger than {max_bytes} bytes; raise --max-bytes if it is right")
    if not data.strip():
        fatal(f"{label}: empty input; pipe a proposal in, or name files")
    try:
        proposal = parse_proposal(data, label, loaded.rubric)
    except ScorerError as error:
        return Outcome([], error.problems, 1)
    assessment = assessed(proposal, loaded.rubric, honour_waivers=waivers, improve=improve)
    return Outcome([assessment], [], 1)


def evaluate_or_exit(
    paths: list[Path],
    loaded: LoadedRubric,
    max_bytes: int,
    *,
    waivers: bool,
    jobs: int = 0,
    improve: bool = False,
    policy: WaiverPolicy | None = None,
    stdin_filename: str | None = None,
    cache: Path | None = None,
    check_only: bool = False,
) -> Outcome:
    """Assess the proposals under `paths`, or with `-` the one on standard input."""
    if STDIN in (str(path) for path in paths):
        if len(paths) > 1:
            fatal(f"{STDIN}: standard input stands alone; give '-' or files, not both")
        label = stdin_filename or STDIN_LABEL
        return _evaluate_stdin(label, loaded, max_bytes, waivers=waivers, improve=improve)
    if stdin_filename is not None:
        fatal("--stdin-filename names standard input; give '-' as the PATH")
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
            policy=policy,
            cache=cache,
            check_only=check_only,
        )
    except WorkerDied as error:
        fatal(str(error))
    finally:
        bar.close()
    if not outcome.files and not outcome.problems:
        names = " ".join(str(path) for path in paths)
        fatal(f"{names}: no proposal files found; proposals end in .yaml, .yml, .json or .md")
    return outcome
