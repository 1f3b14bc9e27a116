"""Any bytes as a configuration file give settings or one ConfigError line, never another
exception (the fuzz suite's invariant, for the configuration file)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cooperation_scorer.load.config import KEYS, ConfigError, parse_config

_VALUES = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=20).map(lambda t: '"' + t.replace("\\", "").replace('"', "") + '"'),
    st.lists(st.sampled_from(['"blocked"', '"x"', "1", "true", '"junit=a.xml"']), max_size=3).map(
        lambda items: "[" + ", ".join(items) + "]"
    ),
).map(lambda value: str(value).lower() if isinstance(value, bool) else value)
_KEYS = st.one_of(st.sampled_from(sorted(KEYS)), st.text(min_size=1, max_size=12))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=6), st.booleans())
def test_any_toml_gives_settings_or_one_line(pairs: list[tuple[str, str]], pyproject: bool) -> None:
    body = "".join(f'"{key.replace(chr(34), "")}" = {value}\n' for key, value in pairs)
    text = ("[tool.cooperation-scorer]\n" + body) if pyproject else body
    name = "pyproject.toml" if pyproject else ".cooperation-scorer.toml"
    try:
        config = parse_config(text.encode("utf-8", "surrogatepass"), Path(name))
    except ConfigError as error:
        problems = error.problems
    else:
        assert set(config.values) <= set(KEYS)
        return
    (problem,) = problems
    assert "\n" not in str(problem)
    assert str(problem).startswith(name)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_settings_or_one_line(data: bytes) -> None:
    problems = []
    try:
        parse_config(data, Path(".cooperation-scorer.toml"))
    except ConfigError as error:
        problems = error.problems
    assert len(problems) <= 1
