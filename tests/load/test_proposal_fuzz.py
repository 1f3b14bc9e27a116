"""Random YAML documents and random text fed to the loader: a proposal or a clean error."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cooperation_scorer.errors import ProposalError
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.proposal import Proposal
from tests.conftest import IDEAL, RUBRIC_PATH

RUBRIC = parse_rubric(RUBRIC_PATH.read_bytes(), "criteria.yaml").rubric

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from([*IDEAL, "id", "x-note", "titel", "lead"]) | st.text(max_size=10)


def outcome(data: bytes, name: str) -> Proposal | ProposalError:
    """Parse; any exception but ProposalError fails the test, and its problems must be lines."""
    try:
        return parse_proposal(data, name, RUBRIC)
    except ProposalError as error:
        caught = error
    assert caught.problems
    for problem in caught.problems:
        assert problem.path == name
        assert "\n" not in str(problem)
    return caught


@settings(max_examples=300)
@given(st.dictionaries(keys, values, max_size=10), st.sampled_from(["p.yaml", "p.json", "p.md"]))
def test_random_documents_are_a_proposal_or_a_clean_error(
    document: dict[str, object], name: str
) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    if name.endswith(".md"):
        text = f"---\n{text}---\nBody text.\n"
    outcome(text.encode(), name)


@settings(max_examples=300)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes_are_a_proposal_or_a_clean_error(data: bytes) -> None:
    for name in ("p.yaml", "p.json", "p.md"):
        outcome(data, name)


@settings(max_examples=200)
@given(st.sampled_from(sorted(IDEAL)), values)
def test_one_field_of_any_value_is_a_proposal_or_a_clean_error(field: str, value: object) -> None:
    outcome(yaml.safe_dump({**IDEAL, field: value}).encode(), "p.yaml")
