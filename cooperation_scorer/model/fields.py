"""The field types the rubric and the proposal share: a slug, and text that says something."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

SLUG = r"^[a-z0-9][a-z0-9-]*$"


def _not_blank(value: str) -> str:
    # Invisible characters (zero-width and no-break spaces, joiners) are blank too. The
    # first character after any spaces nearly always decides: checked first, alone.
    rest = value.lstrip()
    if rest and unicodedata.category(rest[0]) not in _INVISIBLE:
        return value
    if all(char.isspace() or unicodedata.category(char) in _INVISIBLE for char in value):
        raise ValueError("is blank; write it")
    return value


_INVISIBLE = ("Cf", "Zs")


Slug = Annotated[str, Field(pattern=SLUG)]
Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
