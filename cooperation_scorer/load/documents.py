"""Safe YAML and JSON reading that keeps the line and column of every key and value."""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from cooperation_scorer.errors import Problem

# libyaml's composer is much faster; the pure-Python one is the same grammar.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# The tags a scalar may carry explicitly, the tags its text must resolve to on its own for
# the tag to fit, and what such a text is, in words.
_FITTING = {
    "tag:yaml.org,2002:int": ({"tag:yaml.org,2002:int"}, "a whole number"),
    "tag:yaml.org,2002:float": (
        {"tag:yaml.org,2002:float", "tag:yaml.org,2002:int"},
        "a number",
    ),
    "tag:yaml.org,2002:bool": ({"tag:yaml.org,2002:bool"}, "true or false"),
    "tag:yaml.org,2002:null": ({"tag:yaml.org,2002:null"}, "null (empty)"),
    "tag:yaml.org,2002:timestamp": ({"tag:yaml.org,2002:timestamp"}, "a date"),
}


def _unfitting(tag: str, value: str) -> str:
    name = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"the value {shown(value)} is not {_FITTING[tag][1]}, as its tag '{name}' says; "
        "remove the tag, or write the value the tag asks for"
    )


_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"

MAX_DEPTH = 64
MAX_NODES = 100_000
# Characters no text of a proposal may hold, even written as an escape: control characters
# (they would drive a terminal, and XML 1.0 cannot carry them), lone surrogates and
# non-characters (no UTF-8 output can carry them). Tab and the line breaks are fine.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SHOWN = 40  # characters of an unreadable value quoted in a message

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the file."""

    line: int
    column: int


@dataclass
class Document:
    """Plain data read from a file, with where each key and value stands in it."""

    data: Any
    values: dict[Location, Position] = field(default_factory=dict)
    keys: dict[Location, Position] = field(default_factory=dict)

    def position(self, location: Location, *, of_key: bool = False) -> Position:
        """Where `location` (a path of keys and indexes) is, or its nearest enclosing place."""
        table = self.keys if of_key else self.values
        for end in range(len(location), -1, -1):
            found = table.get(location[:end]) or self.values.get(location[:end])
            if found is not None:
                return found
        return Position(1, 1)


def forbidden_character(text: str) -> str | None:
    """How to name the first character `text` may not hold, e.g. 'the control character
    U+0007', or None."""
    found = _FORBIDDEN.search(text)
    return None if found is None else _character_name(found.group())


def check_plain_text(text: str, line_offset: int = 0) -> None:
    """Refuse a forbidden character in text read as it is (a Markdown body), at its place;
    `line_offset` is the number of lines before `text` in the file."""
    found = _FORBIDDEN.search(text)
    if found is not None:
        line, column = _line_and_column(text, found.start())
        raise DocumentError(
            line + line_offset, column, _forbidden_message(_character_name(found.group()))
        )


def _character_name(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "lone surrogate"
    elif code >= 0xFFFE:
        kind = "non-character"
    else:
        kind = "control character"
    return f"the {kind} U+{code:04X}"


def _forbidden_message(name: str) -> str:
    return f"the text holds {name}; remove it"


def shown(value: object) -> str:
    """A value as a message quotes it, cut after 40 characters: a text keeps its quotes."""
    if isinstance(value, str):
        return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")
    quoted = repr(value)
    return quoted if len(quoted) <= _SHOWN else quoted[:_SHOWN] + "…"


class DocumentError(Exception):
    """The text is not a document we can read; carries the problem at its place."""

    def __init__(self, line: int | None, column: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

    def problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.column, self.message)


class _Places:
    """Turns the parser's 0-based line and column into the file's 1-based ones.

    YAML also breaks lines at U+0085, U+2028 and U+2029, which editors show inside a line:
    when the text holds one, the parser's lines are mapped back to the editor's."""

    _EXTRA = re.compile("[\x85\u2028\u2029]")
    _YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
    _BREAK = re.compile("\r\n|[\n\r]")

    def __init__(self, text: str, line_offset: int) -> None:
        self.line_offset = line_offset
        self.yaml_starts: list[int] | None = None
        self.starts: list[int] = []
        if self._EXTRA.search(text):
            self.yaml_starts = [0, *(b.end() for b in self._YAML_BREAK.finditer(text))]
            self.starts = [0, *(b.end() for b in self._BREAK.finditer(text))]

    def __call__(self, line: int, column: int) -> Position:
        if self.yaml_starts is None or line >= len(self.yaml_starts):
            return Position(line + 1 + self.line_offset, column + 1)
        offset = self.yaml_starts[line] + column
        real = bisect.bisect_right(self.starts, offset) - 1
        return Position(real + 1 + self.line_offset, offset - self.starts[real] + 1)


def parse_yaml(text: str, *, line_offset: int = 0) -> Document:
    """Read one YAML document; tags that build objects, duplicate keys and bombs are refused.

    The document is built from the parser's event stream, not composed: libyaml's composer
    recurses and crashes on tens of thousands of nested brackets, its parser does not.
    """
    places = _Places(text, line_offset)
    builder = _Builder(places)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "the YAML cannot be read"
        if mark is None:
            raise DocumentError(None, None, f"YAML syntax error: {what}") from None
        where = places(mark.line, mark.column)
        if "nesting depth" in what:  # libyaml 0.2.5 stops at 1000 levels, before we do
            raise DocumentError(
                where.line,
                where.column,
                f"the YAML nests deeper than {MAX_DEPTH} levels; flatten it",
            ) from None
        raise DocumentError(
            where.line,
            where.column,
            f"YAML syntax error: {what}; fix the syntax at this place",
        ) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1 + line_offset
        column = error.position - (before.rfind("\n") + 1) + 1
        raise DocumentError(
            line,
            column,
            f"the character #x{error.character:04x} is not allowed in YAML; remove it",
        ) from None
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        raise DocumentError(None, None, f"YAML cannot be read: {reason}") from None
    if not builder.has_root:
        raise DocumentError(1 + line_offset, 1, "the document is empty; write the fields")
    return builder.document


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


class _ConstantError(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _ConstantError(name)


def _depth(data: Any) -> int:
    """How deeply lists and mappings nest, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep(text: str) -> DocumentError:
    """The JSON nests too deeply: placed at the bracket that opens one level too many."""
    message = f"the JSON nests deeper than {MAX_DEPTH} levels; flatten it"
    depth = 0
    for found in re.finditer(rf"{_JSON_STRING}|([\[{{])|([\]}}])", text):
        if found.group(1):
            depth += 1
            if depth > MAX_DEPTH:
                return DocumentError(*_line_and_column(text, found.start()), message)
        elif found.group(2):
            depth -= 1
    return DocumentError(None, None, message)  # pragma: no cover - the parser counted


def _strings(data: Any) -> Iterator[str]:
    """Every key and text value in the data, without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


# A JSON string token, or (group 1) the caller's pattern outside any string. In JSON that
# parses up to the place sought, every '"' outside a string opens one, so scanning left to
# right with this alternation never mistakes the inside of a string for the outside.
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'

# One character inside a JSON string as written: a surrogate pair's two escapes together,
# one escape, or one raw character.
_JSON_CHARACTER = (
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u[0-9a-fA-F]{4}|\\.|[^\\]"
)


def _place_outside_strings(
    text: str, pattern: str, wanted: Callable[[str], bool] = bool
) -> tuple[int | None, int | None]:
    """The line and column of the first match of `pattern` outside JSON strings that is
    `wanted`, if any."""
    for found in re.finditer(f"{_JSON_STRING}|({pattern})", text):
        if found.group(1) is not None and wanted(found.group(1)):
            return _line_and_column(text, found.start(1))
    return None, None


# A whole JSON number, so that the digits of a fraction or an exponent are never taken for
# an integer of their own; matched once each, in linear time.
_JSON_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _check_json_text(text: str, data: Any) -> None:
    """Refuse a forbidden character, raw or written as a \\u escape, where it is written."""
    if not any(_FORBIDDEN.search(value) for value in _strings(data)):
        return
    for token in re.finditer(_JSON_STRING, text):
        if not _FORBIDDEN.search(json.loads(token.group())):
            continue
        for piece in re.finditer(_JSON_CHARACTER, token.group()[1:-1]):
            found = _FORBIDDEN.search(json.loads(f'"{piece.group()}"'))
            if found is not None:
                message = _forbidden_message(_character_name(found.group()))
                offset = token.start() + 1 + piece.start()
                raise DocumentError(*_line_and_column(text, offset), message)
    raise AssertionError("a forbidden character outside every JSON string")  # pragma: no cover


_RAW_IN_STRING = {
    "\t": "a tab inside a text; write it as \\t",
    "\n": "a line break inside a text; write it as \\n, or end the text with a quote",
    "\r": "a line break inside a text; write it as \\n, or end the text with a quote",
}


def parse_json(text: str) -> Document:
    """Read JSON with the standard parser, then place its keys with the YAML composer."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except _DuplicateKeyError as error:
        parse_yaml(text)  # names the key and both lines where YAML can read the text
        raise DocumentError(None, None, f"duplicate key '{error}'; keep one of them") from None
    except json.JSONDecodeError as error:
        if error.msg.startswith("Invalid control character"):
            what = _RAW_IN_STRING.get(
                text[error.pos],
                f"{_character_name(text[error.pos])} inside a text; remove it",
            )
        else:
            reason = error.msg.removesuffix(" at").removesuffix(" starting")
            what = f"JSON syntax error: {reason[:1].lower()}{reason[1:]}; fix the syntax here"
        raise DocumentError(error.lineno, error.colno, what) from None
    except RecursionError:
        raise _too_deep(text) from None
    except _ConstantError as error:
        line, column = _place_outside_strings(text, re.escape(str(error)))
        raise DocumentError(
            line, column, f"{error} is not a JSON value; write a number or a quoted text"
        ) from None
    except ValueError:  # an integer too long to convert
        most = sys.get_int_max_str_digits()
        line, column = _place_outside_strings(
            text,
            _JSON_NUMBER,
            lambda number: number.lstrip("-").isdigit() and len(number.lstrip("-")) > most,
        )
        raise DocumentError(
            line, column, f"a number has more than {most} digits; shorten it or quote it"
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise _too_deep(text)
    _check_json_text(text, data)
    try:
        placed = parse_yaml(text)
    except DocumentError:
        # Valid JSON that YAML reads differently (tabs, odd escapes): keep the data, lose places.
        return Document(data=data)
    if placed.data != data:
        return Document(data=data)
    return placed


@dataclass
class _Frame:
    """A list or mapping being filled, where it stands, and the key awaiting its value."""

    container: list[Any] | dict[str, Any]
    location: Location
    anchor: str | None
    nodes_before: int
    key: str | None = None


class _Builder:
    """Turns parser events into plain data, recording places, depth and expanded size."""

    def __init__(self, places: _Places) -> None:
        self.document = Document(data=None)
        self.places = places
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0
        self.has_root = False
        self.constructor = yaml.constructor.SafeConstructor()
        self.resolver = yaml.resolver.Resolver()

    def place(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        if mark is None:  # pragma: no cover - the parser marks every event
            return self.places(0, 0)
        return self.places(mark.line, mark.column)

    def fail(self, event: yaml.Event, message: str) -> DocumentError:
        where = self.place(event)
        return DocumentError(where.line, where.column, message)

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event, "the file holds more than one YAML document; keep one")
        elif isinstance(event, yaml.ScalarEvent):
            if self.awaiting_key():
                self.key(event)
            else:
                self.attach(self.scalar(event), event, 1, event.anchor)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            self.open(event)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before)
        elif isinstance(event, yaml.AliasEvent):
            if self.awaiting_key():
                raise self.fail(event, "a key must be a plain name; write `name: value`")
            if event.anchor not in self.anchors:
                raise self.fail(
                    event,
                    (
                        f"the alias *{event.anchor} has no anchor before it; define "
                        f"&{event.anchor} earlier, or write the value out"
                    ),
                )
            value, size = self.anchors[event.anchor]
            self.attach(value, event, size, None)

    def awaiting_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].container, dict)
            and (self.stack[-1].key is None)
        )

    def count(self, event: yaml.Event, size: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self.fail(
                event,
                f"the document expands to more than {MAX_NODES} values (aliases?); "
                "write the values out plainly",
            )

    def open(self, event: yaml.SequenceStartEvent | yaml.MappingStartEvent) -> None:
        is_list = isinstance(event, yaml.SequenceStartEvent)
        if self.awaiting_key():
            raise self.fail(event, "a key must be a plain name; write `name: value`")
        if event.tag not in (None, "!", _SEQUENCE_TAG if is_list else _MAPPING_TAG):
            raise self.refuse_tag(event, event.tag)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"the YAML nests deeper than {MAX_DEPTH} levels; flatten it")
        container: list[Any] | dict[str, Any] = [] if is_list else {}
        location = self.attach(container, event, 1, None)
        self.stack.append(_Frame(container, location, event.anchor, self.nodes))

    def attach(self, value: Any, event: yaml.Event, size: int, anchor: str | None) -> Location:
        """Put a value in the open list or mapping (or make it the root); return its place."""
        self.count(event, size)
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.has_root = True
            self.document.data = value
            location: Location = ()
        else:
            frame = self.stack[-1]
            if isinstance(frame.container, list):
                location = (*frame.location, len(frame.container))
                frame.container.append(value)
            else:
                key = frame.key or ""
                location = (*frame.location, key)
                frame.container[key] = value
                frame.key = None
        self.document.values.setdefault(location, self.place(event))
        return location

    def key(self, event: yaml.ScalarEvent) -> None:
        frame = self.stack[-1]
        mapping = frame.container
        here = self.place(event)
        if event.tag not in (None, "!", "tag:yaml.org,2002:str") or (
            event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL")
        ):
            raise self.fail(event, "a key must be a plain name; write `name: value`")
        key = event.value
        self.check_text(event, key)
        location = (*frame.location, key)
        if key in mapping:
            first = self.document.keys[location].line
            raise DocumentError(
                here.line,
                here.column,
                f"duplicate key '{key}' (first on line {first}, again on line {here.line}); "
                "keep one of them",
            )
        self.document.keys[location] = here
        frame.key = key

    def check_text(self, event: yaml.ScalarEvent, text: str) -> None:
        name = forbidden_character(text)
        if name is not None:
            raise self.fail(event, _forbidden_message(name))

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        self.check_text(event, event.value)
        tag = event.tag
        if tag in (None, "!"):
            plain = event.implicit[0] and tag is None
            tag = self.resolver.resolve(  # type: ignore[no-untyped-call]
                yaml.ScalarNode, event.value, (plain, False)
            )
        elif tag in _FITTING:
            # An explicit tag is only believed when the text is what the tag says: PyYAML's
            # constructors index and look up the text unchecked (`!!int _` raises IndexError).
            written = self.resolver.resolve(  # type: ignore[no-untyped-call]
                yaml.ScalarNode, event.value, (True, False)
            )
            if written not in _FITTING[tag][0]:
                raise self.fail(event, _unfitting(tag, event.value))
        if tag not in _SCALAR_TAGS:
            raise self.refuse_tag(event, tag)
        if tag == "tag:yaml.org,2002:timestamp":
            return event.value  # dates stay as written: the data must stay JSON-like
        node = yaml.ScalarNode(tag, event.value)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (yaml.YAMLError, ArithmeticError, LookupError, ValueError, TypeError):
            raise self.fail(
                event, f"cannot read the value {shown(event.value)}; quote it"
            ) from None

    def refuse_tag(self, event: yaml.Event, tag: str | None) -> DocumentError:
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        return self.fail(
            event,
            f"the tag '{shown}' is not allowed (nothing in a proposal is executed "
            "or constructed); remove the tag and write plain values",
        )
