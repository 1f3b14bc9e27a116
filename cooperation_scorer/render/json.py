"""The JSON contract of `score` and `rank`: tool, rubric, summary and one result per proposal."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from cooperation_scorer import __version__
from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.escape import json_safe
from cooperation_scorer.score.codec import assessment_adapter
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.score.results import Assessment

TOOL_NAME = "cooperation-scorer"


def _result(assessment: Assessment, rank: int | None) -> dict[str, Any]:
    data = assessment_adapter().dump_python(assessment, mode="json")  # `to_data`, in Rust
    for criterion in data["criteria"]:
        for key in ("points", "max_points", "weight"):
            criterion[key] = round(criterion[key], 2)
    result: dict[str, Any] = {
        "id": data["id"],
        "title": data["title"],
        "file": data["file"],
        "sha256": data["sha256"],
    }
    if rank is not None:
        result["rank"] = rank
    result.update(
        score=data["score"],
        verdict=data["verdict"],
        weakest=assessment.weakest.id,
        gates=data["gates"],
        bilateral_exception=data["bilateral_exception"],
        criteria=data["criteria"],
        caps=data["caps"],
        warnings=data["warnings"],
        facts=data["facts"],
    )
    if assessment.consensus is not None:
        result["perspectives"] = data["perspectives"]
        result["consensus"] = data["consensus"]
    if assessment.improvements is not None:
        result["improvements"] = [
            {key: item[key] for key in ("change", "points", "new_score", "new_verdict", "fields")}
            | {"unblocks": item["unblocks"]}
            for item in data["improvements"]
        ]
    return result


def provenance(rubric: RubricRef) -> dict[str, Any]:
    """The tool and the rubric that made a JSON output: every one starts with them."""
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "rubric": {
            "name": rubric.name,
            "version": rubric.version,
            "sha256": rubric.sha256,
            "path": rubric.path,
        },
    }


def _head(assessments: list[Assessment], rubric: RubricRef) -> dict[str, Any]:
    counts = verdict_counts(assessments)
    return {
        **provenance(rubric),
        "summary": {
            "proposals": len(assessments),
            **{verdict.value: count for verdict, count in counts.items()},
            "waived": sum(len(a.waived_gates) for a in assessments),
        },
    }


def _compact(data: Any) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, separators=(", ", ": ")))


def _pieces(head: dict[str, Any], results: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The document as text, a line per key and per result: diff-friendly, and fast to
    write (json's C encoder only runs without indentation). Each result is encoded when its
    turn comes, so a caller writing the pieces as they come never holds the whole text."""
    yield "{\n"
    for key, value in head.items():
        yield f"  {_compact(key)}: {_compact(value)},\n"
    yield '  "results": ['
    separator = "\n"
    for result in results:
        yield f"{separator}    {_compact(result)}"
        separator = ",\n"
    yield "\n  ]\n}\n"


def json_pieces(assessments: list[Assessment], rubric: RubricRef) -> Iterator[str]:
    """`score`'s JSON, a line at a time: no ranks."""
    return _pieces(_head(assessments, rubric), (_result(a, None) for a in assessments))


def rank_json_pieces(report: RankReport) -> Iterator[str]:
    """`rank`'s JSON, a line at a time: ranks, and the thresholds, failures and baseline
    changes of the run."""
    assessments = [item.assessment for item in report.ranked]
    head = _head(assessments, report.rubric)
    head["summary"]["unused_waivers"] = sum(len(a.unused_waivers) for a in assessments)
    head["summary"]["failed"] = report.failed
    head["summary"]["invalid_files"] = report.invalid
    head["summary"]["exit_code"] = report.exit_code
    thresholds = asdict(report.thresholds)
    thresholds["waivers"] = report.waivers_honoured
    head["thresholds"] = thresholds
    head["failures"] = [asdict(failure) for failure in report.failures]
    head["findings"] = [asdict(finding) for finding in report.findings]
    if report.changes is not None:
        head["baseline"] = [
            {**asdict(change), "score_delta": change.score_delta, "regressed": change.regressed}
            for change in report.changes
        ]
    return _pieces(head, (_result(item.assessment, item.rank) for item in report.ranked))
