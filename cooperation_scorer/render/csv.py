"""CSV: one row per proposal, one column per criterion; safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.render.escape import csv_cell

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


LEVEL_ORDER = ("pass", "note", "warning", "error")


def render_csv(report: RankReport) -> str:
    first = report.ranked[0].assessment if report.ranked else None
    criteria = [c.id for c in first.criteria] if first else []
    sides = [p.id for p in first.perspectives] if first else []
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(
        [
            "rank",
            "id",
            "title",
            "file",
            "score",
            "verdict",
            "weakest",
            *criteria,
            *(column for side in sides for column in (side, f"{side}_verdict")),
            *(["consensus", "consensus_verdict", "held_by"] if sides else []),
            "failed_gates",
            "waived_gates",
            "caps",
            "warnings",
            "unused_waivers",
            "level",
            "rubric",
            "rubric_sha256",
            "problem",
        ]
    )
    rubric = f"{report.rubric.name} {report.rubric.version}"
    levels: dict[str, str] = {}  # the highest level of each proposal's findings
    for finding in report.findings:
        if finding.id is not None:
            before = levels.get(finding.id, "pass")
            levels[finding.id] = max(before, finding.level, key=LEVEL_ORDER.index)
    for item in report.ranked:
        a = item.assessment
        row = [
            str(item.rank),
            a.id,
            a.title,
            a.file,
            f"{a.score:.1f}",
            a.verdict.value,
            a.weakest.id,
            *(f"{c.points:g}" for c in a.criteria),
            *(cell for p in a.perspectives for cell in (f"{p.score:.1f}", p.verdict.value)),
            *(
                [f"{a.consensus.score:.1f}", a.consensus.verdict.value, a.consensus.held_by]
                if a.consensus
                else []
            ),
            " ".join(g.id for g in a.failed_gates),
            " ".join(g.id for g in a.waived_gates),
            " ".join(cap.criterion for cap in a.caps),
            str(len(a.warnings)),
            " ".join(g.id for g in a.unused_waivers),
            levels.get(a.id, "pass"),
            rubric,
            report.rubric.sha256,
            "",
        ]
        writer.writerow([csv_cell(cell) for cell in row])
    width = 7 + len(criteria) + 2 * len(sides) + (3 if sides else 0) + 4
    first_problem: dict[str, str] = {}
    for problem in report.problems:
        first_problem.setdefault(problem.path, str(problem))
    for path, message in first_problem.items():  # a row per invalid file, after the ranked
        cells = ["", "", "", path, "", "invalid", *[""] * (width - 6), "", "error"]
        cells += [rubric, report.rubric.sha256, message]
        writer.writerow([csv_cell(cell) for cell in cells])
    return stream.getvalue()
