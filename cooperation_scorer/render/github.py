"""GitHub Actions workflow commands: one annotation per finding, at the line at fault."""

from __future__ import annotations

from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.render.escape import visible

# The workflow command for each finding level: an error exactly when it fails the job.
COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, file: str, line: int | None, title: str, message: str) -> str:
    where = f"file={_property(visible(file))}"
    if line is not None:
        where += f",line={line}"
    return f"::{kind} {where},title={_property(visible(title))}::{_data(visible(message))}\n"


def _plain(text: str) -> str:
    """A log line that can never be read as a workflow command."""
    return " ".join(text.replace("::", ": :").split())


def render_github(report: RankReport) -> str:
    """A log line naming the rubric; then `::error` once per proposal that failed a
    threshold and per invalid file, `::warning` for a blocked proposal no threshold fails
    and for a waiver that did nothing, `::notice` per waived gate; then a closing count."""
    rubric = report.rubric
    lines = [
        _plain(
            f"cooperation-scorer: rubric {rubric.name} {rubric.version} from {rubric.path}, "
            f"sha256 {rubric.sha256}"
        )
        + "\n"
    ]
    for finding in report.findings:
        lines.append(
            _command(
                COMMANDS[finding.level], finding.file, finding.line, finding.title, finding.message
            )
        )
    lines.append(
        f"cooperation-scorer: {len(report.ranked)} proposals ranked, {report.failed} failed "
        f"the thresholds, {report.invalid} invalid file(s); exit {report.exit_code}\n"
    )
    return "".join(lines)
