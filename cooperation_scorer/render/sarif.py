"""SARIF 2.1.0, for GitHub code scanning and other readers: one rule per gate, criterion and
threshold, one result per finding (an error exactly when it fails the job), at the line of the
field at fault; invalid files are results and tool notifications both."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from cooperation_scorer import __version__
from cooperation_scorer.analysis.report import Finding, RankReport
from cooperation_scorer.model.rubric import Citation, Rubric
from cooperation_scorer.render.json import TOOL_NAME

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# Rules that are not in the rubric: what the job's thresholds and the loader report.
_OWN_RULES: dict[str, tuple[str, str, str]] = {
    "regression": (
        "Regression",
        "The score fell, or the verdict got worse, since the baseline",
        "Reported with --fail-on-regression: compare the proposal with its earlier revision "
        "(`cooperation-scorer compare FILE --git REV`) and restore what it lost.",
    ),
    "waived": (
        "WaivedGate",
        "A gate is waived",
        "The proposal fails a gate on purpose, with a reason in `waivers:`. An error only "
        "with --fail-on waived, which allows no waiver.",
    ),
    "unused-waiver": (
        "UnusedWaiver",
        "A waiver did nothing",
        "The waived gate passes, the waiver expired, or the configuration does not let the "
        "gate be waived (`waivable-gates`). Remove or renew the waiver, or meet the gate.",
    ),
    "invalid-file": (
        "InvalidFile",
        "The file is not a valid proposal",
        "Run `cooperation-scorer validate FILE` to see every problem, each with its fix.",
    ),
}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.replace("_", "-").split("-"))


def _quote(citation: Citation) -> str:
    return f"The paper, “{citation.section}”: “{citation.quote}”"


def _rule(rule_id: str, name: str, short: str, help_text: str, level: str) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": level},
    }


def _rubric_rules(rubric: Rubric) -> list[dict[str, Any]]:
    rules = []
    for gate in rubric.gates:
        passes = ", ".join(str(value) for value in gate.passes)
        rules.append(
            _rule(
                f"gate:{gate.id}",
                "Gate" + _camel(gate.id),
                f"Gate: {gate.title}",
                f"{gate.title}. A proposal passes when {gate.fact} is {passes}; failing it "
                f"blocks the proposal. To fix: {gate.fix} {_quote(gate.citation)}",
                "warning",
            )
        )
    for criterion in rubric.criteria:
        levels = "; ".join(f"{level.label} ({level.value})" for level in criterion.levels)
        rules.append(
            _rule(
                f"criterion:{criterion.id}",
                "Criterion" + _camel(criterion.id),
                f"Criterion: {criterion.title}",
                f"{criterion.question} Weight {criterion.weight:g}; levels: {levels}. "
                f"{_quote(criterion.citation)}",
                "warning",
            )
        )
    return rules


def _rules(report: RankReport) -> list[dict[str, Any]]:
    rules = _rubric_rules(report.rubric_model) if report.rubric_model is not None else []
    known = {rule["id"] for rule in rules}
    for finding in report.findings:  # without the rubric at hand, named by the findings
        if finding.rule not in known and finding.rule not in _OWN_RULES:
            rules.append({"id": finding.rule, "shortDescription": {"text": finding.rule}})
            known.add(finding.rule)
    for rule_id, (name, short, help_text) in _OWN_RULES.items():
        level = "error" if rule_id == "invalid-file" else "warning"
        rules.append(_rule(rule_id, name, short, help_text, level))
    return rules


def artifact_uri(path: str) -> str:
    """A file's path as a URI reference: relative paths stay relative, with `/`."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe="/")


def _location(finding: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.file)}}
    if finding.line is not None and finding.line >= 1:
        region: dict[str, Any] = {"startLine": finding.line}
        if finding.column is not None and finding.column >= 1:
            region["startColumn"] = finding.column
        physical["region"] = region
    return {"physicalLocation": physical}


def render_sarif(report: RankReport) -> str:
    rules = _rules(report)
    index = {rule["id"]: place for place, rule in enumerate(rules)}
    scores = {item.assessment.id: item for item in report.ranked}
    missed: dict[str, list[str]] = {}  # the thresholds each proposal failed
    for failure in report.failures:
        missed.setdefault(failure.id, []).append(failure.kind)
    results = []
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": _SARIF_LEVELS[finding.level],
            "message": {"text": f"{finding.title}: {finding.message}"},
            "locations": [_location(finding)],
        }
        if finding.id is not None:
            item = scores[finding.id]
            result["partialFingerprints"] = {"proposalRule/v1": f"{finding.id}/{finding.rule}"}
            result["properties"] = {
                "proposal": finding.id,
                "rank": item.rank,
                "score": item.assessment.score,
                "verdict": item.assessment.verdict.value,
                "failsJob": finding.level == "error",
            }
            if finding.level == "error":
                result["properties"]["thresholds"] = missed.get(finding.id, [])
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": str(problem)},
            "locations": [
                _location(
                    Finding(
                        "error",
                        None,
                        problem.path,
                        problem.line,
                        problem.column,
                        "invalid-file",
                        "",
                        "",
                    )
                )
            ],
        }
        for problem in report.problems
    ]
    # Every file looked at: each ranked proposal with its rank, score and verdict, then each
    # invalid file; results are only what needs attention.
    artifacts: list[dict[str, Any]] = [
        {
            "location": {"uri": artifact_uri(item.assessment.file)},
            "roles": ["analysisTarget"],
            "properties": {
                "proposal": item.assessment.id,
                "title": item.assessment.title,
                "rank": item.rank,
                "score": item.assessment.score,
                "verdict": item.assessment.verdict.value,
            },
        }
        for item in report.ranked
    ]
    artifacts += [
        {
            "location": {"uri": artifact_uri(path)},
            "roles": ["analysisTarget"],
            "properties": {"invalid": True},
        }
        for path in dict.fromkeys(problem.path for problem in report.problems)
    ]
    rubric = report.rubric
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.problems,
                "exitCode": report.exit_code,
                "toolExecutionNotifications": notifications,
            }
        ],
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "rubric": {
                "name": rubric.name,
                "version": rubric.version,
                "sha256": rubric.sha256,
                "path": rubric.path,
            },
            "proposals": len(report.ranked),
            "failed": report.failed,
            "invalidFiles": report.invalid,
        },
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
