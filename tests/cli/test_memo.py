"""`memo` through the command line: structure, golden memo, safety of text and of files.

Regenerate the golden memo after an intended change: UPDATE_GOLDEN=1 python -m pytest
tests/cli/test_memo.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from tests.conftest import PROPOSALS, REPO

runner = CliRunner()
MEMO_ARGS = ["--to", "The Secretary", "--from", "Policy Planning Staff", "--date", "2026-11-28"]
HOSTILE = """\
title: "Pipes | and <script>alert(1)</script>\\n# not a heading <img src=x onerror=alert(1)>"
summary: "| a | b |\\n\\n# Heading\\n<b>bold</b> and a small pilot."
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, United States, Russia]
lead: Kazakhstan
"""


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def rows(tokens: list[Token], table: int) -> list[list[str]]:
    """The cells of the n-th table, row by row."""
    found: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            found[-1].append(row)
            row = None
    return found[table]


def headings(tokens: list[Token], level: str) -> list[str]:
    return [
        tokens[index + 1].content
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == level
    ]


def test_the_memo_has_its_header_ranking_and_a_section_per_proposal() -> None:
    result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS])
    assert result.exit_code == 0, result.stderr
    tokens = parse(result.stdout)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    header = rows(tokens, 0)
    assert header[1:] == [
        ["**To**", "The Secretary"],
        ["**From**", "Policy Planning Staff"],
        ["**Date**", "2026-11-28"],
        ["**Subject**", "Proposed U.S.-Russia cooperation in Central Asia: 19 proposals assessed"],
    ]
    ranking = rows(tokens, 1)
    count = len(list(PROPOSALS.iterdir()))
    assert len(ranking) == 1 + count
    assert [row[0] for row in ranking[1:]] == [str(n) for n in range(1, count + 1)]
    assert all(len(row) == 6 for row in ranking)
    sections = headings(tokens, "h2")
    assert sections[:2] == ["Bottom line", "Ranking"]
    assert sections[-2:] == ["Robustness of the ranking", "Appendix: method and sources"]
    assert len(sections) == 4 + count
    assert [s.split(". ", 1)[0] for s in sections[2:-2]] == [str(n) for n in range(1, count + 1)]
    assert headings(tokens, "h3").count("Improvements") == count


def test_the_memo_says_why_a_side_holds_the_consensus_down_and_how_sides_weigh() -> None:
    one = PROPOSALS / "election-monitoring-civil-society.md"
    result = runner.invoke(app, ["memo", str(one), *MEMO_ARGS])
    assert result.exit_code == 0, result.stderr
    assert (
        "Consensus 19.7 (not-recommended), held down by Moscow: host-leadership 1 → 0: Moscow "
        "sees a U.S.-led format as an intrusion into its sphere of responsibility.\n"
    ) in result.stdout
    appendix = result.stdout.split("## Appendix: method and sources", 1)[1]
    assert "the consensus takes the lowest score of the three and the worst side's verdict" in (
        appendix
    )
    assert "Moscow (“Russia’s concerns" in appendix
    assert "friction-linkage 10, which it weighs differently, citing “preventing Iran" in appendix


def test_the_robustness_section_says_in_words_whether_the_first_place_holds() -> None:
    memo = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS]).stdout
    data = json.loads(runner.invoke(app, ["sensitivity", "proposals", "-f", "json"]).stdout)
    steady = sum(1 for i in data["intervals"] if i["first_changes_at"] is None)
    first = next(p for p in data["smaa"]["proposals"] if p["id"] == "emercom-disaster-preparedness")
    section = memo.split("## Robustness of the ranking\n\n", 1)[1]
    assert section.startswith(
        "In short: EMERCOM and U.S. agencies share disaster-preparedness practices with Kyrgyz "
        "and Tajik emergency services "
        f"stays first for any weight of {steady} of the {len(data['intervals'])} criteria; "
        f"under weights drawn at random it comes first in {first['first']:.0%} of draws"
    )


def test_golden_memo() -> None:
    result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS])
    path = REPO / "tests" / "golden" / "memo.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text("utf-8"), "regenerate with UPDATE_GOLDEN=1"


def test_a_hostile_title_and_summary_leave_the_structure_intact(tmp_path: Path) -> None:
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(app, ["memo", str(tmp_path), *MEMO_ARGS])
    assert result.exit_code == 0, result.stderr
    tokens = parse(result.stdout)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert headings(tokens, "h2")[2].startswith("1. Pipes \\| and &lt;script&gt;")
    assert len(headings(tokens, "h2")) == 4
    assert all(len(row) == 6 for row in rows(tokens, 1))
    assert all(len(row) == 5 for row in rows(tokens, 2))


def test_output_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    target.write_text("an earlier memo\n", encoding="utf-8")
    result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"{target}: already exists; pass --force to replace it\n"
    assert target.read_text("utf-8") == "an earlier memo\n"
    forced = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert target.read_text("utf-8").startswith("# MEMORANDUM")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md"]


def test_split_writes_one_memo_per_proposal_named_by_id(tmp_path: Path) -> None:
    folder = tmp_path / "memos"
    result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--split", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.stem for p in folder.iterdir()) == sorted(p.stem for p in PROPOSALS.iterdir())
    one = (folder / "kambarata-bilateral-understanding.md").read_text("utf-8")
    assert "It fails the gate “A host state takes part”." in one
    assert "(**lifts the block**)" in one
    again = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--split", str(folder)])
    assert again.exit_code == 2
    assert "already exists; pass --force to replace it" in again.stderr


def test_a_refused_target_leaves_every_memo_unwritten(tmp_path: Path) -> None:
    folder = tmp_path / "memos"
    folder.mkdir()
    (folder / "tuberculosis-lab-training.md").write_text("kept\n", encoding="utf-8")
    whole = tmp_path / "memo.md"
    args = ["memo", "proposals", *MEMO_ARGS, "--split", str(folder), "-o", str(whole)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder / 'tuberculosis-lab-training.md'}: already exists; pass --force to replace it\n"
    )
    assert not whole.exists()
    assert [p.name for p in folder.iterdir()] == ["tuberculosis-lab-training.md"]
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert len(list(folder.iterdir())) == len(list(PROPOSALS.iterdir()))
    assert whole.exists()


def test_an_invalid_file_writes_no_memo(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    target = tmp_path / "memo.md"
    result = runner.invoke(app, ["memo", str(tmp_path), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.endswith("no memo written: fix the invalid files and run again\n")
    assert not target.exists()


def test_a_custom_template_gets_the_same_data(tmp_path: Path) -> None:
    template = tmp_path / "short.md.j2"
    template.write_text(
        "{{ header.subject | md }}\n{% for p in proposals %}{{ p.rank }} {{ code(p.id) }} "
        "{{ p.verdict }}\n{% endfor %}",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["memo", "proposals/baiterek-engineers.yaml", "--template", str(template)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Proposed U.S.-Russia cooperation in Central Asia: 1 proposal assessed\n"
        "1 `baiterek-engineers` recommended\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% for p in proposals %}\n{{ p.id }\n", ":2:1: template syntax error: unexpected '}'"),
        ("{{ nothing.here }}", ":1:1: the template cannot be rendered: 'nothing' is undefined"),
        (
            "{{ ''.__class__.__mro__ }}",
            ":1:1: the template cannot be rendered: access to attribute",
        ),
        (
            "a\n{{ proposals | length / 0 }}",
            ":2:1: the template cannot be rendered: ZeroDivisionError: division by zero; "
            "fix the template\n",
        ),
        ("\n\n{{ 2.0 ** 100000 }}", ":3:1: the template cannot be rendered: OverflowError"),
        ("{{ '%s %s' % () }}", ":1:1: the template cannot be rendered: TypeError"),
    ],
)
def test_a_broken_or_unsafe_template_is_one_clear_line(
    tmp_path: Path, text: str, message: str
) -> None:
    template = tmp_path / "broken.j2"
    template.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["memo", "proposals", "--template", str(template)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{template}{message}")
    assert result.stderr.count("\n") == 1  # one line, no traceback


def test_a_bad_date_is_refused() -> None:
    result = runner.invoke(app, ["memo", "proposals", "--date", "28/11/2026"])
    assert result.exit_code == 2
    assert result.stderr == "--date 28/11/2026: write the date as YYYY-MM-DD\n"
    result = runner.invoke(app, ["memo", "proposals", "--date", "2026-02-30"])
    assert result.exit_code == 2
    assert result.stderr == "--date 2026-02-30: there is no such day; check the month and day\n"


def test_an_output_that_is_also_a_split_target_is_refused_before_writing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "memos"
    folder.mkdir()
    clash = folder / "tuberculosis-lab-training.md"
    clash.write_text("mine\n", encoding="utf-8")
    args = ["memo", "proposals", *MEMO_ARGS, "--split", str(folder), "-o", str(clash)]
    for extra in ([], ["--force"]):  # the clash is named first, whatever exists already
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 2
        assert result.stderr == (
            f"{clash}: the --output memo and a --split memo would both be written to this "
            "file; choose another --output\n"
        )
        assert [p.name for p in folder.iterdir()] == [clash.name]
        assert clash.read_text("utf-8") == "mine\n"


def test_each_section_opens_with_what_the_proposal_is() -> None:
    result = runner.invoke(app, ["memo", "proposals/tuberculosis-lab-training.yaml", *MEMO_ARGS])
    assert result.exit_code == 0, result.stderr
    tokens = parse(result.stdout)
    section = next(
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
        and token.tag == "h2"
        and tokens[index + 1].content.startswith("1. ")
    )
    first = tokens[section + 4]  # heading_open, inline, heading_close, paragraph_open, inline
    assert first.type == "inline"
    assert first.content.startswith(
        "The health ministries of Kyrgyzstan and Tajikistan propose a program, run with the "
        "World Health Organization,"
    )
    assert first.content.endswith(".")
