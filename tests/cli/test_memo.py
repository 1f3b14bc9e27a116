"""`memo` through the command line: structure, golden memo, safety of text and of files.

Regenerate the golden memo after an intended change: UPDATE_GOLDEN=1 python -m pytest
tests/cli/test_memo.py
"""

from __future__ import annotations

import json
import os
import re
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
    assert headings(tokens, "h2") == ["Bottom line", "Ranking", "What would change the picture"]
    bottom_line = tokens[[t.content for t in tokens].index("Bottom line") + 3].content
    # At most three sentences (a full stop before a capital, but not the one of "U.S.").
    assert len(re.findall(r"(?<!\bU\.S)\. (?=[A-Z])", bottom_line)) <= 2
    full = parse(runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--detail", "full"]).stdout)
    assert headings(full, "h1") == ["MEMORANDUM", "Annex: the detail"]
    sections = headings(full, "h2")
    assert sections[:3] == ["Bottom line", "Ranking", "What would change the picture"]
    assert sections[-2:] == ["Robustness of the ranking", "Appendix: method and sources"]
    assert len(sections) == 5 + count
    assert [s.split(". ", 1)[0] for s in sections[3:-2]] == [str(n) for n in range(1, count + 1)]
    assert headings(full, "h3").count("Improvements") == count


def test_the_brief_speaks_plain_words_and_blocked_rows_name_their_gate() -> None:
    memo = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--detail", "full"]).stdout
    for internal in ("without-host", "frictions:", "\\[", "held down by", "host-leadership",
                     "intelligence\\_sharing", " 3 → 3", "project-scale"):  # fmt: skip
        assert internal not in memo, internal
    ranking = rows(parse(memo), 1)
    for row in ranking[1:]:
        if row[3] == "blocked":
            assert row[5].startswith("fails the gate “"), row


def test_the_memo_says_why_a_side_holds_the_consensus_down_and_how_sides_weigh() -> None:
    one = PROPOSALS / "election-monitoring-civil-society.md"
    result = runner.invoke(app, ["memo", str(one), *MEMO_ARGS, "--detail", "full"])
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"lowest for Moscow \(\d+\.\d\): Moscow sees a U\.S\.-led format as an intrusion into "
        r"its sphere of responsibility\.\n",
        result.stdout,
    )
    appendix = result.stdout.split("## Appendix: method and sources", 1)[1]
    assert "the consensus takes the lowest score of the three and the worst side's verdict" in (
        appendix
    )
    # A side whose weights differ says which, and why, in the paper's words.
    assert "Washington: de-linked from points of friction 10, weighed so because “" in appendix
    assert "Moscow (“Russia’s concerns" in appendix


def test_the_robustness_section_says_in_words_whether_the_first_place_holds() -> None:
    memo = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--detail", "full"]).stdout
    data = json.loads(runner.invoke(app, ["sensitivity", "proposals", "-f", "json"]).stdout)
    ranked = json.loads(runner.invoke(app, ["rank", "proposals", "-f", "json"]).stdout)
    leader = ranked["results"][0]
    first = next(p for p in data["smaa"]["proposals"] if p["id"] == leader["id"])
    section = memo.split("## Robustness of the ranking\n\n", 1)[1]
    assert section.startswith("First place is ")
    opening = section.split("\n", 1)[0]
    assert leader["title"] in opening
    assert (
        f"comes first in {first['first']:.0%} of weightings drawn at random "
        f"and in the top 3 in {first['top']:.0%}"
    ) in opening


def test_golden_memo() -> None:
    """The brief, then the annex (`--detail full`), for the bundled proposals."""
    result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--detail", "full"])
    path = REPO / "tests" / "golden" / "memo.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text("utf-8"), "regenerate with UPDATE_GOLDEN=1"


def test_a_hostile_title_and_summary_leave_the_structure_intact(tmp_path: Path) -> None:
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(app, ["memo", str(tmp_path), *MEMO_ARGS, "--detail", "full"])
    assert result.exit_code == 0, result.stderr
    tokens = parse(result.stdout)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert headings(tokens, "h2")[3].startswith("1. Pipes \\| and &lt;script&gt;")
    assert len(headings(tokens, "h2")) == 5
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
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".svg") == ["memo.md"]


def test_split_writes_one_memo_per_proposal_named_by_id(tmp_path: Path) -> None:
    folder = tmp_path / "memos"
    result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--split", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.stem for p in folder.iterdir()) == sorted(p.stem for p in PROPOSALS.iterdir())
    one = (folder / "kambarata-bilateral-understanding.md").read_text("utf-8")
    assert "It fails a condition the paper sets: A host state takes part." in one
    assert ", **lifts the block**" in one
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
        ("\n\n{{ 10.0 ** 400 }}", ":3:1: the template cannot be rendered: OverflowError"),
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
    result = runner.invoke(
        app, ["memo", "proposals/tuberculosis-lab-training.yaml", *MEMO_ARGS, "--detail", "full"]
    )
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


PLAIN = "write it as plain text on one line"
IN_UTF8 = "write the option in UTF-8"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--to", "The \udcffPrincipal", "--to: byte 0xFF is not UTF-8 text; " + IN_UTF8),
        ("--from", "Staff\x1b[31m", "--from: holds a control character (U+001B); " + PLAIN),
        ("--subject", "Line\nInjected", "--subject: holds a control character (U+000A); " + PLAIN),
        ("--to", "abc\u202eevil", "--to: holds a control character (U+202E); " + PLAIN),
    ],
)  # fmt: skip
def test_a_header_option_that_is_not_plain_text_is_one_line(
    option: str, value: str, message: str
) -> None:
    result = runner.invoke(app, ["memo", "proposals/tuberculosis-lab-training.yaml", option, value])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


def test_undecodable_bytes_in_an_option_are_one_line_from_the_console_script(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    script = Path(sys.executable).with_name("cooperation-scorer")
    proposal = str(PROPOSALS / "tuberculosis-lab-training.yaml").encode()
    for extra in ([], [b"-o", str(tmp_path / "memo.md").encode()]):
        done = subprocess.run(
            [str(script).encode(), b"memo", proposal, b"--to", b"\xff", *extra],
            capture_output=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 2
        assert done.stderr == b"--to: byte 0xFF is not UTF-8 text; write the option in UTF-8\n"
    assert not (tmp_path / "memo.md").exists()


def test_a_split_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere" / "at-all")
    cases = {
        a_file: f"{a_file}: a file, not a folder; choose another --split folder",
        a_file / "sub": f"{a_file / 'sub'}: cannot make the folder: Not a directory; "
        "choose another --split folder",
        dangling: f"{dangling}: a broken symbolic link; remove it or choose another --split folder",
        Path("/proc/no-such/memos"): "/proc/no-such/memos: cannot make the folder: No such file "
        "or directory; choose another --split folder",
    }
    for folder, message in cases.items():
        result = runner.invoke(app, ["memo", "proposals", *MEMO_ARGS, "--split", str(folder)])
        assert result.exit_code == 2, folder
        assert result.stderr == message + "\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_split_folder_in_a_read_only_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    monkeypatch.chdir(locked)
    result = runner.invoke(app, ["memo", str(PROPOSALS), *MEMO_ARGS, "--split", "memos"])
    assert result.exit_code == 2
    assert result.stderr == (
        "memos: cannot make the folder: Permission denied; choose another --split folder\n"
    )


def test_an_annex_file_holds_the_detail_and_the_brief_points_to_it(tmp_path: Path) -> None:
    brief, annex = tmp_path / "brief.md", tmp_path / "annex.md"
    args = ["memo", "proposals", *MEMO_ARGS, "--no-charts", "-o", str(brief)]
    result = runner.invoke(app, [*args, "--annex", str(annex), "--marking", "DRAFT"])
    assert result.exit_code == 0, result.stderr
    brief_tokens, annex_tokens = parse(brief.read_text("utf-8")), parse(annex.read_text("utf-8"))
    assert headings(brief_tokens, "h1") == ["MEMORANDUM"]
    assert headings(annex_tokens, "h1") == ["ANNEX TO THE MEMORANDUM"]
    assert "are in the annex, annex.md." in brief.read_text("utf-8")
    count = len(list(PROPOSALS.iterdir()))
    assert len(headings(annex_tokens, "h2")) == count + 2  # sections, robustness, method
    assert "Bottom line" not in headings(annex_tokens, "h2")
    for text in (brief.read_text("utf-8"), annex.read_text("utf-8")):
        assert text.startswith("**DRAFT**\n\n# ")
        assert text.endswith("\n\n**DRAFT**\n")


def test_charts_asked_for_on_the_terminal_are_one_line() -> None:
    result = runner.invoke(app, ["memo", "proposals", "--charts"])
    assert result.exit_code == 2
    assert result.stderr == (
        "--charts: Markdown on the terminal cannot hold charts; pass --output FILE\n"
    )


def test_an_annex_on_the_memo_itself_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    args = ["memo", "proposals", "--no-charts", "-o", str(target), "--annex", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{target}: --annex names a file the memo itself is written to; choose another\n"
    )
    assert not target.exists()
