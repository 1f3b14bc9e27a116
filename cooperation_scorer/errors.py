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


# Control characters from a file (a key "a\nb", a file name with a tab or an ANSI escape)
# are shown escaped, so that a problem is always exactly one line and never drives a
# terminal: C0 and C1 controls, line and paragraph separators, the bidirectional overrides
# that reorder what is shown, and the lone surrogates an undecodable file name is read with.
_ESCAPES = (
    {code: f"\\x{code:02x}" for code in [*range(32), *range(127, 160)]}
    | {
        code: f"\\u{code:04x}"
        for code in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFE, 0xFFFF]
    }
    | {code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)}
    | {
        code: f"\\x{code - 0xDC00:02x}"
        for code in range(0xDC80, 0xDD00)  # an undecodable byte
    }
    | {
        ord("\n"): "\\n",
        ord("\r"): "\\r",
        ord("\t"): "\\t",
    }
)


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
