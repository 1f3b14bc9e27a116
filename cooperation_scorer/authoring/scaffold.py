"""A new proposal file: the fields asked for, and every optional field present and commented."""

from __future__ import annotations

import json

from cooperation_scorer.authoring.schema import SCHEMA_PATH
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.vocabulary import FACTS, FactSpec


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as exactly this text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def _commented(field: str, note: str) -> str:
    """An optional field written as a comment, its note aligned beside it."""
    return f"# {field:<32} # {note}"


def _optional_fact(spec: FactSpec) -> str:
    """A fact's field, commented, at its best value, with its values beside it."""
    if spec.declared_by is not None:  # a list of what the project builds on
        return _commented(f"{spec.declared_by}: []", "earlier, tested cooperation it builds on")
    return _commented(f"{spec.name}: {spec.values[0]}", " · ".join(spec.values))


def scaffold(
    *,
    title: str,
    summary: str,
    domain: str,
    host_states: list[str],
    participants: list[str],
    lead: list[str],
    rubric: Rubric,
    schema: str = SCHEMA_PATH,
    schema_saved: bool = True,
) -> str:
    """The YAML text of a new proposal, opening with the line that points editors at the
    `schema` (a path relative to the file; unless `schema_saved`, a comment says how to save
    it there). Optional fields are written as comments listing their values, so that
    uncommenting one declares it; left out, it is read from the text."""
    frictions = ", ".join(friction.id for friction in rubric.frictions)
    gates = ", ".join(gate.id for gate in rubric.gates)
    issues = " · ".join(issue.id for issue in rubric.bilateral_issues) or "(none)"
    first = [f"# yaml-language-server: $schema={schema}"]
    if not schema_saved:
        first.append("# Editors check as you type once `cooperation-scorer schema` is saved there.")
    lines = [
        *first,
        f"title: {_quoted(title)}",
        "# The narrative is read for evidence: say what is shared, how big and how visible.",
        f"summary: {_quoted(summary)}",
        f"domain: {domain}",
        f"host_states: {_flow(host_states)}",
        f"participants: {_flow(participants)}",
        f"lead: {_quoted(lead[0]) if len(lead) == 1 else _flow(lead)}",
        "",
        "# Optional: uncomment to declare; left out, each is inferred from the summary.",
        *(_optional_fact(spec) for spec in FACTS),
        f"# frictions: []                    # any of: {frictions}",
        f"# bilateral_issue: {issues:<16}# a genuinely bilateral issue: no host needed",
        f"# waivers:                         # gates failed on purpose: {gates}",
        "#   - gate: host-takes-part",
        "#     reason: why the paper's rule does not apply here",
        "# id: a-slug                        # default: the file name without its extension",
    ]
    return "\n".join(lines) + "\n"
