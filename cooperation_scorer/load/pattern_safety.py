"""Checking a rubric's phrase patterns when it loads: they must combine, and run in linear time.

Python's `re` backtracks and cannot be stopped from outside once a match has started, so a
time bound would need a process per match. Instead each pattern is read as a syntax tree and
refused when it has a shape whose work can grow faster than the text: a repetition inside a
repetition, repeated alternatives that can match the same text, an unbounded repetition of
anything but word characters, or more than one unbounded repetition. What remains matches in
time proportional to the text times a bounded amount of work per place: repeats are bounded
(at most 100 times, 20 for what is not a letter or digit) and the ways a pattern can try to
match at one place (its options, alternatives and repeats, multiplied) are at most 10,000.
The scorer also combines a rule's patterns into one expression with its own named groups and
matches lowercased text, so back-references, named groups, inline flags and capital letters
are refused too.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The regex parser and its opcodes: private to `re` but stable since Python 3.11 (typeshed
# does not describe them, hence the import by name).
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

_WORD = re.compile(r"\w")
_UNBOUNDED = sre.MAXREPEAT
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)

Items = list[tuple[Any, Any]]
MAX_WAYS = 10_000  # ways one pattern may try to match at one place
MAX_BOUND = 100  # the largest bound of a repeat, {n,m}
MAX_OTHER_BOUND = 20  # the same, for a repeat of something that is not a letter or digit
# A repeat bounded this low ("(?:[\w'-]+ ){0,3}": up to three words) may hold a repetition
# or overlapping alternatives: its work is a small power of a few words, never exponential.
SMALL_BOUND = 5


def pattern_problem(pattern: str) -> str | None:
    """What makes a rubric pattern unusable, as the end of a sentence, or None."""
    try:
        tree = sre_parse.parse(pattern)
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"is not a valid regular expression ({' '.join(str(error).split())}); fix it"
    if compiled.flags & ~re.UNICODE:
        return "sets flags with (?…); remove them: patterns already match any case"
    if tree.state.groupdict:
        return "names a group (?P<…>); write (?:…) instead: the scorer names its own groups"
    if compiled.fullmatch("") is not None:
        return "matches empty text, so it would match every sentence; make it match a word"
    problems: list[str] = []
    _walk(list(tree), problems, inside_repeat=False)
    unbounded = _count_unbounded(list(tree))
    if not problems and (unbounded > 1 or _adjacent_word_runs(list(tree))):
        problems.append(
            "holds more than one unbounded repetition (*, +, {n,}), whose work can grow with "
            "the square of a word; keep one and bound the others, like {0,20}"
        )
    ways = _ways(list(tree))
    if not problems and ways > MAX_WAYS:
        problems.append(
            f"can match a place in more than {MAX_WAYS} ways (its options, alternatives and "
            "bounded repeats multiply); simplify it, or split it into several patterns"
        )
    return problems[0] if problems else None


def _ways(items: Items) -> int:
    """How many ways the items can try to match at one place, at most: the product of the
    choices of each option, alternative and bounded repeat, capped just above the limit."""
    total = 1
    for op, value in items:
        if op is sre.BRANCH:
            here = sum(_ways(list(branch)) for branch in value[1])
        elif op in _REPEATS:
            low, high, body = value
            each = _ways(list(body))
            here = (
                each
                if high == _UNBOUNDED
                else (high - low + 1) * min(each ** min(high, 20), MAX_WAYS + 1)
            )
        elif children := _children(op, value):
            here = _ways(children[0])
        else:
            here = 1
        total = min(total * here, MAX_WAYS + 1)
    return total


def _walk(items: Items, problems: list[str], *, inside_repeat: bool) -> None:
    for op, value in items:
        if problems:
            return
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            problems.append(
                "refers back to a group (\\1, (?P=name), (?(1)…)); write the text out instead"
            )
        elif op is sre.LITERAL and chr(value) != chr(value).lower():
            problems.append(
                f"holds the capital letter {chr(value)!r}; write patterns in lower case: "
                "they match any case"
            )
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = value
            if add_flags or del_flags:
                problems.append("sets flags with (?…:…); remove them: patterns match any case")
            else:
                _walk(list(body), problems, inside_repeat=inside_repeat)
        elif op in _REPEATS:
            _check_repeat(value, problems, inside_repeat=inside_repeat)
        elif op is sre.BRANCH:
            for branch in value[1]:
                _walk(list(branch), problems, inside_repeat=inside_repeat)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _walk(list(value[1]), problems, inside_repeat=inside_repeat)
        elif op is sre.ATOMIC_GROUP:
            _walk(list(value), problems, inside_repeat=inside_repeat)
        elif op is sre.IN:
            for kind, member in value:
                capital = (kind is sre.LITERAL and chr(member) != chr(member).lower()) or (
                    kind is sre.RANGE and chr(member[0]).isupper() and chr(member[1]).isupper()
                )
                if capital:
                    member = member[0] if kind is sre.RANGE else member
                    problems.append(
                        f"holds the capital letter {chr(member)!r}; write patterns in lower "
                        "case: they match any case"
                    )
                    return


def _check_repeat(value: Any, problems: list[str], *, inside_repeat: bool) -> None:
    _low, high, body = value
    body = list(body)
    if high <= 1:  # `x?` is an option, not a repetition
        _walk(body, problems, inside_repeat=inside_repeat)
        return
    if high <= SMALL_BOUND and not inside_repeat:
        _walk(body, problems, inside_repeat=False)
        return
    if inside_repeat or _has_repeat(body):
        problems.append(
            "repeats a repetition, as (\\w+ )+ does, which can take exponential time; "
            "repeat a single character class, or write the alternatives out"
        )
        return
    if _has_overlapping_branches(body):
        problems.append(
            "repeats alternatives that can match the same text, as (a|ab)+ does, which can "
            "take exponential time; make each alternative start differently"
        )
        return
    if high != _UNBOUNDED and high > MAX_BOUND:
        problems.append(
            f"repeats up to {high} times; keep a bound at {MAX_BOUND} or below, or write + or *"
        )
        return
    if high != _UNBOUNDED and high > MAX_OTHER_BOUND and not _only_word_characters(body):
        problems.append(
            f"repeats up to {high} times something that is not a letter or digit, which is "
            f"tried from every place in a sentence; keep such a bound at {MAX_OTHER_BOUND} "
            "or below"
        )
        return
    if high == _UNBOUNDED and not _only_word_characters(body):
        problems.append(
            "repeats without bound something that is not a letter or digit (.*, \\s+, [^…]*), "
            "whose work grows with the square of a sentence; use a bounded repeat like {0,20}"
        )
        return
    _walk(body, problems, inside_repeat=True)


def _has_repeat(items: Items) -> bool:
    """Whether the items repeat something more than once, at any depth."""
    for op, value in items:
        if op in _REPEATS and (value[1] > 1 or _has_repeat(list(value[2]))):
            return True
        children = _children(op, value)
        if any(_has_repeat(child) for child in children):
            return True
    return False


def _children(op: Any, value: Any) -> list[Items]:
    if op is sre.SUBPATTERN:
        return [list(value[3])]
    if op is sre.BRANCH:
        return [list(branch) for branch in value[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(value[1])]
    if op is sre.ATOMIC_GROUP:
        return [list(value)]
    if op in _REPEATS:
        return [list(value[2])]
    return []


def _adjacent_word_runs(items: Items) -> bool:
    """Whether two unbounded runs of word characters follow each other with only word
    characters between them (a\\w*b\\w*c), so that they share the letters of one long word.
    A run closed by a space or a mark ("support\\w* of") is bounded by its word."""
    open_run = False
    for op, value in items:
        if op in _REPEATS:
            body = list(value[2])
            if _only_word_characters(body) and value[1] == _UNBOUNDED:
                if open_run:
                    return True
                open_run = True
                continue
            if _adjacent_word_runs(body):
                return True
            open_run = open_run and _only_word_characters(body)
        elif op is sre.LITERAL:
            open_run = open_run and bool(_WORD.match(chr(value)))
        elif op is sre.SUBPATTERN:
            if _adjacent_word_runs(list(value[3])):
                return True
            open_run = False
        elif op is sre.BRANCH:
            if any(_adjacent_word_runs(list(branch)) for branch in value[1]):
                return True
            open_run = False
        elif op is sre.IN:
            open_run = open_run and _only_word_characters([(op, value)])
        elif op not in _ZERO_WIDTH:
            open_run = False
    return False


def _count_unbounded(items: Items) -> int:
    count = 0
    for op, value in items:
        if op in _REPEATS:
            # A word-character run (\w*) stops at the next space: only other runs count.
            body = list(value[2])
            unbounded_other = value[1] == _UNBOUNDED and not _only_word_characters(body)
            count += unbounded_other + _count_unbounded(body)
        elif op is sre.SUBPATTERN:
            count += _count_unbounded(list(value[3]))
        elif op is sre.BRANCH:
            count += max((_count_unbounded(list(b)) for b in value[1]), default=0)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            count += _count_unbounded(list(value[1]))
        elif op is sre.ATOMIC_GROUP:
            count += _count_unbounded(list(value))
    return count


# Marks that join the parts of one word ("don't", "U.S.", "co-develop"): a run of word
# characters and these still stops at the next space.
_IN_WORD = "'’-.&/"


def _only_word_characters(items: Items) -> bool:
    """Whether every character the items can match is a word character (a letter, digit or
    underscore) or a mark inside words: such a repetition cannot run past the end of a word."""
    for op, value in items:
        if op is sre.LITERAL:
            if not (_WORD.match(chr(value)) or chr(value) in _IN_WORD):
                return False
        elif op is sre.IN:
            for kind, member in value:
                if kind is sre.LITERAL and (_WORD.match(chr(member)) or chr(member) in _IN_WORD):
                    continue
                if kind is sre.RANGE and _same_kind(*member):
                    continue
                if kind is sre.CATEGORY and member in (sre.CATEGORY_WORD, sre.CATEGORY_DIGIT):
                    continue
                return False
        elif op is sre.SUBPATTERN:
            if not _only_word_characters(list(value[3])):
                return False
        elif op is sre.BRANCH:
            if not all(_only_word_characters(list(branch)) for branch in value[1]):
                return False
        elif op in _REPEATS:
            if not _only_word_characters(list(value[2])):
                return False
        elif op not in _ZERO_WIDTH:
            return False
    return True


def _same_kind(low: int, high: int) -> bool:
    """A range of word characters only: letters or digits, not one spanning punctuation."""
    return any(
        first <= low and high <= last
        for first, last in ((ord("a"), ord("z")), (ord("A"), ord("Z")), (ord("0"), ord("9")))
    ) or (low > 0x7F and high > 0x7F and all(chr(c).isalnum() for c in range(low, high + 1)))


# What a piece of pattern can start with: a set of lowercased characters, or None for
# "anything" (a class too broad to compare).
First = set[str] | None


def _has_overlapping_branches(items: Items) -> bool:
    for op, value in items:
        if op is sre.BRANCH:
            branches = [list(branch) for branch in value[1]]
            firsts = [_first(branch) for branch in branches]
            if any(_nullable(branch) for branch in branches):
                return True
            for index, first in enumerate(firsts):
                for other in firsts[index + 1 :]:
                    if first is None or other is None or first & other:
                        return True
            if any(_has_overlapping_branches(branch) for branch in branches):
                return True
        elif op is sre.SUBPATTERN and _has_overlapping_branches(list(value[3])):
            return True
    return False


def _first(items: Items) -> First:
    found: set[str] = set()
    for op, value in items:
        here, nullable = _first_of(op, value)
        if here is None:
            return None
        found |= here
        if not nullable:
            break
    return found


def _first_of(op: Any, value: Any) -> tuple[First, bool]:
    if op is sre.LITERAL:
        return {chr(value).lower()}, False
    if op is sre.IN:
        found: set[str] = set()
        for kind, member in value:
            if kind is sre.LITERAL:
                found.add(chr(member).lower())
            elif kind is sre.RANGE and member[1] - member[0] < 256:
                found |= {chr(c).lower() for c in range(member[0], member[1] + 1)}
            else:
                return None, False
        return found, False
    if op is sre.SUBPATTERN:
        return _first(list(value[3])), _nullable(list(value[3]))
    if op is sre.ATOMIC_GROUP:
        return _first(list(value)), _nullable(list(value))
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in value[1]:
            first = _first(list(branch))
            if first is None:
                return None, False
            union |= first
        return union, any(_nullable(list(branch)) for branch in value[1])
    if op in _REPEATS:
        return _first(list(value[2])), value[0] == 0 or _nullable(list(value[2]))
    if op in _ZERO_WIDTH:
        return set(), True
    return None, False


def _nullable(items: Items) -> bool:
    return all(_first_of(op, value)[1] for op, value in items)
