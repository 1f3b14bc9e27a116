"""Renderers: each turns assessments or the rubric into text and writes nothing."""

from __future__ import annotations

from enum import StrEnum


class ScoreFormat(StrEnum):
    """The formats `score` can print."""

    TABLE = "table"
    JSON = "json"


class RankFormat(StrEnum):
    """The formats `rank` can print."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    JUNIT = "junit"
    GITHUB = "github"
