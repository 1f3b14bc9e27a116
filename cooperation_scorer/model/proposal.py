"""The proposal: the fields a file may hold, and a valid proposal with its parties resolved."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from unicodedata import east_asian_width

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    create_model,
)
from pydantic_core import PydanticCustomError

from cooperation_scorer.model.fields import SLUG, Text
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.vocabulary import FACT_SPECS, FACTS, FactSpec, PartyKind

EXTENSION_PREFIX = "x-"


def _iso_date(value: Any) -> Any:
    """A date written YYYY-MM-DD (YAML keeps dates as written)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD, like 2027-06-30")


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
    """A gate failed on purpose: `{gate: ID, reason: TEXT, expires: YYYY-MM-DD}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gate: Text = Field(description="The id of a gate in the rubric.")
    reason: Reason = Field(
        description="Why the gate is failed on purpose, in words; shown in every output."
    )
    expires: Annotated[date, BeforeValidator(_iso_date)] | None = Field(
        None, description="The last day the waiver applies (YYYY-MM-DD); after it, the gate blocks."
    )


def _one_or_many(value: Any) -> Any:
    """A single lead may be written without a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise ValueError("must be a participant's name or a list of names")


class ProposalFieldsBase(BaseModel):
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
    frictions: list[Text] | None = None
    builds_on: list[Text] | None = Field(
        None,
        description="Earlier cooperation, already tested, that this project builds on (a "
        "proposal id or a short description); [] says it builds on none.",
    )
    bilateral_issue: Text | None = Field(
        None,
        description="A genuinely bilateral issue the rubric names (such as nuclear-parity): the "
        "paper's own exception to the rule that the host state takes part and leads.",
    )
    waivers: list[WaiverField] = Field(
        [], description="Gates this proposal fails on purpose, each with the reason."
    )


def _fact_field(spec: FactSpec) -> Any:
    kind: Any = StrictBool if spec.boolean else Literal.__getitem__(spec.values)
    return (kind | None, Field(None, description=spec.description))


# The facts a proposal may declare come from vocabulary.FACTS, each an optional field; the
# schema lists them after the fixed fields.
ProposalFields = create_model(
    "ProposalFields",
    __base__=ProposalFieldsBase,
    __doc__=ProposalFieldsBase.__doc__,
    **{spec.name: _fact_field(spec) for spec in FACTS if spec.declared_by is None},
)
FIELD_NAMES = tuple(ProposalFields.model_fields)


class Participant(BaseModel):
    """A participant: a party as the rubric knows it, or as written when the rubric does not."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: PartyKind | None
    friction: str | None = None
    counts_for_format: bool = True


class Proposal(BaseModel):
    """A valid proposal, with party names resolved to the rubric's names."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    summary: str
    domain: str
    host_states: tuple[str, ...]
    participants: tuple[Participant, ...]
    lead: tuple[str, ...]
    declared_facts: dict[str, str | bool] = {}  # the facts of vocabulary.FACTS it declares
    frictions: tuple[str, ...] | None = None
    builds_on: tuple[str, ...] | None = None
    bilateral_issue: str | None = None
    waivers: tuple[WaiverField, ...] = ()
    extensions: dict[str, Any] = {}
    file: str = ""
    lines: dict[str, int] = {}
    sha256: str = ""

    def declared(self, name: str) -> Any:
        """The declared value of a fact, or None when the file leaves it out. A fact declared
        through a list (`builds_on` for `sequencing`) is its best value when the list names
        something, its worst when the list is empty."""
        spec = FACT_SPECS.get(name)
        if spec is not None and spec.declared_by is not None:
            listed = getattr(self, spec.declared_by)
            if listed is None:
                return None
            return spec.values[0] if listed else spec.values[-1]
        return self.declared_facts.get(name)


def resolve_party(name: str, rubric: Rubric) -> Participant:
    """The party as the rubric names it, or as written (spacing folded) when it is unknown."""
    known = rubric.party(name)
    if known is None:
        return Participant(name=" ".join(name.split()), kind=None)
    return Participant(
        name=known.name,
        kind=known.kind,
        friction=known.friction,
        counts_for_format=known.counts_for_format,
    )
