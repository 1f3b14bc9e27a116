"""The memo's charts: the same bytes every run, alt text on each, nothing resting on colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from cooperation_scorer.analysis.sensitivity import robustness
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.pipeline import evaluate
from cooperation_scorer.render.memo.charts import VERDICT_STYLE, Chart, memo_charts
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from tests.conftest import PROPOSALS, MakeProposal

pytest.importorskip("matplotlib")
SVG = "{http://www.w3.org/2000/svg}"


def draw(loaded_rubric: LoadedRubric) -> list[Chart]:
    ranked = rank(evaluate([PROPOSALS], loaded_rubric).assessments)
    found = robustness([item.assessment for item in ranked], top=3)
    return memo_charts(ranked, loaded_rubric.rubric, found.smaa)


def test_the_charts_are_byte_identical_across_runs(loaded_rubric: LoadedRubric) -> None:
    first, second = draw(loaded_rubric), draw(loaded_rubric)
    assert [c.name for c in first] == ["score", "sides", "acceptability"]
    for one, two in zip(first, second, strict=True):
        assert one.svg == two.svg
        assert "<dc:date>" not in one.svg
        assert "Date" not in one.svg


def test_each_chart_has_a_title_alt_text_and_text_a_reader_can_search(
    loaded_rubric: LoadedRubric,
) -> None:
    for chart in draw(loaded_rubric):
        root = ET.fromstring(chart.svg)
        assert root.get("role") == "img"
        assert root.get("aria-label") == chart.alt
        assert root.find(f"{SVG}title") is not None
        assert root.find(f"{SVG}title").text == chart.title  # type: ignore[union-attr]
        assert len(chart.alt) > 80
        assert "<text" in chart.svg  # text kept as text, not paths


def test_verdicts_differ_by_hatch_as_well_as_colour(loaded_rubric: LoadedRubric) -> None:
    hatches = [hatch for _, hatch in VERDICT_STYLE.values()]
    assert len(set(hatches)) == len(hatches)
    score = draw(loaded_rubric)[0]
    assert len(set(re.findall(r'<pattern id="([^"]+)"', score.svg))) >= 3


def test_a_hostile_title_is_text_in_the_svg(
    loaded_rubric: LoadedRubric, make_proposal: MakeProposal
) -> None:
    hostile = '</text><script>alert(1)</script> $\\frac{1}{0}$ & "quotes"'
    assessments = [
        assess(make_proposal(id="a", title=hostile), loaded_rubric.rubric),
        assess(make_proposal(id="b", title="Plain", visibility="high"), loaded_rubric.rubric),
    ]
    ranked = rank(assessments)
    found = robustness(assessments, top=2)
    charts = memo_charts(ranked, loaded_rubric.rubric, found.smaa)
    assert any(hostile in chart.alt for chart in charts)  # alt text names it as written
    for chart in charts:
        root = ET.fromstring(chart.svg)  # still well-formed XML
        assert root.find(f".//{SVG}script") is None
        assert "<script>" not in chart.svg
        assert chart.png.startswith(b"\x89PNG")
