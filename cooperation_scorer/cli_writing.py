"""The commands for writing and weighing: memos, new proposals, the schema, comparing
revisions, and the sensitivity of the ranking to the weights."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.cli import (
    EXIT_INVALID,
    CriteriaOption,
    MaxBytesOption,
    NoWaiversOption,
    OutputOption,
    PathsArgument,
    app,
    evaluate_or_exit,
    report_problems,
    rubric_or_exit,
    terminal_width,
    use_color,
    write_atomically,
)
from cooperation_scorer.errors import Problem, RubricError, ScorerError
from cooperation_scorer.memo import Header
from cooperation_scorer.render.terminal import render_assessments
from cooperation_scorer.rubric import LoadedRubric, fold_name
from cooperation_scorer.scoring import Assessment, RankedAssessment, assess, rank
from cooperation_scorer.sources import (
    DEFAULT_MAX_BYTES,
    MAX_TEMPLATE_BYTES,
    load_rubric,
    read_limited,
    read_regular,
)
from cooperation_scorer.validation import suggestion


def _memo_header(to: str, sender: str, day: str | None, subject: str | None, what: str) -> Header:
    if day is None:
        day = datetime.date.today().isoformat()
    else:
        try:
            day = datetime.date.fromisoformat(day).isoformat()
        except ValueError:
            shaped = len(day) == 10 and day[4] == day[7] == "-" and day.replace("-", "").isdigit()
            why = "there is no such day; check the month and day" if shaped else None
            typer.echo(f"--date {day}: {why or 'write the date as YYYY-MM-DD'}", err=True)
            raise typer.Exit(EXIT_INVALID) from None
    return Header(
        to, sender, day, subject or f"Proposed U.S.-Russia cooperation in Central Asia: {what}"
    )


_FORCE_IT = "pass --force to replace it"  # the fix after "already exists; "
_NEVER_OVERWRITES = "`new` never replaces a file; choose another name"


def _refuse_existing(path: Path, fix: str) -> None:
    if os.path.lexists(path):  # a dangling symlink is there too
        typer.echo(f"{path}: already exists; {fix}", err=True)
        raise typer.Exit(EXIT_INVALID)


def _write_new(path: Path, text: str, *, force: bool, fix: str = _FORCE_IT) -> None:
    """Write a file atomically (a memo, or a new proposal), refusing to replace one unless
    forced; `fix` says how to get past the refusal."""
    if not force:
        _refuse_existing(path, fix)
    try:
        write_atomically(path, text)
    except OSError as error:
        typer.echo(f"{path}: cannot write: {error.strerror}; check the folder exists", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def _read_template(path: Path) -> str:
    data = read_regular(path, MAX_TEMPLATE_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = "the template is not valid UTF-8; save it as UTF-8"
        raise ScorerError([Problem(str(path), None, None, message)]) from None


def _robustness(ranked: list[RankedAssessment]) -> str:
    """The sensitivity section of a memo: stability intervals and acceptability, seed 0."""
    from cooperation_scorer.render.sensitivity import render_sensitivity_markdown
    from cooperation_scorer.sensitivity import problem_of, smaa, stability

    problem = problem_of([item.assessment for item in ranked])
    top = min(3, len(ranked))
    shares = smaa(problem, samples=10_000, seed=0, k=top)
    titles = {item.assessment.id: item.assessment.title for item in ranked}
    first = ranked[0].assessment.id
    return render_sensitivity_markdown(stability(problem, top), shares, top, titles, first)


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

    loaded = rubric_or_exit(criteria)
    try:
        source = _read_template(template) if template else packaged_template()
    except ScorerError as error:
        report_problems(error.problems)
        raise typer.Exit(EXIT_INVALID) from None
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=not no_waivers, improve=True)
    report_problems(outcome.problems, first_only=True)
    if outcome.problems:
        typer.echo("no memo written: fix the invalid files and run again", err=True)
        raise typer.Exit(EXIT_INVALID)
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
        report_problems(error.problems)
        raise typer.Exit(EXIT_INVALID) from None
    writes = [(output, whole)] if output is not None else []
    if split is not None:
        writes += [(split / f"{proposal_id}.md", text) for proposal_id, text in singles]
    # Every target is checked before any is written: a refusal leaves no memo half-done.
    targets: set[Path] = set()
    for path, _ in writes:
        if path.resolve() in targets:  # ids are unique, so only --output can clash
            typer.echo(
                f"{path}: the --output memo and a --split memo would both be written to this "
                "file; choose another --output",
                err=True,
            )
            raise typer.Exit(EXIT_INVALID)
        targets.add(path.resolve())
    for path, _ in writes:
        if not force:
            _refuse_existing(path, _FORCE_IT)
        # ids are slugs, so a split memo stays in DIR; this keeps it so
        if split is not None and path is not output and path.resolve().parent != split.resolve():
            typer.echo(f"{path}: outside {split}; not written", err=True)
            raise typer.Exit(EXIT_INVALID)
    if split is not None:
        split.mkdir(parents=True, exist_ok=True)
    for path, text in writes:
        _write_new(path, text, force=force)
    if output is None and split is None:
        typer.echo(whole, nl=False)


def _complete_domain(incomplete: str) -> list[str]:
    try:
        rubric = load_rubric(None, Path.cwd()).rubric
    except RubricError:
        return []
    return [domain for domain in rubric.domain_ids if domain.startswith(incomplete)]


@app.command()
def schema(criteria: CriteriaOption = None) -> None:
    """Print the JSON Schema of the proposal format.

    Generated from the proposal model and the rubric: domain ids, party names and aliases,
    friction and gate ids as enums. The repository keeps it in schema/proposal.schema.json.
    """
    from cooperation_scorer.schema import render_schema

    typer.echo(render_schema(rubric_or_exit(criteria).rubric), nl=False)


def _interactive() -> bool:
    """Whether someone is at a terminal to answer questions."""
    return sys.stdin.isatty()


def _listed(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _ask(
    value: str | None,
    question: str,
    flag: str,
    interactive: bool,
    check: Callable[[str], str | None],
) -> str:
    """A flag's value, or asked for in a terminal until `check` finds nothing wrong."""
    if value is not None:
        problem = check(value)
        if problem:
            typer.echo(f"{problem}", err=True)
            raise typer.Exit(EXIT_INVALID)
        return value
    if not interactive:
        typer.echo(f"{question}: missing, and no terminal to ask; pass {flag}", err=True)
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

    if path is not None and path.suffix.lower() not in (".yaml", ".yml"):
        typer.echo(f"{path}: `new` writes YAML; name the file with .yaml or .yml", err=True)
        raise typer.Exit(EXIT_INVALID)
    if path is not None:
        _refuse_existing(path, _NEVER_OVERWRITES)  # before any question is asked
    loaded = rubric_or_exit(criteria)
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

    title = _ask(title, "Title", "--title", interactive, nonempty)
    domain = _ask(
        domain, f"Domain ({', '.join(rubric.domain_ids)})", "--domain", interactive, known_domain
    )
    host_states = _ask(
        host_states,
        f"Host states, comma-separated ({', '.join(hosts)})",
        "--host-states",
        interactive,
        known_hosts,
    )
    # resolve_party keeps a party the rubric does not know, so the list is not a limit.
    known = ", ".join(party.name for party in rubric.parties)
    participants = _ask(
        participants,
        f"Participants, comma-separated ({known}; others allowed)",
        "--participants",
        interactive,
        lambda text: None if _listed(text) else "name at least one participant",
    )
    given = _listed(participants)
    names = {fold_name(name) for name in given}
    canonical = {fold_name(p.name) for n in given if (p := rubric.party(n))}

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
        if missing:
            return f"not a participant: {', '.join(missing)}; choose among {', '.join(given)}"
        return None

    lead = _ask(
        lead,
        f"Lead or co-leads, comma-separated ({', '.join(given)})",
        "--lead",
        interactive,
        among_participants,
    )
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
        report_problems(error.problems)
        raise typer.Exit(EXIT_INVALID) from None
    _write_new(target, text, force=False, fix=_NEVER_OVERWRITES)
    typer.echo(f"wrote {target}", err=True)
    assessment = assess(proposal, rubric)
    typer.echo(
        render_assessments([assessment], loaded.ref, color=use_color(), width=terminal_width()),
        nl=False,
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
    if git is not None and (git.startswith("-") or not git.strip()):
        # A revision is never an option: `--git=--output=FILE` must not reach git as one.
        typer.echo(f"--git {git}: not a revision; name a commit, branch or tag", err=True)
        raise typer.Exit(EXIT_INVALID)
    try:
        if git:
            # git by name, as the user's shell would find it; REV is only ever an argument
            with subprocess.Popen(  # noqa: S603
                ["git", "show", "--end-of-options", f"{git}:./{path.name}"],  # noqa: S607
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=path.parent,
            ) as shown:
                assert shown.stdout is not None
                assert shown.stderr is not None
                # Never more than the limit is read, however large the file at REV.
                data = shown.stdout.read(DEFAULT_MAX_BYTES + 1)
                if len(data) > DEFAULT_MAX_BYTES:
                    shown.kill()
                    typer.echo(
                        f"{label}: the file is over {DEFAULT_MAX_BYTES} bytes; not a proposal",
                        err=True,
                    )
                    raise typer.Exit(EXIT_INVALID)
                complaint = shown.stderr.read()
            if shown.returncode:
                reason = " ".join(complaint.decode(errors="replace").split())
                typer.echo(f"{label}: cannot read it from git: {reason}", err=True)
                raise typer.Exit(EXIT_INVALID)
        else:
            data = read_limited(path, DEFAULT_MAX_BYTES)
        return assess(parse_proposal(data, label, loaded.rubric), loaded.rubric)
    except ScorerError as error:
        report_problems(error.problems, first_only=True)
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
    loaded = rubric_or_exit(criteria)
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
        text = render_comparison(comparison, loaded.ref, color=use_color(), width=terminal_width())
    typer.echo(text, nl=False)


class SensitivityFormat(StrEnum):
    """The formats `sensitivity` can print."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


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
    criteria: CriteriaOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Would a reasonable change in the weights change the recommendation?

    For each criterion, the exact interval of its weight (the others rescaled in proportion)
    over which the top K stays the same, and the smallest single-weight change that puts a
    different proposal first; then SMAA-2 rank acceptability: the share of sampled weight
    vectors that rank each proposal first and in the top K, and its central weights.
    """
    from cooperation_scorer.render.sensitivity import (
        render_sensitivity_json,
        render_sensitivity_markdown,
    )
    from cooperation_scorer.render.terminal import render_sensitivity
    from cooperation_scorer.sensitivity import problem_of, smaa, stability

    loaded = rubric_or_exit(criteria)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=True)
    report_problems(outcome.problems, first_only=True)
    if outcome.problems:
        raise typer.Exit(EXIT_INVALID)
    top = min(top, len(outcome.assessments))  # the top 3 of two proposals is the top 2
    problem = problem_of(outcome.assessments)
    intervals = stability(problem, top)
    shares = smaa(problem, samples=samples, seed=seed, k=top, spread=spread)
    if output_format is SensitivityFormat.JSON:
        text = render_sensitivity_json(intervals, shares, top, loaded.ref)
    elif output_format is SensitivityFormat.MARKDOWN:
        text = render_sensitivity_markdown(intervals, shares, top)
    else:
        text = render_sensitivity(
            intervals, shares, top, loaded.ref, color=use_color(), width=terminal_width()
        )
    typer.echo(text, nl=False)
