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
        path, message = one_line(self.path), one_line(self.message)
        if self.line is None:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.column or 1}: {message}"


# Control characters from a file (a key "a\nb", a file name with a tab) are shown escaped,
# so that a problem is always exactly one line.
_ESCAPES = {code: f"\\x{code:02x}" for code in [*range(32), 127]} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
    0x85: "\\x85",
}


def one_line(text: str) -> str:
    """The text with line breaks and control characters escaped."""
    return text.translate(_ESCAPES)


class ScorerError(Exception):
    """Base of the errors whose problems the CLI prints, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class ProposalError(ScorerError):
    """A proposal file cannot be read or is not a valid proposal."""


class RubricError(ScorerError):
    """The rubric file cannot be read or is not a valid rubric."""


class UnreadableFile(ScorerError):
    """A file cannot be read at all: missing, forbidden, too big, or not a regular file."""
