"""Turning validation failures into sentences that say what is wrong and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic_core import ErrorDetails


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `word`, if any is near enough to suggest."""
    pool = list(candidates)
    folded = {candidate.casefold(): candidate for candidate in pool}
    matches = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[matches[0]] if matches else None


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one candidate is close, else ''."""
    near = closest(word, candidates)
    return f" (did you mean '{near}'?)" if near else ""


def name_of(location: tuple[int | str, ...]) -> str:
    """`host_states[1]` for ('host_states', 1)."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the document"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return "text"


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _shown_value(value: Any) -> str:
    """A wrong value as a message names it: its kind, and the value when it is short."""
    if isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= 20):
        kind = "true/false" if isinstance(value, bool) else _type_name(value)
        return f"{kind} {value!r}".replace("true/false True", "true").replace(
            "true/false False", "false"
        )
    return _type_name(value)


def describe_pydantic_error(detail: ErrorDetails, known_keys: Iterable[str]) -> str:
    """One sentence for one pydantic error, naming the field and the fix."""
    location = tuple(detail["loc"])
    field = name_of(location)
    kind = detail["type"]
    value = detail.get("input")
    context = detail.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{field}'; add it"
    if kind == "extra_forbidden":
        return (
            f"unknown key '{field}'{suggestion(str(location[-1]), known_keys)}; remove or rename it"
        )
    if kind == "literal_error":
        expected = str(context.get("expected", "")).replace("'", "")
        options = [option.strip() for option in expected.replace(" or ", ", ").split(",")]
        return (
            f"'{field}' must be one of {', '.join(options)}, not {value!r}"
            f"{suggestion(str(value), options)}"
        )
    if kind in {"string_type", "str_type"}:
        return f"'{field}' must be text, not {_type_name(value)}; write it as text"
    if kind in {"bool_type", "bool_parsing"}:
        return f"'{field}' must be true or false, not {value!r}; write true or false, unquoted"
    if kind == "value_error":
        return f"'{field}' {context.get('error', detail['msg'])}"
    if kind == "list_type":
        return f"'{field}' must be a list, not {_type_name(value)}; write `- item` lines"
    if kind == "too_short":
        return f"'{field}' is empty; give at least one value"
    if kind == "string_too_short":
        return f"'{field}' is empty; write it"
    if kind == "string_pattern_mismatch":
        return (
            f"'{field}' is {value!r}, not a slug; write one like 'water-lab': lowercase "
            "letters, digits and -, starting with a letter or digit"
        )
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return f"'{field}' is {value!r}: {detail['msg'].lower()}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"'{field}' must be a whole number, not {_shown_value(value)}; write one unquoted"
    if kind in {"float_type", "float_parsing"}:
        if isinstance(value, str) and _reads_as_number(value):
            return (
                f"'{field}' must be a number, not the text {value!r} (YAML reads a quoted "
                "number, or an exponent without a decimal point, as text); write a plain "
                "number like 18"
            )
        return f"'{field}' must be a number, not {_shown_value(value)}; write one unquoted"
    if kind == "finite_number":
        return f"'{field}' must be a finite number, not {value!r}; write a number"
    if kind in {"dict_type", "model_type"}:
        return f"'{field}' must be a mapping of `key: value` lines, not {_type_name(value)}"
    return f"'{field}': {detail['msg']}"
