"""GitHub Actions workflow commands: an error per failing proposal, at the field at fault."""

from __future__ import annotations

from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.analysis.thresholds import Failure, fact_line
from cooperation_scorer.render.escape import visible


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, file: str, line: int | None, title: str, message: str) -> str:
    where = f"file={_property(visible(file))}"
    if line is not None:
        where += f",line={line}"
    return f"::{kind} {where},title={_property(visible(title))}::{_data(visible(message))}\n"


def render_github(report: RankReport) -> str:
    """`::error` once per proposal that failed a threshold and per invalid file;
    `::warning` for a blocked proposal no threshold caught; `::notice` per waived gate."""
    commands: list[str] = []
    failed: dict[str, list[Failure]] = {}
    for failure in report.failures:
        failed.setdefault(failure.id, []).append(failure)
    for item in report.ranked:
        a = item.assessment
        failures = failed.get(a.id)
        if failures:
            title = f"{a.id}: {a.verdict.value}, {a.score:.1f}"
            message = "; ".join(failure.message for failure in failures)
            commands.append(_command("error", a.file, failures[0].line, title, message))
        elif a.failed_gates:
            gate = a.failed_gates[0]
            commands.append(
                _command(
                    "warning",
                    a.file,
                    fact_line(a, gate.fact),
                    f"{a.id}: gate {gate.id}",
                    gate.reason,
                )
            )
        for gate in a.waived_gates:
            title = f"{a.id}: gate {gate.id} waived"
            commands.append(_command("notice", a.file, None, title, gate.waiver or ""))
    for problem in report.problems:
        commands.append(
            _command("error", problem.path, problem.line, "invalid proposal", problem.message)
        )
    return "".join(commands)
