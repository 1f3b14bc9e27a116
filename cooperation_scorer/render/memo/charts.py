"""The memo's charts: score with verdict bands, each capital's score, rank acceptability.

matplotlib is imported here only, and this module only by the memo command (the `export`
extra). Charts are byte-identical across runs (a fixed hash salt, no date, text kept as
text), readable in greyscale and by colour-blind readers (the Okabe-Ito palette, and a
hatch or marker shape for every colour), and each carries alt text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from cooperation_scorer.analysis.sensitivity import Smaa
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.results import RankedAssessment
from cooperation_scorer.vocabulary import Verdict

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe & Ito (2008), safe for the common colour-vision deficiencies; each verdict also has
# its own hatch, and each side its own marker, so nothing rests on colour alone.
VERDICT_STYLE = {
    Verdict.RECOMMENDED: ("#0072B2", ""),
    Verdict.CONDITIONAL: ("#E69F00", "///"),
    Verdict.NOT_RECOMMENDED: ("#D55E00", "---"),
    Verdict.BLOCKED: ("#999999", "xxx"),
}
SIDE_STYLE = [("#0072B2", "o"), ("#D55E00", "s"), ("#009E73", "^"), ("#CC79A7", "D")]
RANK_STYLE = [("#0072B2", ""), ("#56B4E9", "///"), ("#F0E442", "\\\\\\")]  # dots would be heavy SVG
LABEL_CHARS = 30  # a proposal's title is cut to this on an axis
ROW_INCHES = 0.19
WIDTH_INCHES = 3.6  # two charts side by side on a printed page

RC: Any = {  # matplotlib types its keys as literals; these are checked by matplotlib
    "svg.hashsalt": "cooperation-scorer",  # fixed ids in the SVG: the same file every run
    "svg.fonttype": "none",  # text stays text: searchable, small, the reader's font
    "font.family": "DejaVu Sans",
    "font.size": 6.5,
    "axes.titlesize": 7.5,
    "hatch.linewidth": 0.6,
    "hatch.color": "#222222",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Chart:
    """One chart: its file name, title, alt text, and the picture as SVG (and, drawn only
    when a Word memo asks for it, as PNG)."""

    name: str
    title: str
    alt: str
    svg: str
    figure: Any = field(repr=False, compare=False)

    @cached_property
    def png(self) -> bytes:
        import matplotlib

        buffer = io.BytesIO()
        with matplotlib.rc_context(RC):
            self.figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
        return buffer.getvalue()

    def data(self, folder: str = "") -> dict[str, str]:
        return {"file": f"{folder}{self.name}.svg", "title": self.title, "alt": self.alt}


def _label(rank: int, title: str) -> str:
    cut = title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1].rstrip() + "…"
    return f"{rank}. {cut}".replace("$", r"\$")  # no mathtext from a title


def _figure(rows: int, extra: float = 0.55) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, rows * ROW_INCHES + extra), layout="constrained")
    return figure, figure.add_subplot()


def _export(figure: Figure, alt: str, title: str) -> str:
    import matplotlib

    with matplotlib.rc_context(RC):
        svg_buffer = io.StringIO()
        figure.savefig(svg_buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = svg_buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML prologue or DOCTYPE: it is inlined in HTML too
    svg = svg.replace("<svg ", f'<svg role="img" aria-label={quoteattr(alt)} ', 1)
    head_end = svg.index(">") + 1
    svg = (
        svg[:head_end]
        + f"\n <title>{xml_escape(title)}</title>\n <desc>{xml_escape(alt)}</desc>"
        + svg[head_end:]
    )
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    return svg


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def score_chart(ranked: list[RankedAssessment], rubric: Rubric) -> Chart:
    import matplotlib
    from matplotlib.patches import Patch

    with matplotlib.rc_context(RC):
        figure, axes = _figure(len(ranked), 0.75)
        bands = sorted(rubric.verdict_bands, key=lambda band: band.min_score)
        edges = [band.min_score for band in bands] + [100.0]
        shades = ["#f2f2f2", "#e0e0e0", "#cccccc"]
        for index in range(len(bands)):
            axes.axvspan(edges[index], edges[index + 1], color=shades[index % 3], zorder=0)
        positions = list(range(len(ranked)))
        for position, item in zip(positions, ranked, strict=True):
            a = item.assessment
            colour, hatch = VERDICT_STYLE[a.verdict]
            axes.barh(
                position,
                a.score,
                color=colour,
                hatch=hatch,
                edgecolor="#222222",
                linewidth=0.4,
                height=0.7,
                zorder=2,
            )
            axes.text(a.score + 1, position, f"{a.score:.0f}", va="center", fontsize=5.5, zorder=3)
        axes.set_yticks(positions, [_label(i.rank, i.assessment.title) for i in ranked])
        axes.invert_yaxis()
        axes.set_xlim(0, 105)
        axes.set_xticks(sorted({0.0, 100.0, *(band.min_score for band in bands)}))
        axes.set_ylim(len(ranked) - 0.4, -0.6)
        axes.set_xlabel("score of 100 (shading: the verdict bands)")
        present = [v for v in Verdict if any(i.assessment.verdict is v for i in ranked)]
        axes.legend(
            handles=[
                Patch(
                    facecolor=VERDICT_STYLE[v][0],
                    hatch=VERDICT_STYLE[v][1],
                    edgecolor="#222222",
                    label=v.value.replace("-", " "),
                )
                for v in present
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=2,
            frameon=False,
            fontsize=5.5,
            handlelength=1.6,
        )
    top, bottom = ranked[0].assessment, ranked[-1].assessment
    title = "Score by proposal, with verdict bands"
    band_words = ", ".join(f"{b.verdict.replace('-', ' ')} from {b.min_score:g}" for b in bands)
    alt = (
        f"Bar chart of the score of each of {len(ranked)} proposals, in rank order, from "
        f"{top.score:.1f} ({top.title}) to {bottom.score:.1f} ({bottom.title}); verdict bands: "
        f"{band_words}. Bars are hatched by verdict: "
        + "; ".join(
            f"{v.value.replace('-', ' ')} {sum(1 for i in ranked if i.assessment.verdict is v)}"
            for v in Verdict
        )
        + "."
    )
    return Chart("score", title, alt, _export(figure, alt, title), figure)


def sides_chart(ranked: list[RankedAssessment], rubric: Rubric) -> Chart | None:
    """Each proposal's score as each side would see it; None when the rubric has no sides."""
    if not rubric.perspectives:
        return None
    import matplotlib
    from matplotlib.lines import Line2D

    sides = [(side.id, side.title) for side in rubric.perspectives]
    with matplotlib.rc_context(RC):
        figure, axes = _figure(len(ranked), 0.75)
        positions = list(range(len(ranked)))
        for position, item in zip(positions, ranked, strict=True):
            scores = [item.assessment.score_by(side) for side, _ in sides]
            axes.plot([min(scores), max(scores)], [position, position], color="#888888", lw=0.6)
        for index, (side, title) in enumerate(sides):
            colour, marker = SIDE_STYLE[index % len(SIDE_STYLE)]
            axes.scatter(
                [item.assessment.score_by(side) for item in ranked],
                positions,
                s=12,
                marker=marker,
                facecolor=colour if index % 2 == 0 else "white",
                edgecolor=colour,
                linewidths=0.9,
                zorder=3,
                label=title,
            )
        for band in rubric.verdict_bands:
            axes.axvline(band.min_score, color="#999999", lw=0.5, ls="--", zorder=1)
        axes.set_yticks(positions, [_label(i.rank, i.assessment.title) for i in ranked])
        axes.set_ylim(len(ranked) - 0.4, -0.6)
        axes.set_xlim(0, 100)
        axes.set_xticks(sorted({0.0, 100.0, *(band.min_score for band in rubric.verdict_bands)}))
        axes.set_xlabel("score of 100 (dashed: the verdict bands)")
        axes.legend(
            handles=[
                Line2D(
                    [],
                    [],
                    linestyle="",
                    marker=SIDE_STYLE[i % len(SIDE_STYLE)][1],
                    markerfacecolor=SIDE_STYLE[i % len(SIDE_STYLE)][0] if i % 2 == 0 else "white",
                    markeredgecolor=SIDE_STYLE[i % len(SIDE_STYLE)][0],
                    label=title.replace("$", r"\$"),
                )
                for i, (_, title) in enumerate(sides)
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=2,
            frameon=False,
            fontsize=5.5,
        )
    title = "Each proposal's score for " + _names([t for _, t in sides])
    widest = max(
        ranked,
        key=lambda i: (
            max(i.assessment.score_by(s) for s, _ in sides)
            - min(i.assessment.score_by(s) for s, _ in sides)
        ),
    ).assessment
    low = min(sides, key=lambda s: widest.score_by(s[0]))
    high = max(sides, key=lambda s: widest.score_by(s[0]))
    alt = (
        f"Dot chart of each proposal's score as {_names([t for _, t in sides])} would weigh "
        f"it, one marker shape per side, in rank order. The sides differ most on "
        f"{widest.title}: {low[1]} {widest.score_by(low[0]):.1f}, "
        f"{high[1]} {widest.score_by(high[0]):.1f}."
    )
    return Chart("sides", title, alt, _export(figure, alt, title), figure)


def acceptability_chart(smaa: Smaa, titles: dict[str, str], ranks: dict[str, int]) -> Chart:
    import matplotlib
    from matplotlib.patches import Patch

    shown = [p for p in smaa.proposals if p.top > 0.005][:8]
    with matplotlib.rc_context(RC):
        figure, axes = _figure(len(shown), 0.8)
        positions = list(range(len(shown)))
        left = [0.0] * len(shown)
        for r in range(smaa.k):
            colour, hatch = RANK_STYLE[r % len(RANK_STYLE)]
            widths = [p.ranks[r] * 100 for p in shown]
            axes.barh(
                positions,
                widths,
                left=left,
                color=colour,
                hatch=hatch,
                edgecolor="#222222",
                linewidth=0.4,
                height=0.7,
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for position, total in zip(positions, left, strict=True):
            axes.text(total + 1, position, f"{total:.0f}%", va="center", fontsize=5.5)
        axes.set_yticks(positions, [_label(ranks[p.id], titles[p.id]) for p in shown])
        axes.invert_yaxis()
        axes.set_xlim(0, 110)
        axes.set_xlabel(f"share of {smaa.samples:,} random weightings (%)")
        axes.legend(
            handles=[
                Patch(
                    facecolor=RANK_STYLE[r % 3][0],
                    hatch=RANK_STYLE[r % 3][1],
                    edgecolor="#222222",
                    label=_ordinal(r + 1),
                )
                for r in range(smaa.k)
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=3,
            frameon=False,
            fontsize=5.5,
        )
    title = f"How often each proposal ranks in the top {smaa.k} under random weights"
    alt = (
        f"Stacked bar chart of how often each proposal comes first, second or third under "
        f"{smaa.samples:,} random weightings: "
        + "; ".join(
            f"{titles[p.id]} first in {p.first:.0%}, top {smaa.k} in {p.top:.0%}" for p in shown
        )
        + "."
    )
    return Chart("acceptability", title, alt, _export(figure, alt, title), figure)


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def memo_charts(ranked: list[RankedAssessment], rubric: Rubric, smaa: Smaa | None) -> list[Chart]:
    """The charts of a memo of several proposals, in the order the brief shows them."""
    charts = [score_chart(ranked, rubric)]
    sides = sides_chart(ranked, rubric)
    if sides is not None:
        charts.append(sides)
    if smaa is not None:
        titles = {i.assessment.id: i.assessment.title for i in ranked}
        ranks = {i.assessment.id: i.rank for i in ranked}
        charts.append(acceptability_chart(smaa, titles, ranks))
    return charts


def charts_available() -> Any:
    """matplotlib, or None when the `export` extra is not installed."""
    try:
        import matplotlib
    except ImportError:
        return None
    return matplotlib
