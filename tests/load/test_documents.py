"""Reading YAML and JSON safely, with the line and column of every key and value."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cooperation_scorer.load.documents import (
    Document,
    DocumentError,
    Location,
    Position,
    parse_json,
    parse_yaml,
)

YAML_TEXT = """\
title: Water sensors
host_states:
  - Kazakhstan
  - Kyrgyzstan
budget: {amount: 5, currency: EUR}
"""

JSON_TEXT = """\
{
  "title": "Water sensors",
  "host_states": ["Kazakhstan", "Kyrgyzstan"],
  "budget": {"amount": 5}
}
"""


Parse = Callable[[str], Document]


def error_of(parse: Parse, text: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse(text)
    return caught.value


def where(error: DocumentError) -> tuple[int | None, int | None]:
    return (error.line, error.column)


@pytest.mark.parametrize(
    ("location", "of_key", "expected"),
    [
        (("title",), True, Position(1, 1)),
        (("title",), False, Position(1, 8)),
        (("host_states",), True, Position(2, 1)),
        (("host_states", 0), False, Position(3, 5)),
        (("host_states", 1), False, Position(4, 5)),
        (("budget", "currency"), True, Position(5, 21)),
        (("budget", "currency"), False, Position(5, 31)),
        # A place that does not exist falls back to its nearest enclosing value.
        (("budget", "missing"), False, Position(5, 9)),
        ((), False, Position(1, 1)),
    ],
)
def test_yaml_keeps_one_based_positions(
    location: Location, of_key: bool, expected: Position
) -> None:
    document = parse_yaml(YAML_TEXT)
    assert document.position(location, of_key=of_key) == expected


def test_yaml_reads_plain_data() -> None:
    assert parse_yaml(YAML_TEXT).data == {
        "title": "Water sensors",
        "host_states": ["Kazakhstan", "Kyrgyzstan"],
        "budget": {"amount": 5, "currency": "EUR"},
    }


def test_line_offset_shifts_every_line_but_not_columns() -> None:
    plain = parse_yaml(YAML_TEXT)
    shifted = parse_yaml(YAML_TEXT, line_offset=3)
    assert shifted.data == plain.data
    for location in (("title",), ("host_states", 1), ("budget", "currency")):
        before = plain.position(location, of_key=True)
        after = shifted.position(location, of_key=True)
        assert after == Position(before.line + 3, before.column)


def test_line_offset_applies_to_syntax_errors() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_yaml("a: 1\n b: 2\n", line_offset=1)
    assert where(caught.value) == (3, 3)


@pytest.mark.parametrize(
    ("location", "of_key", "expected"),
    [
        (("title",), True, Position(2, 3)),
        (("title",), False, Position(2, 12)),
        (("host_states", 1), False, Position(3, 33)),
        (("budget", "amount"), True, Position(4, 14)),
        (("budget", "amount"), False, Position(4, 24)),
    ],
)
def test_json_keeps_one_based_positions(
    location: Location, of_key: bool, expected: Position
) -> None:
    document = parse_json(JSON_TEXT)
    assert document.data["host_states"] == ["Kazakhstan", "Kyrgyzstan"]
    assert document.position(location, of_key=of_key) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "lead: Kazakhstan\ntitle: x\nlead: Russia\n",
            "duplicate key 'lead' (first on line 1, again on line 3); keep one of them",
        ),
        (
            "budget:\n  amount: 1\n  amount: 2\n",
            "duplicate key 'amount' (first on line 2, again on line 3); keep one of them",
        ),
    ],
)
def test_yaml_duplicate_key_names_the_key_and_both_lines(text: str, expected: str) -> None:
    assert error_of(parse_yaml, text).message == expected


def test_json_duplicate_key_names_the_key_and_both_lines() -> None:
    error = error_of(parse_json, '{\n  "lead": "Kazakhstan",\n  "lead": "Russia"\n}\n')
    assert where(error) == (3, 3)
    assert error.message == (
        "duplicate key 'lead' (first on line 2, again on line 3); keep one of them"
    )


@pytest.mark.parametrize(
    "template",
    [
        'title: !!python/object/apply:os.system ["touch {marker}"]\n',
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        'title: !!python/object/apply:subprocess.call [["touch", "{marker}"]]\n',
    ],
)
def test_python_tags_are_refused_and_nothing_runs(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "hacked"
    error = error_of(parse_yaml, template.format(marker=marker))
    assert not marker.exists()
    assert "is not allowed (nothing in a proposal is executed or constructed)" in error.message
    assert "python/object/apply" in error.message


@pytest.mark.parametrize(
    ("text", "tag", "column"),
    [
        ("title: !custom x\n", "!custom", 8),
        ("tags: !!set {a, b}\n", "!!set", 7),
        ("blob: !!binary aGVsbG8=\n", "!!binary", 7),
    ],
)
def test_unknown_tags_are_refused_at_their_place(text: str, tag: str, column: int) -> None:
    error = error_of(parse_yaml, text)
    assert where(error) == (1, column)
    assert error.message == (
        f"the tag '{tag}' is not allowed (nothing in a proposal is executed or constructed); "
        "remove the tag and write plain values"
    )


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    started = time.monotonic()
    error = error_of(parse_yaml, "\n".join(lines) + "\n")
    assert time.monotonic() - started < 2
    assert error.message == (
        "the document expands to more than 100000 values (aliases?); write the values out plainly"
    )


def test_deep_nesting_is_refused() -> None:
    error = error_of(parse_yaml, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert error.message == "the YAML nests deeper than 64 levels; flatten it"


@pytest.mark.parametrize("depth", [70, 5000])  # caught after parsing, and by the parser
def test_deep_json_is_placed_at_the_bracket_one_level_too_deep(depth: int) -> None:
    text = '{"a": "[[[[ not brackets", "b":\n ' + "[" * depth + "]" * depth + "}"
    error = error_of(parse_json, text)
    assert (where(error), error.message) == (
        (2, 65),
        "the JSON nests deeper than 64 levels; flatten it",
    )


def test_an_alias_with_no_anchor_says_how_to_fix_it() -> None:
    error = error_of(parse_yaml, "title: x\nlead: *who\n")
    assert (where(error), error.message) == (
        (2, 7),
        "the alias *who has no anchor before it; define &who earlier, or write the value out",
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "title: x\n host_states: [Kazakhstan]\n",
            2,
            13,
            "YAML syntax error: mapping values are not allowed in this context; "
            "fix the syntax at this place",
        ),
        (
            "title: x\nlead: @Kazakhstan\n",
            2,
            7,
            "YAML syntax error: found character that cannot start any token; "
            "fix the syntax at this place",
        ),
        (
            "title: x\n---\nlead: y\n",
            2,
            1,
            "the file holds more than one YAML document; keep one",
        ),
    ],
)
def test_yaml_syntax_error_carries_the_parsers_place(
    text: str, line: int, column: int, message: str
) -> None:
    error = error_of(parse_yaml, text)
    assert (where(error), error.message) == ((line, column), message)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('{\n  "title": "x",\n  "lead": \n}', 4, 1, "expecting value"),
        ('{\n  "title": "x"\n  "lead": "y"\n}', 3, 3, "expecting ',' delimiter"),
        ("", 1, 1, "expecting value"),
        ('{"title": "x', 1, 11, "unterminated string"),
    ],
)
def test_json_syntax_error_carries_line_and_column(
    text: str, line: int, column: int, message: str
) -> None:
    error = error_of(parse_json, text)
    assert where(error) == (line, column)
    assert error.message == f"JSON syntax error: {message}; fix the syntax here"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            '{"title": "x",\n  "lead":\n   NaN}',
            3,
            4,
            "NaN is not a JSON value; write a number or a quoted text",
        ),
        (
            '{"title": "NaN and Infinity",\n "lead": -Infinity}',
            2,
            10,
            "-Infinity is not a JSON value; write a number or a quoted text",
        ),
        (
            '{"title": "x",\n "lead": ' + "9" * 5000 + "}",
            2,
            10,
            "a number has more than 4300 digits; shorten it or quote it",
        ),
        ('{"title":\n "a\u0007b"}', 2, 4, "the control character U+0007 inside a text; remove it"),
        ('{"title": "a\tb"}', 1, 13, "a tab inside a text; write it as \\t"),
        (
            '{"title": "a\nb"}',
            1,
            13,
            "a line break inside a text; write it as \\n, or end the text with a quote",
        ),
        (
            '{"title":\n "a\\u001b[31mred"}',
            2,
            4,
            "the text holds the control character U+001B; remove it",
        ),
        (
            '{"a\\u0000": 1}',
            1,
            4,
            "the text holds the control character U+0000; remove it",
        ),
        ('{"title": "\\ud800"}', 1, 12, "the text holds the lone surrogate U+D800; remove it"),
        ('{"title": "\\uFFFE"}', 1, 12, "the text holds the non-character U+FFFE; remove it"),
        ('{"title": "a\u0085b"}', 1, 13, "the text holds the control character U+0085; remove it"),
        # Valid text before the fault that looks like it must not draw the place to itself:
        # an emoji as a surrogate pair, a backslash written before 'u0085', a quote escaped.
        (
            '{"a": "\\ud83d\\ude00 \\\\u0085 \\"\u0085",\n "b": "\\u0085"}',
            1,
            31,
            "the text holds the control character U+0085; remove it",
        ),
        (
            '{"a": "\\ud83d\\ude00 \\\\u0007",\n "b": "ok \\u0007"}',
            2,
            11,
            "the text holds the control character U+0007; remove it",
        ),
        (
            '{"title": "NaN, or : NaN", "lead": NaN}',
            1,
            36,
            "NaN is not a JSON value; write a number or a quoted text",
        ),
        pytest.param(
            '{"a": 0.'
            + "1" * 4400
            + ', \n "b": 1e'
            + "1" * 4400
            + ',\n "lead": -'
            + "9" * 4400
            + "}",
            3,
            10,
            "a number has more than 4300 digits; shorten it or quote it",
            id="long-fraction-and-exponent-before-a-long-number",
        ),
        pytest.param(
            '{"title": "' + "1" * 4400 + '", "lead": ' + "9" * 4400 + "}",
            1,
            4423,
            "a number has more than 4300 digits; shorten it or quote it",
            id="long-digits-in-a-text-before-a-long-number",
        ),
    ],
)
def test_json_values_no_output_can_carry_are_refused_at_their_place(
    text: str, line: int, column: int, message: str
) -> None:
    error = error_of(parse_json, text)
    assert (where(error), error.message) == ((line, column), message)


@pytest.mark.parametrize(
    ("text", "line", "column", "name"),
    [
        ('title: "bell \\a here"\n', 1, 8, "U+0007"),
        ('title: ok\nlead: "\\e[2J"\n', 2, 7, "U+001B"),
        ('"k\\x07": 1\n', 1, 1, "U+0007"),
        ('- "\\x9b"\n', 1, 3, "U+009B"),
    ],
)
def test_yaml_escapes_of_control_characters_are_refused(
    text: str, line: int, column: int, name: str
) -> None:
    error = error_of(parse_yaml, text)
    assert where(error) == (line, column)
    assert error.message == f"the text holds the control character {name}; remove it"


@pytest.mark.parametrize(
    ("parse", "text"),
    [(parse_json, '{"title": "a\\tb\\nc"}'), (parse_yaml, 'title: "a\\tb\\nc"\n')],
)
def test_tabs_and_line_breaks_stay_allowed(parse: Parse, text: str) -> None:
    assert parse(text).data == {"title": "a\tb\nc"}


def test_an_unreadable_long_value_is_quoted_short() -> None:
    error = error_of(parse_yaml, "n: !!int " + "9" * 5000 + "\n")
    assert error.message == f"cannot read the value '{'9' * 40}…'; quote it"


def test_problem_from_document_error_renders_path_line_column() -> None:
    error = error_of(parse_yaml, "title: x\nlead: @Kazakhstan\n")
    assert str(error.problem("p.yaml")) == (
        "p.yaml:2:7: YAML syntax error: found character that cannot start any token; "
        "fix the syntax at this place"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the document is empty; write the fields"),
        ("# only a comment\n", "the document is empty; write the fields"),
        ("? [a, b]\n: c\n", "a key must be a plain name; write `name: value`"),
        ("~: c\n", "a key must be a plain name; write `name: value`"),
    ],
)
def test_yaml_refuses_what_is_not_a_plain_mapping(text: str, expected: str) -> None:
    assert error_of(parse_yaml, text).message == expected


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_yaml, "start: 2024-05-01\nat: 2024-05-01T10:00:00Z\n"),
        (parse_json, '{"start": "2024-05-01", "at": "2024-05-01T10:00:00Z"}'),
    ],
)
def test_dates_stay_as_strings(parse: Parse, text: str) -> None:
    assert parse(text).data == {"start": "2024-05-01", "at": "2024-05-01T10:00:00Z"}


def test_yaml_aliases_to_small_values_still_work() -> None:
    assert parse_yaml("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_inside_a_text_does_not_shift_the_lines_after_it(
    separator: str,
) -> None:
    placed = parse_json('{\n "title": "a' + separator + 'b",\n "domain": "x"}')
    assert placed.values[("domain",)] == Position(3, 12)
    placed = parse_yaml(f'title: "a{separator}b"\ndomain: x\n')
    assert placed.values[("domain",)] == Position(2, 9)
    error = error_of(parse_yaml, f'title: "a{separator}b"\ndomain: [x\n')
    assert where(error) == (3, 1)
    # A next-line character is refused in a text, but may end a comment.
    error = error_of(parse_yaml, "title: x # a\x85\ndomain: [x, y\n")
    assert where(error) == (3, 1)
