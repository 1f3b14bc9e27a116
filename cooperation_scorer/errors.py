"""Problems a user can act on, and the one exception base of each layer that raises them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, where it is and how to fix it."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column or 1}: {self.message}"


class ScorerError(Exception):
    """Base of the errors whose problems the CLI prints, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class ProposalError(ScorerError):
    """A proposal file cannot be read or is not a valid proposal."""


class RubricError(ScorerError):
    """The rubric file cannot be read or is not a valid rubric."""
