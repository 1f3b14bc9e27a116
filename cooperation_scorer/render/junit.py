"""JUnit XML: one test case per proposal and per invalid file. A case fails exactly when the
proposal fails the job's thresholds; a blocked proposal no threshold fails, or a waiver that
did nothing, is skipped with the reason; an invalid file is an error."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cooperation_scorer.analysis.report import Finding, RankReport
from cooperation_scorer.analysis.thresholds import Failure
from cooperation_scorer.render.escape import visible

SUITE = "cooperation-scorer"


def render_junit(report: RankReport) -> str:
    suite = ET.Element("testsuite", name=SUITE)
    rubric = ET.SubElement(suite, "properties")
    for name, value in (
        ("rubric", report.rubric.name),
        ("rubric-version", report.rubric.version),
        ("rubric-sha256", report.rubric.sha256),
        ("rubric-path", report.rubric.path),
    ):
        ET.SubElement(rubric, "property", name=name, value=value)
    findings: dict[str | None, list[Finding]] = {}
    for finding in report.findings:
        findings.setdefault(finding.id, []).append(finding)
    misses: dict[str, list[Failure]] = {}
    for miss in report.failures:
        misses.setdefault(miss.id, []).append(miss)
    failed = skipped = 0
    for item in report.ranked:
        a = item.assessment
        case = ET.SubElement(
            suite, "testcase", classname=f"{SUITE}.rank", name=a.id, file=visible(a.file)
        )
        properties = ET.SubElement(case, "properties")
        for name, value in (
            ("rank", str(item.rank)),
            ("score", f"{a.score:.1f}"),
            ("verdict", a.verdict.value),
            ("title", a.title),
        ):
            ET.SubElement(properties, "property", name=name, value=value)
        for gate in a.waived_gates:
            ET.SubElement(properties, "property", name=f"waived:{gate.id}", value=gate.waiver or "")
        found = findings.get(a.id, [])
        errors = [f for f in found if f.level == "error"]
        warnings = [f for f in found if f.level == "warning"]
        if errors:
            failed += 1
            own = misses[a.id]
            failure = ET.SubElement(case, "failure", message=errors[0].message, type=own[0].kind)
            failure.text = "\n".join(f"{miss.kind}: {miss.message}" for miss in own)
        elif warnings:
            skipped += 1
            ET.SubElement(
                case, "skipped", message="; ".join(f"warning: {w.message}" for w in warnings)
            )
        out = ET.SubElement(case, "system-out")
        notes = [f"{f.level}: {f.title}: {f.message}" for f in found if f.level != "error"]
        out.text = "\n".join([a.title, f"score {a.score:.1f}, verdict {a.verdict.value}", *notes])
    by_file: dict[str, list[str]] = {}
    for problem in report.problems:
        by_file.setdefault(problem.path, []).append(str(problem))
    for path, problems in by_file.items():  # one error case per invalid file
        case = ET.SubElement(
            suite, "testcase", classname=f"{SUITE}.validate", name=visible(path), file=visible(path)
        )
        error = ET.SubElement(case, "error", message=problems[0], type="invalid-file")
        error.text = "\n".join(problems)
    errors_count = len(by_file)
    suite.set("tests", str(len(report.ranked) + errors_count))
    suite.set("failures", str(failed))
    suite.set("errors", str(errors_count))
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name=SUITE)
    root.append(suite)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, suite.get(key, "0"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
