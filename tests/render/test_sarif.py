"""SARIF 2.1.0: valid against the official schema, one rule per gate and criterion with the
paper's quote, results at the line at fault, invalid files as results and notifications."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.render.sarif import artifact_uri
from tests.conftest import PROPOSALS, REPO

# The OASIS schema (sarif-2.1/schema/sarif-schema-2.1.0.json of oasis-tcs/sarif-spec).
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
runner = CliRunner()


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _sarif(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["rank", *args, "-f", "sarif"])
    document = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return result.exit_code, document


def test_the_schema_is_the_official_one_and_rejects_a_broken_log() -> None:
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_valid_and_one_rule_per_gate_and_criterion_with_the_papers_quote() -> None:
    code, document = _sarif("proposals")
    assert code == 0
    (run,) = document["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    for gate in ("no-dual-use", "no-operational-intelligence", "host-takes-part"):
        assert "The paper, “" in rules[f"gate:{gate}"]["help"]["text"]
    assert "criterion:host-leadership" in rules
    assert {"regression", "waived", "unused-waiver", "invalid-file"} <= set(rules)
    assert run["properties"]["rubric"]["name"] == "us-russia-central-asia"
    assert len(run["properties"]["rubric"]["sha256"]) == 64
    # No threshold: no error; blocked proposals are warnings.
    levels = {(r["properties"]["proposal"], r["level"]) for r in run["results"]}
    assert ("baikonur-military-launcher", "warning") in levels
    assert all(r["level"] != "error" for r in run["results"])
    assert run["invocations"][0]["exitCode"] == 0


def test_errors_exactly_for_the_proposals_that_fail_the_job() -> None:
    code, document = _sarif("proposals", "--fail-on", "blocked")
    assert code == 1
    (run,) = document["runs"]
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert {r["properties"]["proposal"] for r in errors} == {
        "baikonur-military-launcher",
        "extremist-watchlist-exchange",
        "kambarata-bilateral-understanding",
    }
    baikonur = next(r for r in errors if r["ruleId"] == "gate:no-dual-use")
    assert baikonur["properties"]["proposal"] == "baikonur-military-launcher"
    text = (PROPOSALS / "baikonur-military-launcher.yaml").read_text("utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if t.startswith("dual_use:"))
    location = baikonur["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "proposals/baikonur-military-launcher.yaml"},
        "region": {"startLine": line},
    }
    index = baikonur["ruleIndex"]
    assert run["tool"]["driver"]["rules"][index]["id"] == "gate:no-dual-use"


def test_an_invalid_file_is_an_error_result_and_a_notification(tmp_path: Path) -> None:
    shutil.copytree(PROPOSALS, tmp_path / "p")
    (tmp_path / "p" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    code, document = _sarif(str(tmp_path / "p"))
    assert code == 2
    (run,) = document["runs"]
    invalid = [r for r in run["results"] if r["ruleId"] == "invalid-file"]
    assert len(invalid) == 1
    assert invalid[0]["level"] == "error"
    assert invalid[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 1,
    }
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "YAML syntax error" in notification["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert len({r["properties"]["proposal"] for r in run["results"] if "properties" in r}) >= 3


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("proposals/a b.yaml", "proposals/a%20b.yaml"),
        ("proposals/100%.yaml", "proposals/100%25.yaml"),
        ("/abs/x#y.yaml", "file:///abs/x%23y.yaml"),
    ],
)
def test_file_names_become_uri_references(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_an_error_names_the_thresholds_it_failed() -> None:
    _, document = _sarif("proposals", "--fail-on", "blocked", "--fail-under", "50")
    (run,) = document["runs"]
    kambarata = next(
        r
        for r in run["results"]
        if r["properties"]["proposal"] == "kambarata-bilateral-understanding"
    )
    assert kambarata["properties"]["thresholds"] == ["score", "verdict"]


def test_a_waived_gate_is_a_note(tmp_path: Path) -> None:
    source = (PROPOSALS / "kambarata-bilateral-understanding.yaml").read_text("utf-8")
    waived = tmp_path / "waived.yaml"
    waived.write_text(
        source + "waivers:\n  - gate: host-takes-part\n    reason: Talks between the powers.\n",
        encoding="utf-8",
    )
    code, document = _sarif(str(waived))
    (run,) = document["runs"]
    notes = [r for r in run["results"] if r["level"] == "note"]
    assert code == 0
    assert [r["ruleId"] for r in notes] == ["waived"]
