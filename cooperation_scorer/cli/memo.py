"""`memo`: a policy memo of the assessments, from a sandboxed Jinja2 template."""

from __future__ import annotations

import datetime
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import typer

from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    CriteriaOption,
    MaxBytesOption,
    NoWaiversOption,
    OutputOption,
    PathsArgument,
    evaluate_or_exit,
    fail_with,
    fatal,
    report_problems,
    rubric_or_exit,
)
from cooperation_scorer.cli.output import FORCE_IT, refuse_existing, write_new
from cooperation_scorer.errors import Problem, ScorerError
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES, MAX_TEMPLATE_BYTES, read_regular
from cooperation_scorer.render.memo.context import Header
from cooperation_scorer.score.rank import rank
from cooperation_scorer.score.results import RankedAssessment

# Bidirectional overrides and isolates: text that reads one way and is stored another.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain_option(option: str, value: str) -> str:
    """A header option as one line of printable text, or one line saying why not: bytes that
    are not UTF-8 reach Python as lone surrogates, which no file can hold."""
    for character in value:
        if 0xDC80 <= ord(character) <= 0xDCFF:
            fatal(
                f"{option}: byte 0x{ord(character) - 0xDC00:02X} is not UTF-8 text; "
                "write the option in UTF-8"
            )
        if unicodedata.category(character) in ("Cc", "Cs") or character in _BIDI:
            fatal(
                f"{option}: holds a control character (U+{ord(character):04X}); "
                "write it as plain text on one line"
            )
    return value


def _memo_header(to: str, sender: str, day: str | None, subject: str | None, what: str) -> Header:
    to, sender = plain_option("--to", to), plain_option("--from", sender)
    if subject is not None:
        subject = plain_option("--subject", subject)
    if day is None:
        day = datetime.date.today().isoformat()
    else:
        try:
            day = datetime.date.fromisoformat(day).isoformat()
        except ValueError:
            shaped = len(day) == 10 and day[4] == day[7] == "-" and day.replace("-", "").isdigit()
            why = "there is no such day; check the month and day" if shaped else None
            fatal(f"--date {day}: {why or 'write the date as YYYY-MM-DD'}")
    return Header(
        to, sender, day, subject or f"Proposed U.S.-Russia cooperation in Central Asia: {what}"
    )


def _read_template(path: Path) -> str:
    data = read_regular(path, MAX_TEMPLATE_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = "the template is not valid UTF-8; save it as UTF-8"
        raise ScorerError([Problem(str(path), None, None, message)]) from None


class MemoFormat(StrEnum):
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"


class Detail(StrEnum):
    BRIEF = "brief"
    FULL = "full"


SUFFIX = {MemoFormat.MARKDOWN: ".md", MemoFormat.HTML: ".html", MemoFormat.DOCX: ".docx"}


@dataclass
class _Robust:
    section: str = ""
    summary: list[str] = field(default_factory=list)
    smaa: Any = None

    def tied_with_first(self, ranked: list[RankedAssessment]) -> list[str]:
        """Titles of the proposals level with the first on every criterion."""
        if self.smaa is None:
            return []
        first = ranked[0].assessment.id
        group: list[str] = next((g for g in self.smaa.ties if first in g), [])
        return [i.assessment.title for i in ranked if i.assessment.id in group and i.rank > 1]

    @property
    def fragile(self) -> bool:
        return bool(self.summary) and self.summary[0].startswith(
            ("First place is fragile", "First place is open to question")
        )


def _robustness(ranked: list[RankedAssessment], criteria: dict[str, str]) -> _Robust:
    """Stability intervals and acceptability (seed 0): the annex's section and the brief's
    one or two sentences."""
    from cooperation_scorer.analysis.sensitivity import robustness
    from cooperation_scorer.render.sensitivity import (
        render_sensitivity_markdown,
        robustness_sentences,
    )

    found = robustness([item.assessment for item in ranked], top=3)
    titles = {item.assessment.id: item.assessment.title for item in ranked}
    first = ranked[0].assessment.id
    section = render_sensitivity_markdown(
        found.intervals, found.smaa, found.top, titles, first, criteria
    )
    summary = robustness_sentences(found.intervals, found.smaa, first, titles, criteria)
    return _Robust(section, summary, found.smaa)


def _write_bytes(path: Path, data: bytes, force: bool) -> None:
    """A binary file (a Word memo) written atomically, like the text ones."""
    if not force:
        refuse_existing(path, FORCE_IT)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename
        "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    umask = os.umask(0)
    os.umask(umask)
    try:
        with handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o666 & ~umask)  # as `open` would, not tempfile's 0600
        Path(handle.name).replace(path)
    except OSError as error:
        Path(handle.name).unlink(missing_ok=True)
        fatal(f"{path}: cannot write: {error.strerror or error}; check the folder exists")


def _make_folder(folder: Path) -> None:
    """The --split folder, made if missing, or one line on why it cannot be."""
    if folder.is_symlink() and not folder.exists():
        fatal(f"{folder}: a broken symbolic link; remove it or choose another --split folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        fatal(f"{folder}: a file, not a folder; choose another --split folder")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        fatal(f"{folder}: cannot make the folder: {reason}; choose another --split folder")


@app.command()
def memo(
    paths: PathsArgument,
    output: OutputOption = None,
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
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
    memo_format: Annotated[
        MemoFormat,
        typer.Option(
            "--format",
            "-f",
            help="Markdown, one self-contained HTML page (prints as the brief), or Word. "
            "HTML and Word need the export extra.",
        ),
    ] = MemoFormat.MARKDOWN,
    detail: Annotated[
        Detail,
        typer.Option(
            "--detail",
            help="brief: two pages a principal reads in five minutes; full: the brief, then "
            "the detail of each proposal, the method and the sources.",
        ),
    ] = Detail.BRIEF,
    annex: Annotated[
        Path | None,
        typer.Option(
            "--annex",
            dir_okay=False,
            metavar="FILE",
            help="Also write the detail to FILE (same format), and point the brief to it.",
        ),
    ] = None,
    marking: Annotated[
        str,
        typer.Option(
            "--marking",
            help='A handling line at the top and bottom, e.g. "DRAFT — FOR DISCUSSION".',
        ),
    ] = "",
    charts: Annotated[
        bool | None,
        typer.Option(
            "--charts/--no-charts",
            help="Draw the charts (SVG files beside a Markdown --output; inline in HTML and "
            "Word). Default: when there is a file to put them in and matplotlib is installed.",
            show_default=False,
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

    By default the brief, two printed pages: a header, a bottom line of at most three
    sentences, a ranked table in plain words, charts, and what would change the picture.
    --detail full adds the annex: a section per proposal (each side's view, criteria,
    gates, the paper's words, recommendations re-scored one change at a time), the
    robustness tables, and the method and sources. Without --output or --split it prints
    the memo.
    """
    from cooperation_scorer.render.memo.context import memo_context
    from cooperation_scorer.render.memo.template import (
        TemplateError,
        packaged_template,
        render_memo,
    )

    marking = plain_option("--marking", marking)
    exporting = memo_format is not MemoFormat.MARKDOWN
    if exporting:
        from cooperation_scorer.render.memo.export import EXPORT_EXTRA, missing_export_library

        lacking = missing_export_library(memo_format.value)
        if lacking is not None:
            fatal(f"--format {memo_format}: needs {lacking}; {EXPORT_EXTRA}")
    if memo_format is MemoFormat.DOCX and output is None:
        fatal("--format docx: a Word file cannot go to the terminal; pass --output FILE")
    loaded = rubric_or_exit(criteria)
    try:
        source = _read_template(template) if template else packaged_template()
    except ScorerError as error:
        fail_with(error.problems)
    outcome = evaluate_or_exit(paths, loaded, max_bytes, waivers=not no_waivers, improve=True)
    report_problems(outcome.problems, first_only=True)
    if outcome.problems:
        fatal("no memo written: fix the invalid files and run again")
    ranked = rank(outcome.assessments)
    count = len(ranked)
    header = _memo_header(
        to, sender, day, subject, f"{count} proposal{'s' * (count != 1)} assessed"
    )
    name = str(template) if template else "memo.md.j2"
    criteria_titles = {c.id: c.title for c in loaded.rubric.criteria}
    robust = _robustness(ranked, criteria_titles) if count > 1 else _Robust()
    drawn = _charts(ranked, loaded.rubric, robust, charts, memo_format, output)
    folder = "" if output is None else quote(f"{output.stem}.")
    chart_files = {f"{folder}{chart.name}.svg": chart for chart in drawn}
    common: dict[str, Any] = {
        "robustness_summary": robust.summary,
        "fragile_lead": robust.fragile,
        "tied_lead": robust.tied_with_first(ranked),
        "marking": marking,
    }
    try:
        whole = render_memo(
            memo_context(
                ranked,
                loaded.rubric,
                loaded.ref,
                header,
                robust.section,
                detail=detail.value,
                charts=[chart.data(folder) for chart in drawn],
                annex=annex.name if annex is not None else "",
                **common,
            ),
            source,
            name,
        )
        annexed = None
        if annex is not None:
            annexed = render_memo(
                memo_context(
                    ranked,
                    loaded.rubric,
                    loaded.ref,
                    header,
                    robust.section,
                    detail="annex",
                    **common,
                ),
                source,
                name,
            )
        singles = []
        for item in ranked if split else []:
            one = _memo_header(to, sender, day, subject, item.assessment.title)
            context = memo_context(
                [item], loaded.rubric, loaded.ref, one, detail=detail.value, marking=marking
            )
            singles.append((item.assessment.id, render_memo(context, source, name), one))
    except TemplateError as error:
        fail_with(error.problems)

    def exported(markdown: str, subject: str, files: dict[str, Any]) -> str | bytes:
        if memo_format is MemoFormat.MARKDOWN:
            return markdown
        from cooperation_scorer.render.memo.export import to_docx, to_html

        convert = to_html if memo_format is MemoFormat.HTML else to_docx
        return convert(markdown, files, subject, marking)

    writes: list[tuple[Path, str | bytes]] = []
    if output is not None:
        writes.append((output, exported(whole, header.subject, chart_files)))
        if memo_format is MemoFormat.MARKDOWN:
            writes += [
                (output.with_name(f"{output.stem}.{chart.name}.svg"), chart.svg) for chart in drawn
            ]
    if annex is not None and annexed is not None:
        writes.append((annex, exported(annexed, header.subject, {})))
    if split is not None:
        writes += [
            (split / f"{proposal_id}{SUFFIX[memo_format]}", exported(text, one.subject, {}))
            for proposal_id, text, one in singles
        ]
    if annex is not None and output is not None and annex.resolve() == output.resolve():
        fatal(f"{annex}: --annex names a file the memo itself is written to; choose another")
    # Every target is checked before any is written: a refusal leaves no memo half-done.
    targets: set[Path] = set()
    for path, _ in writes:
        if path.resolve() in targets:  # ids are unique, so only --output can clash
            fatal(
                f"{path}: the --output memo and a --split memo would both be written to this "
                "file; choose another --output"
            )
        targets.add(path.resolve())
    for path, _ in writes:
        if not force:
            refuse_existing(path, FORCE_IT)
        # ids are slugs, so a split memo stays in DIR; this keeps it so
        if split is not None and path.parent == split and path.resolve().parent != split.resolve():
            fatal(f"{path}: outside {split}; not written")
    if split is not None:
        _make_folder(split)
    for path, data in writes:
        if isinstance(data, bytes):
            _write_bytes(path, data, force)
        else:
            write_new(path, data, force=force)
    if output is None and split is None:
        text = exported(whole, header.subject, chart_files)
        typer.echo(text if isinstance(text, str) else "", nl=False)


def _charts(
    ranked: list[RankedAssessment],
    rubric: Any,
    robust: _Robust,
    wanted: bool | None,
    memo_format: MemoFormat,
    output: Path | None,
) -> list[Any]:
    """The charts to draw: none for one proposal or with --no-charts; for Markdown only when
    there is a file to put them beside; one line when matplotlib is missing and asked for."""
    if len(ranked) < 2 or wanted is False:
        return []
    to_file = memo_format is not MemoFormat.MARKDOWN or output is not None
    if not to_file:
        if wanted:
            fatal("--charts: Markdown on the terminal cannot hold charts; pass --output FILE")
        return []
    from cooperation_scorer.render.memo.charts import charts_available, memo_charts

    if charts_available() is None:
        if wanted or memo_format is not MemoFormat.MARKDOWN:
            fatal(
                "--charts: drawing charts needs matplotlib; "
                "pip install 'cooperation-scorer[export]'"
            )
        return []
    return memo_charts(ranked, rubric, robust.smaa)
