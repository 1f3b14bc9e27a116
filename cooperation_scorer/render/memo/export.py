"""The memo as one self-contained HTML page (charts inline, print CSS) or as a Word document.

Both are made from the Markdown the template wrote, so a user's template exports too: the
Markdown is parsed with markdown-it-py (raw HTML off, so escaped text stays text) and each
chart image is swapped for the chart itself (inline SVG in HTML, PNG in Word). The libraries
are in the `export` extra and imported here only.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

    from cooperation_scorer.render.memo.charts import Chart

EXPORT_EXTRA = "pip install 'cooperation-scorer[export]'"

PRINT_CSS = """
@page { margin: 13mm 14mm 14mm 14mm; }
:root { color-scheme: light; }
body { font: 10pt/1.38 "Georgia", "DejaVu Serif", serif; color: #111; max-width: 52rem;
       margin: 1.5rem auto; padding: 0 1rem; }
h1 { font: bold 15pt/1.2 "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
     letter-spacing: .08em; margin: .2rem 0 .5rem; }
h1 ~ h1 { break-before: page; letter-spacing: 0; }
h2 { font: bold 11pt/1.25 "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
     margin: .9rem 0 .3rem; break-after: avoid; }
h3 { font: bold 9.5pt/1.25 "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
     margin: .6rem 0 .2rem; break-after: avoid; }
p { margin: .3rem 0; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .5rem; font-size: 8pt;
        line-height: 1.25; }
th, td { border-bottom: .5pt solid #999; padding: 1.5pt 4pt; vertical-align: top;
         text-align: left; }
th { border-bottom: 1pt solid #111; font-family: Arial, "DejaVu Sans", sans-serif; }
tr { break-inside: avoid; }
table:first-of-type td, table:first-of-type th { border: none; padding: 0 6pt 0 0;
                                                 font-size: 9.5pt; }
code { font-size: 85%; word-break: break-all; }
.marking { text-align: center; font: bold 9pt Arial, "DejaVu Sans", sans-serif;
           letter-spacing: .12em; text-transform: uppercase; margin: 0 0 .4rem; }
.charts { display: flex; flex-wrap: wrap; gap: 2mm 4mm; justify-content: space-between; }
figure { margin: .2rem 0; width: calc(50% - 2mm); break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font: bold 7.5pt Arial, "DejaVu Sans", sans-serif; margin-bottom: 1pt; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9.5pt; }
  table { font-size: 7.5pt; }
  figure { width: calc(33.3% - 3mm); }
  a { color: inherit; text-decoration: none; }
}
"""


def missing_export_library(kind: str) -> str | None:
    """The library an export (`html` or `docx`) needs and lacks, or None."""
    needed = [("markdown_it", "markdown-it-py"), ("matplotlib", "matplotlib")]
    if kind == "docx":
        needed.append(("docx", "python-docx"))
    for module, name in needed:
        try:
            __import__(module)
        except ImportError:
            return name
    return None


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _raw(text: str) -> Token:
    """Markup of ours between the parsed tokens (never text from a proposal)."""
    from markdown_it.token import Token

    return Token("html_block", "", 0, content=text)


def _visible(inline: Token) -> list[Token]:
    return [c for c in inline.children or [] if not (c.type == "text" and not c.content)]


def _marking_of(tokens: list[Token], marking: str) -> set[int]:
    """Indexes of the paragraphs that are the marking line, to style them as such."""
    found = set()
    for index, token in enumerate(tokens[:-2]):
        inline = tokens[index + 1]
        if (
            marking
            and token.type == "paragraph_open"
            and inline.type == "inline"
            and inline.children
            and [c.type for c in _visible(inline)] == ["strong_open", "text", "strong_close"]
            and _visible(inline)[1].content == marking
        ):
            found.add(index)
    return found


def to_html(markdown: str, charts: dict[str, Chart], title: str, marking: str = "") -> str:
    """One HTML page holding everything: the charts inline as SVG, styles for screen and for
    a printed brief."""
    parser = _parser()
    tokens = parser.parse(markdown)
    markings = _marking_of(tokens, marking)

    def image(renderer: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        source = str(token.attrGet("src") or "")
        chart = charts.get(source)
        if chart is None:
            return str(parser.renderer.renderToken(tokens, index, options, env))
        return f"<figure><figcaption>{html.escape(chart.title)}</figcaption>{chart.svg}</figure>"

    parser.add_render_rule("image", image)

    arranged: list[Token] = []
    in_charts = False
    for index, token in enumerate(tokens):
        inline = tokens[index + 1] if token.type == "paragraph_open" else None
        is_chart = inline is not None and any(
            child.type == "image" and str(child.attrGet("src") or "") in charts
            for child in inline.children or []
        )
        if token.type == "paragraph_open" and is_chart != in_charts:
            arranged.append(_raw('<div class="charts">\n' if is_chart else "</div>\n"))
            in_charts = is_chart
        elif token.type not in ("paragraph_open", "paragraph_close", "inline") and in_charts:
            arranged.append(_raw("</div>\n"))
            in_charts = False
        if is_chart:
            token.hidden = tokens[index + 2].hidden = True  # the figure stands alone
        if index in markings:
            token.attrSet("class", "marking")
        arranged.append(token)
    if in_charts:
        arranged.append(_raw("</div>\n"))
    body = parser.renderer.render(arranged, parser.options, {})
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{PRINT_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def to_docx(markdown: str, charts: dict[str, Chart], title: str, marking: str = "") -> bytes:
    """A Word document: headings as Word headings, tables as Word tables, charts as pictures
    with their alt text, the marking in every page's header and footer."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = ""
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    section = document.sections[0]
    section.left_margin = section.right_margin = Inches(0.75)
    section.top_margin = section.bottom_margin = Inches(0.7)
    if marking:
        for part in (section.header, section.footer):
            paragraph = part.paragraphs[0]
            paragraph.text = marking
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    tokens = _parser().parse(markdown)
    markings = _marking_of(tokens, marking)
    index = 0
    headings_seen = 0
    while index < len(tokens):
        token = tokens[index]
        if index in markings:
            index += 3  # the marking is in the header and footer of every page
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                headings_seen += 1
                if headings_seen > 1:
                    document.add_page_break()  # type: ignore[no-untyped-call]
            heading = document.add_heading(level=level)
            _inline(heading, tokens[index + 1], charts, document)
            index += 3
        elif token.type == "paragraph_open":
            paragraph = document.add_paragraph()
            _inline(paragraph, tokens[index + 1], charts, document)
            index += 3
        elif token.type == "bullet_list_open":
            index = _list(document, tokens, index + 1, charts)
        elif token.type == "table_open":
            index = _table(document, tokens, index + 1, charts)
        else:
            index += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _inline(paragraph: Any, inline: Token, charts: dict[str, Chart], document: Any) -> None:
    from docx.shared import Inches

    bold = italic = False
    for child in inline.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")
        elif child.type == "image":
            source = str(child.attrGet("src") or "")
            chart = charts.get(source)
            if chart is None:
                paragraph.add_run(child.content)
                continue
            caption = paragraph.add_run(chart.title)
            caption.bold = True
            caption.add_break()
            run = paragraph.add_run()
            run.add_picture(io.BytesIO(chart.png), width=Inches(5.6))
            _alt_text(run, chart)
        else:
            run = paragraph.add_run(child.content)
            run.bold = bold or None
            run.italic = italic or None
            if child.type == "code_inline":
                run.font.name = "Consolas"


def _alt_text(run: Any, chart: Chart) -> None:
    """Word's alt text is the `descr` of the picture's properties."""
    for element in run._r.iter():
        if element.tag.endswith("}docPr"):
            element.set("descr", chart.alt)
            element.set("title", chart.title)


def _list(document: Any, tokens: list[Token], index: int, charts: dict[str, Chart]) -> int:
    depth = 1
    while index < len(tokens) and depth:
        token = tokens[index]
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "inline":
            _inline(document.add_paragraph(style="List Bullet"), token, charts, document)
        index += 1
    return index


def _table(document: Any, tokens: list[Token], index: int, charts: dict[str, Chart]) -> int:
    rows: list[list[Token]] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token)
        index += 1
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            _inline(paragraph, cell, charts, document)
            if r == 0:
                for run in paragraph.runs:
                    run.bold = True
    return index + 1
