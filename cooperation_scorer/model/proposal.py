"""The proposal: the fields a file may hold, and a valid proposal with its parties resolved."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any
from unicodedata import east_asian_width

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
)

from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.vocabulary import (
    IntelligenceSharing,
    PartyKind,
    PoliticalProfile,
    Scale,
    Visibility,
)

PROPOSAL_SUFFIXES = (".yaml", ".yml", ".json", ".md")
SLUG = r"^[a-z0-9][a-z0-9-]*$"
EXTENSION_PREFIX = "x-"


def _not_blank(value: str) -> str:
    # Invisible characters (zero-width and no-break spaces, joiners) are blank too.
    if all(char.isspace() or unicodedata.category(char) in ("Cf", "Zs") for char in value):
        raise ValueError("is blank; write it")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]

# A word of a reason: two or more letters or digits together.
_WORD = re.compile(r"[^\W_]{2,}")


def _in_words(value: str) -> str:
    """A waiver's reason must say why, in words: not ".", "x" or invisible space."""
    ideographs = sum(1 for char in value if char.isalpha() and east_asian_width(char) in "WF")
    if len(_WORD.findall(value)) < 2 and ideographs < 2:
        raise ValueError(
            "says nothing: write why the gate is failed on purpose, in at least two words"
        )
    return value


Reason = Annotated[Text, AfterValidator(_in_words)]


class WaiverField(BaseModel):
    """A gate failed on purpose: `{gate: ID, reason: TEXT}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gate: Text = Field(description="The id of a gate in the rubric.")
    reason: Reason = Field(
        description="Why the gate is failed on purpose, in words; shown in every output."
    )


def _one_or_many(value: Any) -> Any:
    """A single lead may be written without a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise ValueError("must be a participant's name or a list of names")


class ProposalFields(BaseModel):
    """The keys a proposal file may hold, with their types (rubric values are checked after)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=SLUG)] | None = Field(
        None, description="A slug; defaults to the file name without its extension."
    )
    title: Text = Field(description="The proposal's title.")
    summary: Text | None = Field(
        None, description="The narrative, analysed for evidence; in .md the body serves."
    )
    domain: Text = Field(description="A domain id from the rubric.")
    host_states: list[Text] = Field(min_length=1, description="The Central Asian states concerned.")
    participants: list[Text] = Field(min_length=1, description="Every party taking part.")
    lead: Annotated[list[Text], BeforeValidator(_one_or_many), Field(min_length=1)] = Field(
        description="The party that supervises and leads, or a list of co-leads."
    )
    political_profile: PoliticalProfile | None = None
    intelligence_sharing: IntelligenceSharing | None = None
    dual_use: StrictBool | None = None
    visibility: Visibility | None = None
    scale: Scale | None = None
    frictions: list[Text] | None = None
    waivers: list[WaiverField] = Field(
        [], description="Gates this proposal fails on purpose, each with the reason."
    )


FIELD_NAMES = tuple(ProposalFields.model_fields)


class Party(BaseModel):
    """A participant as the rubric knows it, or as written when the rubric does not."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: PartyKind | None
    friction: str | None = None


class Proposal(BaseModel):
    """A valid proposal, with party names resolved to the rubric's names."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    summary: str
    domain: str
    host_states: tuple[str, ...]
    participants: tuple[Party, ...]
    lead: tuple[str, ...]
    political_profile: PoliticalProfile | None = None
    intelligence_sharing: IntelligenceSharing | None = None
    dual_use: bool | None = None
    visibility: Visibility | None = None
    scale: Scale | None = None
    frictions: tuple[str, ...] | None = None
    waivers: tuple[WaiverField, ...] = ()
    extensions: dict[str, Any] = {}
    file: str = ""
    lines: dict[str, int] = {}
    sha256: str = ""

    def declared(self, name: str) -> Any:
        """The declared value of an optional field, or None when the file leaves it out."""
        return getattr(self, name)


def resolve_party(name: str, rubric: Rubric) -> Party:
    """The party as the rubric names it, or as written (spacing folded) when it is unknown."""
    known = rubric.party(name)
    if known is None:
        return Party(name=" ".join(name.split()), kind=None)
    return Party(name=known.name, kind=known.kind, friction=known.friction)
