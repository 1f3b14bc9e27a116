"""The data a memo template receives: header, bottom line, ranking, sections, appendix (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cooperation_scorer import __version__
from cooperation_scorer.facts.reading import sentences
from cooperation_scorer.model.rubric import Rubric, RubricRef
from cooperation_scorer.score.codec import to_data
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.score.results import (
    Assessment,
    CriterionResult,
    GateResult,
    RankedAssessment,
)
from cooperation_scorer.vocabulary import Verdict


@dataclass(frozen=True)
class Header:
    to: str
    sender: str
    date: str
    subject: str


def _names(titles: list[str]) -> str:
    """Every title, joined: a principal asked which are recommended, not how many more."""
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def _full_marks(assessment: Assessment) -> str:
    """How much of the paper a proposal meets, in words: "7 of the 8 criteria in full"."""
    full = sum(1 for c in assessment.criteria if c.points_lost == 0)
    total = len(assessment.criteria)
    if full == total:
        return f"it meets all {total} criteria in full"
    short = [c for c in assessment.criteria if c.points_lost > 0]
    worst = max(short, key=lambda c: c.points_lost)
    return (
        f"it meets {full} of the {total} criteria in full, falling short most on "
        f"{worst.title.lower()} ({worst.level_label.lower()})"
    )


def bottom_line(
    ranked: list[RankedAssessment], fragile_lead: bool = False, tied_lead: list[str] | None = None
) -> list[str]:
    """At most three sentences: how many of each verdict; the one to fund first and why; the
    ones to stop and why. `fragile_lead` says the robustness analysis found the first place
    not solid, and `tied_lead` names the proposals level with the first on every criterion
    (only their ids order them): the second sentence then says so too."""
    assessments = [item.assessment for item in ranked]
    if len(assessments) == 1:
        return _bottom_line_of_one(assessments[0])
    counts = verdict_counts(assessments)
    total = len(assessments)
    sentences = [
        f"Of {total} proposals for U.S.-Russia cooperation in Central Asia assessed against "
        f"the paper's criteria: {counts[Verdict.RECOMMENDED]} recommended, "
        f"{counts[Verdict.CONDITIONAL]} conditional, {counts[Verdict.NOT_RECOMMENDED]} not "
        f"recommended and {counts[Verdict.BLOCKED]} blocked."
    ]
    lead = assessments[0]
    if lead.verdict in (Verdict.RECOMMENDED, Verdict.CONDITIONAL):
        caveat = (
            "; its lead over the next ones is fragile (see what would change the picture)"
            if fragile_lead
            else ""
        )
        if tied_lead:
            verb, which = ("is", "either") if len(tied_lead) == 1 else ("are", "any")
            caveat = (
                f"; {_names(tied_lead)} {verb} level with it on every criterion, so {which} "
                "of them serves as well"
            )
        sentences.append(
            f"Fund first {lead.title}, which scores {lead.score:.1f} of 100: "
            f"{_full_marks(lead)}{caveat}."
        )
    else:
        sentences.append("None is ready to fund as it stands: none is even conditional.")
    blocked = [a for a in assessments if a.verdict is Verdict.BLOCKED]
    if blocked:
        reasons = [f"{a.title} ({_gate_words(a.failed_gates[0])})" for a in blocked]
        them = "it" if len(blocked) == 1 else f"the {len(blocked)} blocked"
        each = "it fails" if len(blocked) == 1 else "each fails"
        sentences.append(f"Stop {them}, as {each} a condition the paper sets: {_names(reasons)}.")
    else:
        last = assessments[-1]
        if last.verdict is Verdict.NOT_RECOMMENDED:
            sentences.append(
                f"Stop {last.title}, the lowest at {last.score:.1f}: {holds_back(last)}."
            )
    return sentences


def _gate_words(gate: GateResult) -> str:
    """A failed gate by what the paper requires: “No dual-use technology”."""
    return f"“{gate.title}”"


def _bottom_line_of_one(assessment: Assessment) -> list[str]:
    verdict = assessment.verdict.value.replace("-", " ")
    sentences = [
        f"We assessed {assessment.title} against the paper's criteria: it is {verdict}, "
        f"with a score of {assessment.score:.1f} of 100."
    ]
    if assessment.failed_gates:
        sentences.append(
            f"It fails a condition the paper sets: {assessment.failed_gates[0].title}."
        )
    elif assessment.caps:
        sentences.append(f"{assessment.caps[0].reason}.")
    if assessment.improvements:
        best = assessment.improvements[0]
        sentences.append(
            f"The change that would raise it most: {_lower_first(action(best.change))} "
            f"({best.points:+.1f} points, {best.new_verdict.value})."
        )
    return sentences


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


DESCRIBED = 2  # sentences of a proposal's summary that say what it is


def description(summary: str) -> str:
    """The first sentence or two of a summary: what the proposal is, in its own words."""
    return " ".join(sentences(summary)[:DESCRIBED])


_ADJUSTMENT = re.compile(r"^\S+ (\d+) → (\d+): (.*)$", re.DOTALL)
_FIELD = re.compile(r"^([a-z_]+): (.*)$", re.DOTALL)
_WORD_JOINER = re.compile(r"(?<=[a-z])-(?=[a-z])")


# Where to make the change, for the author of the file ("(set scale to pilot)", "(only assumed
# so far; …)"): field syntax a principal does not need.
_WHERE = re.compile(r"\s*\((?:set |only assumed so far|the summary now)[^()]*\)")


def action(change: str) -> str:
    """What to do, without the field changes behind it or where to make them in the file:
    "Start it as a small pilot"."""
    words = _WHERE.sub("", change.split(":", 1)[0]).strip()
    return words[:1].upper() + words[1:]


def plain_adjustments(notes: tuple[str, ...]) -> list[str]:
    """A side's reasons, without the criterion id and values; a level it leaves unchanged
    is no reason at all."""
    plain = []
    for note in notes:
        found = _ADJUSTMENT.match(note)
        if found is None:
            plain.append(note)
        elif found.group(1) != found.group(2):
            plain.append(found.group(3))
    return plain


def _plain_value(value: str) -> str:
    value = value.strip()
    if value in ("[]", ""):
        return "none"
    value = value.strip("[]")
    value = {"true": "yes", "false": "no"}.get(value, value)
    return _WORD_JOINER.sub(" ", value)


def plain_evidence(criterion: CriterionResult) -> str:
    """Evidence in words: a quote as it stands; declared fields as "Participants: ..."."""
    if criterion.source != "declared":
        return criterion.evidence
    parts = []
    for part in criterion.evidence.split("; "):
        found = _FIELD.match(part)
        if found is None:
            parts.append(part)
            continue
        name = found.group(1).replace("_", " ")
        parts.append(f"{name[:1].upper()}{name[1:]}: {_plain_value(found.group(2))}")
    return "; ".join(parts)


def plain_gate(gate: GateResult) -> str:
    """Why a gate fails, in words: what it requires and how to fix it, without field syntax."""
    fix = gate.reason.split("To fix: ", 1)[1] if "To fix: " in gate.reason else ""
    return f"fails “{gate.title}”" + (f". To fix: {fix}" if fix else "")


def holds_back(assessment: Assessment) -> str:
    """What holds a proposal back, in plain words: the gate that blocks it, or the criterion
    that loses it the most points, or nothing."""
    if assessment.failed_gates:
        return "; ".join(f"fails the gate {_gate_words(g)}" for g in assessment.failed_gates)
    weakest = assessment.weakest
    if weakest.points_lost == 0:
        return "nothing: full marks"
    return f"{weakest.level_label.lower()} ({weakest.title.lower()})"


def stands_out(assessment: Assessment, means: dict[str, float]) -> CriterionResult | None:
    """The criterion on which a proposal does best against the others assessed with it (points
    above their mean), so the column says something: not the heaviest criterion in every row.
    None when it is above the mean on none."""
    best = max(assessment.criteria, key=lambda c: c.points - means.get(c.id, 0.0))
    return best if best.points - means.get(best.id, 0.0) > 1e-9 else None


def memo_context(
    ranked: list[RankedAssessment],
    rubric: Rubric,
    ref: RubricRef,
    header: Header,
    robustness: str = "",
    *,
    robustness_summary: list[str] | None = None,
    fragile_lead: bool = False,
    tied_lead: list[str] | None = None,
    detail: str = "brief",
    marking: str = "",
    charts: list[dict[str, str]] | None = None,
    annex: str = "",
) -> dict[str, Any]:
    """Everything a memo template can use; docs/memo-templates.md documents each key."""
    assessments = [item.assessment for item in ranked]
    means = (
        {
            c.id: sum(a.criteria[i].points for a in assessments) / len(assessments)
            for i, c in enumerate(assessments[0].criteria)
        }
        if len(assessments) > 1
        else {}
    )
    sides = {side.id: side.title for side in rubric.perspectives}
    proposals = []
    for item in ranked:
        a = item.assessment
        data = to_data(a)
        del data["lines"]
        data["summary"] = description(a.summary)
        standout = stands_out(a, means) if means else a.strongest
        for criterion, result in zip(data["criteria"], a.criteria, strict=True):
            criterion["evidence_plain"] = plain_evidence(result)
        for gate, gate_result in zip(data["gates"], a.gates, strict=True):
            gate["plain"] = plain_gate(gate_result) if gate_result.blocks else ""
        for side, side_result in zip(data["perspectives"], a.perspectives, strict=True):
            side["adjustments"] = plain_adjustments(side_result.adjustments)
        if data["consensus"] is not None:
            held = data["consensus"]["held_by"]
            title = sides.get(held, held)
            # "Lowest for the host capitals": a title that opens with "The" reads in a sentence
            data["consensus"]["held_by_title"] = (
                "the" + title[3:] if title.startswith("The ") else title
            )
        data.update(
            rank=item.rank,
            strongest=to_data(a.strongest),
            weakest=to_data(a.weakest),
            stands_out=to_data(standout) if standout is not None else None,
            holds_back=holds_back(a),
            full_marks=sum(1 for c in a.criteria if c.points_lost == 0),
            failed_gates=[gate.id for gate in a.failed_gates],
            blocked_by=[gate.title for gate in a.failed_gates],
            waived_gates=[gate.id for gate in a.waived_gates],
            improvements=[{**to_data(i), "action": action(i.change)} for i in a.improvements or ()],
        )
        proposals.append(data)
    return {
        "header": {
            "to": header.to,
            "from": header.sender,
            "date": header.date,
            "subject": header.subject,
        },
        "marking": marking,
        "detail": detail,
        "bottom_line": bottom_line(ranked, fragile_lead, tied_lead),
        "robustness_summary": robustness_summary or [],
        "robustness": robustness,
        "charts": charts or [],
        "annex": annex,
        "proposals": proposals,
        "method": {
            "criteria": [
                {"id": c.id, "title": c.title, "weight": c.weight, "question": c.question}
                for c in rubric.criteria
            ],
            "total_weight": rubric.total_weight,
            "gates": [{"id": g.id, "title": g.title} for g in rubric.gates],
            "bands": [
                {"verdict": band.verdict, "min_score": band.min_score, "meaning": band.meaning}
                for band in rubric.verdict_bands
            ],
            "perspectives": [
                {
                    "id": side.id,
                    "title": side.title,
                    "weights": side.weights,
                    "weights_reason": side.weights_reason,
                    "weights_citation": (
                        side.weights_citation.model_dump() if side.weights_citation else None
                    ),
                    "citation": side.citation.model_dump(),
                }
                for side in rubric.perspectives
            ],
        },
        "rubric": {
            "name": ref.name,
            "version": ref.version,
            "sha256": ref.sha256,
            "path": ref.path,
            "paper": rubric.paper,
        },
        "tool": {"name": "cooperation-scorer", "version": __version__},
        "inputs": sorted(
            ({"file": item.assessment.file, "sha256": item.assessment.sha256} for item in ranked),
            key=lambda entry: entry["file"],
        ),
    }
