"""A proposal's text as statements: sentences, list items, headings and table rows, each with
the heading or lead-in that governs it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! or ? (and any closing quotes or brackets after it) before a space and
# a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# A "sentence" longer than this is no sentence (a pasted blob, a run-on list): it is cut at
# its full stops and semicolons whatever follows them, and what is still too long between
# words, so that each piece is read on its own and a piece repeated word for word is read
# once. Real sentences, even a treaty's, stay well under it.
LONGEST_SENTENCE = 1000
_ANY_END = re.compile(r"(?<=[.!?;])\s+")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_QUOTE_MARK = re.compile(r"^\s{0,3}>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A full stop after these does not end the sentence ("the U.S. Department of Energy").
_ABBREVIATIONS = (
    "U.S.",
    "U.N.",
    "U.K.",
    "E.U.",
    "e.g.",
    "i.e.",
    "etc.",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dr.",
    "St.",
    "No.",
    "vs.",
    "Prof.",
    "Gen.",
    "Inc.",
    "Ltd.",
    "Co.",
    "Jr.",
    "approx.",
    "cf.",
    "al.",
    "Art.",
    "Fig.",
)
# A cell that only says no: its row's subject is then negated ("| Dual-use | No |").
_NO_CELL = {"no": "none", "n/a": "none", "-": "none", "—": "none", "not applicable": "none"}
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")


@dataclass(frozen=True)
class Statement:
    """One sentence, list item, heading or table row, whitespace folded; `context` is the
    heading or the lead-in sentence ("We will not fund:") it stands under, if any."""

    text: str
    context: str = ""


def _fold(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    """One paragraph cut into sentences; a full stop after an abbreviation or an initial does
    not end one. Each sentence gathers its pieces in a list, joined once: linear."""
    found: list[list[str]] = []
    for piece in _SENTENCE_END.split(text):
        folded = _fold(piece)
        if not folded:
            continue
        if found and _continues(found[-1][-1]):
            found[-1].append(folded)
        else:
            found.append([folded])
    cut: list[str] = []
    for pieces in found:
        sentence = " ".join(pieces)
        if len(sentence) <= LONGEST_SENTENCE:
            cut.append(sentence)
        else:
            cut.extend(_pieces(sentence))
    return cut


def _pieces(sentence: str) -> list[str]:
    """An over-long sentence cut at every full stop and semicolon, then between words."""
    found: list[str] = []
    for part in _ANY_END.split(sentence):
        start = 0  # an index into the part, never a copy of its rest: linear
        while len(part) - start > LONGEST_SENTENCE:
            space = part.rfind(" ", start, start + LONGEST_SENTENCE + 1)
            end = space if space > start else start + LONGEST_SENTENCE
            found.append(part[start:end])
            start = end + 1 if space > start else end
        if part[start:]:
            found.append(part[start:])
    return found


def _continues(previous: str) -> bool:
    """Whether a piece ends in an abbreviation or an initial, not in a word's full stop
    ("et al." continues; "material." does not)."""
    if _INITIAL.search(previous[-3:]):
        return True
    for abbreviation in _ABBREVIATIONS:
        if previous.endswith(abbreviation):
            before = previous[: -len(abbreviation)]
            return not before or not before[-1].isalnum()
    return False


def _cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [_fold(cell) for cell in stripped.split("|")]


def _is_table_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _table_rows(lines: list[str]) -> list[str]:
    """A Markdown table as one statement per row: "header: cell; header: cell"."""
    header = _cells(lines[0])
    rows = [line for line in lines[1:] if not _TABLE_RULE.match(line)]
    if len(lines) > 1 and not _TABLE_RULE.match(lines[1]):
        rows = lines  # no header rule: every line is a row, with no header to name its cells
        header = []
    statements = []
    for line in rows:
        cells = [_NO_CELL.get(cell.lower(), cell) for cell in _cells(line)]
        if not any(cells):
            continue
        # The first cell names the row; each other cell says something of it under its
        # header: "Intelligence Shared: none; Intelligence Partners: both".
        first, rest = cells[0], cells[1:]
        parts = [first] if first and not any(rest) else []
        for index, cell in enumerate(rest, start=1):
            if not cell:
                continue
            name = header[index] if index < len(header) else ""
            parts.append(
                " ".join(part for part in (first, f"{name}:" if name else "", cell) if part)
            )
        statements.append("; ".join(parts))
    return statements


class _Reader:
    """Walks the lines once, keeping the heading and the lead-in that govern what follows."""

    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self.heading = ""
        self.heading_level = 0
        self.lead_in = ""
        self.paragraph: list[str] = []
        self.item: list[str] = []
        self.table: list[str] = []

    def context(self) -> str:
        return " ".join(part for part in (self.heading, self.lead_in) if part)

    def flush(self) -> None:
        if self.paragraph:
            cut = split_sentences(" ".join(self.paragraph))
            self.paragraph = []
            self.statements.extend(Statement(s, self.context()) for s in cut)
            # A paragraph whose last sentence ends in a colon introduces what follows.
            self.lead_in = cut[-1] if cut and cut[-1].endswith(":") else ""
        if self.item:
            cut = split_sentences(" ".join(self.item))
            self.item = []
            self.statements.extend(Statement(s, self.context()) for s in cut)
        if self.table:
            rows = _table_rows(self.table)
            self.table = []
            self.statements.extend(Statement(row, self.context()) for row in rows)

    def line(self, raw: str) -> None:
        line = _QUOTE_MARK.sub("", raw)
        if _is_table_line(line):
            if not self.table:
                self.flush()
            self.table.append(line)
            return
        if self.table:
            self.flush()
        if not line.strip():
            if self.paragraph:
                self.flush()
            return
        heading = _HEADING.match(line)
        if heading:
            self.flush()
            title = _fold(line[heading.end() :].rstrip("#"))
            level = len(heading.group(1))
            self.lead_in = ""
            self.statements.append(
                Statement(title, self.heading if level > self.heading_level else "")
            )
            self.heading, self.heading_level = title, level
            return
        item = _LIST_ITEM.match(line)
        if item:
            if self.item or self.paragraph:
                self.flush()
            self.item = [line[item.end() :]]
            return
        if self.item and raw[:1].isspace():
            self.item.append(line)  # a wrapped list item
            return
        if self.item:
            self.flush()
            self.lead_in = ""
        self.paragraph.append(line)


# "Dual-use: no" answers for what stands before the colon; "none" reaches back to it.
_NO_ANSWER = re.compile(r"^([^:]{1,80}:\s*)(?:no|n/a|not applicable)\.?$", re.IGNORECASE)


def _answered(statement: Statement) -> Statement:
    found = _NO_ANSWER.match(statement.text)
    if found is None:
        return statement
    return Statement(f"{found.group(1)}none", statement.context)


def statements(text: str) -> list[Statement]:
    """The text as statements, in order; one pass over its lines."""
    reader = _Reader()
    for raw in text.splitlines():
        reader.line(raw)
    reader.flush()
    return [_answered(statement) for statement in reader.statements]
