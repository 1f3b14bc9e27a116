"""The data a memo template receives: header, bottom line, ranking, sections, appendix (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cooperation_scorer import __version__
from cooperation_scorer.facts.reading import sentences
from cooperation_scorer.model.rubric import Rubric, RubricRef
from cooperation_scorer.render.data import to_data
from cooperation_scorer.score.rank import verdict_counts
from cooperation_scorer.score.results import Assessment, RankedAssessment
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


def bottom_line(ranked: list[RankedAssessment]) -> list[str]:
    """Two or three sentences: how many, which are recommended, which are blocked and why."""
    assessments = [item.assessment for item in ranked]
    if len(assessments) == 1:
        return _bottom_line_of_one(assessments[0])
    counts = verdict_counts(assessments)
    total = len(assessments)
    sentences = [
        f"We assessed {total} proposal{'s' if total != 1 else ''} for U.S.-Russia cooperation "
        f"in Central Asia against the paper's criteria: {counts[Verdict.RECOMMENDED]} "
        f"recommended, {counts[Verdict.CONDITIONAL]} conditional, "
        f"{counts[Verdict.NOT_RECOMMENDED]} not recommended and {counts[Verdict.BLOCKED]} "
        "blocked."
    ]
    recommended = [a.title for a in assessments if a.verdict is Verdict.RECOMMENDED]
    if recommended:
        verb = "is" if len(recommended) == 1 else "are"
        it = "it stands" if len(recommended) == 1 else "they stand"
        sentences.append(f"{_names(recommended)} {verb} recommended as {it}.")
    else:
        sentences.append("None is recommended as it stands.")
    blocked = [a for a in assessments if a.verdict is Verdict.BLOCKED]
    if blocked:
        reasons = [f"{a.title} ({a.failed_gates[0].title.lower()} fails)" for a in blocked]
        sentences.append(f"Blocked by a gate of the paper: {_names(reasons)}.")
    return sentences


def _bottom_line_of_one(assessment: Assessment) -> list[str]:
    verdict = assessment.verdict.value.replace("-", " ")
    sentences = [
        f"We assessed {assessment.title} against the paper's criteria: it is {verdict}, "
        f"with a score of {assessment.score:.1f} of 100."
    ]
    if assessment.failed_gates:
        sentences.append(f"It fails the gate “{assessment.failed_gates[0].title}”.")
    elif assessment.caps:
        sentences.append(f"{assessment.caps[0].reason}.")
    if assessment.improvements:
        best = assessment.improvements[0]
        sentences.append(
            f"The change that would raise it most: {best.change.split(':', 1)[0]} "
            f"({best.points:+.1f} points, {best.new_verdict.value})."
        )
    return sentences


DESCRIBED = 2  # sentences of a proposal's summary that say what it is


def description(summary: str) -> str:
    """The first sentence or two of a summary: what the proposal is, in its own words."""
    return " ".join(sentences(summary)[:DESCRIBED])


def memo_context(
    ranked: list[RankedAssessment],
    rubric: Rubric,
    ref: RubricRef,
    header: Header,
    robustness: str = "",
) -> dict[str, Any]:
    """Everything a memo template can use; the README documents each key."""
    proposals = []
    for item in ranked:
        a = item.assessment
        data = to_data(a)
        del data["lines"]
        data["summary"] = description(a.summary)
        data.update(
            rank=item.rank,
            strongest=to_data(a.strongest),
            weakest=to_data(a.weakest),
            failed_gates=[gate.id for gate in a.failed_gates],
            waived_gates=[gate.id for gate in a.waived_gates],
            improvements=[to_data(i) for i in a.improvements or ()],
        )
        proposals.append(data)
    return {
        "header": {
            "to": header.to,
            "from": header.sender,
            "date": header.date,
            "subject": header.subject,
        },
        "bottom_line": bottom_line(ranked),
        "robustness": robustness,
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
