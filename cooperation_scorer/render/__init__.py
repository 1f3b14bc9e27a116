"""Renderers: each turns a report into text and writes nothing. One registry per report kind
maps each format to its renderer, imported only when that format is asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cooperation_scorer.analysis.report import RankReport
    from cooperation_scorer.analysis.revisions import Comparison
    from cooperation_scorer.analysis.sensitivity import Robustness
    from cooperation_scorer.model.rubric import RubricRef
    from cooperation_scorer.score.results import Assessment

Report = str | Iterator[str]  # a renderer's text, whole or in pieces to write as they come
WIDE = 0  # the width that asks a terminal table for every column, whole (`--wide`)


class ScoreFormat(StrEnum):
    """The formats `score` can print."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


class CheckFormat(StrEnum):
    """The formats `validate` and `explain` can print."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class RankFormat(StrEnum):
    """The formats `rank` can print."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    JUNIT = "junit"
    GITHUB = "github"
    SARIF = "sarif"


class CompareFormat(StrEnum):
    """The formats `compare` can print."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


class SensitivityFormat(StrEnum):
    """The formats `sensitivity` can print."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


# Every renderer of a kind takes the same arguments: the report, then colour and width, which
# only the terminal table uses (they depend on where the report goes). JSON comes in pieces,
# written as they come: 10,000 results are never held as one text.
ScoreRenderer = Callable[[list["Assessment"], "RubricRef", bool, int], Report]
RankRenderer = Callable[["RankReport", bool, int], Report]
CompareRenderer = Callable[["Comparison", "RubricRef", bool, int], Report]
SensitivityRenderer = Callable[["Robustness", "RubricRef", bool, int], Report]


def _score_table(assessments: list[Assessment], rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.terminal.score import render_assessments

    return render_assessments(assessments, rubric, color=color, width=width)


def _score_json(
    assessments: list[Assessment], rubric: RubricRef, color: bool, width: int
) -> Report:
    from cooperation_scorer.render.json import json_pieces

    return json_pieces(assessments, rubric)


def _score_markdown(
    assessments: list[Assessment], rubric: RubricRef, color: bool, width: int
) -> str:
    from cooperation_scorer.render.score_markdown import render_score_markdown

    return render_score_markdown(assessments, rubric)


def _rank_table(report: RankReport, color: bool, width: int) -> str:
    from cooperation_scorer.render.terminal.rank import render_ranking

    return render_ranking(report, color=color, width=width)


def _rank_json(report: RankReport, color: bool, width: int) -> Report:
    from cooperation_scorer.render.json import rank_json_pieces

    return rank_json_pieces(report)


def _rank_csv(report: RankReport, color: bool, width: int) -> str:
    from cooperation_scorer.render.csv import render_csv

    return render_csv(report)


def _rank_markdown(report: RankReport, color: bool, width: int) -> str:
    from cooperation_scorer.render.markdown import render_markdown

    return render_markdown(report)


def _rank_junit(report: RankReport, color: bool, width: int) -> str:
    from cooperation_scorer.render.junit import render_junit

    return render_junit(report)


def _rank_github(report: RankReport, color: bool, width: int) -> str:
    from cooperation_scorer.render.github import render_github

    return render_github(report)


def _rank_sarif(report: RankReport, color: bool, width: int) -> str:
    from cooperation_scorer.render.sarif import render_sarif

    return render_sarif(report)


def _compare_table(comparison: Comparison, rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.terminal.compare import render_comparison

    return render_comparison(comparison, rubric, color=color, width=width)


def _compare_json(comparison: Comparison, rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.compare import render_compare_json

    return render_compare_json(comparison, rubric)


def _compare_markdown(comparison: Comparison, rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.compare import render_compare_markdown

    return render_compare_markdown(comparison, rubric)


def _sensitivity_table(found: Robustness, rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.terminal.sensitivity import render_sensitivity

    return render_sensitivity(
        found.intervals, found.smaa, found.top, rubric, color=color, width=width
    )


def _sensitivity_json(found: Robustness, rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.sensitivity import render_sensitivity_json

    return render_sensitivity_json(found.intervals, found.smaa, found.top, rubric)


def _sensitivity_markdown(found: Robustness, rubric: RubricRef, color: bool, width: int) -> str:
    from cooperation_scorer.render.sensitivity import render_sensitivity_markdown

    return render_sensitivity_markdown(found.intervals, found.smaa, found.top)


SCORE_RENDERERS: dict[ScoreFormat, ScoreRenderer] = {
    ScoreFormat.TABLE: _score_table,
    ScoreFormat.JSON: _score_json,
    ScoreFormat.MARKDOWN: _score_markdown,
}
RANK_RENDERERS: dict[RankFormat, RankRenderer] = {
    RankFormat.TABLE: _rank_table,
    RankFormat.JSON: _rank_json,
    RankFormat.CSV: _rank_csv,
    RankFormat.MARKDOWN: _rank_markdown,
    RankFormat.JUNIT: _rank_junit,
    RankFormat.GITHUB: _rank_github,
    RankFormat.SARIF: _rank_sarif,
}
COMPARE_RENDERERS: dict[CompareFormat, CompareRenderer] = {
    CompareFormat.TABLE: _compare_table,
    CompareFormat.JSON: _compare_json,
    CompareFormat.MARKDOWN: _compare_markdown,
}
SENSITIVITY_RENDERERS: dict[SensitivityFormat, SensitivityRenderer] = {
    SensitivityFormat.TABLE: _sensitivity_table,
    SensitivityFormat.JSON: _sensitivity_json,
    SensitivityFormat.MARKDOWN: _sensitivity_markdown,
}
