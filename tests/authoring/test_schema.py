"""The JSON Schema: current, and as strict as the tool wherever a schema can say so."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from cooperation_scorer.authoring.schema import SCHEMA_PATH, render_schema
from cooperation_scorer.cli.app import app
from cooperation_scorer.model.rubric import Rubric
from tests.conftest import IDEAL, PROPOSALS, REPO

COMMITTED = REPO / SCHEMA_PATH


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_current(rubric: Rubric) -> None:
    assert COMMITTED.read_text("utf-8") == render_schema(rubric), (
        f"stale: run `cooperation-scorer schema > {SCHEMA_PATH}`"
    )


def test_the_schema_command_prints_it() -> None:
    result = CliRunner().invoke(app, ["schema", "--criteria", str(REPO / "criteria.yaml")])
    assert result.exit_code == 0
    assert result.stdout == COMMITTED.read_text("utf-8")


def _front(path_text: str, suffix: str) -> Any:
    text = path_text.split("---", 2)[1] if suffix == ".md" else path_text
    return yaml.safe_load(text)


@pytest.mark.parametrize("path", sorted(PROPOSALS.iterdir()), ids=lambda p: p.name)
def test_every_bundled_proposal_is_valid(
    validator: jsonschema.Draft202012Validator, path: Any
) -> None:
    errors = list(validator.iter_errors(_front(path.read_text("utf-8"), path.suffix)))
    assert errors == []
    if path.suffix == ".yaml":
        assert path.read_text("utf-8").startswith(
            "# yaml-language-server: $schema=../schema/proposal.schema.json\n"
        )


INVALID: dict[str, dict[str, Any]] = {
    "unknown key": {"titel": "x"},
    "wrong enum": {"visibility": "loud"},
    "unknown domain": {"domain": "sport"},
    "host outside Central Asia": {"host_states": ["Mongolia"]},
    "empty participants": {"participants": []},
    "empty host states": {"host_states": []},
    "id not a slug": {"id": "../../etc/passwd"},
    "title a number": {"title": 123},
    "dual_use as text": {"dual_use": "yes"},
    "unknown friction": {"frictions": ["weather"]},
    "waiver of an unknown gate": {"waivers": [{"gate": "nope", "reason": "r"}]},
    "waiver without a reason": {"waivers": [{"gate": "no-dual-use"}]},
    "lead a number": {"lead": 7},
}


@pytest.mark.parametrize("change", list(INVALID.values()), ids=list(INVALID))
def test_the_schema_rejects_what_the_tool_rejects(
    validator: jsonschema.Draft202012Validator, change: dict[str, Any]
) -> None:
    assert not validator.is_valid({**IDEAL, **change})


def test_the_schema_accepts_what_the_tool_accepts(
    validator: jsonschema.Draft202012Validator,
) -> None:
    for change in (
        {"lead": "Kazakhstan"},
        {"lead": ["Kazakhstan", "United States"]},
        {"participants": ["KZ", "US", "RF", "A Kazakh university"]},
        {"x-author": "me", "x-reviewed": {"by": "someone"}},
        {"waivers": [{"gate": "host-takes-part", "reason": "Licensed detectors."}]},
    ):
        assert validator.is_valid({**IDEAL, **change}), change


# Whole documents, not changes to IDEAL: the tool refuses each as "not a mapping" or "empty".
NOT_A_MAPPING: dict[str, Any] = {
    "a top-level scalar": 42,
    "a top-level list": ["a"],
    "an empty document": None,
}


@pytest.mark.parametrize("document", list(NOT_A_MAPPING.values()), ids=list(NOT_A_MAPPING))
def test_the_schema_rejects_a_document_that_is_not_a_mapping(
    validator: jsonschema.Draft202012Validator, document: Any
) -> None:
    assert not validator.is_valid(document)
