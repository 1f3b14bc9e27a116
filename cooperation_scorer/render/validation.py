"""`validate` as JSON or Markdown: the files checked, and each problem where it is."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from cooperation_scorer.errors import Problem
from cooperation_scorer.model.rubric import RubricRef
from cooperation_scorer.render.json import provenance
from cooperation_scorer.render.markdown import code, escape


def render_validation_json(valid: list[str], problems: list[Problem], rubric: RubricRef) -> str:
    """Counts, the valid files, and every problem with its path, line, column, message."""
    invalid = sorted({problem.path for problem in problems})
    data: dict[str, Any] = {
        **provenance(rubric),
        "summary": {"valid": len(valid), "invalid": len(invalid), "problems": len(problems)},
        "valid": valid,
        "problems": [asdict(problem) for problem in problems],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_validation_markdown(valid: list[str], problems: list[Problem], rubric: RubricRef) -> str:
    """One line of counts, then each problem as a list item at its place."""
    invalid = len({problem.path for problem in problems})
    lines = [
        f"**{len(valid)} valid, {invalid} invalid** (rubric {code(rubric.name)} "
        f"{escape(rubric.version)})."
    ]
    if problems:
        lines.append("")
        for problem in problems:
            where = (
                problem.path
                if problem.line is None
                else (f"{problem.path}:{problem.line}:{problem.column or 1}")
            )
            lines.append(f"- {code(where)}: {escape(problem.message)}")
    return "\n".join(lines) + "\n"
