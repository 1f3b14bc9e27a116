"""The terminal tables at 80, 100 and 120 columns: golden files, and the rules they keep.

Regenerate after an intended change: UPDATE_GOLDEN=1 python -m pytest tests/render
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.text import Text
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.render import WIDE
from cooperation_scorer.render.terminal.common import Column, fit
from tests.conftest import PROPOSALS, REPO

GOLDEN = REPO / "tests" / "golden" / "terminal"
WIDTHS = (80, 100, 120)
BASELINE = "tests/golden/baseline.json"
runner = CliRunner()


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _run(args: list[str], width: int) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"regenerate with UPDATE_GOLDEN=1: {name}"


def _revised(tmp_path: Path) -> Path:
    """The tuberculosis proposal made political and visible, under its own name."""
    text = (PROPOSALS / "tuberculosis-lab-training.yaml").read_text(encoding="utf-8")
    text = text.replace("political_profile: technical", "political_profile: mixed")
    text = text.replace("visibility: low", "visibility: high")
    path = tmp_path / "tuberculosis-lab-training.yaml"
    path.write_text(text, encoding="utf-8")
    return path


COMMANDS = {
    "rank": ["rank", "proposals"],
    "rank-baseline": ["rank", "proposals", "--baseline", BASELINE],
    "score": ["score", "proposals/nuclear-parity-expert-dialogue.yaml"],
    "explain": ["explain", "domain"],
    "sensitivity": ["sensitivity", "proposals", "--samples", "2000"],
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_terminal_golden(name: str, width: int) -> None:
    _check_golden(f"{name}-{width}.txt", _run(COMMANDS[name], width))


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_golden(width: int, tmp_path: Path) -> None:
    revised = _revised(tmp_path)
    text = _run(["compare", "proposals/tuberculosis-lab-training.yaml", str(revised)], width)
    _check_golden(f"compare-{width}.txt", text)


def _rows(table: str) -> list[str]:
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("───")) + 1
    return [line for line in lines[start:] if re.match(r"^ *\d+  ", line)]


@pytest.mark.parametrize("width", [60, 72, 80, 90, 100, 110, 120, 140, 200])
@pytest.mark.parametrize("baseline", [False, True])
def test_rank_is_one_line_per_row_with_rank_id_score_and_verdict_whole(
    width: int, baseline: bool
) -> None:
    args = ["rank", "proposals", *(["--baseline", BASELINE] if baseline else [])]
    table = _run(args, width)
    rows = _rows(table)
    assert len(rows) == len(list(PROPOSALS.iterdir()))
    for row in rows:
        _, proposal, score, verdict = row.split()[:4]
        assert (PROPOSALS / f"{proposal}.yaml").exists() or (PROPOSALS / f"{proposal}.md").exists()
        assert re.fullmatch(r"\d+\.\d", score)
        assert verdict.rstrip("*") in {"recommended", "conditional", "not-recommended", "blocked"}
        if width >= 80:
            assert len(row) <= width
    assert "…" not in table.split("\n", 1)[0]  # never a cut header


def test_criterion_ids_are_whole_or_in_a_legend() -> None:
    ids = {"host-leadership", "inclusive-format", "technical-character", "political-visibility"}
    for width in WIDTHS:
        table = _run(["rank", "proposals"], width)
        assert "…" not in "".join(re.findall(r"[a-z]+-[a-z-]*…", table)), width
        if "failed gate: C" in table:  # the short form names each code once, in words
            assert all(criterion in table for criterion in ids), width
        else:
            assert all(criterion in table for criterion in ids), width


def test_columns_piped_follow_columns() -> None:
    narrow = _run(["rank", "proposals"], 80)
    wide = _run(["rank", "proposals"], 160)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert max(len(line) for line in wide.splitlines()) > 120  # the title given room


def test_wide_shows_every_column_whole_whatever_the_width() -> None:
    text = runner.invoke(app, ["rank", "proposals", "--wide"], env={"COLUMNS": "60"}).stdout
    assert "WHO-backed tuberculosis laboratory training for Kyrgyzstan and Tajikistan" in text
    assert "project-scale (A program)" in text
    assert "Consensus" in text


def test_score_and_explain_keep_criterion_ids_whole_at_80() -> None:
    score = _run(["score", "proposals/tuberculosis-lab-training.yaml"], 80)
    for criterion in ("intelligence-sensitivity", "political-visibility", "technical-character"):
        assert re.search(rf"^{criterion} ", score, re.MULTILINE), criterion
    explain = _run(["explain", "host-leadership"], 80)
    for level in ("(host-leads)", "(host-co-leads)", "(outside-leads)", "(no-host)"):
        assert level in explain


def test_sensitivity_speaks_in_the_rubric_s_weights() -> None:
    text = _run(["sensitivity", "proposals", "--samples", "500"], 120)
    assert "simplex" not in text
    assert "every weighting of the criteria equally likely" in text
    central = re.findall(r"project-scale (\d+\.\d)", text)
    assert central
    assert all(float(value) > 1 for value in central)  # points, not fractions


def _column(header: str, cells: list[str], **how: object) -> Column:
    return Column(header, [Text(cell) for cell in cells], **how)  # type: ignore[arg-type]


def test_fit_cuts_the_title_then_drops_columns_in_order() -> None:
    columns = [
        _column("Rank", ["1"]),
        _column("Title", ["x" * 40], drop=2, shrink_to=10),
        _column("Extra", ["y" * 10], drop=1),
    ]
    whole = fit(columns, 100)
    assert [size for _, size in whole] == [4, 40, 10]
    cut = fit(columns, 4 + 30 + 10 + 4)
    assert [(c.header, size) for c, size in cut] == [("Rank", 4), ("Title", 30), ("Extra", 10)]
    dropped = fit(columns, 4 + 2 + 12)
    assert [(c.header, size) for c, size in dropped] == [("Rank", 4), ("Title", 12)]
    only = fit(columns, 8)
    assert [c.header for c, _ in only] == ["Rank"]
    assert [size for _, size in fit(columns, WIDE)] == [4, 40, 10]


@pytest.mark.parametrize("width", WIDTHS)
def test_explain_and_score_cut_nothing_at_the_widths_people_use(width: int) -> None:
    """Only the rubric's digest is shortened on purpose; no id, value or header is cut."""
    texts = [_run(["explain"], width), _run(["score", "proposals"], width)]
    texts += [_run(["explain", c], width) for c in ("friction-linkage", "domain")]
    for text in texts:
        cut = [line for line in text.splitlines() if "…" in line and "sha256" not in line]
        assert cut == []
