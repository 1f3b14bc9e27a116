"""Writing proposals: `new` scaffolds one (asking in a terminal), `schema` prints the format."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_INTERRUPTED,
    SETTINGS,
    CriteriaOption,
    OutputOption,
    fail_with,
    fatal,
    rubric_or_exit,
    rubric_or_none,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import emit, refuse_existing, write_new
from cooperation_scorer.errors import ScorerError
from cooperation_scorer.load.validation import suggestion
from cooperation_scorer.model.rubric import fold_name
from cooperation_scorer.render.terminal.score import render_assessments
from cooperation_scorer.score.assess import assess

_NEVER_OVERWRITES = "`new` never replaces a file; choose another name"


def _complete_domain(incomplete: str) -> list[str]:
    loaded = rubric_or_none()
    if loaded is None:
        return []
    return [domain for domain in loaded.rubric.domain_ids if domain.startswith(incomplete)]


@app.command()
def schema(output: OutputOption = None, criteria: CriteriaOption = None) -> None:
    """Print the JSON Schema of the proposal format.

    Generated from the proposal model and the rubric: domain ids, party names and aliases,
    friction and gate ids as enums. The repository keeps it in schema/proposal.schema.json.
    """
    from cooperation_scorer.authoring.schema import render_schema

    emit(render_schema(rubric_or_exit(criteria).rubric), output, invalid=0)


def _interactive() -> bool:
    """Whether someone is at a terminal to answer questions."""
    return sys.stdin.isatty()


def _listed(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def joined(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c': a list as a sentence says it."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _answer(question: str) -> str:
    """One answer typed at the terminal; Ctrl-C or Ctrl-D ends the run with 130, as an
    interrupted command does, having written nothing."""
    try:
        return str(typer.prompt(question, default="", show_default=False)).strip()
    except typer.Abort:
        typer.echo("", err=True)
        fatal("interrupted; nothing written", EXIT_INTERRUPTED)


def _ask(value: str | None, question: str, check: Callable[[str], str | None]) -> str:
    """A flag's value, checked; or asked for until `check` finds nothing wrong."""
    if value is not None:
        problem = check(value)
        if problem:
            fatal(problem)
        return value
    while True:
        answer = _answer(question)
        problem = check(answer)
        if not problem:
            return answer
        typer.echo(problem, err=True)


def _schema_at(target: Path) -> tuple[str, bool]:
    """Where the proposal's editor finds the schema, relative to the file, and whether it is
    there: the nearest schema/ above the file, else where `cooperation-scorer schema` would
    be saved in the current folder."""
    from cooperation_scorer.authoring.schema import SCHEMA_PATH

    folder = target.resolve().parent
    for above in (folder, *folder.parents):
        if (above / SCHEMA_PATH).is_file():
            return os.path.relpath(above / SCHEMA_PATH, folder), True
    return os.path.relpath(Path.cwd() / SCHEMA_PATH, folder), False


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
    rubric (Ctrl-C or Ctrl-D stops, exit 130); without a terminal it asks nothing and names
    every missing flag at once. Every optional field is written, commented. It never
    overwrites a file, and says so before asking anything.
    """
    from cooperation_scorer.authoring.scaffold import scaffold
    from cooperation_scorer.load.proposal import default_id, parse_proposal

    if path is not None and path.suffix.lower() not in (".yaml", ".yml"):
        fatal(f"{path}: `new` writes YAML; name the file with .yaml or .yml")
    if path is not None:
        refuse_existing(path, _NEVER_OVERWRITES)  # before any question is asked
    loaded = rubric_or_exit(criteria)
    rubric = loaded.rubric
    flags = {
        "--title": title,
        "--domain": domain,
        "--host-states": host_states,
        "--participants": participants,
        "--lead": lead,
    }
    missing = [flag for flag, value in flags.items() if value is None]
    if missing and not _interactive():
        fatal(
            f"missing {joined(missing)}, and no terminal to ask; pass "
            f"{'it' if len(missing) == 1 else 'them'} (see `cooperation-scorer new --help`)"
        )
    hosts = [party.name for party in rubric.parties if party.kind == "host"]
    host_names = [
        name
        for party in rubric.parties
        if party.kind == "host"
        for name in [party.name, *party.aliases]
    ]

    def nonempty(what: str) -> Callable[[str], str | None]:
        return lambda text: None if text.strip() else f"write {what}; it cannot be empty"

    def known_domain(text: str) -> str | None:
        if text in rubric.domain_ids:
            return None
        return f"unknown domain '{text}'{suggestion(text, rubric.domain_ids)}; use one of " + (
            joined(rubric.domain_ids, "or")
        )

    def known_hosts(text: str) -> str | None:
        bad = [s for s in _listed(text) if (p := rubric.party(s)) is None or p.kind != "host"]
        if not _listed(text):
            return "name at least one host state"
        if not bad:
            return None
        named = joined([f"{b}{suggestion(b, host_names)}" for b in bad])
        return f"not a Central Asian state: {named}; use {joined(hosts, 'or')}"

    title = _ask(title, "Title", nonempty("a title"))
    target = path or Path(f"{default_id(title + '.yaml') or 'proposal'}.yaml")
    refuse_existing(target, _NEVER_OVERWRITES)  # as soon as the name is known
    domain = _ask(domain, f"Domain ({', '.join(rubric.domain_ids)})", known_domain)
    host_states = _ask(
        host_states, f"Host states, comma-separated ({', '.join(hosts)})", known_hosts
    )
    # resolve_party keeps a party the rubric does not know, so the list is not a limit.
    known = ", ".join(party.name for party in rubric.parties)
    participants = _ask(
        participants,
        f"Participants, comma-separated ({known}; others allowed)",
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
            near = joined([f"{m}{suggestion(m, given)}" for m in missing])
            return f"not a participant: {near}; choose among {', '.join(given)}"
        return None

    lead = _ask(lead, f"Lead or co-leads, comma-separated ({', '.join(given)})", among_participants)
    if summary is None:
        summary = (
            _ask(None, "Summary (what is shared, how big, how visible)", nonempty("a summary"))
            if _interactive()
            else f"{title}: a project in {joined(_listed(host_states))} led by "
            f"{joined(_listed(lead))}, with {joined(given)}."
        )
    schema, saved = _schema_at(target)
    text = scaffold(
        schema=schema,
        schema_saved=saved,
        title=title,
        summary=summary,
        domain=domain,
        host_states=_listed(host_states),
        participants=given,
        lead=_listed(lead),
        rubric=rubric,
    )
    try:
        proposal = parse_proposal(text.encode(), str(target), rubric)
    except ScorerError as error:
        fail_with(error.problems)
    write_new(target, text, force=False, fix=_NEVER_OVERWRITES)  # says "wrote"
    if SETTINGS.quiet:
        return
    assessment = assess(proposal, rubric)
    typer.echo(
        render_assessments([assessment], loaded.ref, color=use_color(), width=terminal_width()),
        nl=False,
    )
