"""Reading facts a proposal leaves out from its text, with the rubric's phrase patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cooperation_scorer.model.rubric import FactInference, Negation

_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n\s*(?:[-*+>#]|\d+[.)])\s*"
)
_LIST_MARKER = re.compile(r"^(?:[-*+>#]+|\d+[.)])\s+")
_WORD = re.compile(r"[\w'’-]+")
# A full stop after these does not end the sentence ("the U.S. Department of Energy").
_ABBREVIATIONS = (
    "U.S.",
    "U.N.",
    "U.K.",
    "E.U.",
    "e.g.",
    "i.e.",
    "etc.",
    "Mr.",
    "Ms.",
    "Dr.",
    "St.",
    "No.",
    "vs.",
)


@dataclass(frozen=True)
class Match:
    """One phrase of the text that speaks to a fact."""

    rule_value: str
    value: str | None
    phrase: str
    sentence: str
    negated: bool


def sentences(text: str) -> list[str]:
    """The text cut into sentences and list items, each with its whitespace folded."""
    # Each sentence gathers its pieces in a list, joined once: a text cut after many
    # abbreviations stays linear, not quadratic.
    found: list[list[str]] = []
    for piece in _SENTENCE_END.split(text):
        folded = _LIST_MARKER.sub("", " ".join(piece.split()))
        if not folded:
            continue
        if found and found[-1][-1].endswith(_ABBREVIATIONS):
            found[-1].append(folded)
        else:
            found.append([folded])
    return [" ".join(pieces) for pieces in found]


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


def _cue_alternatives(cues: tuple[str, ...]) -> str:
    """The negation cues as regex alternatives; a cue like "n't" ends a word, the others are
    words."""
    parts = []
    for cue in cues:
        if cue.startswith("n'"):
            parts.append(rf"\w(?:{re.escape(cue)}|{re.escape(cue.replace(chr(39), '’'))})(?!\w)")
        else:
            parts.append(rf"(?<!\w){re.escape(cue)}(?!\w)")
    return "|".join(parts)


@cache
def _cues(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_cue_alternatives(cues), re.IGNORECASE)


# A list a negation carries across: "no intelligence, watch lists or classified data". Items
# are one to four words; they are separated by commas and joined by "or", "nor" or "and".
_JOINERS = ("or", "nor", "and")
_LIST_WORD = r"(?!(?:and|or|nor|but|while|so|yet|then|is|are|was|were|will)\b)[\w'’-]+"
_ITEM = rf"{_LIST_WORD}(?:\s+{_LIST_WORD}){{0,3}}"
_SEPARATOR = r"\s*,\s*(?:(?:or|nor|and)\s+)?|\s+(?:or|nor|and)\s+"
_REST_OF_LIST = re.compile(
    rf"^(?:\s+{_LIST_WORD}){{0,2}}((?:(?:{_SEPARATOR}){_ITEM}){{1,8}})", re.I
)


@cache
def _negated_list_head(cues: tuple[str, ...]) -> re.Pattern[str]:
    """A cue, then list items up to the item the match stands in."""
    return re.compile(
        rf"(?:{_cue_alternatives(cues)})\s+{_ITEM}((?:(?:{_SEPARATOR}){_ITEM}){{0,8}}(?:{_SEPARATOR}))"
        rf"(?:{_LIST_WORD}\s+)?$",
        re.IGNORECASE,
    )


def _joiners(listed: str) -> list[str]:
    """The joining words of list text; items never hold one, so they come from separators."""
    return [word for word in listed.lower().split() if word in _JOINERS]


def _in_negated_list(before: str, after: str, cues: tuple[str, ...]) -> bool:
    """Whether the match is an item of a list a cue stands before: three items or more with
    a joiner ("no weapons, missiles or military technology"), or two joined by "or"/"nor"."""
    head = _negated_list_head(cues).search(before)
    if head is None:
        return False
    rest = _REST_OF_LIST.match(after)
    listed = head.group(1) + (rest.group(1) if rest else "")
    separators = re.findall(_SEPARATOR, listed)
    joiners = _joiners(listed)
    if len(separators) >= 2:
        return bool(joiners)
    return bool(joiners) and joiners[0] in ("or", "nor")


def is_negated(before: str, after: str, negation: Negation) -> bool:
    """Whether a negation cue stands in the match's clause, close enough before it, or an
    after-cue ("... are excluded") close enough after it."""
    lowered = before.lower()
    cut = max(
        (lowered.rfind(mark) + len(mark) for mark in negation.clause_breaks if mark in lowered),
        default=0,
    )
    words_before = " ".join(_WORD.findall(before[cut:])[-negation.window :])
    if _cues(tuple(negation.cues)).search(words_before):
        return True
    if cut and _in_negated_list(before, after, tuple(negation.cues)):
        return True
    if not negation.after_cues:
        return False
    if _after_cue_in_clause(after, negation):
        return True
    # "launch vehicles, guidance systems and anything export-controlled are excluded"
    rest = _REST_OF_LIST.match(after)
    if rest is None or not _joiners(rest.group(1)):
        return False
    return _after_cue_in_clause(after[rest.end() :], negation)


def _after_cue_in_clause(after: str, negation: Negation) -> bool:
    lowered = after.lower()
    end = min(
        (lowered.find(mark) for mark in negation.clause_breaks if mark in lowered),
        default=len(after),
    )
    words_after = " ".join(_WORD.findall(after[:end])[: negation.window])
    return bool(_cues(tuple(negation.after_cues)).search(words_after))


def find_matches(cut: list[str], inference: FactInference, negation: Negation) -> list[Match]:
    """Every match in the sentences: by rule, then by pattern (strongest first), then by
    sentence. Where two patterns of one rule overlap, the one listed first is kept."""
    found: list[Match] = []
    # One pass with all the fact's patterns finds the few sentences worth a closer look.
    every = _any_of(tuple(p for rule in inference.rules for p in rule.patterns))
    cut = [sentence for sentence in cut if every.search(sentence.lower())]
    if not cut:
        return found
    for rule in inference.rules:
        hits = [
            (int(str(hit.lastgroup)[1:]), place, hit, sentence)
            for place, sentence in enumerate(cut)
            for hit in _rule_pattern(tuple(rule.patterns)).finditer(sentence)
        ]
        hits.sort(key=lambda item: (item[0], item[1], item[2].start()))
        for _, _, hit, sentence in hits:
            negated = is_negated(sentence[: hit.start()], sentence[hit.end() :], negation)
            found.append(
                Match(
                    rule_value=rule.value,
                    value=rule.if_negated if negated else rule.value,
                    phrase=hit.group(0),
                    sentence=sentence,
                    negated=negated,
                )
            )
    return found


def decide(matches: list[Match]) -> Match | None:
    """The match that decides a single-valued fact: the first plain one, else the first negated
    one that implies a value."""
    plain = next((match for match in matches if not match.negated), None)
    if plain is not None:
        return plain
    return next((match for match in matches if match.value is not None), None)
