"""The rubric: drawn from the paper, shipped unchanged, and refused with a line when broken."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from cooperation_scorer.errors import RubricError
from cooperation_scorer.load.files import packaged_rubric_bytes
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.rubric import Citation, Rubric
from tests.conftest import REPO, RUBRIC_PATH

PAPER_DIR = REPO.parent / "shared" / "paper"
PAPER = PAPER_DIR / "envisioning-us-russia-cooperation-central-asia.txt"


def _fold(text: str) -> str:
    return " ".join(text.split())


def _citations(node: Any, where: str = "") -> list[tuple[str, Citation]]:
    """Every citation in the rubric, with where it stands."""
    found: list[tuple[str, Citation]] = []
    if isinstance(node, Citation):
        return [(where, node)]
    if isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_citations(item, f"{where}[{index}]"))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            found.extend(_citations(getattr(node, name), f"{where}.{name}"))
    return found


def test_the_packaged_rubric_is_the_repository_rubric() -> None:
    assert packaged_rubric_bytes() == RUBRIC_PATH.read_bytes()


def test_every_quote_is_verbatim_in_the_paper_under_a_real_section(rubric: Rubric) -> None:
    if not PAPER.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the paper is missing: {PAPER} (CI lays shared/ beside the clone)")
        pytest.skip("the paper lives in ../shared/paper beside the repository")
    paper = _fold(PAPER.read_text(encoding="utf-8"))
    index = (PAPER_DIR / "README.md").read_text(encoding="utf-8")
    sections = {
        _fold(m.group(1))
        for m in re.finditer(r"^\|\s*\d+\s*\|\s*(?:·\s*)?(.+?)\s*\|$", index, re.M)
    }
    citations = _citations(rubric)
    assert len(citations) > 40
    for where, citation in citations:
        assert _fold(citation.quote) in paper, f"{where}: quote not in the paper"
        assert citation.section in sections, f"{where}: no section {citation.section!r}"
        assert len(citation.quote.split()) <= 30, f"{where}: keep quotes to a sentence"


def test_every_criterion_level_gate_tier_and_friction_cites_the_paper(rubric: Rubric) -> None:
    assert all(c.citation and all(level.citation for level in c.levels) for c in rubric.criteria)
    assert all(gate.citation for gate in rubric.gates)
    assert all(tier.citation for tier in rubric.domain_tiers)
    assert all(friction.citation for friction in rubric.frictions)


# What the Executive Summary and the Conclusion stress, criterion by criterion: (stressed in
# the Executive Summary, stressed in the Conclusion, stated as a condition: "will have to",
# "the first step"). docs/rubric.md quotes each; the weight is 5 points for each.
STRESSES = {
    "host-leadership": (True, False, True),
    "inclusive-format": (True, True, True),
    "technical-character": (True, True, False),
    "intelligence-sensitivity": (True, True, False),
    "domain": (True, True, False),
    "political-visibility": (True, True, False),
    "project-scale": (True, True, False),
    "friction-linkage": (False, True, False),
    "non-adversarial": (True, True, True),
}


def test_each_weight_is_five_points_per_stress_in_the_summary_and_the_conclusion(
    rubric: Rubric,
) -> None:
    weights = {criterion.id: criterion.weight for criterion in rubric.criteria}
    assert weights == {c: 5 * sum(stress) for c, stress in STRESSES.items()}


def _sections() -> list[tuple[str, int, int]]:
    """Each section of the paper's index with its first and last line; a section holds its
    subsections (marked · in the index)."""
    index = (PAPER_DIR / "README.md").read_text(encoding="utf-8")
    rows = [
        (int(m.group(1)), bool(m.group(2)), _fold(m.group(3)))
        for m in re.finditer(r"^\|\s*(\d+)\s*\|\s*(·\s*)?(.+?)\s*\|$", index, re.M)
    ]
    last = len(PAPER.read_text(encoding="utf-8").splitlines())
    found = []
    for place, (line, sub, name) in enumerate(rows):
        later = [row for row in rows[place + 1 :] if sub or not row[1]]
        found.append((name, line, later[0][0] - 1 if later else last))
    return found


def _lines_of(quote: str, words: list[tuple[int, int]], folded: str) -> list[int]:
    """The paper line where each occurrence of the quote starts."""
    starts = [offset for offset, _ in words]
    found = []
    at = folded.find(quote)
    while at != -1:
        word = max(i for i, start in enumerate(starts) if start <= at)
        found.append(words[word][1])
        at = folded.find(quote, at + 1)
    return found


def test_every_quote_lies_inside_the_section_it_cites(rubric: Rubric) -> None:
    if not PAPER.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the paper is missing: {PAPER} (CI lays shared/ beside the clone)")
        pytest.skip("the paper lives in ../shared/paper beside the repository")
    words: list[tuple[int, int]] = []  # (offset in the folded text, line) of each word
    parts: list[str] = []
    offset = 0
    for number, line in enumerate(PAPER.read_text(encoding="utf-8").splitlines(), 1):
        for word in line.split():
            words.append((offset, number))
            parts.append(word)
            offset += len(word) + 1
    folded = " ".join(parts)
    spans = {name: (first, last) for name, first, last in _sections()}
    for where, citation in _citations(rubric):
        first, last = spans[citation.section]
        lines = _lines_of(_fold(citation.quote), words, folded)
        assert lines, f"{where}: quote not in the paper"
        assert any(first <= line <= last for line in lines), (
            f"{where}: the quote is on line(s) {lines}, outside {citation.section!r} "
            f"(lines {first}-{last})"
        )


def test_the_rubric_knows_the_aliases_the_format_promises(rubric: Rubric) -> None:
    expected = {
        "US": "United States", "USA": "United States", "U.S.": "United States",
        "RF": "Russia", "Russian Federation": "Russia", "KZ": "Kazakhstan", "KG": "Kyrgyzstan",
        "TJ": "Tajikistan", "TM": "Turkmenistan", "UZ": "Uzbekistan",
        "Kyrgyz Republic": "Kyrgyzstan", "EU": "European Union", "PRC": "China",
        "India": "India", "Iran": "Iran", "Afghanistan": "Afghanistan",
        "UN": "United Nations", "UNDP": "UNDP", "WHO": "WHO", "OSCE": "OSCE",
        "World Bank": "World Bank", "ADB": "Asian Development Bank",
    }  # fmt: skip
    for alias, name in expected.items():
        party = rubric.party(alias)
        assert party is not None, alias
        assert party.name == name, alias


BROKEN = [
    (
        "    passes: [both]",
        "    passes: [everyone]",
        "rubric: 'everyone' is not a value of the fact 'powers'; use one of both, one, neither",
    ),
    (
        "    fact: powers",
        "    fact: powerz",
        "rubric: unknown fact 'powerz'; use one of",
    ),
    (
        "    weight: 10\n    fact: leadership",
        "    weight: 0\n    fact: leadership",
        "rubric: 'criteria[0].weight' is 0",
    ),
    (
        "      - id: outside-leads\n        value: 1",
        "      - id: outside-leads\n        value: 4",
        "rubric: levels of 'host-leadership' are out of order",
    ),
    (
        "  - id: friction-linkage\n    title: De-linked",
        "  - id: technical-character\n    title: De-linked",
        "rubric: duplicate id 'technical-character' in criteria",
    ),
    (
        "        when: [minor]",
        "        when: [major]",
        "rubric: no level of 'friction-linkage' covers minor",
    ),
    (
        "  - {id: migration, title: Labor migration and returning migrants}",
        "  - {id: migration, title: Labor migration and returning migrants}\n"
        "  - {id: sport, title: Sport}",
        "rubric: domain 'sport' is in no tier",
    ),
    (
        "            - democra\\w*",
        "            - democra(\\w*",
        "rubric: the pattern 'democra(\\\\w*' is not a valid regular expression",
    ),
    (
        "            - democra\\w*",
        "            - Democra\\w*",
        "holds the capital letter 'D'; write patterns in lower case",
    ),
    (
        "      - modifier: negated\n        repeats: true",
        "      - modifier: doubtful\n        repeats: true",
        "rubric: 'inference.context.cues[",
    ),
    (
        "        facts: [dual_use, intelligence_sharing, visibility, scale]",
        "        facts: [dual_use, intelligence, visibility, scale]",
        "cannot infer 'intelligence'; name one of",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_a_broken_rubric_is_refused_with_its_path_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = RUBRIC_PATH.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = text.replace(old, new)
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(RubricError) as raised:
        parse_rubric(broken.encode(), "broken.yaml")
    lines = [str(problem) for problem in raised.value.problems]
    assert any(message in text for text in lines), lines
    problem = next(p for p in raised.value.problems if message in str(p))
    assert problem.path == "broken.yaml"
    assert problem.line is not None
    assert abs(problem.line - line) <= 20


def test_a_missing_citation_is_refused_at_its_level(tmp_path: Path) -> None:
    text = RUBRIC_PATH.read_text(encoding="utf-8")
    old = (
        "        citation:\n          section: Executive Summary\n"
        "          quote: under its/their supervision and leadership\n"
    )
    assert text.count(old) == 1
    with pytest.raises(RubricError) as raised:
        parse_rubric(text.replace(old, "").encode(), "broken.yaml")
    level_line = text[: text.index("      - id: host-leads")].count("\n") + 1
    assert [str(p) for p in raised.value.problems] == [
        f"broken.yaml:{level_line}:9: rubric: missing required field "
        "'criteria[0].levels[0].citation'; add it"
    ]


def test_a_rubric_with_a_yaml_error_names_the_place() -> None:
    with pytest.raises(RubricError) as raised:
        parse_rubric(b"name: x\ncriteria: [\n", "r.yaml")
    assert str(raised.value.problems[0]).startswith("r.yaml:3:1: YAML syntax error")


def test_a_cue_whose_modifier_has_no_scope_is_refused() -> None:
    text = RUBRIC_PATH.read_text(encoding="utf-8")
    old = "      hypothetical: {window: 9}\n"
    assert text.count(old) == 1
    with pytest.raises(RubricError) as raised:
        parse_rubric(text.replace(old, "").encode(), "broken.yaml")
    assert any(
        "rubric: modifier 'hypothetical' has no scope; add it under inference.context.modifiers"
        in str(problem)
        for problem in raised.value.problems
    )
