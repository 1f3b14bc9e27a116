"""`compare`: two revisions of a proposal side by side, from files or from git."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    CriteriaOption,
    OutputOption,
    fail_with,
    fatal,
    rubric_or_exit,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import emit
from cooperation_scorer.errors import ScorerError
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES, read_limited
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.render import COMPARE_RENDERERS, CompareFormat
from cooperation_scorer.score.assess import WaiverPolicy, assess
from cooperation_scorer.score.results import Assessment


def _revision(path: Path, loaded: LoadedRubric, git: str | None) -> Assessment | None:
    """A proposal as it is on disk, or as it was at a git revision: None when the file was
    not in that revision (a proposal added since)."""
    from cooperation_scorer.load.git import AbsentAtRevision, show_at_revision
    from cooperation_scorer.load.proposal import parse_proposal

    label = f"{git}:{path}" if git else str(path)
    try:
        if git is not None:
            data = show_at_revision(path, git, DEFAULT_MAX_BYTES)
        else:
            data = read_limited(path, DEFAULT_MAX_BYTES)
        proposal = parse_proposal(data, label, loaded.rubric)
        return assess(proposal, loaded.rubric, policy=WaiverPolicy(today=date.today()))
    except AbsentAtRevision:
        return None
    except ScorerError as error:
        fail_with(error.problems, first_only=True)


def _present(path: Path, loaded: LoadedRubric) -> Assessment:
    found = _revision(path, loaded, None)
    assert found is not None  # only a git revision can lack the file
    return found


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
    output: OutputOption = None,
    criteria: CriteriaOption = None,
) -> None:
    """Compare two revisions of a proposal.

    Which facts changed, each criterion's change in level and points, and the score and
    verdict before and after. `compare OLD NEW`, or `compare FILE --git REV`; a file not
    in REV is shown as a new proposal, with its score and verdict (exit 0).
    """
    from cooperation_scorer.analysis.revisions import compare_revisions

    if (git is None) == (new_file is None):
        fatal("give two files, OLD NEW, or one file and --git REV")
    loaded = rubric_or_exit(criteria)
    if git is not None:
        after = _present(old, loaded)
        before = _revision(old, loaded, git)
        if before is None:  # added since REV: a new proposal, shown with its score
            from cooperation_scorer.render.compare import render_new_proposal

            typer.echo(render_new_proposal(after, git, loaded.ref, output_format.value), nl=False)
            return
    else:
        before, after = _present(old, loaded), _present(new_file or old, loaded)
    comparison = compare_revisions(before, after)
    render = COMPARE_RENDERERS[output_format]
    text = render(comparison, loaded.ref, use_color(output), terminal_width(output))
    emit(text, output, invalid=0)
