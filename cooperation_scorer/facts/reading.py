"""Reading facts a proposal leaves out from its text: the rubric's phrase patterns find targets,
and ConText cues (`context.py`) say whether each is affirmed, negated, hypothetical, past or
another actor's."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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


def _title_cased(sentence: str) -> bool:
    """Most longer words capitalised: a heading or title, where capitals name nothing."""
    words = [word for word in sentence.split() if len(word) > 3]
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised * 5 >= 4 * max(1, len(words))


def _in_a_name(sentence: str, start: int, end: int) -> bool:
    """Whether a capitalised match mid-sentence stands in a proper name ("the UN Development
    Programme", "Summit Hotel"): a capitalised word next to it. Looks at most 80 characters
    either side, so many matches in one long sentence stay linear."""
    if start == 0 or not sentence[start].isupper():
        return False
    before = sentence[max(0, start - 80) : start].split()[-1:]
    after = sentence[end : end + 80].split()[:1]
    return any(_NAME_WORD.fullmatch(word.strip(",;:()")) for word in (*before, *after))


MOST_STATEMENTS = 5000  # distinct statements read in one text: see docs/reading.md


class Reader:
    """One text, cut once into statements, read for every fact with one rubric's rules."""

    def __init__(self, text: str, context: Context) -> None:
        self.statements = statements(text)
        self.lowered = [statement.text.lower() for statement in self.statements]
        # A statement repeated word for word under the same heading says nothing new: only
        # its first occurrence is read, so a text pasted over and over costs what it says once.
        firsts: dict[tuple[str, str], int] = {}
        for place, statement in enumerate(self.statements):
            firsts.setdefault((statement.text, statement.context), place)
        distinct = sorted(firsts.values())
        # A stated bound on the work: past MOST_STATEMENTS distinct statements (a hundred pages
        # of prose, far past any summary) the rest is not read, and `unread` says how many.
        self.distinct = distinct[:MOST_STATEMENTS]
        self.unread = len(distinct) - len(self.distinct)
        self.tables: Compiled = compiled(context)
        self._readings: dict[int, Reading] = {}
        self._titles: dict[int, bool] = {}
        self._headings: dict[str, tuple[Modification, ...]] = {}  # one reading per heading

    def _reading(self, place: int) -> Reading:
        # Cues and scopes are worked out only for statements that hold a phrase match.
        found = self._readings.get(place)
        if found is None:
            statement: Statement = self.statements[place]
            found = Reading(statement.text, self.tables, statement.context, self._headings)
            self._readings[place] = found
        return found

    def _in_a_name(self, place: int, start: int, end: int) -> bool:
        sentence = self.statements[place].text
        if place not in self._titles:
            self._titles[place] = _title_cased(sentence)
        return not self._titles[place] and _in_a_name(sentence, start, end)

    def matches(self, fact: str, inference: FactInference) -> list[Match]:
        """Every match for the fact: by rule, then by pattern (strongest first), then by
        statement. Where two patterns of one rule overlap, the one listed first is kept."""
        found: list[Match] = []
        patterns = _patterns(inference)
        places = [place for place in self.distinct if patterns.every.search(self.lowered[place])]
        if not places:
            return found
        # Each rule's matches, statement by statement, found once, on the lowercased text
        # (patterns are written in lower case; offsets are the original's).
        by_rule: list[list[tuple[int, int, re.Match[str]]]] = [[] for _ in inference.rules]
        spans: dict[int, _Spans] = {}
        for place in places:
            sentence = self.statements[place].text
            lowered = self.lowered[place]
            rules = patterns.rules
            if len(lowered) != len(sentence):
                lowered, rules = sentence, patterns.rules_any_case
            guarded = _Spans()
            if patterns.senses:
                for sense in patterns.senses.finditer(lowered):
                    guarded.add(-1, *sense.span())
            here = spans[place] = _Spans()
            found_here = [
                (index, hit)
                for index, pattern in enumerate(rules)
                for hit in pattern.finditer(lowered)
            ]
            for index, hit in found_here:
                here.add(index, *hit.span())
            for index, hit in found_here:
                if guarded.overlaps(hit.start(), hit.end()):
                    continue  # another sense of the word: "food security"
                if inference.skip_names and self._in_a_name(place, hit.start(), hit.end()):
                    continue
                by_rule[index].append((int(str(hit.lastgroup)[1:]), place, hit))
        for rule_index, rule in enumerate(inference.rules):
            hits = by_rule[rule_index]
            hits.sort(key=lambda item: (item[0], item[1], item[2].start()))
            for _, place, hit in hits:
                if spans[place].inside_a_longer(rule_index, hit.start(), hit.end()):
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
                if found[-1].value == rule.value:
                    break  # the rule's first match that counts is all a fact needs of it
        return found


@dataclass(frozen=True)
class _Patterns:
    every: re.Pattern[str]
    rules: tuple[re.Pattern[str], ...]
    sources: tuple[tuple[str, ...], ...]  # each rule's patterns, for `rules_any_case`
    senses: re.Pattern[str] | None

    @property
    def rules_any_case(self) -> tuple[re.Pattern[str], ...]:
        """The rules with IGNORECASE, for a statement whose lower case changes its length
        ("İ"): rare, so compiled on first need (`_rule_pattern` keeps them), not at start."""
        return tuple(_rule_pattern(patterns) for patterns in self.sources)


_PATTERNS: dict[int, tuple[FactInference, _Patterns]] = {}


def _patterns(inference: FactInference) -> _Patterns:
    """A fact's compiled patterns, built on first use and kept with the rubric's model."""
    found = _PATTERNS.get(id(inference))
    if found is not None and found[0] is inference:
        return found[1]
    compiled_ = _Patterns(
        every=_any_of(tuple(p for rule in inference.rules for p in rule.patterns)),
        rules=tuple(_rule_pattern(tuple(rule.patterns), 0) for rule in inference.rules),
        sources=tuple(tuple(rule.patterns) for rule in inference.rules),
        senses=_senses(tuple(inference.senses)),
    )
    _PATTERNS[id(inference)] = (inference, compiled_)
    return compiled_


_LONGEST = 200  # characters: a longer phrase match is not looked for around another


class _Spans:
    """Phrase matches of one statement, by start, for bounded look-ups around a match."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, int]] = []  # (start, end, rule)
        self.sorted = True

    def add(self, rule: int, start: int, end: int) -> None:
        if self.items and start < self.items[-1][0]:
            self.sorted = False
        self.items.append((start, end, rule))

    def _near(self, start: int, end: int) -> list[tuple[int, int, int]]:
        if not self.sorted:
            self.items.sort()
            self.sorted = True
        low = bisect_left(self.items, (start - _LONGEST, -1, -1))
        high = bisect_right(self.items, (end, 1 << 62, 1 << 62))
        return self.items[low:high]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in self._near(start, end))

    def inside_a_longer(self, rule: int, start: int, end: int) -> bool:
        """Inside a longer match of another rule: "out of the headlines" holds "headlines"."""
        return any(
            other != rule and s <= start and end <= e and (e - s) > (end - start)
            for s, e, other in self._near(start, end)
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
