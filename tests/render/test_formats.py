"""Every `rank` format: golden files for the bundled proposals, and each format's own rules.

Regenerate after an intended change: UPDATE_GOLDEN=1 python -m pytest
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from cooperation_scorer.analysis.report import RankReport
from cooperation_scorer.cli.app import app
from cooperation_scorer.model.rubric import Rubric, RubricRef
from cooperation_scorer.render import RankFormat
from cooperation_scorer.render.csv import render_csv
from cooperation_scorer.render.github import render_github
from cooperation_scorer.render.json import rank_json_pieces
from cooperation_scorer.render.markdown import render_markdown
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from tests.conftest import PROPOSALS, REPO, MakeProposal

GOLDEN = REPO / "tests" / "golden"
CI_ARGS = ["--fail-on", "not-recommended", "--baseline", "tests/golden/baseline.json"]
runner = CliRunner()
HOSTILE_TITLE = (
    '=HYPERLINK("x") | <script>alert(1)</script>\n# Heading <img src=x onerror=alert(1)>'
)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _rank(output_format: RankFormat) -> str:
    result = runner.invoke(app, ["rank", "proposals", "-f", output_format.value, *CI_ARGS])
    assert result.exit_code == 1, result.stderr  # --fail-on not-recommended fails some
    return result.stdout


@pytest.mark.parametrize("output_format", list(RankFormat))
def test_golden(output_format: RankFormat) -> None:
    text = _rank(output_format)
    path = GOLDEN / f"rank-ci.{output_format.value}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"regenerate with UPDATE_GOLDEN=1: {path}"


def test_json_comes_a_piece_per_result_to_be_written_as_it_comes(rubric: Rubric) -> None:
    from cooperation_scorer.load.files import load_proposal

    ranked = rank([assess(load_proposal(p, rubric), rubric) for p in sorted(PROPOSALS.iterdir())])
    ref = RubricRef(name="r", version="1", sha256="0" * 64, path="criteria.yaml")
    pieces = list(rank_json_pieces(RankReport(ranked, ref)))
    opening = next(i for i, piece in enumerate(pieces) if piece.startswith('  "results"'))
    rows = pieces[opening + 1 : -1]
    assert len(rows) == len(ranked)
    assert [json.loads(row.lstrip(",\n"))["id"] for row in rows] == [
        item.assessment.id for item in ranked
    ]
    document = json.loads("".join(pieces))
    assert [r["rank"] for r in document["results"]] == list(range(1, len(ranked) + 1))


def test_markdown_is_one_table_row_per_proposal_in_rank_order() -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(_rank(RankFormat.MARKDOWN))
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    rows: list[list[str]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
    header, body = rows[0], rows[1:]
    assert header == [
        "Rank", "Proposal", "Score", "Verdict", "Weakest criterion", "Consensus", "Change"
    ]  # fmt: skip
    assert [r[0] for r in body] == [str(n) for n in range(1, len(body) + 1)]
    assert len(body) == len(list(PROPOSALS.iterdir()))
    assert all(len(r) == len(header) for r in body)


def test_junit_is_valid_with_a_case_per_proposal_and_a_failure_per_miss() -> None:
    root = ET.fromstring(_rank(RankFormat.JUNIT))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(list(PROPOSALS.iterdir()))
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert "code-of-conduct-summit" in failed  # not-recommended, at --fail-on
    assert "baikonur-military-launcher" in failed  # blocked
    assert "tuberculosis-lab-training" not in failed
    assert root.get("failures") == str(len(failed))
    waived = [
        p for c in cases for p in c.iter("property") if p.get("name", "").startswith("waived:")
    ]
    assert waived == []  # nuclear parity is the paper's bilateral exception, not a waiver


def test_csv_has_a_row_per_proposal_and_a_column_per_criterion(rubric: Rubric) -> None:
    rows = list(csv.reader(io.StringIO(_rank(RankFormat.CSV))))
    assert rows[0][:7] == ["rank", "id", "title", "file", "score", "verdict", "weakest"]
    assert [c.id for c in rubric.criteria] == rows[0][7 : 7 + len(rubric.criteria)]
    assert len(rows) == 1 + len(list(PROPOSALS.iterdir()))
    sides = rows[0][7 + len(rubric.criteria) : 7 + len(rubric.criteria) + 9]
    assert sides == [
        "washington", "washington_verdict", "moscow", "moscow_verdict", "host", "host_verdict",
        "consensus", "consensus_verdict", "held_by",
    ]  # fmt: skip
    by_id = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    blocked = by_id["kambarata-bilateral-understanding"]
    assert blocked["moscow_verdict"] == blocked["consensus_verdict"] == "blocked"


def test_github_errors_point_at_the_field_at_fault() -> None:
    first, *lines, last = _rank(RankFormat.GITHUB).splitlines()
    version = yaml.safe_load((REPO / "criteria.yaml").read_text("utf-8"))["version"]
    assert first.startswith(f"cooperation-scorer: rubric us-russia-central-asia {version} from ")
    assert re.fullmatch(
        r"cooperation-scorer: 19 proposals ranked, [1-9]\d* failed the thresholds, "
        r"0 invalid file\(s\); exit 1",
        last,
    ), last
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    watchlist = next(line for line in lines if "extremist-watchlist-exchange.yaml" in line)
    text = (PROPOSALS / "extremist-watchlist-exchange.yaml").read_text("utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if t.startswith("intelligence_sharing:"))
    assert watchlist.startswith(
        f"::error file=proposals/extremist-watchlist-exchange.yaml,line={line},"
    )
    assert not any("waived" in line for line in lines)  # the bilateral exception is no waiver


def _report(make_proposal: MakeProposal, rubric: Rubric) -> RankReport:
    proposal = make_proposal(title=HOSTILE_TITLE, id="hostile")
    return RankReport(rank([assess(proposal, rubric)]), RubricRef("r", "1", "0" * 64, "c.yaml"))


def test_a_hostile_title_cannot_break_the_markdown(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    text = render_markdown(_report(make_proposal, rubric))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h2"]
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 6
    assert "&lt;script&gt;" in text


def test_a_formula_in_a_title_is_neutralised_in_csv(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(_report(make_proposal, rubric)))))
    assert rows[1][2].startswith("'=HYPERLINK")


def test_github_commands_escape_newlines_and_separators(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    report = _report(make_proposal, rubric)
    proposal = make_proposal(id="x", dual_use=True, title="a\nb")
    report = RankReport(rank([assess(proposal, rubric)]), report.rubric)
    _, line, _ = render_github(report).splitlines()
    assert line.startswith("::warning file=proposal.yaml,line=")
    assert "%0A" not in line.split("::")[1] or "title=" in line
    assert "\n" not in line
