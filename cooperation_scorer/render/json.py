"""The JSON contract of `score` and `rank`: tool, rubric and one result per proposal."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from cooperation_scorer import __version__
from cooperation_scorer.rubric import RubricRef
from cooperation_scorer.scoring import Assessment, RankedAssessment
from cooperation_scorer.vocabulary import Verdict

TOOL_NAME = "cooperation-scorer"


def _result(assessment: Assessment, rank: int | None) -> dict[str, Any]:
    data = assessment.model_dump(mode="json")
    criteria = []
    for criterion in data["criteria"]:
        criterion["points"] = round(criterion["points"], 2)
        criterion["max_points"] = round(criterion["max_points"], 2)
        criterion["weight"] = round(criterion["weight"], 2)
        criteria.append(criterion)
    result: dict[str, Any] = {"id": data["id"], "title": data["title"], "file": data["file"]}
    if rank is not None:
        result["rank"] = rank
    result.update(
        score=data["score"],
        verdict=data["verdict"],
        weakest=assessment.weakest.id,
        gates=data["gates"],
        criteria=criteria,
        caps=data["caps"],
        warnings=data["warnings"],
        facts=data["facts"],
    )
    return result


def document(
    assessments: list[Assessment] | list[RankedAssessment], rubric: RubricRef
) -> dict[str, Any]:
    """The JSON document as plain data."""
    results = [
        _result(item.assessment, item.rank)
        if isinstance(item, RankedAssessment)
        else _result(item, None)
        for item in assessments
    ]
    counts = Counter(result["verdict"] for result in results)
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "rubric": {
            "name": rubric.name,
            "version": rubric.version,
            "sha256": rubric.sha256,
            "path": rubric.path,
        },
        "summary": {
            "proposals": len(results),
            **{verdict.value: counts.get(verdict.value, 0) for verdict in Verdict},
        },
        "results": results,
    }


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def render_json(assessments: list[Assessment] | list[RankedAssessment], rubric: RubricRef) -> str:
    """The document with a line per key and per result: diff-friendly, and fast to write
    (json's C encoder only runs without indentation)."""
    data = document(assessments, rubric)
    results = [f"    {_compact(result)}," for result in data.pop("results")]
    lines = [f"  {_compact(key)}: {_compact(value)}," for key, value in data.items()]
    lines.append('  "results": [')
    if results:
        results[-1] = results[-1].rstrip(",")
    return "\n".join(["{", *lines, *results, "  ]", "}"]) + "\n"
