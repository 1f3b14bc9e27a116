"""Results as plain data (mappings, lists, text, numbers), ready for JSON or a template, and
back: `from_data` rebuilds a result from its data, checking every value against the type its
field declares, so the result cache can keep results as JSON and never trust what it reads.

Both directions follow the dataclasses' own fields and type hints: a field added to a result
is carried without a change here."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel

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


class NotAResult(ValueError):
    """Data that is not what the type asks for: a corrupt or foreign cache entry."""


_HINTS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _hints(kind: type) -> tuple[tuple[str, Any], ...]:
    found = _HINTS.get(kind)
    if found is None:
        hints = typing.get_type_hints(kind)
        if dataclasses.is_dataclass(kind):
            found = tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))
        else:
            found = tuple((name, hints[name]) for name in kind.model_fields)  # type: ignore[attr-defined]
        _HINTS[kind] = found
    return found


def from_data(kind: Any, data: Any) -> Any:
    """The value of type `kind` that `to_data` turned into `data`; NotAResult if `data` does
    not fit the type. Covers what results hold: text, numbers, booleans, None, enums,
    literals, tuples, mappings, unions of these, dataclasses and pydantic models."""
    if kind is Any:
        return data
    origin = typing.get_origin(kind)
    if origin is None:
        if kind is float:
            if type(data) in (int, float):
                return float(data)
        elif kind in (str, bool, type(None)) or kind is int:
            if type(data) is kind:
                return data
        elif isinstance(kind, type) and issubclass(kind, Enum):
            try:
                return kind(data)
            except ValueError:
                pass
        elif isinstance(kind, type) and (
            dataclasses.is_dataclass(kind) or issubclass(kind, BaseModel)
        ):
            return _object(kind, data)
        raise NotAResult(f"{data!r} is not a {getattr(kind, '__name__', kind)}")
    args = typing.get_args(kind)
    if origin is typing.Literal:
        if data in args:
            return data
        raise NotAResult(f"{data!r} is not one of {args}")
    if origin is tuple and type(data) is list:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], item) for item in data)
        if len(args) == len(data):
            return tuple(from_data(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is dict and type(data) is dict:
        return {str(key): from_data(args[1], value) for key, value in data.items()}
    if origin in (types.UnionType, typing.Union):
        for arg in args:
            try:
                return from_data(arg, data)
            except NotAResult:
                continue
    raise NotAResult(f"{data!r} does not fit {kind}")


def _object(kind: type, data: Any) -> Any:
    if type(data) is not dict:
        raise NotAResult(f"{kind.__name__} needs a mapping")
    hints = _hints(kind)
    if set(data) != {name for name, _ in hints}:
        raise NotAResult(f"{kind.__name__} has other fields")
    values = {name: from_data(hint, data[name]) for name, hint in hints}
    if issubclass(kind, BaseModel):
        return kind.model_validate(values)
    return kind(**values)
