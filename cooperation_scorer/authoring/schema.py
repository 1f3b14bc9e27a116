"""The JSON Schema of the proposal format: the pydantic model, with the rubric's values as enums."""

from __future__ import annotations

import json
from typing import Any

from cooperation_scorer.model.proposal import ProposalFields
from cooperation_scorer.model.rubric import Rubric

SCHEMA_PATH = "schema/proposal.schema.json"


def _names(rubric: Rubric, kinds: tuple[str, ...]) -> list[str]:
    return [
        name
        for party in rubric.parties
        if party.kind in kinds
        for name in (party.name, *party.aliases)
    ]


def proposal_schema(rubric: Rubric) -> dict[str, Any]:
    """The schema editors use to check and complete proposal files as they are typed."""
    schema = ProposalFields.model_json_schema()
    properties = schema["properties"]
    domains = {domain.id: domain.title for domain in rubric.domains}
    properties["domain"] = {
        "description": "The domain: "
        + "; ".join(f"{key} ({title})" for key, title in domains.items()),
        "enum": list(domains),
        "title": "Domain",
        "type": "string",
    }
    properties["host_states"]["items"] = {"enum": _names(rubric, ("host",)), "type": "string"}
    every = _names(rubric, ("power", "host", "regional", "third-party", "neighbor"))
    party = {
        "anyOf": [{"enum": every}, {"minLength": 1}],
        "type": "string",
        "description": "A party the rubric knows (name or alias), or any other party.",
    }
    properties["participants"]["items"] = party
    properties["lead"] = {
        "description": properties["lead"]["description"],
        "title": "Lead",
        "anyOf": [party, {"type": "array", "items": party, "minItems": 1}],
    }
    frictions = [friction.id for friction in rubric.frictions]
    properties["frictions"]["anyOf"][0]["items"] = {"enum": frictions, "type": "string"}
    properties["frictions"]["description"] = "Points of friction the project is tied to."
    issues = [issue.id for issue in rubric.bilateral_issues]
    properties["bilateral_issue"]["anyOf"][0]["enum"] = issues
    waiver = schema["$defs"]["WaiverField"]["properties"]["gate"]
    waiver["enum"] = [gate.id for gate in rubric.gates if gate.waivable]
    schema["patternProperties"] = {"^x-": {"description": "Your own metadata, kept and ignored."}}
    schema["title"] = "A cooperation-scorer proposal"
    schema["description"] = (
        f"A proposed U.S.-Russia cooperation project in Central Asia, scored against the rubric "
        f"{rubric.name} {rubric.version}. Unknown keys are errors; x- keys are yours."
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render_schema(rubric: Rubric) -> str:
    return json.dumps(proposal_schema(rubric), indent=2, ensure_ascii=False) + "\n"
