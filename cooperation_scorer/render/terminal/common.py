"""What every terminal table shares: the console that turns renderables into text, verdict
colours, citations and the rubric line."""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.text import Text

from cooperation_scorer.model.rubric import Citation, RubricRef
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
    return stream.getvalue()


def verdict_text(verdict: Verdict) -> Text:
    return Text(verdict.value, style=VERDICT_STYLE[verdict])


def cite(citation: Citation) -> Text:
    return Text.assemble((citation.section, "italic"), ": “", citation.quote, "”")


def rubric_line(rubric: RubricRef) -> Text:
    return Text(str(rubric), style="dim")


def points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
