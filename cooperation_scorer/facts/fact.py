"""A fact about a proposal, as results carry it: light, so that reading a kept result back
never loads the text reader."""

from __future__ import annotations

from dataclasses import dataclass

from cooperation_scorer.model.sharing import shared_reduce
from cooperation_scorer.vocabulary import Source

FactValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact about a proposal, where it came from, and the evidence for it."""

    __reduce__ = shared_reduce  # short texts shared across a batch (model/sharing.py)

    name: str
    value: FactValue
    source: Source
    evidence: str
