"""Renderers: each turns assessments or the rubric into text and writes nothing."""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    """The formats `score` and `rank` can print."""

    TABLE = "table"
    JSON = "json"
