"""Results as plain data (mappings, lists, text, numbers), ready for JSON or a template, and
pydantic's adapter of an `Assessment`, which turns one into the same data in Rust and reads
it back with every field checked against its type (the result cache keeps results so)."""

from __future__ import annotations

import dataclasses
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from cooperation_scorer.score.results import Assessment

_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # the fields of each result or model class


def _field_names(kind: type) -> tuple[str, ...] | None:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if dataclasses.is_dataclass(kind):
            names = tuple(field.name for field in dataclasses.fields(kind))
        elif issubclass(kind, BaseModel):
            names = tuple(kind.model_fields)
        else:
            return None
        _FIELD_NAMES[kind] = names
    return names


def to_data(value: Any) -> Any:
    """A result as plain JSON-ready data: mappings, lists, text, numbers, booleans and None;
    fields in the order they are declared. Rendering 10,000 results runs this a million
    times, so the common cases come first and each class's fields are looked up once."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, Enum):
        return value.value
    if kind is tuple or kind is list:
        return [to_data(item) for item in value]
    names = _field_names(kind)
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    raise TypeError(f"cannot turn {kind.__name__} into data")


@cache
def assessment_adapter() -> TypeAdapter[Assessment]:
    """Pydantic's encoder and checker of an `Assessment`, built once (about 10 ms), on first
    use: `to_data` of an assessment, in Rust (`dump_python(..., mode="json")` gives the same
    data), and the typed reading of it back (`validate_json`)."""
    from pydantic import TypeAdapter

    from cooperation_scorer.score.results import Assessment

    return TypeAdapter(Assessment)
