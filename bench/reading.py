"""Precision and recall of the text reading, fact by fact, on the labelled corpus.

    python bench/reading.py [--misses]

The targets (issue 13): precision >= 0.97 on the facts that drive gates, >= 0.95 on the rest,
recall >= 0.90."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cooperation_scorer.load.rubric import parse_rubric
from tests.facts.corpus import GATE_FACTS, evaluate, load, status_agreement


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    rubric = parse_rubric((root / "criteria.yaml").read_bytes(), "criteria.yaml").rubric
    corpus = load()
    tallies = evaluate(rubric, corpus)
    print(f"corpus: {len(corpus)} texts in {len({c.group for c in corpus})} groups")
    print(f"{'fact':22} {'precision':>9} {'recall':>7} {'read':>5} {'labelled':>8} target")
    for fact, tally in tallies.items():
        target = "P>=0.97" if fact in GATE_FACTS else "P>=0.95"
        print(
            f"{fact:22} {tally.precision:9.3f} {tally.recall:7.3f} {tally.read:5} "
            f"{tally.expected:8} {target}, R>=0.90"
        )
    agreed, total, status_misses = status_agreement(rubric, corpus)
    print(f"modifier status agrees with the label: {agreed}/{total} ({agreed / total:.3f})")
    if "--misses" in sys.argv:
        for tally in tallies.values():
            for miss in tally.misses:
                print("  MISS", miss)
        for miss in status_misses:
            print("  STATUS", miss)


if __name__ == "__main__":
    main()
