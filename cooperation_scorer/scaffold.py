"""A new proposal file: the fields asked for, and every optional field present and commented."""

from __future__ import annotations

import json

from cooperation_scorer.rubric import Rubric
from cooperation_scorer.schema import SCHEMA_PATH


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as exactly this text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def scaffold(
    *,
    title: str,
    summary: str,
    domain: str,
    host_states: list[str],
    participants: list[str],
    lead: list[str],
    rubric: Rubric,
    schema: str | None = None,
) -> str:
    """The YAML text of a new proposal. Optional fields are written as comments listing
    their values, so that uncommenting one declares it; left out, it is read from the text."""
    frictions = ", ".join(friction.id for friction in rubric.frictions)
    gates = ", ".join(gate.id for gate in rubric.gates)
    issues = " · ".join(issue.id for issue in rubric.bilateral_issues) or "(none)"
    first = (
        f"# yaml-language-server: $schema={schema}"
        if schema
        else f"# Editors: save `cooperation-scorer schema` as {SCHEMA_PATH} to check as you type."
    )
    lines = [
        first,
        f"title: {_quoted(title)}",
        "# The narrative is read for evidence: say what is shared, how big and how visible.",
        f"summary: {_quoted(summary)}",
        f"domain: {domain}",
        f"host_states: {_flow(host_states)}",
        f"participants: {_flow(participants)}",
        f"lead: {_quoted(lead[0]) if len(lead) == 1 else _flow(lead)}",
        "",
        "# Optional: uncomment to declare; left out, each is inferred from the summary.",
        "# political_profile: technical     # technical · mixed · political",
        "# intelligence_sharing: experience # experience · none · operational",
        "# dual_use: false                  # true · false",
        "# visibility: low                  # low · medium · high",
        "# scale: pilot                     # pilot · program · flagship",
        "# adversarial_framing: false       # true: framed against the other power",
        "# builds_on: []                    # earlier, tested cooperation it builds on",
        f"# frictions: []                    # any of: {frictions}",
        f"# bilateral_issue: {issues:<16}# a genuinely bilateral issue: no host needed",
        f"# waivers:                         # gates failed on purpose: {gates}",
        "#   - gate: host-takes-part",
        "#     reason: why the paper's rule does not apply here",
        "# id: a-slug                        # default: the file name without its extension",
    ]
    return "\n".join(lines) + "\n"
