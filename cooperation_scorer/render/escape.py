"""Names are data: the one place renderers make a file name or text safe for their format.

Every renderer that shows a file name, a path or a problem passes it through one of these,
so a name holding a line break, an ANSI escape, a formula, a `|` or a backtick is shown as
written and changes nothing else in the output."""

from __future__ import annotations

import re

from cooperation_scorer.errors import one_line

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BACKTICKS = re.compile(r"`+")


def visible(text: str) -> str:
    """Text for a terminal, an XML attribute or a log line: one line, every control
    character, separator, bidirectional override and undecodable byte shown escaped."""
    return one_line(text)


def csv_cell(text: str) -> str:
    """A CSV cell that stays one cell on one line, and that no spreadsheet runs as a formula:
    control characters (a bare CR as much as LF) are shown escaped, then a formula start is
    quoted away."""
    cell = visible(text)
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """Text as Markdown inline code, exactly as written: the fence is one backtick longer
    than any run inside it (CommonMark), and in a table `|` is escaped."""
    shown = visible(text)
    longest = max((len(run) for run in _BACKTICKS.findall(shown)), default=0)
    fence = "`" * (longest + 1)
    if shown.startswith("`") or shown.endswith("`"):
        shown = f" {shown} "
    if in_table:
        shown = shown.replace("|", "\\|")
    return f"{fence}{shown}{fence}"


# Characters a JSON text may hold raw but a terminal or a UTF-8 encoder may not take: C1
# controls, separators, bidirectional overrides, lone surrogates (an undecodable file name).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text with those characters written as \\u escapes: the same data to a parser
    (a lone surrogate round-trips), valid UTF-8, and inert on a terminal. They can only
    occur inside strings, where a \\u escape means the character itself."""
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
