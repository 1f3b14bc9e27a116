"""One copy of each short text across a batch's results, however many workers made them.

A parallel run's results reach the main process pickled, one by one, each with its own
copies of the texts every result repeats (criterion titles, level labels, reasons, fact
names): at 10,000 results, most of the memory the batch holds. A result class whose pickling
goes through `shared_reduce` is rebuilt with each short text interned (`sys.intern`), so the
copies collapse into one; longer texts (evidence quoting a proposal) are left as they are."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

_SHORT = 160  # characters: labels, titles, reasons and names, not quoted evidence


def _shared(value: Any) -> Any:
    if type(value) is str and len(value) <= _SHORT:
        return sys.intern(value)
    return value


def rebuilt(kind: type, values: tuple[Any, ...]) -> Any:
    """A result of `kind` from its field values, short texts interned (unpickling calls it)."""
    return kind(*(_shared(value) for value in values))


def shared_reduce(result: Any) -> tuple[Any, tuple[type, tuple[Any, ...]]]:
    """`__reduce__` for a result dataclass: rebuilt by `rebuilt`, field by field."""
    kind = type(result)
    return (rebuilt, (kind, tuple(getattr(result, f.name) for f in dataclasses.fields(kind))))
