"""The labelled corpus: the reading meets its precision and recall targets, fact by fact."""

from __future__ import annotations

import pytest

from cooperation_scorer.model.rubric import Rubric
from tests.facts.corpus import GATE_FACTS, Tally, evaluate, load, status_agreement

CORPUS = load()
GROUPS = {item.group for item in CORPUS}


@pytest.fixture(scope="module")
def tallies(rubric: Rubric) -> dict[str, Tally]:
    return evaluate(rubric, CORPUS)


def test_the_corpus_is_large_and_covers_every_class_of_the_issue() -> None:
    assert len(CORPUS) >= 500
    for group in (
        "a word present is not involvement",
        "paraphrase of operational intelligence",
        "paraphrase of visibility",
        "paraphrase of scale",
        "paraphrase of political character",
        "paraphrase of frictions",
        "negation and modality",
        "structure",
        "the paper's own sentences",
        "words near a phrase that do not establish it",
        "adversarial sentences",
    ):
        assert group in GROUPS


def test_every_rule_of_the_rubric_has_a_labelled_text(rubric: Rubric) -> None:
    labelled = {
        (fact, value) for item in CORPUS for fact, pairs in item.says.items() for value, _ in pairs
    }
    for fact, inference in rubric.inference.facts.items():
        for rule in inference.rules:
            assert (fact, rule.value) in labelled, f"no labelled text for {fact}: {rule.value}"


@pytest.mark.parametrize(
    "fact",
    ["political_profile", "intelligence_sharing", "dual_use", "visibility", "scale", "frictions"],
)
def test_precision_and_recall_meet_the_targets(tallies: dict[str, Tally], fact: str) -> None:
    tally = tallies[fact]
    floor = 0.97 if fact in GATE_FACTS else 0.95
    misses = "\n".join(tally.misses)
    assert tally.precision >= floor, misses
    assert tally.recall >= 0.90, misses


def test_the_modifiers_agree_with_the_labels(rubric: Rubric) -> None:
    agreed, total, misses = status_agreement(rubric, CORPUS)
    assert agreed / total >= 0.95, "\n".join(misses)
