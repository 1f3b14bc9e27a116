"""Shared fixtures: the repository's rubric and proposals, and a way to build proposals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.proposal import Proposal
from cooperation_scorer.model.rubric import LoadedRubric, Rubric

REPO = Path(__file__).resolve().parent.parent
RUBRIC_PATH = REPO / "criteria.yaml"
PROPOSALS = REPO / "proposals"

# A host-led, technical, low-key pilot in a nontoxic domain, as a plain trilateral.
IDEAL: dict[str, Any] = {
    "title": "Joint training of Kazakhstani engineers",
    "summary": (
        "Engineers from both countries share their experience and train a new generation of "
        "Kazakhstani engineers: a small pilot, kept low-key."
    ),
    "domain": "space",
    "host_states": ["Kazakhstan"],
    "participants": ["Kazakhstan", "United States", "Russia"],
    "lead": "Kazakhstan",
    "political_profile": "technical",
    "intelligence_sharing": "experience",
    "dual_use": False,
    "visibility": "low",
    "scale": "pilot",
    "frictions": [],
}


@pytest.fixture(autouse=True)
def own_result_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test its own result cache, out of the repository: no test reads another's
    results, and a monkeypatched scorer is never bypassed by a cached result."""
    folder = tmp_path_factory.mktemp("result-cache")
    monkeypatch.setenv("COOPERATION_SCORER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def loaded_rubric() -> LoadedRubric:
    return parse_rubric(RUBRIC_PATH.read_bytes(), "criteria.yaml")


@pytest.fixture(scope="session")
def rubric(loaded_rubric: LoadedRubric) -> Rubric:
    return loaded_rubric.rubric


MakeProposal = Callable[..., Proposal]


@pytest.fixture
def make_proposal(rubric: Rubric) -> MakeProposal:
    """Build a valid proposal from IDEAL with some fields changed (None removes a field)."""

    def make(**changes: Any) -> Proposal:
        fields = {**IDEAL, **changes}
        fields = {key: value for key, value in fields.items() if value is not None}
        text = yaml.safe_dump(fields, sort_keys=False)
        return parse_proposal(text.encode(), "proposal.yaml", rubric)

    return make


def build_proposal(rubric: Rubric, **changes: Any) -> Proposal:
    """A proposal from IDEAL with some fields changed, checked against `rubric`."""
    fields = {**IDEAL, **changes}
    fields = {key: value for key, value in fields.items() if value is not None}
    text = yaml.safe_dump(fields, sort_keys=False)
    return parse_proposal(text.encode(), "proposal.yaml", rubric)


@pytest.fixture(scope="session")
def lenient_rubric() -> Rubric:
    """The rubric with every gate waivable, for tests of waivers themselves."""
    source = RUBRIC_PATH.read_bytes().replace(b"    waivable: false\n", b"")
    return parse_rubric(source, "criteria.yaml").rubric
