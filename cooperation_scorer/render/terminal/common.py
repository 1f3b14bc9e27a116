"""What every terminal table shares: the console that turns renderables into text, verdict
colours, citations and the rubric line."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from cooperation_scorer.model.rubric import Citation, RubricRef
from cooperation_scorer.render import WIDE
from cooperation_scorer.vocabulary import Verdict

VERDICT_STYLE = {
    Verdict.RECOMMENDED: "bold green",
    Verdict.CONDITIONAL: "bold yellow",
    Verdict.NOT_RECOMMENDED: "bold red",
    Verdict.BLOCKED: "bold white on red",
}


def to_text(renderables: Iterable[RenderableType], *, color: bool, width: int) -> str:
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for renderable in renderables:
        console.print(renderable)
    text = stream.getvalue()
    if color:
        return text
    # Cells are padded to their column's width: plain text loses the spaces at line ends.
    return "\n".join(line.rstrip() for line in text.split("\n"))


def verdict_text(verdict: Verdict) -> Text:
    """The verdict in its colour, on the word only: a padded cell is not painted."""
    return Text.assemble((verdict.value, VERDICT_STYLE[verdict]))


def cite(citation: Citation) -> Text:
    return Text.assemble((citation.section, "italic"), ": “", citation.quote, "”")


def rubric_line(rubric: RubricRef) -> Text:
    return Text(str(rubric), style="dim")


def points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class Column:
    """A column of a table laid out for the width at hand.

    `drop` orders the columns given up when the table is too wide (1 first; None: never);
    `shrink_to` lets the column be cut, with an ellipsis at the end, down to that width
    before any column is dropped (the title); `fallback` is put in its place before it goes."""

    header: str
    cells: list[Text]
    justify: Literal["left", "right"] = "left"
    drop: int | None = None
    shrink_to: int | None = None
    style: str = ""
    fallback: Column | None = None  # a narrower form tried before the column is dropped

    @property
    def natural(self) -> int:
        return max([cell_len(self.header), *(cell.cell_len for cell in self.cells)])


GAP = 2  # spaces between columns, as gh and kubectl print them


def fit(columns: list[Column], width: int) -> list[tuple[Column, int]]:
    """The columns kept and the width of each: every column whole when the table fits;
    else the shrinkable column cut down to its minimum, then columns dropped in their stated
    order, the shrinkable one given back whatever room is left. `width` WIDE keeps all."""
    kept = list(columns)

    def laid_out() -> list[tuple[Column, int]] | None:
        sizes = [column.natural for column in kept]
        excess = sum(sizes) + GAP * (len(kept) - 1) - width
        if width == WIDE or excess <= 0:
            return list(zip(kept, sizes, strict=True))
        for i, column in enumerate(kept):
            if column.shrink_to is not None and sizes[i] - excess >= column.shrink_to:
                sizes[i] -= excess
                return list(zip(kept, sizes, strict=True))
        return None

    while (layout := laid_out()) is None:
        droppable = [column for column in kept if column.drop is not None]
        if not droppable:  # nothing left to give up: the terminal wraps the lines
            return [(column, column.natural) for column in kept]
        going = min(droppable, key=lambda column: column.drop or 0)
        if going.fallback is not None:
            kept[kept.index(going)] = going.fallback
        else:
            kept.remove(going)
    return layout


def fitted_table(layout: list[tuple[Column, int]]) -> Table:
    """One line per row: the columns `fit` kept, none wrapped, a cut cell ending in '…'."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for column, size in layout:
        table.add_column(
            column.header,
            justify=column.justify,
            width=size,
            no_wrap=True,
            overflow="ellipsis",
            style=column.style,
        )
    rows = len(layout[0][0].cells) if layout else 0
    for row in range(rows):
        table.add_row(*(column.cells[row] for column, _ in layout))
    return table


def table_width(layout: list[tuple[Column, int]]) -> int:
    return sum(size for _, size in layout) + GAP * (len(layout) - 1)


def console_width(width: int, layout: list[tuple[Column, int]]) -> int:
    """The console's width: the terminal's, or for WIDE the table's whole width (at least
    120, for the lines around it). A table whose columns that are never dropped do not fit
    is printed whole, wider than asked: the terminal wraps it, but nothing is cut."""
    if width == WIDE:
        return max(120, table_width(layout))
    return max(width, table_width(layout))


def prose_table(*, expand: bool = True) -> Table:
    """A table whose prose columns wrap (give them a ratio), the others laid out whole;
    `expand` stretches it to the width, else it is as wide as its cells."""
    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, GAP - 1, 0, 0),
        expand=expand,
    )
