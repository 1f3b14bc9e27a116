"""Reading facts a proposal leaves out from its text: the rubric's phrase patterns find targets,
and ConText cues (`context.py`) say whether each is affirmed, negated, hypothetical, past or
another actor's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cooperation_scorer.facts.context import Compiled, Modification, Reading, compiled, status_of
from cooperation_scorer.facts.text import Statement, statements
from cooperation_scorer.model.rubric import Context, FactInference


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
def _rule_pattern(patterns: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A rule's patterns as one regex, each in a group named by its place in the list."""
    groups = "|".join(f"(?P<p{index}>{pattern})" for index, pattern in enumerate(patterns))
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", flags)


@cache
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # One group, no IGNORECASE, matched against lowercased text: the fastest test of
    # whether a sentence holds any of the patterns at all.
    return re.compile("(?<!\\w)(?:" + "|".join(patterns) + ")(?!\\w)")


@cache
def _senses(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    # IGNORECASE too: the original text is searched when lowercasing changed its length.
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
        patterns = _patterns(inference)
        places = [place for place, text in enumerate(self.lowered) if patterns.every.search(text)]
        if not places:
            return found
        # Each rule's matches, statement by statement, found once, on the lowercased text
        # (patterns are written in lower case; offsets are the original's).
        by_rule: list[list[tuple[int, int, re.Match[str]]]] = [[] for _ in inference.rules]
        spans: dict[int, list[tuple[int, int, int]]] = {}
        for place in places:
            sentence = self.statements[place].text
            lowered = self.lowered[place]
            rules = patterns.rules
            if len(lowered) != len(sentence):
                lowered, rules = sentence, patterns.rules_any_case
            guarded = (
                [g.span() for g in patterns.senses.finditer(lowered)] if patterns.senses else []
            )
            for index, pattern in enumerate(rules):
                for hit in pattern.finditer(lowered):
                    spans.setdefault(place, []).append((index, *hit.span()))
                    if any(start < hit.end() and hit.start() < end for start, end in guarded):
                        continue  # another sense of the word: "food security"
                    if inference.skip_names and _in_a_name(sentence, hit.start(), hit.end()):
                        continue
                    by_rule[index].append((int(str(hit.lastgroup)[1:]), place, hit))
        for rule_index, rule in enumerate(inference.rules):
            hits = by_rule[rule_index]
            hits.sort(key=lambda item: (item[0], item[1], item[2].start()))
            for _, place, hit in hits:
                if _inside_a_longer(rule_index, hit, spans.get(place, [])):
                    continue  # "out of the headlines" is not "headlines"
                reading = self._reading(place)
                modifications = reading.modifications(hit.start(), hit.end(), fact)
                found.append(
                    Match(
                        rule_value=rule.value,
                        value=_evidence_for(rule.value, rule.if_negated, modifications, inference),
                        phrase=reading.text[hit.start() : hit.end()],
                        sentence=reading.text,
                        modifications=modifications,
                    )
                )
        return found


@dataclass(frozen=True)
class _Patterns:
    every: re.Pattern[str]
    rules: tuple[re.Pattern[str], ...]
    rules_any_case: tuple[re.Pattern[str], ...]
    senses: re.Pattern[str] | None


_PATTERNS: dict[int, tuple[FactInference, _Patterns]] = {}


def _patterns(inference: FactInference) -> _Patterns:
    """A fact's compiled patterns, built on first use and kept with the rubric's model."""
    found = _PATTERNS.get(id(inference))
    if found is not None and found[0] is inference:
        return found[1]
    compiled_ = _Patterns(
        every=_any_of(tuple(p for rule in inference.rules for p in rule.patterns)),
        rules=tuple(_rule_pattern(tuple(rule.patterns), 0) for rule in inference.rules),
        rules_any_case=tuple(_rule_pattern(tuple(rule.patterns)) for rule in inference.rules),
        senses=_senses(tuple(inference.senses)),
    )
    _PATTERNS[id(inference)] = (inference, compiled_)
    return compiled_


def _inside_a_longer(rule: int, hit: re.Match[str], spans: list[tuple[int, int, int]]) -> bool:
    return any(
        other != rule
        and start <= hit.start()
        and hit.end() <= end
        and (end - start) > (hit.end() - hit.start())
        for other, start, end in spans
    )


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
