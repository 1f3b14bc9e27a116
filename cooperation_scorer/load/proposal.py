"""Reading a proposal file from bytes and checking it against the rubric, every problem placed."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any, cast

from pydantic import ValidationError

from cooperation_scorer.errors import Problem, ProposalError
from cooperation_scorer.load.documents import (
    Document,
    DocumentError,
    check_plain_text,
    parse_json,
    parse_yaml,
)
from cooperation_scorer.load.validation import closest, describe_pydantic_error, suggestion
from cooperation_scorer.model.fields import SLUG
from cooperation_scorer.model.proposal import (
    EXTENSION_PREFIX,
    FIELD_NAMES,
    Participant,
    Proposal,
    ProposalFields,
    ProposalFieldsBase,
    WaiverField,
    resolve_party,
)
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.vocabulary import FACTS, PROPOSAL_SUFFIXES


def default_id(path: str) -> str:
    """The file name without its extension, folded into a slug."""
    stem = re.split(r"[\\/]", path)[-1]
    for suffix in PROPOSAL_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a BOM is fine), or a problem naming the line of the bad byte."""
    if b"\x00" in data[:8192]:
        raise ProposalError(
            [
                Problem(
                    path,
                    None,
                    None,
                    "this is a binary file, not a proposal; point at proposal files only",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ProposalError(
            [Problem(path, line, column, "the file is not valid UTF-8; save it as UTF-8")]
        ) from None


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """The YAML between the opening and closing `---` lines, the Markdown body after, and
    the number of lines before the body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ProposalError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "a Markdown proposal must start with front matter: a '---' line, "
                    "the fields, and another '---' line",
                )
            ]
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 1
    raise ProposalError(
        [
            Problem(
                path,
                1,
                1,
                "the front matter opened on line 1 never closes; add a '---' line after the "
                "last field",
            )
        ]
    )


def parse_proposal(data: bytes, path: str, rubric: Rubric) -> Proposal:
    """Read and check one proposal file's bytes; every problem found is raised together."""
    text = decode(data, path)
    body = ""
    try:
        if path.lower().endswith(".md"):
            front, body, before_body = split_front_matter(text, path)
            document = parse_yaml(front, line_offset=1)
            check_plain_text(body, line_offset=before_body)
            body = body.strip()
        elif path.lower().endswith(".json"):
            document = parse_json(text)
        else:
            document = parse_yaml(text)
    except DocumentError as error:
        raise ProposalError([error.problem(path)]) from None
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        raise ProposalError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"a proposal must be a mapping of fields, not {kind}; write `key: value` lines",
                )
            ]
        )
    proposal = _build(document, body, path, rubric)
    return proposal.model_copy(update={"sha256": hashlib.sha256(data).hexdigest()})


class _Checker:
    """Checks declared values against the rubric, collecting a problem for each bad one."""

    def __init__(self, document: Document, path: str, rubric: Rubric) -> None:
        self.document = document
        self.path = path
        self.rubric = rubric
        self.problems: list[Problem] = []
        self.suggested: set[str | None] = set()

    def report(
        self, location: tuple[str | int, ...], message: str, *, of_key: bool = False
    ) -> None:
        where = self.document.position(location, of_key=of_key)
        self.problems.append(Problem(self.path, where.line, where.column, message))

    def type_errors(self, error: ValidationError, fields: dict[str, Any]) -> dict[str, Any]:
        """Report each field of the wrong type; return the fields that are right."""
        details = error.errors()
        unknown = [detail for detail in details if detail["type"] == "extra_forbidden"]
        # "did you mean 'title'?" on an unknown key already says what "missing 'title'" would.
        self.suggested = {closest(str(detail["loc"][-1]), FIELD_NAMES) for detail in unknown}
        wrong: set[Any] = set()
        for detail in [*unknown, *(d for d in details if d["type"] != "extra_forbidden")]:
            field = detail["loc"][0] if detail["loc"] else None
            wrong.add(field)
            if detail["type"] == "missing" and field in self.suggested:
                continue
            self.report(
                tuple(detail["loc"]),
                describe_pydantic_error(detail, known_keys=FIELD_NAMES),
                of_key=detail["type"] == "extra_forbidden",
            )
        return {key: value for key, value in fields.items() if key not in wrong}

    def domain(self, domain: str) -> None:
        ids = self.rubric.domain_ids
        if domain not in ids:
            self.report(
                ("domain",),
                f"unknown domain '{domain}'{suggestion(domain, ids)}; use one of {', '.join(ids)}",
            )

    def host_states(self, states: list[str]) -> list[str]:
        hosts = [party.name for party in self.rubric.parties if party.kind == "host"]
        resolved: list[str] = []
        for index, state in enumerate(states):
            known = self.rubric.party(state)
            if known is None or known.kind != "host":
                self.report(
                    ("host_states", index),
                    f"'{state}' is not a Central Asian state{suggestion(state, hosts)}; "
                    f"use one of {', '.join(hosts)}",
                )
            elif known.name in resolved:
                self.report(("host_states", index), f"'{state}' is listed twice; keep one")
            else:
                resolved.append(known.name)
        return resolved

    def participants(self, names: list[str]) -> list[Participant]:
        resolved: dict[str, Participant] = {}
        written: dict[str, str] = {}
        for index, name in enumerate(names):
            party = resolve_party(name, self.rubric)
            if party.name in resolved:
                self.report(
                    ("participants", index),
                    f"'{name}' is listed twice (also as '{written[party.name]}'); keep one",
                )
            else:
                resolved[party.name] = party
                written[party.name] = name
        return list(resolved.values())

    def lead(self, declared: str | list[str], participants: list[Participant]) -> list[str]:
        single = isinstance(declared, str)
        leads = [declared] if isinstance(declared, str) else declared
        names = [party.name for party in participants]
        resolved: list[str] = []
        for index, name in enumerate(leads):
            known = self.rubric.party(name)
            canonical = known.name if known else " ".join(name.split())
            if canonical not in names:
                self.report(
                    ("lead",) if single else ("lead", index),
                    f"the lead '{name}' is not a participant{suggestion(name, names)}; "
                    "add it to participants or lead with a participant",
                )
            elif canonical not in resolved:
                resolved.append(canonical)
        return resolved

    def waivers(self, declared: list[WaiverField]) -> tuple[WaiverField, ...]:
        ids = [gate.id for gate in self.rubric.gates]
        seen: set[str] = set()
        for index, waiver in enumerate(declared):
            if waiver.gate not in ids:
                self.report(
                    ("waivers", index, "gate"),
                    f"unknown gate '{waiver.gate}'{suggestion(waiver.gate, ids)}; "
                    f"waive one of {', '.join(ids)}",
                )
            elif waiver.gate in seen:
                self.report(("waivers", index, "gate"), f"'{waiver.gate}' is waived twice")
            elif not self.rubric.gate(waiver.gate).waivable:
                self.report(
                    ("waivers", index, "gate"),
                    f"the gate '{waiver.gate}' cannot be waived (the rubric marks it "
                    "`waivable: false`: the paper allows no exception); remove the waiver "
                    "and change the proposal",
                )
            seen.add(waiver.gate)
        return tuple(declared)

    def bilateral_issue(self, declared: str | None) -> None:
        ids = tuple(self.rubric.bilateral_issue_by_id)
        if declared is not None and declared not in ids:
            self.report(
                ("bilateral_issue",),
                f"'{declared}' is not a genuinely bilateral issue the rubric names"
                f"{suggestion(declared, ids)}; use one of {', '.join(ids) or '(none)'}, or "
                "bring the host state in",
            )

    def frictions(self, declared: list[str] | None) -> tuple[str, ...] | None:
        if declared is None:
            return None
        ids = tuple(self.rubric.friction_by_id)
        resolved: list[str] = []
        for index, friction in enumerate(declared):
            if friction not in ids:
                self.report(
                    ("frictions", index),
                    f"unknown friction '{friction}'{suggestion(friction, ids)}; "
                    f"use one of {', '.join(ids)}",
                )
            elif friction not in resolved:
                resolved.append(friction)
        return tuple(resolved)


def _build(document: Document, body: str, path: str, rubric: Rubric) -> Proposal:
    raw: dict[str, Any] = document.data
    extensions = {key: value for key, value in raw.items() if key.startswith(EXTENSION_PREFIX)}
    fields = {key: value for key, value in raw.items() if not key.startswith(EXTENSION_PREFIX)}
    check = _Checker(document, path, rubric)
    declared: ProposalFieldsBase | None = None
    try:
        declared = cast(ProposalFieldsBase, ProposalFields.model_validate(fields))
        valid = fields
    except ValidationError as error:
        valid = check.type_errors(error, fields)  # the rest is still checked against the rubric

    summary = valid.get("summary") or body
    type_error = "summary" in fields and "summary" not in valid  # already reported
    if not summary.strip() and "summary" not in check.suggested and not type_error:
        check.report(("summary",), "missing required field 'summary'; add it (or a Markdown body)")
    proposal_id = valid.get("id") or default_id(path)
    if not re.match(SLUG, proposal_id):
        check.report((), "the file name makes no usable id; add `id: a-slug-like-this`")
    if "domain" in valid:
        check.domain(valid["domain"])
    host_states = check.host_states(valid.get("host_states", []))
    participants = check.participants(valid.get("participants", []))
    lead = check.lead(valid["lead"], participants) if "lead" in valid and participants else []
    frictions = check.frictions(valid.get("frictions"))
    check.bilateral_issue(valid.get("bilateral_issue"))
    waivers = check.waivers(declared.waivers if declared else [])
    if check.problems or declared is None:
        raise ProposalError(sorted(check.problems, key=_by_place))
    return Proposal(
        id=proposal_id,
        title=declared.title.strip(),
        summary=str(summary).strip(),
        domain=declared.domain,
        host_states=tuple(host_states),
        participants=tuple(participants),
        lead=tuple(lead),
        declared_facts={
            spec.name: getattr(declared, spec.name)
            for spec in FACTS
            if spec.declared_by is None and getattr(declared, spec.name) is not None
        },
        frictions=frictions,
        builds_on=None if declared.builds_on is None else tuple(declared.builds_on),
        bilateral_issue=declared.bilateral_issue,
        waivers=waivers,
        extensions=extensions,
        file=path,
        lines={key: document.position((key,), of_key=True).line for key in raw}
        | {  # each waiver's line, for CI annotations about it
            f"waivers:{waiver.gate}": document.position(("waivers", index)).line
            for index, waiver in enumerate(waivers)
        },
    )


def _by_place(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)
