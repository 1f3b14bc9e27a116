"""`rank`: many proposals ranked, reported in any number of CI formats at once, and checked
against thresholds; settings from the command line, else the configuration file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cooperation_scorer.analysis.baseline import BaselineEntry
from cooperation_scorer.analysis.report import RankReport, build_report
from cooperation_scorer.analysis.thresholds import Failure, Thresholds
from cooperation_scorer.cli.app import app
from cooperation_scorer.cli.common import (
    EXIT_FAILED,
    EXIT_INVALID,
    EXIT_OK,
    CacheDirOption,
    CriteriaOption,
    MaxBytesOption,
    NoCacheOption,
    NoWaiversOption,
    OutputOption,
    cache_or_none,
    check_rubric,
    evaluate_or_exit,
    fail_with,
    fatal,
    report_problems,
    rubric_or_exit,
    terminal_width,
    use_color,
)
from cooperation_scorer.cli.output import to_stdout, write_or_exit
from cooperation_scorer.errors import UnreadableFile, one_line
from cooperation_scorer.load.baseline import BaselineError, parse_baseline
from cooperation_scorer.load.config import Config, ConfigError, load_config
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES, MAX_BASELINE_BYTES, read_regular
from cooperation_scorer.load.validation import suggestion
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.render import RANK_RENDERERS, WIDE, RankFormat
from cooperation_scorer.score.policy import WaiverPolicy
from cooperation_scorer.vocabulary import Verdict

STDOUT = "-"


class RankBy(StrEnum):
    """What `rank --by` orders by."""

    SCORE = "score"
    CONSENSUS = "consensus"


class FailOn(StrEnum):
    """What --fail-on takes: a verdict (this verdict or worse fails), `waived` (any waived
    gate fails) or `unused-waiver` (any waiver that did nothing fails)."""

    CONDITIONAL = "conditional"
    NOT_RECOMMENDED = "not-recommended"
    BLOCKED = "blocked"
    WAIVED = "waived"
    UNUSED_WAIVER = "unused-waiver"


# The command's parameters that the configuration file can set, by their key there.
CONFIG_KEYS = {
    "paths": "paths",
    "output_format": "format",
    "output": "output",
    "reports": "reports",
    "criteria": "criteria",
    "require_rubric": "require-rubric",
    "max_bytes": "max-bytes",
    "fail_under": "fail-under",
    "fail_on": "fail-on",
    "fail_on_regression": "fail-on-regression",
    "baseline": "baseline",
    "no_waivers": "no-waivers",
    "by": "by",
    "perspective": "perspective",
    "jobs": "jobs",
}
# How a value read from the file becomes the value the option would have given.
_FROM_FILE: dict[str, Any] = {
    "paths": lambda value: [Path(item) for item in value],
    "output_format": RankFormat,
    "output": Path,
    "criteria": Path,
    "baseline": Path,
    "fail_on": lambda value: [FailOn(item) for item in value],
    "by": RankBy,
}


@dataclass(frozen=True)
class Destination:
    """One report of the run: its format and its file (None: standard output)."""

    format: RankFormat
    path: Path | None
    baseline: bool = False  # written by --write-baseline: not when an input is invalid


def _baseline(path: Path | None) -> dict[str, BaselineEntry] | None:
    if path is None:
        return None
    try:
        data = read_regular(path, MAX_BASELINE_BYTES, "is it the JSON output of `rank`?")
        return parse_baseline(data, str(path))
    except (UnreadableFile, BaselineError) as error:
        fail_with(error.problems)


def _explain_failures(failures: list[Failure], total: int) -> None:
    for failure in failures:
        typer.echo(one_line(f"FAIL {failure.id} ({failure.file}): {failure.message}"), err=True)
    failed = len({failure.id for failure in failures})
    typer.echo(f"{failed} of {total} proposals failed the thresholds", err=True)


def _settings(
    ctx: typer.Context, config: Config, given: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each setting's value and where it came from: the command line, else the
    configuration file, else the default."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, value in given.items():
        key = CONFIG_KEYS.get(name)
        source = ctx.get_parameter_source(name)  # COMMANDLINE, ENVIRONMENT, DEFAULT…
        if (source is not None and source.name != "DEFAULT") or key is None:
            values[name], sources[name] = value, "command line"
        elif key in config.values:
            convert = _FROM_FILE.get(name, lambda same: same)
            values[name], sources[name] = convert(config.values[key]), config.where(key)
        else:
            values[name], sources[name] = value, "default"
    return values, sources


def _parse_report(text: str) -> Destination:
    name, has_path, path = text.partition("=")
    formats = [f.value for f in RankFormat]
    if name not in formats:
        fatal(
            f"--report {text}: unknown format '{name}'{suggestion(name, formats)}; "
            f"use FORMAT=PATH with FORMAT one of {', '.join(formats)}"
        )
    if has_path and not path:
        fatal(f"--report {text}: no path after '='; write FORMAT=PATH, or FORMAT for stdout")
    target = None if not has_path or path == STDOUT else Path(path)
    return Destination(RankFormat(name), target)


def _destinations(
    settings: dict[str, Any], sources: dict[str, str], write_baseline: Path | None
) -> list[Destination]:
    """Every report of the run: --report and --write-baseline, and the --format/--output
    one unless a --report takes standard output in its place."""
    found = [_parse_report(text) for text in settings["reports"] or []]
    main = Destination(
        settings["output_format"],
        None if settings["output"] in (None, Path(STDOUT)) else settings["output"],
    )
    chosen = sources["output_format"] != "default" or sources["output"] != "default"
    if chosen or all(d.path is not None for d in found):
        found.insert(0, main)
    if write_baseline is not None:
        found.append(Destination(RankFormat.JSON, write_baseline, baseline=True))
    to_stdout_ = [d for d in found if d.path is None]
    if len(to_stdout_) > 1:
        names = " and ".join(d.format.value for d in to_stdout_)
        fatal(f"{names} would both go to standard output; give one of them a file (FORMAT=PATH)")
    seen: dict[str, Destination] = {}
    for destination in found:
        if destination.path is None:
            continue
        # A link loop is not resolved here: writing the report refuses it in one line.
        key = str(Path.cwd() / destination.path)
        if key in seen:
            fatal(f"{destination.path}: two reports would be written to it; give each its own")
        seen[key] = destination
    return found


def _policy(loaded: LoadedRubric, config: Config) -> WaiverPolicy:
    gates = config.values.get("waivable-gates")
    if gates is None:
        return WaiverPolicy(today=date.today())
    ids = [gate.id for gate in loaded.rubric.gates]
    for gate in gates:
        if gate not in ids:
            fatal(
                f"{config.where('waivable-gates')}:1: 'waivable-gates' names unknown gate "
                f"'{gate}'{suggestion(gate, ids)}; the gates are {', '.join(ids)}"
            )
    return WaiverPolicy(today=date.today(), waivable=frozenset(gates))


def _thresholds(settings: dict[str, Any]) -> Thresholds:
    fail_on: list[FailOn] = settings["fail_on"] or []
    verdicts = [Verdict(f.value) for f in fail_on if f.value in {v.value for v in Verdict}]
    return Thresholds(
        fail_under=settings["fail_under"],
        fail_on=min(verdicts, key=lambda v: v.severity) if verdicts else None,
        fail_on_regression=settings["fail_on_regression"],
        fail_on_waived=FailOn.WAIVED in fail_on,
        fail_on_unused_waiver=FailOn.UNUSED_WAIVER in fail_on,
    )


def _shown(value: Any) -> str:
    """A setting's value as TOML would write it."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value.value if isinstance(value, StrEnum) else value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _show_settings(
    settings: dict[str, Any],
    sources: dict[str, str],
    config: Config,
    loaded: LoadedRubric,
    policy: WaiverPolicy,
) -> None:
    lines = [f"# configuration file: {config.label or '(none)'}"]
    rows = [(CONFIG_KEYS[name], _shown(settings[name]), sources[name]) for name in CONFIG_KEYS]
    waivable = config.values.get("waivable-gates")
    rows.append(
        (
            "waivable-gates",
            "(every gate)" if waivable is None else _shown(sorted(policy.waivable or ())),
            config.where("waivable-gates") if waivable is not None else "default",
        )
    )
    width = max(len(f"{key} = {value}") for key, value, _ in rows)
    lines += [f"{f'{key} = {value}':<{width}}  # {source}" for key, value, source in rows]
    ref = loaded.ref
    lines.append(f"# rubric in use: {ref.path}, {ref.name} {ref.version}, sha256 {ref.sha256}")
    typer.echo("\n".join(lines))


def _write_reports(
    report: RankReport, destinations: list[Destination], *, wide: bool = False
) -> None:
    """Each report rendered from the one ranking: the files first, then standard output. A
    table of nothing says nothing: with no proposal ranked, only CI formats are written."""
    for destination in sorted(destinations, key=lambda d: d.path is None):
        if not report.ranked and destination.format is RankFormat.TABLE:
            continue
        if destination.baseline and report.problems:
            typer.echo(
                f"{destination.path}: baseline not written: {report.invalid} invalid file(s) "
                "would be missing from it; fix them and run again",
                err=True,
            )
            continue
        render = RANK_RENDERERS[destination.format]
        width = WIDE if wide else terminal_width(destination.path)
        text = render(report, use_color(destination.path), width)
        if destination.path is None:
            to_stdout(text)
        else:
            write_or_exit(destination.path, text)


@app.command("rank")
def rank_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Proposal files, or directories searched for .yaml .yml .json .md files. "
            "Default: `paths` in the configuration file.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        RankFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: table, json, csv, markdown, junit, github or sarif.",
        ),
    ] = RankFormat.TABLE,
    output: OutputOption = None,
    reports: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT[=PATH]",
            help="One more report of the same run, to PATH (or standard output); repeat for "
            "several, e.g. --report junit=ranking.xml --report sarif=ranking.sarif.",
            show_default=False,
        ),
    ] = None,
    criteria: CriteriaOption = None,
    require_rubric: Annotated[
        str | None,
        typer.Option(
            "--require-rubric",
            metavar="SHA256",
            help="Exit 2 unless the rubric's sha256 is SHA256 (see --show-settings).",
        ),
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
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
        list[FailOn] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when any proposal's verdict is this or worse (conditional < "
            "not-recommended < blocked), on any waived gate (waived), or on any waiver "
            "that did nothing (unused-waiver). Repeatable.",
            show_default=False,
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
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            dir_okay=False,
            metavar="PATH",
            help="Also write this run's JSON to PATH, as the --baseline of later runs "
            "(not when an input is invalid).",
        ),
    ] = None,
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
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="Table: every column whole, whatever the width, with the weakest level.",
        ),
    ] = False,
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
    config_path: Annotated[
        Path | None,
        typer.Option(
            "--config",
            dir_okay=False,
            metavar="PATH",
            help="Read settings from PATH, not the nearest .cooperation-scorer.toml or "
            "pyproject.toml [tool.cooperation-scorer] upward from here.",
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Read no configuration file.")
    ] = False,
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Print the settings in use, where each came from, and the rubric's sha256; "
            "then exit.",
        ),
    ] = False,
) -> None:
    """Rank proposals, best first.

    Not blocked before blocked, then score descending, then id. Directories are searched
    recursively. Exit codes: 0 all pass; 1 a threshold failed; 2 bad usage or an invalid
    file. Every report is written even then: the valid files ranked, each invalid file
    listed in it.
    """
    if config_path is not None and isolated:
        fatal("--config and --isolated ask for opposite things; give one")
    try:
        config = load_config(config_path, Path.cwd(), isolated=isolated)
    except ConfigError as error:
        fail_with(error.problems)
    given = {
        "paths": paths,
        "output_format": output_format,
        "output": output,
        "reports": reports,
        "criteria": criteria,
        "require_rubric": require_rubric,
        "max_bytes": max_bytes,
        "fail_under": fail_under,
        "fail_on": fail_on,
        "fail_on_regression": fail_on_regression,
        "baseline": baseline,
        "no_waivers": no_waivers,
        "by": by,
        "perspective": perspective,
        "jobs": jobs,
    }
    settings, sources = _settings(ctx, config, given)
    cache = cache_or_none(no_cache, cache_dir)
    loaded = rubric_or_exit(settings["criteria"], configured=False, cache=cache)
    if settings["require_rubric"] is not None:
        source = sources["require_rubric"]
        where = "--require-rubric" if source == "command line" else f"require-rubric ({source})"
        check_rubric(loaded, settings["require_rubric"], where)
    policy = _policy(loaded, config)
    if show_settings:
        _show_settings(settings, sources, config, loaded, policy)
        raise typer.Exit(EXIT_OK)
    if not settings["paths"]:
        fatal("no PATH given; name proposal files or folders, or set `paths` in the config")
    if settings["fail_on_regression"] and settings["baseline"] is None:
        fatal("--fail-on-regression needs --baseline PREVIOUS.json")
    perspective_, by_ = settings["perspective"], settings["by"]
    sides = [p.id for p in loaded.rubric.perspectives]
    if perspective_ is not None and perspective_ not in sides:
        fatal(
            f"unknown perspective '{perspective_}'{suggestion(perspective_, sides)}; "
            f"use one of {', '.join(sides)}"
        )
    if by_ is RankBy.CONSENSUS and perspective_ is not None:
        fatal(f"--by consensus and --perspective {perspective_} ask for two orders; give one")
    if by_ is RankBy.CONSENSUS and not sides:
        fatal("--by consensus needs perspectives in the rubric")
    destinations = _destinations(settings, sources, write_baseline)
    previous = _baseline(settings["baseline"])
    honour = not settings["no_waivers"]
    outcome = evaluate_or_exit(
        settings["paths"],
        loaded,
        settings["max_bytes"],
        waivers=honour,
        jobs=settings["jobs"],
        policy=policy,
        cache=cache,
    )
    report = build_report(
        outcome.assessments,
        loaded.ref,
        thresholds=_thresholds(settings),
        baseline=previous,
        problems=outcome.problems,
        waivers_honoured=honour,
        ranked_by=perspective_ or by_.value,
        rubric_model=loaded.rubric,
    )
    _write_reports(report, destinations, wide=wide)
    report_problems(outcome.problems, first_only=True)
    if report.failures:
        _explain_failures(report.failures, len(report.ranked))
    if outcome.problems:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_FAILED if report.failures else EXIT_OK)
