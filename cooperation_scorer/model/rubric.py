"""The rubric (`criteria.yaml`) as a model, and the lookups the scorer needs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StrictBool,
    model_validator,
)

from cooperation_scorer.model.fields import Slug, Text
from cooperation_scorer.vocabulary import (
    PartyKind,
    Verdict,
)


def _text_of_bool(value: Any) -> Any:
    """Let the rubric write `false` for the fact value "false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


FactValue = Annotated[str, BeforeValidator(_text_of_bool)]
# Numbers are real numbers as written: never true/false or quoted text, never infinite or NaN
# (one infinite weight makes every score NaN), and within bounds that keep sums exact.
MAX_WEIGHT = 1000
Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, strict=True, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, strict=True, allow_inf_nan=False)]
LevelValue = Annotated[int, Field(ge=0, le=4, strict=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    """Where the paper says it: a section heading and a short verbatim quote.

    One object per citation, however made: every result quotes its criteria and gates, and a
    batch of 10,000 results held 130,000 copies of a few dozen citations (half its memory).
    Validation and unpickling (a worker's results) both return the one kept instance."""

    section: Text
    quote: Text

    @model_validator(mode="wrap")
    @classmethod
    def _the_one(cls, data: Any, handler: ModelWrapValidatorHandler[Citation]) -> Citation:
        made = handler(data)
        return _CITATIONS.setdefault((made.section, made.quote), made)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (_citation, (self.section, self.quote))


_CITATIONS: dict[tuple[str, str], Citation] = {}


def _citation(section: str, quote: str) -> Citation:
    """The kept citation (what unpickling a result calls)."""
    found = _CITATIONS.get((section, quote))
    return found if found is not None else Citation(section=section, quote=quote)


class LevelException(_Model):
    """The paper's own exception to a level: when another fact has one of `when`'s values
    (and, if `domains` is given, the domain is one of them), the level scores `value` and
    caps nothing. "except if limited to expert discussions and sharing of experience"."""

    id: Slug
    fact: Text
    when: list[FactValue] = Field(min_length=1)
    domains: list[Slug] = []
    value: int = Field(ge=0, le=4)
    label: Text
    description: Text
    citation: Citation


class Level(_Model):
    """One anchored level of a criterion."""

    id: Slug
    value: LevelValue
    label: Text
    when: list[FactValue] = Field(min_length=1)
    description: Text
    caps: Literal["conditional", "not-recommended"] | None = None
    citation: Citation
    unless: LevelException | None = None


class Criterion(_Model):
    """A weighted criterion that reads one fact and places it on anchored levels."""

    id: Slug
    title: Text
    question: Text
    weight: Weight
    fact: Text
    citation: Citation
    levels: list[Level] = Field(min_length=2)

    @property
    def max_value(self) -> int:
        return max(level.value for level in self.levels)


class Gate(_Model):
    """A non-compensatory condition: failing it blocks the proposal."""

    id: Slug
    title: Text
    fact: Text
    passes: list[FactValue] = Field(min_length=1)
    fix: Text
    citation: Citation
    # false: no proposal may waive it (the paper allows no exception); a waiver is refused.
    waivable: StrictBool = True


class VerdictBand(_Model):
    verdict: Literal["recommended", "conditional", "not-recommended"]
    min_score: Percent
    meaning: Text
    citation: Citation


class DomainTier(_Model):
    id: Slug
    title: Text
    domains: list[Slug] = Field(min_length=1)
    citation: Citation


class Domain(_Model):
    id: Slug
    title: Text
    citation: Citation | None = None  # quoted for the domain criterion in place of its level's


class Friction(_Model):
    id: Slug
    severity: Literal["major", "minor"]
    citation: Citation


class Party(_Model):
    name: Text
    kind: PartyKind
    aliases: list[Text] = []
    friction: Slug | None = None
    # A third party the paper does not see as a working multilateral frame (the OSCE, "largely
    # frozen"): it takes part, but does not make the format multilateral. `citation` says why.
    counts_for_format: bool = True
    citation: Citation | None = None


class BilateralIssue(_Model):
    """A genuinely bilateral issue: the paper's exception to "no bilateralism without
    trilateralism". A proposal declares it with `bilateral_issue`; it is not a waiver."""

    id: Slug
    title: Text
    citation: Citation


Modifier = Literal["negated", "hypothetical", "historical", "other"]


class Cue(_Model):
    """Words that modify the phrase matches in their scope (ConText's modifier rules)."""

    modifier: Modifier
    direction: Literal["forward", "backward", "bidirectional"] = "forward"
    phrases: list[Text] = Field(min_length=1)
    window: int | None = Field(default=None, ge=1, le=40, strict=True)
    repeats: bool = False  # "nor": negates what no other cue negates, never undoes a negation
    subject: bool = False  # opening a clause ("Nobody ..."), it reaches the clause's verb
    facts: list[Text] = []  # only matches for these facts; all facts when empty


class ModifierScope(_Model):
    """How far a modifier's cues reach: `window` words, and within the clause when `clause`
    (commas and "and" end it, except across a list)."""

    window: int = Field(ge=1, le=40, strict=True)
    clause: bool = False


class Context(_Model):
    """The cue lists and scope rules of the ConText reading (see docs/reading.md)."""

    modifiers: dict[Modifier, ModifierScope]
    terminators: list[Text] = Field(min_length=1)
    joiners: list[Text] = Field(min_length=1)
    clause_verbs: list[Text] = []
    list_item_words: int = Field(default=3, ge=1, le=10, strict=True)
    subject_window: int = Field(default=20, ge=1, le=40, strict=True)
    cues: list[Cue] = Field(min_length=1)
    pseudo_cues: list[Text] = []
    heading_cues: list[Cue] = []


class InferenceRule(_Model):
    value: FactValue
    if_negated: FactValue | None = None
    patterns: list[Text] = Field(min_length=1)


class FactInference(_Model):
    default: FactValue | list[Text]
    hypothetical: Literal["evidence", "warning"] = "warning"
    senses: list[Text] = []
    skip_names: bool = False
    rules: list[InferenceRule] = Field(min_length=1)


class Adjustment(_Model):
    """One side re-values a criterion when a fact of the proposal matches."""

    criterion: Slug
    fact: Text
    when: list[FactValue] = Field(min_length=1)
    value: LevelValue
    reason: Text
    citation: Citation


class Perspective(_Model):
    """How one side (Washington, Moscow, the host capitals) weighs a proposal. Weights that
    differ from the rubric's say why (`weights_reason`) and cite the paper."""

    id: Slug
    title: Text
    citation: Citation
    # > 0 is checked with the criteria's names, in load/rubric.py
    weights: dict[
        str, Annotated[float, Field(le=MAX_WEIGHT, strict=True, allow_inf_nan=False)]
    ] = {}
    weights_reason: Text | None = None
    weights_citation: Citation | None = None
    adjustments: list[Adjustment] = []


class Inference(_Model):
    context: Context
    facts: dict[str, FactInference]


class Rubric(_Model):
    """The whole rubric as written in `criteria.yaml`."""

    name: Slug
    title: Text
    version: Text
    paper: Text
    verdict_bands: list[VerdictBand] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    gates: list[Gate] = []
    domain_tiers: list[DomainTier] = Field(min_length=1)
    domains: list[Domain] = Field(min_length=1)
    frictions: list[Friction] = []
    parties: list[Party] = Field(min_length=1)
    bilateral_issues: list[BilateralIssue] = []
    inference: Inference
    perspectives: list[Perspective] = []

    @property
    def total_weight(self) -> float:
        return sum(criterion.weight for criterion in self.criteria)

    @cached_property
    def tier_of_domain(self) -> dict[str, DomainTier]:
        return {domain: tier for tier in self.domain_tiers for domain in tier.domains}

    @cached_property
    def parties_by_alias(self) -> dict[str, Party]:
        """Every name and alias, folded, to its party."""
        table: dict[str, Party] = {}
        for party in self.parties:
            for name in (party.name, *party.aliases):
                table[fold_name(name)] = party
        return table

    @cached_property
    def friction_by_id(self) -> dict[str, Friction]:
        return {friction.id: friction for friction in self.frictions}

    @cached_property
    def domain_ids(self) -> tuple[str, ...]:
        return tuple(domain.id for domain in self.domains)

    @cached_property
    def domain_citations(self) -> dict[str, Citation]:
        """The domains that cite the paper themselves."""
        return {d.id: d.citation for d in self.domains if d.citation is not None}

    @cached_property
    def bilateral_issue_by_id(self) -> dict[str, BilateralIssue]:
        return {issue.id: issue for issue in self.bilateral_issues}

    def gate(self, gate_id: str) -> Gate:
        return next(gate for gate in self.gates if gate.id == gate_id)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def party(self, name: str) -> Party | None:
        return self.parties_by_alias.get(fold_name(name))

    def band_verdict(self, score: float) -> Verdict:
        """The verdict the score alone earns."""
        for band in self.verdict_bands:
            if score >= band.min_score:
                return Verdict(band.verdict)
        return Verdict.NOT_RECOMMENDED


def fold_name(name: str) -> str:
    """Party names match whatever the case and spacing."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class RubricRef:
    """Which rubric an output used: its name, version and the sha256 of its bytes."""

    name: str
    version: str
    sha256: str
    path: str

    def __str__(self) -> str:
        return f"rubric {self.name} {self.version} (sha256 {self.sha256[:12]}…, {self.path})"


@dataclass(frozen=True)
class LoadedRubric:
    """A validated rubric, which file it came from, and that file's bytes."""

    rubric: Rubric
    ref: RubricRef
    source: bytes
