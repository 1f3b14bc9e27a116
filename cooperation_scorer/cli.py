"""The command line: options in, pipeline run, renderer picked, errors mapped to exit codes."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cooperation_scorer import __version__
from cooperation_scorer.errors import Problem, RubricError, ScorerError
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
from cooperation_scorer.memo import Header
from cooperation_scorer.pipeline import Outcome, evaluate
from cooperation_scorer.render import RankFormat, ScoreFormat
from cooperation_scorer.render.csv import render_csv
from cooperation_scorer.render.github import render_github
from cooperation_scorer.render.json import render_json, render_rank_json
from cooperation_scorer.render.junit import render_junit
from cooperation_scorer.render.markdown import render_markdown
from cooperation_scorer.render.terminal import render_assessments, render_ranking, render_rubric
from cooperation_scorer.rubric import LoadedRubric, RubricRef, fold_name
from cooperation_scorer.scoring import Assessment, assess, rank
from cooperation_scorer.sources import DEFAULT_MAX_BYTES, load_rubric, read_limited
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


def _evaluate(
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


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file renamed into place: never a half-written file."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        Path(handle.name).replace(path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _emit(text: str, output: Path | None, *, invalid: int) -> None:
    """The report to stdout, or to --output unless an input was invalid."""
    if output is None:
        for start in range(0, len(text), CHUNK):  # a large report is encoded a slice at a time
            sys.stdout.write(text[start : start + CHUNK])
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


def _score_table(assessments: list[Assessment], ref: RubricRef) -> str:
    return render_assessments(assessments, ref, color=_color(), width=_width())


def _rank_table(report: RankReport) -> str:
    return render_ranking(report, color=_color(), width=_width())


SCORE_RENDERERS: dict[ScoreFormat, Callable[[list[Assessment], RubricRef], str]] = {
    ScoreFormat.TABLE: _score_table,
    ScoreFormat.JSON: render_json,
}
RANK_RENDERERS: dict[RankFormat, Callable[[RankReport], str]] = {
    RankFormat.TABLE: _rank_table,
    RankFormat.JSON: render_rank_json,
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
    loaded = _rubric(criteria)
    outcome = _evaluate(files, loaded, max_bytes, waivers=not no_waivers, improve=True)
    if outcome.assessments:
        text = SCORE_RENDERERS[output_format](outcome.assessments, loaded.ref)
        _emit(text, output, invalid=len({p.path for p in outcome.problems}))
    _report(outcome.problems, first_only=True)
    raise typer.Exit(EXIT_INVALID if outcome.problems else EXIT_OK)


def _baseline(path: Path | None) -> dict[str, BaselineEntry] | None:
    if path is None:
        return None
    try:
        return parse_baseline(path.read_bytes(), str(path))
    except OSError as error:
        typer.echo(f"{path}: cannot read the baseline: {error.strerror}", err=True)
    except BaselineError as error:
        _report(error.problems)
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
    loaded = _rubric(criteria)
    previous = _baseline(baseline)
    outcome = _evaluate(paths, loaded, max_bytes, waivers=not no_waivers, jobs=jobs)
    ranked = rank(outcome.assessments)
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
    )
    if ranked or outcome.problems:
        text = RANK_RENDERERS[output_format](report)
        _emit(text, output, invalid=len({p.path for p in outcome.problems}))
    _report(outcome.problems, first_only=True)
    if report.failures:
        _explain_failures(report.failures, len(ranked))
    if outcome.problems:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_FAILED if report.failures else EXIT_OK)


def _memo_header(to: str, sender: str, day: str | None, subject: str | None, what: str) -> Header:
    if day is None:
        day = datetime.date.today().isoformat()
    else:
        try:
            day = datetime.date.fromisoformat(day).isoformat()
        except ValueError:
            typer.echo(f"--date {day}: write the date as YYYY-MM-DD", err=True)
            raise typer.Exit(EXIT_INVALID) from None
    return Header(
        to, sender, day, subject or f"Proposed U.S.-Russia cooperation in Central Asia: {what}"
    )


def _write_new(path: Path, text: str, *, force: bool) -> None:
    """Write a memo atomically, refusing to replace a file unless forced."""
    if path.exists() and not force:
        typer.echo(f"{path}: already exists; pass --force to replace it", err=True)
        raise typer.Exit(EXIT_INVALID)
    try:
        write_atomically(path, text)
    except OSError as error:
        typer.echo(f"{path}: cannot write: {error.strerror}; check the folder exists", err=True)
        raise typer.Exit(EXIT_INVALID) from None


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
    from cooperation_scorer.memo import memo_context
    from cooperation_scorer.render.memo import TemplateError, packaged_template, render_memo

    loaded = _rubric(criteria)
    try:
        source = template.read_text(encoding="utf-8") if template else packaged_template()
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"{template}: cannot read the template: {error}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    outcome = _evaluate(paths, loaded, max_bytes, waivers=not no_waivers, improve=True)
    _report(outcome.problems, first_only=True)
    if outcome.problems:
        typer.echo("no memo written: fix the invalid files and run again", err=True)
        raise typer.Exit(EXIT_INVALID)
    ranked = rank(outcome.assessments)
    count = len(ranked)
    header = _memo_header(
        to, sender, day, subject, f"{count} proposal{'s' * (count != 1)} assessed"
    )
    name = str(template) if template else "memo.md.j2"
    try:
        whole = render_memo(memo_context(ranked, loaded.rubric, loaded.ref, header), source, name)
        singles = []
        for item in ranked if split else []:
            one = _memo_header(to, sender, day, subject, item.assessment.title)
            context = memo_context([item], loaded.rubric, loaded.ref, one)
            singles.append((item.assessment.id, render_memo(context, source, name)))
    except TemplateError as error:
        _report(error.problems)
        raise typer.Exit(EXIT_INVALID) from None
    if output is not None:
        _write_new(output, whole, force=force)
    if split is not None:
        split.mkdir(parents=True, exist_ok=True)
        root = split.resolve()
        for proposal_id, text in singles:
            path = split / f"{proposal_id}.md"
            if path.resolve().parent != root:  # ids are slugs; this keeps it so
                typer.echo(f"{path}: outside {split}; not written", err=True)
                raise typer.Exit(EXIT_INVALID)
            _write_new(path, text, force=force)
    if output is None and split is None:
        typer.echo(whole, nl=False)


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
    outcome = _evaluate(paths, loaded, max_bytes, waivers=True)
    _report(outcome.problems)
    bad_files = len({problem.path for problem in outcome.problems})
    typer.echo(f"{len(outcome.assessments)} valid, {bad_files} invalid")
    raise typer.Exit(EXIT_INVALID if outcome.problems else EXIT_OK)


def _complete_domain(incomplete: str) -> list[str]:
    try:
        rubric = load_rubric(None, Path.cwd()).rubric
    except RubricError:
        return []
    return [domain for domain in rubric.domain_ids if domain.startswith(incomplete)]


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
    at_level: dict[str, list[str]] | None = None
    folder = examples or (Path("proposals") if Path("proposals").is_dir() else None)
    if chosen is not None and folder is not None:
        outcome = evaluate([folder], loaded, honour_waivers=True)
        at_level = {}
        for assessment in sorted(outcome.assessments, key=lambda a: a.id):
            level = next(c.level for c in assessment.criteria if c.id == chosen.id)
            at_level.setdefault(level, []).append(assessment.id)
    text = render_rubric(
        loaded.rubric, loaded.ref, chosen, color=_color(), width=_width(), examples=at_level
    )
    typer.echo(text, nl=False)


@app.command()
def schema(criteria: CriteriaOption = None) -> None:
    """Print the JSON Schema of the proposal format.

    Generated from the proposal model and the rubric: domain ids, party names and aliases,
    friction and gate ids as enums. The repository keeps it in schema/proposal.schema.json.
    """
    from cooperation_scorer.schema import render_schema

    typer.echo(render_schema(_rubric(criteria).rubric), nl=False)


def _interactive() -> bool:
    """Whether someone is at a terminal to answer questions."""
    return sys.stdin.isatty()


def _listed(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _ask(
    value: str | None, question: str, interactive: bool, check: Callable[[str], str | None]
) -> str:
    """A flag's value, or asked for in a terminal until `check` finds nothing wrong."""
    if value is not None:
        problem = check(value)
        if problem:
            typer.echo(f"{problem}", err=True)
            raise typer.Exit(EXIT_INVALID)
        return value
    if not interactive:
        typer.echo(f"{question}: missing, and no terminal to ask; pass it as a flag", err=True)
        raise typer.Exit(EXIT_INVALID)
    while True:
        answer = str(typer.prompt(question)).strip()
        problem = check(answer)
        if not problem:
            return answer
        typer.echo(problem, err=True)


@app.command()
def new(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", help="The file to write; default: the title as a slug."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The proposal's title.")] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", help="The narrative, read for evidence.")
    ] = None,
    domain: Annotated[
        str | None,
        typer.Option("--domain", help="A domain id.", autocompletion=_complete_domain),
    ] = None,
    host_states: Annotated[
        str | None, typer.Option("--host-states", help="Comma-separated Central Asian states.")
    ] = None,
    participants: Annotated[
        str | None, typer.Option("--participants", help="Comma-separated parties taking part.")
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="The lead, or comma-separated co-leads.")
    ] = None,
    criteria: CriteriaOption = None,
) -> None:
    """Scaffold a new proposal, then print its score.

    In a terminal it asks for what the flags leave out, checking each answer against the
    rubric; without a terminal it asks nothing. Every optional field is written, commented.
    It never overwrites a file.
    """
    from cooperation_scorer.proposal import default_id, parse_proposal
    from cooperation_scorer.scaffold import scaffold
    from cooperation_scorer.schema import SCHEMA_PATH

    loaded = _rubric(criteria)
    rubric = loaded.rubric
    interactive = _interactive()
    hosts = [party.name for party in rubric.parties if party.kind == "host"]

    def nonempty(text: str) -> str | None:
        return None if text.strip() else "write something"

    def known_domain(text: str) -> str | None:
        if text in rubric.domain_ids:
            return None
        return f"unknown domain '{text}'{suggestion(text, rubric.domain_ids)}; use one of " + (
            ", ".join(rubric.domain_ids)
        )

    def known_hosts(text: str) -> str | None:
        bad = [s for s in _listed(text) if (p := rubric.party(s)) is None or p.kind != "host"]
        if not _listed(text):
            return "name at least one host state"
        return (
            f"not a Central Asian state: {', '.join(bad)}; use {', '.join(hosts)}" if bad else None
        )

    title = _ask(title, "Title", interactive, nonempty)
    domain = _ask(domain, f"Domain ({', '.join(rubric.domain_ids)})", interactive, known_domain)
    host_states = _ask(host_states, "Host states, comma-separated", interactive, known_hosts)
    participants = _ask(participants, "Participants, comma-separated", interactive, nonempty)
    names = {fold_name(name) for name in _listed(participants)}
    canonical = {fold_name(p.name) for n in _listed(participants) if (p := rubric.party(n))}

    def among_participants(text: str) -> str | None:
        leads = _listed(text)
        missing = [
            n
            for n in leads
            if fold_name(n) not in names
            and not ((p := rubric.party(n)) and fold_name(p.name) in canonical)
        ]
        if not leads:
            return "name the lead"
        return f"not a participant: {', '.join(missing)}" if missing else None

    lead = _ask(lead, "Lead (or co-leads, comma-separated)", interactive, among_participants)
    if summary is None:
        summary = (
            str(typer.prompt("Summary (what is shared, how big, how visible)")).strip()
            if interactive
            else f"{title}: a project in {host_states} led by {lead}, with {participants}."
        )
    target = path or Path(f"{default_id(title + '.yaml') or 'proposal'}.yaml")
    schema_file = Path.cwd() / SCHEMA_PATH
    text = scaffold(
        schema=os.path.relpath(schema_file, target.resolve().parent)
        if schema_file.exists()
        else None,
        title=title,
        summary=summary,
        domain=domain,
        host_states=_listed(host_states),
        participants=_listed(participants),
        lead=_listed(lead),
        rubric=rubric,
    )
    try:
        proposal = parse_proposal(text.encode(), str(target), rubric)
    except ScorerError as error:
        _report(error.problems)
        raise typer.Exit(EXIT_INVALID) from None
    _write_new(target, text, force=False)
    typer.echo(f"wrote {target}", err=True)
    assessment = assess(proposal, rubric)
    typer.echo(
        render_assessments([assessment], loaded.ref, color=_color(), width=_width()), nl=False
    )


class CompareFormat(StrEnum):
    """The formats `compare` can print."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


def _revision(path: Path, loaded: LoadedRubric, git: str | None) -> Assessment:
    """A proposal as it is on disk, or as it was at a git revision."""
    from cooperation_scorer.proposal import parse_proposal

    label = f"{git}:{path}" if git else str(path)
    try:
        if git:
            # git by name, as the user's shell would find it; REV is only ever an argument
            shown = subprocess.run(  # noqa: S603
                ["git", "show", f"{git}:./{path.name}"],  # noqa: S607
                capture_output=True,
                check=False,
                cwd=path.parent,
            )
            if shown.returncode:
                reason = " ".join(shown.stderr.decode(errors="replace").split())
                typer.echo(f"{label}: cannot read it from git: {reason}", err=True)
                raise typer.Exit(EXIT_INVALID)
            data = shown.stdout
        else:
            data = read_limited(path, DEFAULT_MAX_BYTES)
        return assess(parse_proposal(data, label, loaded.rubric), loaded.rubric)
    except ScorerError as error:
        _report(error.problems, first_only=True)
        raise typer.Exit(EXIT_INVALID) from None
    except OSError as error:
        typer.echo(f"{label}: cannot run git: {error.strerror}", err=True)
        raise typer.Exit(EXIT_INVALID) from None


@app.command("compare")
def compare_command(
    old: Annotated[
        Path, typer.Argument(metavar="OLD", help="The earlier revision (or, with --git, the file).")
    ],
    new_file: Annotated[
        Path | None, typer.Argument(metavar="[NEW]", help="The later revision.")
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git", metavar="REV", help="Compare OLD as it is with OLD at git revision REV."
        ),
    ] = None,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = CompareFormat.TABLE,
    criteria: CriteriaOption = None,
) -> None:
    """Compare two revisions of a proposal.

    Which facts changed, each criterion's change in level and points, and the score and
    verdict before and after. `compare OLD NEW`, or `compare FILE --git REV`.
    """
    from cooperation_scorer.comparison import compare_revisions
    from cooperation_scorer.render.compare import render_compare_json, render_compare_markdown
    from cooperation_scorer.render.terminal import render_comparison

    if (git is None) == (new_file is None):
        typer.echo("give two files, OLD NEW, or one file and --git REV", err=True)
        raise typer.Exit(EXIT_INVALID)
    loaded = _rubric(criteria)
    if git is not None:
        before, after = _revision(old, loaded, git), _revision(old, loaded, None)
    else:
        before, after = _revision(old, loaded, None), _revision(new_file or old, loaded, None)
    comparison = compare_revisions(before, after)
    if output_format is CompareFormat.JSON:
        text = render_compare_json(comparison, loaded.ref)
    elif output_format is CompareFormat.MARKDOWN:
        text = render_compare_markdown(comparison, loaded.ref)
    else:
        text = render_comparison(comparison, loaded.ref, color=_color(), width=_width())
    typer.echo(text, nl=False)


def main() -> None:
    """Entry point of the `cooperation-scorer` console script."""
    app()
