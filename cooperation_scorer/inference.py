"""Reading facts a proposal leaves out from its text: the rubric's phrase patterns find targets,
and ConText cues (`context.py`) say whether each is affirmed, negated, hypothetical, past or
another actor's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cooperation_scorer.context import Compiled, Modification, Reading, compiled, status_of
from cooperation_scorer.rubric import Context, FactInference
from cooperation_scorer.text import Statement, statements


@dataclass(frozen=True)
class Match:
    """One phrase of the text that speaks to a fact, and what modifies it."""

    rule_value: str
    value: str | None  # what it is evidence for: the rule's value, its `if_negated`, or None
    phrase: str
    sentence: str
    modifications: tuple[Modification, ...] = ()

    @property
    def status(self) -> str:
        """ "affirmed", "negated", "hypothetical", "historical" or "other"."""
        return status_of(self.modifications)

    @property
    def negated(self) -> bool:
        return self.status == "negated"

    def why(self) -> str:
        """The phrase and its modifiers: "watch lists"; negated by 'None of'."""
        said = [f"“{self.phrase}”", *(m.describe() for m in self.modifications)]
        return "; ".join(said)


def sentences(text: str) -> list[str]:
    """The text cut into sentences, list items, headings and table rows, whitespace folded."""
    return [statement.text for statement in statements(text)]


@cache
def _rule_pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """A rule's patterns as one regex, each in a group named by its place in the list."""
    groups = "|".join(f"(?P<p{index}>{pattern})" for index, pattern in enumerate(patterns))
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)


@cache
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # One group, no IGNORECASE, matched against lowercased text: the fastest test of
    # whether a sentence holds any of the patterns at all.
    return re.compile("(?<!\\w)(?:" + "|".join(patterns) + ")(?!\\w)")


@cache
def _senses(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("(?<!\\w)(?:" + "|".join(patterns) + ")(?!\\w)", re.IGNORECASE)


_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")


def _in_a_name(sentence: str, start: int, end: int) -> bool:
    """Whether a capitalised match mid-sentence stands in a proper name ("the UN Development
    Programme", "Summit Hotel"); a title-cased sentence says nothing either way."""
    if start == 0 or not sentence[start].isupper():
        return False
    words = sentence.split()
    capitalised = sum(1 for word in words if len(word) > 3 and word[0].isupper())
    if capitalised * 5 >= 4 * max(1, sum(1 for word in words if len(word) > 3)):
        return False
    before = sentence[:start].split()[-1:]
    after = sentence[end:].split()[:1]
    return any(_NAME_WORD.fullmatch(word.strip(",;:()")) for word in (*before, *after))


class Reader:
    """One text, cut once into statements, read for every fact with one rubric's rules."""

    def __init__(self, text: str, context: Context) -> None:
        self.statements = statements(text)
        self.lowered = [statement.text.lower() for statement in self.statements]
        self.tables: Compiled = compiled(context)
        self._readings: dict[int, Reading] = {}

    def _reading(self, place: int) -> Reading:
        # Cues and scopes are worked out only for statements that hold a phrase match.
        found = self._readings.get(place)
        if found is None:
            statement: Statement = self.statements[place]
            found = Reading(statement.text, self.tables, statement.context)
            self._readings[place] = found
        return found

    def matches(self, fact: str, inference: FactInference) -> list[Match]:
        """Every match for the fact: by rule, then by pattern (strongest first), then by
        statement. Where two patterns of one rule overlap, the one listed first is kept."""
        found: list[Match] = []
        every = _any_of(tuple(p for rule in inference.rules for p in rule.patterns))
        places = [place for place, text in enumerate(self.lowered) if every.search(text)]
        if not places:
            return found
        senses = _senses(tuple(inference.senses))
        for rule in inference.rules:
            hits = []
            for place in places:
                sentence = self.statements[place].text
                guarded = [g.span() for g in senses.finditer(sentence)] if senses else []
                for hit in _rule_pattern(tuple(rule.patterns)).finditer(sentence):
                    if any(start < hit.end() and hit.start() < end for start, end in guarded):
                        continue  # another sense of the word: "food security"
                    if inference.skip_names and _in_a_name(sentence, hit.start(), hit.end()):
                        continue
                    hits.append((int(str(hit.lastgroup)[1:]), place, hit))
            hits.sort(key=lambda item: (item[0], item[1], item[2].start()))
            for _, place, hit in hits:
                reading = self._reading(place)
                modifications = reading.modifications(hit.start(), hit.end(), fact)
                found.append(
                    Match(
                        rule_value=rule.value,
                        value=_evidence_for(rule.value, rule.if_negated, modifications, inference),
                        phrase=hit.group(0),
                        sentence=reading.text,
                        modifications=modifications,
                    )
                )
        return found


def _evidence_for(
    value: str,
    if_negated: str | None,
    modifications: tuple[Modification, ...],
    inference: FactInference,
) -> str | None:
    status = status_of(modifications)
    if status == "affirmed":
        return value
    if status == "negated":
        return if_negated
    if status == "hypothetical" and inference.hypothetical == "evidence":
        return value
    return None


def find_matches(cut: str, fact: str, inference: FactInference, context: Context) -> list[Match]:
    """Every match of one fact in a text (see `Reader.matches`)."""
    return Reader(cut, context).matches(fact, inference)


def decide(matches: list[Match]) -> Match | None:
    """The match that decides a single-valued fact: the first that is evidence for its own
    value (affirmed, or hypothetical where the rubric counts it), else the first negated one
    that implies a value."""
    plain = next((m for m in matches if m.value is not None and m.value == m.rule_value), None)
    if plain is not None:
        return plain
    return next((match for match in matches if match.value is not None), None)
