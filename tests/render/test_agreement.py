"""Whatever the thresholds, every CI format marks as failing exactly the proposals that fail
the job, and the exit code follows: a property over random thresholds."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cooperation_scorer.analysis.report import build_report
from cooperation_scorer.analysis.thresholds import Thresholds
from cooperation_scorer.load.files import load_proposal
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.render.csv import render_csv
from cooperation_scorer.render.github import render_github
from cooperation_scorer.render.json import rank_json_pieces
from cooperation_scorer.render.junit import render_junit
from cooperation_scorer.render.markdown import render_markdown
from cooperation_scorer.render.sarif import render_sarif
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.results import Assessment
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import PROPOSALS


@pytest.fixture(scope="module")
def bundled(loaded_rubric: LoadedRubric) -> list[Assessment]:
    rubric = loaded_rubric.rubric
    files = sorted(p for p in PROPOSALS.iterdir() if p.suffix in (".yaml", ".md"))
    return [assess(load_proposal(Path(p), rubric, 1 << 22), rubric) for p in files]


THRESHOLDS = st.builds(
    Thresholds,
    fail_under=st.none() | st.floats(min_value=0, max_value=100, allow_nan=False),
    fail_on=st.none() | st.sampled_from(list(Verdict)),
    fail_on_waived=st.booleans(),
    fail_on_unused_waiver=st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(thresholds=THRESHOLDS)
def test_every_format_fails_exactly_the_failing_proposals(
    bundled: list[Assessment], loaded_rubric: LoadedRubric, thresholds: Thresholds
) -> None:
    report = build_report(
        bundled, loaded_rubric.ref, thresholds=thresholds, rubric_model=loaded_rubric.rubric
    )
    failing = {failure.id for failure in report.failures}
    assert report.exit_code == (1 if failing else 0)
    suite = ET.fromstring(render_junit(report))
    junit = {c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None}
    github = set(re.findall(r"^::error [^:]*title=([a-z0-9-]+)%3A", render_github(report), re.M))
    sarif = json.loads(render_sarif(report))["runs"][0]
    sarif_errors = {r["properties"]["proposal"] for r in sarif["results"] if r["level"] == "error"}
    rows = csv.DictReader(io.StringIO(render_csv(report)))
    csv_errors = {row["id"] for row in rows if row["level"] == "error"}
    data = json.loads("".join(rank_json_pieces(report)))
    json_errors = {f["id"] for f in data["findings"] if f["level"] == "error"}
    markdown = render_markdown(report)
    assert markdown.split("\n")[2].startswith("**Failed**" if failing else "**Passed**")
    for found in (junit, github, sarif_errors, csv_errors, json_errors):
        assert found == failing
    assert data["summary"]["exit_code"] == sarif["invocations"][0]["exitCode"] == report.exit_code
    # What is not an error is never a failure anywhere, and a blocked proposal shows up.
    blocked = {a.id for a in bundled if a.verdict is Verdict.BLOCKED}
    warned = {r["properties"]["proposal"] for r in sarif["results"] if r["level"] == "warning"}
    assert blocked <= failing | warned
