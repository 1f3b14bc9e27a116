"""Rubric numbers are finite real numbers in range; patterns combine and run in linear time;
waivers say why in words, and gates the paper allows no exception for cannot be waived."""

from __future__ import annotations

import json
import math
import re
import time

import pytest

from cooperation_scorer.errors import ProposalError, RubricError
from cooperation_scorer.load.pattern_safety import pattern_problem
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from tests.conftest import IDEAL, RUBRIC_PATH, build_proposal

SOURCE = RUBRIC_PATH.read_text(encoding="utf-8")
# The first criterion's weight line, whatever the rubric's version makes it.
_FOUND = re.search(r"^    weight: \d+\n", SOURCE, re.M)
assert _FOUND is not None
WEIGHT = _FOUND.group(0)
WEIGHT_LINE = SOURCE[: _FOUND.start()].count("\n") + 1


def refusal(old: str, new: str) -> str:
    """The one line a rubric with `old` replaced by `new` is refused with."""
    assert old in SOURCE
    with pytest.raises(RubricError) as caught:
        parse_rubric(SOURCE.replace(old, new, 1).encode(), "criteria.yaml")
    return str(caught.value.problems[0])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (".inf", "'criteria[0].weight' must be a finite number, not inf; write a number"),
        (".nan", "'criteria[0].weight' must be a finite number, not nan; write a number"),
        ("1.0e+308", "'criteria[0].weight' is 1e+308: input should be less than or equal to 1000"),
        ("1e308", "'criteria[0].weight' must be a number, not the text '1e308' (YAML reads"),
        ("true", "'criteria[0].weight' must be a number, not true; write one unquoted"),
        ('"18"', "'criteria[0].weight' must be a number, not the text '18' (YAML reads"),
        ("0", "'criteria[0].weight' is 0: input should be greater than 0"),
    ],
)
def test_a_weight_must_be_a_finite_real_number_in_range(written: str, message: str) -> None:
    line = refusal(WEIGHT, f"    weight: {written}\n")
    assert line.startswith(f"criteria.yaml:{WEIGHT_LINE}:13: rubric: {message}")
    assert "not a number" not in line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("value: 4", "value: 2.5", "must be a whole number, not a number 2.5; write one unquoted"),
        ("value: 4", "value: true", "must be a whole number, not true; write one unquoted"),
        ("min_score: 0\n", "min_score: .inf\n", "must be a finite number, not inf"),
        ("window: ", "window: !!float ", "must be a whole number"),
    ],
)
def test_levels_bands_and_windows_take_real_numbers_only(old: str, new: str, message: str) -> None:
    assert message in refusal(old, new)


def test_scores_are_finite_whatever_the_valid_weights(rubric: Rubric) -> None:
    heavy = parse_rubric(
        SOURCE.replace(WEIGHT, "    weight: 1000\n").encode(), "criteria.yaml"
    ).rubric
    for each in (rubric, heavy):
        result = assess(build_proposal(each), each)
        assert math.isfinite(result.score)
        assert all(math.isfinite(c.points) for c in result.criteria)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(?i)nato", "sets flags with (?…); remove them"),
        ("(?i:nato)", "sets flags with (?…:…); remove them"),
        ("(?P<x>nato)", "names a group (?P<…>); write (?:…) instead"),
        ("(nato) \\1", "refers back to a group"),
        ("(\\w+\\s?)+zzz", "repeats a repetition, as (\\w+ )+ does"),
        ("(?:a|ab)+c", "repeats alternatives that can match the same text"),
        ("nato.*treaty", "repeats without bound something that is not a letter or digit"),
        ("nato\\s+treaty", "repeats without bound something that is not a letter or digit"),
        ("a\\w*b\\w*c", "holds more than one unbounded repetition"),
        ("NATO", "holds the capital letter 'N'; write patterns in lower case"),
        ("x?", "matches empty text"),
        ("a?" * 14 + "a" * 14, "can match a place in more than 10000 ways"),
        ("\\w{0,100}\\w{0,100}x", "can match a place in more than 10000 ways"),
        ("x.{0,100}", "repeats up to 100 times something that is not a letter or digit"),
        ("x\\w{0,500}", "repeats up to 500 times; keep a bound at 100 or below"),
        ("democra(\\w*", "is not a valid regular expression (missing ), unterminated"),
    ],
)
def test_unsafe_or_uncombinable_patterns_are_refused_when_the_rubric_loads(
    pattern: str, message: str
) -> None:
    problem = pattern_problem(pattern)
    assert problem is not None
    assert problem.startswith(message), problem
    target = "            - democra\\w*\n"
    at = SOURCE[: SOURCE.index(target)].count("\n") + 1
    line = refusal(target, f"            - '{pattern}'\n")
    assert line.startswith(f"criteria.yaml:{at}:15: rubric: the pattern "), line
    assert message in line


@pytest.mark.parametrize(
    "pattern",
    [
        "democra\\w*",
        "(?:mixed|both) (?:technical and political|political and technical)",
        "(?<!artificial )intelligence",
        "multi-?billion",
        "high[- ]level (?:event|ceremony)",
        "(?:joint|shared)+ work",
        "x\\w{0,40}y",
    ],
)
def test_safe_patterns_load(pattern: str) -> None:
    assert pattern_problem(pattern) is None


def _fastest_searches(pattern: re.Pattern[str], small: str, large: str) -> tuple[float, float]:
    """The fastest of seven searches of each text, taken in turns, in this thread's CPU
    time: both sizes see the same machine, however busy."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(7):
        for text, found in ((small, times[0]), (large, times[1])):
            start = time.thread_time()
            pattern.search(text)
            found.append(time.thread_time() - start)
    return min(times[0]), min(times[1])


def test_every_pattern_of_the_packaged_rubric_is_safe_and_linear(rubric: Rubric) -> None:
    hostile = ["a", "a-", " ", "ab ", "no ", "launch "]
    for inference in rubric.inference.facts.values():
        for rule in inference.rules:
            for pattern in rule.patterns:
                assert pattern_problem(pattern) is None, pattern
            groups = "|".join(f"(?:{pattern})" for pattern in rule.patterns)
            compiled = re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)
            for unit in hostile:
                text = unit * (20_000 // len(unit))
                small, large = _fastest_searches(compiled, text, text * 2)
                # A backtracking pattern takes seconds here: 5 ms of slack hides none.
                assert large <= 2.5 * small + 0.005, (rule.patterns, unit, small, large)


def _with_waiver(rubric: Rubric, gate: str, reason: str, **changes: object) -> str:
    waiver = f"waivers: [{{gate: {gate}, reason: {json.dumps(reason)}}}]\n"
    fields = "".join(f"{key}: {value!r}\n" for key, value in {**IDEAL, **changes}.items())
    fields = fields.replace("False", "false").replace("True", "true")
    with pytest.raises(ProposalError) as caught:
        parse_proposal((fields + waiver).encode(), "p.yaml", rubric)
    return str(caught.value.problems[0])


@pytest.mark.parametrize("reason", [".", "x", "\u200b", "\u00a0\u00a0", "!!", "n/a", "-- --"])
def test_a_waiver_reason_must_say_why_in_words(rubric: Rubric, reason: str) -> None:
    line = _with_waiver(rubric, "host-takes-part", reason)
    assert line.startswith("p.yaml:13:"), line
    assert "'waivers[0].reason'" in line
    assert "write why the gate is failed on purpose, in at least two words" in line or (
        "is blank" in line
    )


def test_a_reason_in_words_is_accepted(rubric: Rubric) -> None:
    for reason in ("Licensed detectors.", "Радиационные детекторы", "许可的探测器"):
        build_proposal(rubric, waivers=[{"gate": "host-takes-part", "reason": reason}])


@pytest.mark.parametrize("gate", ["no-operational-intelligence", "no-dual-use"])
def test_the_gates_the_paper_allows_no_exception_for_cannot_be_waived(
    rubric: Rubric, gate: str
) -> None:
    assert not rubric.gate(gate).waivable
    line = _with_waiver(rubric, gate, "Licensed by all three.", dual_use=True)
    assert line == (
        f"p.yaml:13:18: the gate '{gate}' cannot be waived (the rubric marks it `waivable: "
        "false`: the paper allows no exception); remove the waiver and change the proposal"
    )


def test_a_non_waivable_gate_blocks_even_a_hand_built_waiver(
    rubric: Rubric, lenient_rubric: Rubric
) -> None:
    waiver = [{"gate": "no-dual-use", "reason": "Licensed by all three."}]
    proposal = build_proposal(lenient_rubric, dual_use=True, waivers=waiver)
    assert assess(proposal, lenient_rubric).waived_gates
    assert not assess(proposal, rubric).waived_gates
    assert assess(proposal, rubric).failed_gates
