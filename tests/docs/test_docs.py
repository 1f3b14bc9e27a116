"""The README and docs/ stay true: the quick start, the generated reference pages, exit codes,
formats, every error message and every memo template field.

Regenerate the generated parts after a change: `cog -r README.md docs/cli-reference.md
docs/rubric.md`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cogapp import Cog  # type: ignore[import-untyped]

from cooperation_scorer.cli.reference import commands
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.render import RankFormat
from cooperation_scorer.render.memo.context import Header, memo_context
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.rank import rank
from tests.conftest import REPO, MakeProposal

README = REPO / "README.md"
DOCS = REPO / "docs"
GENERATED = [README, DOCS / "cli-reference.md", DOCS / "rubric.md"]
MOST_README_LINES = 200


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_commands_are_the_documented_ones() -> None:
    assert sorted(commands()) == [
        "compare", "explain", "memo", "new", "rank", "schema", "score", "sensitivity", "validate"
    ]  # fmt: skip


@pytest.mark.parametrize("path", GENERATED, ids=lambda path: path.name)
def test_generated_docs_are_current(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    status = Cog().main(["cog", "--check", str(path.relative_to(REPO))])
    assert status == 0, f"{path.name} is stale: run `cog -r {path.relative_to(REPO)}`"


@pytest.mark.parametrize("command", commands())
def test_the_cli_reference_shows_each_command(command: str) -> None:
    text = _text(DOCS / "cli-reference.md")
    assert f'help_block("{command}")' in text, f"docs/cli-reference.md lacks `{command}`"
    assert f"## `{command}`" in text
    assert f"`{command}" in _text(README), f"the README's command table lacks `{command}`"


def test_the_readme_is_short_and_links_every_doc() -> None:
    text = _text(README)
    assert len(text.splitlines()) <= MOST_README_LINES
    linked = set(re.findall(r"\(docs/([\w.-]+\.md)", text))
    on_disk = {path.name for path in DOCS.glob("*.md")}
    assert linked <= on_disk, f"the README links to missing docs: {linked - on_disk}"
    assert on_disk <= linked, f"docs the README does not link to: {on_disk - linked}"


def test_every_relative_link_in_the_docs_resolves() -> None:
    for page in [README, *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", _text(page)):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2
    assert lines[0].endswith("cooperation-scorer rank proposals/")
    assert lines[1] in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_exit_codes_and_formats_are_documented() -> None:
    text = _text(README)
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in text
    for output_format in RankFormat:
        assert f"`{output_format.value}`" in text
    assert "--version" in text
    assert "python -m cooperation_scorer" in text


# The stem of every error a user can meet; each must be in the code and in Troubleshooting.
ERROR_STEMS = [
    "unknown key", "missing required field", "must be one of", "unknown domain",
    "is not a Central Asian state", "is not a participant", "not a slug", "is listed twice",
    "must be true or false", "must be text", "is empty; give at least one value",
    "unknown friction", "duplicate key", "YAML syntax error", "JSON syntax error",
    "is not allowed (nothing in a proposal", "more than one YAML document",
    "a key must be a plain name", "has no anchor before it", "cannot read the value",
    "is not allowed in YAML", "is not a JSON value", "expands to more than", "nests deeper than",
    "must be a mapping of fields", "the document is empty", "must start with front matter",
    "never closes", "not valid UTF-8", "binary file", "the file is over", "is also used by",
    "no such file or directory", "cannot read:", "cannot list:", "no proposal files found",
    "rubric:", "unknown criterion", "the file name makes no usable id",
    "must be a participant's name or a list of names", "unknown gate", "is waived twice",
    "not the JSON output of", "--fail-on-regression needs --baseline", "not written:",
    "cannot write:", "the text holds", "control character", "lone surrogate",
    "non-character", "inside a text; remove it", "a tab inside a text; write it as",
    "a line break inside a text; write it as", "check the path and its permissions",
    "a number has more than", "not a regular file", "point at a file on disk",
    "the template is not valid UTF-8", "never replaces a file; choose another name",
    "memo would both be written to this", "is it the JSON output of `rank`?",
    "unknown perspective", "ask for two orders; give one",
    "is not a number from 0 to 100", "is not a whole number from 1", "is blank; write it",
    "is empty; write it", "already exists", "pass --force to replace it",
    "the template cannot be rendered", "template syntax error", "there is no such day",
    "write the date as YYYY-MM-DD", "writes YAML; name the file with .yaml or .yml",
    "not a revision; name a commit, branch or tag", "cannot read it from git",
    "no such folder; point --examples at proposals",
    ", and no terminal to ask; pass", "not a Central Asian state:",
    "not a participant:", "name at least one participant",
    "the template stopped", "the template wrote a lone surrogate", "is not UTF-8 text",
    "holds a control character", "cannot make the folder", "a broken symbolic link",
    "a Word file cannot go to the terminal", "cannot hold charts; pass --output FILE",
    "--annex names a file the memo itself is written to",
]  # fmt: skip


@pytest.mark.parametrize("stem", ERROR_STEMS)
def test_every_error_is_in_the_code_and_in_troubleshooting(stem: str) -> None:
    code = "".join(_text(path) for path in (REPO / "cooperation_scorer").rglob("*.py"))
    assert stem in code, f"no error says {stem!r} any more: update the list and the docs"
    assert stem in _text(DOCS / "troubleshooting.md"), f"docs/troubleshooting.md lacks {stem!r}"


def test_the_docs_list_every_field_a_memo_template_receives(
    make_proposal: MakeProposal, loaded_rubric: LoadedRubric
) -> None:
    ranked = rank([assess(make_proposal(), loaded_rubric.rubric)])
    header = Header("To", "From", "2026-11-28", "Subject")
    context = memo_context(ranked, loaded_rubric.rubric, loaded_rubric.ref, header)
    table = _text(DOCS / "memo-templates.md")
    for name in [*context, *context["proposals"][0]]:
        assert f"`{name}`" in table, f"docs/memo-templates.md's template table lacks `{name}`"
