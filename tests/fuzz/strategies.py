"""Hypothesis strategies for hostile inputs, and the settings profiles the fuzz suite runs.

Profiles: `ci` (the default: few examples, derandomized, so CI is quick and repeatable) and
`thorough` (thousands of examples), chosen with COOPERATION_SCORER_FUZZ=thorough."""

from __future__ import annotations

import json
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.conftest import IDEAL, RUBRIC_PATH

settings.register_profile(
    "fuzz-ci",
    max_examples=100,
    deadline=None,  # time is checked by the tests themselves, against their own bounds
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz-thorough",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("COOPERATION_SCORER_FUZZ", "ci")
if PROFILE not in ("ci", "thorough"):
    raise ValueError(f"COOPERATION_SCORER_FUZZ={PROFILE!r}: use ci or thorough")
FUZZ = settings(settings.get_profile(f"fuzz-{PROFILE}"))
# An example may take this long at most, however hostile (the bound is 10 s).
BOUND_SECONDS = 5.0

RUBRIC_TEXT = RUBRIC_PATH.read_text(encoding="utf-8")

# Scalars as YAML writes them, tags included: the hostile part is how they are written.
_TAGS = [
    "",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!str ",
    "!!timestamp ",
    "!!binary ",
    "!!python/object:os.system ",
    "!!set ",
    "!!map ",
    "!!seq ",
    "! ",
    "!local ",
]
_WORDS = [
    "_",
    "''",
    '""',
    "~",
    "1",
    "-1",
    "0x_",
    "0o9",
    "1e308",
    "1.0e+308",
    ".inf",
    "-.inf",
    ".nan",
    "true",
    "yes",
    "off",
    "space",
    "2020-01-01",
    "[1]",
    "{a: 1}",
    "&a x",
    "*a",
    "1_000",
    "0b1",
    "12:30",
    "---",
    "...",
    "|",
    ">",
    "'\\x1b'",
    '"\\x1b[31m"',
    '"\\u202e"',
    '"\\ud800"',
    '"\\u0085"',
    "Kazakhstan",
    "United States",
    "Russia",
]
yaml_scalars = st.builds(
    lambda tag, word: tag + word,
    st.sampled_from(_TAGS),
    st.sampled_from(_WORDS) | st.text(max_size=12),
)

plain_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


def _ideal_lines() -> list[str]:
    return yaml.safe_dump(IDEAL, sort_keys=False, allow_unicode=True).splitlines()


@st.composite
def proposal_texts(draw: st.DrawFn) -> str:
    """A valid proposal with some lines replaced by `key: <hostile scalar>`, or mangled."""
    lines = _ideal_lines()
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        key = lines[index].split(":", 1)[0] if ":" in lines[index] else "title"
        lines[index] = f"{key}: {draw(yaml_scalars)}"
    if draw(st.booleans()):
        waiver_gate = draw(st.sampled_from(["no-dual-use", "host-takes-part", "nope", "!!int _"]))
        reason = draw(st.sampled_from([".", "x", "\\u200b", "Licensed by all three.", "!!null"]))
        lines.append(f'waivers: [{{gate: {waiver_gate}, reason: "{reason}"}}]')
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=8)) + text[cut:]
    return text


@st.composite
def rubric_texts(draw: st.DrawFn) -> str:
    """The packaged rubric with a few values replaced by hostile ones."""
    lines = RUBRIC_TEXT.splitlines()
    candidates = [
        i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")
    ]
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.sampled_from(candidates))
        key = lines[index].split(": ", 1)[0]
        lines[index] = f"{key}: {draw(yaml_scalars)}"
    patterns = [i for i, line in enumerate(lines) if line.strip().startswith("- ") and "\\" in line]
    if draw(st.booleans()) and patterns:
        index = draw(st.sampled_from(patterns))
        indent = lines[index].split("-", 1)[0]
        hostile = draw(
            st.sampled_from(
                [
                    "(?i)nato",
                    "(?P<x>a)",
                    "(a)\\1",
                    "(\\w+\\s?)+zzz",
                    "(a|ab)+c",
                    ".*x",
                    "NATO",
                    "x?",
                    "[",
                    "(?<=a+)b",
                    "(?:x{0,9}){0,9}y",
                    "a\\w*b\\w*c",
                    "\\s+x",
                ]
            )
        )
        lines[index] = f"{indent}- '{hostile}'"
    return "\n".join(lines) + "\n"


def _baseline(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"tool": {"name": "cooperation-scorer"}, "results": results}


baseline_results = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.text(max_size=10),
            "title": st.text(max_size=10),
            "score": st.one_of(st.floats(), st.integers(), st.booleans(), st.text(max_size=4)),
            "rank": st.one_of(st.integers(), st.floats(), st.booleans(), st.none()),
            "verdict": st.sampled_from(["recommended", "conditional", "blocked", "nope", ""]),
        },
        optional={"file": st.text(max_size=10)},
    ),
    max_size=4,
)


@st.composite
def baseline_bytes(draw: st.DrawFn) -> bytes:
    data: Any = _baseline(draw(baseline_results))
    if draw(st.booleans()):
        data = draw(plain_values)
    text = json.dumps(data, allow_nan=True)
    if draw(st.booleans()):
        text = text.replace("1", draw(st.sampled_from(["NaN", "Infinity", "1e999", "9" * 5000])), 1)
    return text.encode()


# File names as a file system may hold them: any character but '/' and NUL, at most 255
# bytes, with a proposal suffix.
file_names = st.builds(
    lambda stem, suffix: stem + suffix,
    st.text(
        st.characters(blacklist_characters="/\x00", codec="utf-8"),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s not in (".", "..")),
    st.sampled_from([".yaml", ".yml", ".json", ".md"]),
).filter(lambda name: len(name.encode()) <= 255)
