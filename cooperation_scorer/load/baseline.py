"""Reading a baseline: the JSON output of an earlier `rank`, checked before it is trusted."""

from __future__ import annotations

import json
from typing import Any

from cooperation_scorer.analysis.baseline import BaselineEntry
from cooperation_scorer.errors import Problem, ScorerError
from cooperation_scorer.load.documents import forbidden_character, shown
from cooperation_scorer.vocabulary import Verdict


class BaselineError(ScorerError):
    """The baseline file is not the JSON output of an earlier `rank`."""


_SAVE_ONE = "save one with --format json --output and pass that"


def _wrong_entry(result: dict[str, Any], count: int) -> str | None:
    """What makes one result of a baseline unusable, in plain words, or None. Checked before
    any conversion, so that a huge or infinite number is named instead of overflowing."""
    score, rank = result["score"], result["rank"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        return f"the score {shown(score)} is not a number from 0 to 100"
    whole = isinstance(rank, int) or (isinstance(rank, float) and rank.is_integer())
    if isinstance(rank, bool) or not whole or not 1 <= rank <= count:
        return f"the rank {shown(rank)} is not a whole number from 1 to {count}"
    for name in ("id", "title"):
        character = forbidden_character(str(result.get(name, "")))
        if character is not None:
            return f"the {name} holds {character}"
    return None


def parse_baseline(data: bytes, path: str) -> dict[str, BaselineEntry]:
    """The results of an earlier `rank --format json`, by proposal id."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
        entries = {}
        results = document["results"]
        for place, result in enumerate(results):
            wrong = _wrong_entry(result, len(results))
            if wrong:
                raise BaselineError(
                    [Problem(path, None, None, f"results[{place}]: {wrong}; {_SAVE_ONE}")]
                )
            entry = BaselineEntry(
                id=str(result["id"]),
                title=str(result.get("title", "")),
                score=float(result["score"]),
                verdict=Verdict(result["verdict"]),
                rank=int(result["rank"]),
            )
            entries[entry.id] = entry
    except (UnicodeDecodeError, KeyError, TypeError, ValueError, RecursionError):
        raise BaselineError(
            [
                Problem(
                    path,
                    None,
                    None,
                    "not the JSON output of `cooperation-scorer rank --format json`; " + _SAVE_ONE,
                )
            ]
        ) from None
    return entries
