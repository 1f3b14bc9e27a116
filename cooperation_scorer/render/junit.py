"""JUnit XML: one test case per proposal, failures for threshold misses and failed gates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.render.escape import visible

SUITE = "cooperation-scorer"


def render_junit(report: RankReport) -> str:
    failures_by_id: dict[str, list[str]] = {}
    for miss in report.failures:
        failures_by_id.setdefault(miss.id, []).append(f"{miss.kind}: {miss.message}")
    suite = ET.Element("testsuite", name=SUITE)
    rubric = ET.SubElement(suite, "properties")
    for name, value in (
        ("rubric", report.rubric.name),
        ("rubric-version", report.rubric.version),
        ("rubric-sha256", report.rubric.sha256),
    ):
        ET.SubElement(rubric, "property", name=name, value=value)
    failed = 0
    for item in report.ranked:
        a = item.assessment
        case = ET.SubElement(
            suite, "testcase", classname=f"{SUITE}.rank", name=a.id, file=visible(a.file)
        )
        ET.SubElement(case, "properties")
        properties = case[0]
        for name, value in (
            ("rank", str(item.rank)),
            ("score", f"{a.score:.1f}"),
            ("verdict", a.verdict.value),
            ("title", a.title),
        ):
            ET.SubElement(properties, "property", name=name, value=value)
        for gate in a.waived_gates:
            ET.SubElement(properties, "property", name=f"waived:{gate.id}", value=gate.waiver or "")
        messages = failures_by_id.get(a.id, [])
        messages += [f"gate {gate.id}: {gate.reason}" for gate in a.failed_gates]
        if messages:
            failed += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=messages[0],
                type="gate" if a.failed_gates and not failures_by_id.get(a.id) else "threshold",
            )
            failure.text = "\n".join(messages)
        out = ET.SubElement(case, "system-out")
        out.text = f"{a.title}\nscore {a.score:.1f}, verdict {a.verdict.value}"
    errors = 0
    for problem in report.problems:
        errors += 1
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{SUITE}.validate",
            name=visible(problem.path),
            file=visible(problem.path),
        )
        error = ET.SubElement(case, "error", message=str(problem), type="invalid-file")
        error.text = str(problem)
    suite.set("tests", str(len(report.ranked) + errors))
    suite.set("failures", str(failed))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    root = ET.Element("testsuites", name=SUITE)
    root.append(suite)
    for key in ("tests", "failures", "errors"):
        root.set(key, suite.get(key, "0"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
