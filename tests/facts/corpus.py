"""The labelled corpus of `tests/data/sentences.yaml`: what each text establishes, what the
reader reads, and precision and recall per fact (used by the corpus test and bench/reading.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cooperation_scorer.facts.reading import Match, Reader, decide
from cooperation_scorer.model.rubric import FactInference, Rubric

CORPUS = Path(__file__).parent.parent / "data" / "sentences.yaml"
# A false block is the worst error: the facts that decide gates are held to a higher precision.
GATE_FACTS = ("intelligence_sharing", "dual_use")
STATUSES = ("affirmed", "negated", "hypothetical", "historical", "other")


@dataclass(frozen=True)
class Labelled:
    group: str
    text: str
    # fact -> the (value, status) pairs the text says; frictions may hold several
    says: dict[str, tuple[tuple[str, str], ...]]


@dataclass
class Tally:
    read: int = 0  # values the reader established
    right: int = 0  # ... that the labels establish too
    expected: int = 0  # values the labels establish
    found: int = 0  # ... that the reader established
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def _pair(item: Any) -> tuple[str, str]:
    if isinstance(item, list):
        value, status = item
        assert status in STATUSES, f"unknown status {status!r}"
        return str(value), str(status)
    return ("true" if item is True else "false" if item is False else str(item)), "affirmed"


def load(path: Path = CORPUS) -> list[Labelled]:
    """Every labelled text of the corpus."""
    found = []
    for group in yaml.safe_load(path.read_text(encoding="utf-8")):
        for entry in group["texts"]:
            says: dict[str, tuple[tuple[str, str], ...]] = {}
            for fact, label in (entry.get("f") or {}).items():
                items = label if fact == "frictions" else [label]
                says[fact] = tuple(_pair(item) for item in items)
            found.append(Labelled(group["group"], entry["t"], says))
    return found


def established(fact: str, value: str, status: str, inference: FactInference) -> str | None:
    """What a phrase for `value` with this status establishes under the rubric."""
    if status == "affirmed":
        return value
    if status == "negated":
        rule = next((r for r in inference.rules if r.value == value), None)
        return rule.if_negated if rule else None
    if status == "hypothetical" and inference.hypothetical == "evidence":
        return value
    return None


def expected_values(item: Labelled, fact: str, inference: FactInference) -> set[str]:
    values = {established(fact, v, s, inference) for v, s in item.says.get(fact, ())}
    return {value for value in values if value is not None}


def read_values(matches: list[Match], fact: str) -> set[str]:
    if fact == "frictions":
        return {m.rule_value for m in matches if m.value is not None}
    decided = decide(matches)
    return {decided.value} if decided is not None and decided.value is not None else set()


def evaluate(rubric: Rubric, corpus: list[Labelled]) -> dict[str, Tally]:
    """Precision and recall of the established values, fact by fact."""
    tallies = {fact: Tally() for fact in rubric.inference.facts}
    for item in corpus:
        reader = Reader(item.text, rubric.inference.context)
        for fact, inference in rubric.inference.facts.items():
            tally = tallies[fact]
            read = read_values(reader.matches(fact, inference), fact)
            expected = expected_values(item, fact, inference)
            tally.read += len(read)
            tally.right += len(read & expected)
            tally.expected += len(expected)
            tally.found += len(read & expected)
            if read != expected:
                tally.misses.append(
                    f"[{item.group}] {fact}: read {sorted(read)}, labelled {sorted(expected)}: "
                    f"{item.text.strip()}"
                )
    return tallies


def status_agreement(rubric: Rubric, corpus: list[Labelled]) -> tuple[int, int, list[str]]:
    """How many labelled statuses the reader gives some match of the labelled value."""
    agreed = total = 0
    misses = []
    for item in corpus:
        reader = Reader(item.text, rubric.inference.context)
        for fact, pairs in item.says.items():
            matches = reader.matches(fact, rubric.inference.facts[fact])
            for value, status in pairs:
                total += 1
                if any(m.rule_value == value and m.status == status for m in matches):
                    agreed += 1
                else:
                    got = sorted({m.status for m in matches if m.rule_value == value})
                    misses.append(f"{fact} {value} {status} (read {got}): {item.text.strip()}")
    return agreed, total, misses
