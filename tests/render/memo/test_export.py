"""HTML and Word exports: one self-contained page, a real Word file, hostile text as text."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from tests.conftest import PROPOSALS, REPO

pytest.importorskip("matplotlib")
docx = pytest.importorskip("docx")

runner = CliRunner()
ARGS = ["--to", "The Secretary", "--date", "2026-11-28", "--marking", "DRAFT — FOR DISCUSSION"]
HOSTILE = """\
title: "Pipes | and <script>alert(1)</script> **bold** [link](javascript:x) $x$ & co"
summary: "<img src=x onerror=alert(1)> a small pilot."
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, United States, Russia]
lead: Kazakhstan
"""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs


def tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    for name in ("baiterek-engineers.yaml", "extremist-watchlist-exchange.yaml"):
        shutil.copy(PROPOSALS / name, folder / name)
    return folder


def test_the_html_brief_is_one_self_contained_page(tmp_path: Path) -> None:
    target = tmp_path / "memo.html"
    result = runner.invoke(app, ["memo", str(PROPOSALS), *ARGS, "-f", "html", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.html"]  # charts inline
    page = target.read_text("utf-8")
    found = tags(page)
    assert found.tags.count("svg") == 3
    assert found.tags.count("figure") == 3
    assert "script" not in found.tags
    assert not [v for k, v in found.attributes if k in ("src", "href") and v]  # nothing fetched
    assert "@page" in page
    assert "@media print" in page
    assert page.count('<p class="marking"><strong>DRAFT — FOR DISCUSSION</strong></p>') == 2
    assert "<h1>MEMORANDUM</h1>" in page


def test_hostile_titles_are_text_in_html(tmp_path: Path) -> None:
    target = tmp_path / "memo.html"
    folder = hostile_folder(tmp_path)
    result = runner.invoke(
        app, ["memo", str(folder), *ARGS, "-f", "html", "-o", str(target), "--detail", "full"]
    )
    assert result.exit_code == 0, result.stderr
    page = target.read_text("utf-8")
    found = tags(page)
    assert "script" not in found.tags
    assert "img" not in found.tags
    assert "a" not in found.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "**bold**" in page  # markup in a title is shown, not applied


def test_the_word_memo_has_headings_tables_pictures_and_markings(tmp_path: Path) -> None:
    target = tmp_path / "memo.docx"
    folder = hostile_folder(tmp_path)
    result = runner.invoke(
        app, ["memo", str(folder), *ARGS, "-f", "docx", "-o", str(target), "--detail", "full"]
    )
    assert result.exit_code == 0, result.stderr
    document = docx.Document(io.BytesIO(target.read_bytes()))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "MEMORANDUM") in headings
    assert ("Heading 2", "Bottom line") in headings
    assert ("Heading 2", "Ranking") in headings
    assert ("Heading 1", "Annex: the detail") in headings
    assert len(document.tables) >= 3
    ranking = document.tables[1]
    assert [c.text for c in ranking.rows[0].cells][:4] == ["Rank", "Proposal", "Score", "Verdict"]
    titles = [row.cells[1].text for row in ranking.rows[1:]]
    assert "Pipes | and <script>alert(1)</script> **bold** [link](javascript:x) $x$ & co" in titles
    assert len(document.inline_shapes) == 3
    descriptions = [
        element.get("descr")
        for element in document.element.body.iter()
        if element.tag.endswith("}docPr")
    ]
    assert all(descriptions)
    assert len(descriptions) == 3
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "DRAFT — FOR DISCUSSION"
    assert section.footer.paragraphs[0].text == "DRAFT — FOR DISCUSSION"


def test_hostile_titles_are_text_in_markdown_with_charts(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    target = tmp_path / "memo.md"
    folder = hostile_folder(tmp_path)
    result = runner.invoke(app, ["memo", str(folder), *ARGS, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(target.read_text("utf-8"))
    inline = [child for t in tokens for child in t.children or []]
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")]
    images = [child for child in inline if child.type == "image"]
    assert [str(i.attrGet("src")) for i in images] == [
        "memo.score.svg",
        "memo.sides.svg",
        "memo.acceptability.svg",
    ]
    assert not [child for child in inline if child.type == "link_open"]
    alts = ["".join(c.content for c in i.children or []) for i in images]
    assert any("<script>alert(1)</script>" in alt for alt in alts)  # alt, as text


def test_word_needs_a_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["memo", str(PROPOSALS), "-f", "docx"])
    assert result.exit_code == 2
    assert result.stderr == (
        "--format docx: a Word file cannot go to the terminal; pass --output FILE\n"
    )


def test_a_markdown_memo_links_its_charts_written_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "my memo.md"
    result = runner.invoke(app, ["memo", str(PROPOSALS), *ARGS, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "my memo.acceptability.svg",
        "my memo.md",
        "my memo.score.svg",
        "my memo.sides.svg",
    ]
    text = target.read_text("utf-8")
    for name in ("score", "sides", "acceptability"):
        assert f"](my%20memo.{name}.svg)" in text
    plain = runner.invoke(
        app, ["memo", str(PROPOSALS), *ARGS, "--no-charts", "-o", str(tmp_path / "b.md")]
    )
    assert plain.exit_code == 0
    assert ".svg" not in (tmp_path / "b.md").read_text("utf-8")


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_browser() is None, reason="no headless Chromium installed to print the brief")
def test_the_brief_prints_on_at_most_two_pages(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    page = tmp_path / "memo.html"
    result = runner.invoke(app, ["memo", str(PROPOSALS), *ARGS, "-f", "html", "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    html = page.read_text("utf-8")
    assert "@page {" in html
    for paper in ("A4", "letter"):  # the reader's paper: the brief fits either
        sized = tmp_path / f"memo-{paper}.html"
        sized.write_text(html.replace("@page {", f"@page {{ size: {paper};", 1), "utf-8")
        pdf = tmp_path / f"memo-{paper}.pdf"
        subprocess.run(
            [
                str(_browser()),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                sized.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        pages = len(pypdf.PdfReader(str(pdf)).pages)
        assert 1 <= pages <= 2, f"the brief prints on {pages} pages of {paper}"
    # and the full memo is longer: the annex follows on its own pages
    full = tmp_path / "full.html"
    runner.invoke(
        app, ["memo", str(PROPOSALS), *ARGS, "-f", "html", "-o", str(full), "--detail", "full"]
    )
    assert full.stat().st_size > page.stat().st_size


def test_a_missing_export_library_is_one_line(tmp_path: Path) -> None:
    for module, kind, name in (
        ("docx", "docx", "python-docx"),
        ("matplotlib", "html", "matplotlib"),
    ):
        code = (
            f"import sys; sys.modules[{module!r}] = None; "
            "from cooperation_scorer.cli import main; sys.argv = ['cooperation-scorer', 'memo', "
            f"{str(PROPOSALS)!r}, '-f', {kind!r}, '-o', {str(tmp_path / 'm')!r}]; main()"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
        )
        assert done.returncode == 2
        assert done.stderr == (
            f"--format {kind}: needs {name}; pip install 'cooperation-scorer[export]'\n"
        )
        assert not (tmp_path / "m").exists()
