"""Safe YAML and JSON reading that keeps the line and column of every key and value."""

from __future__ import annotations

import json
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
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"

MAX_DEPTH = 64
MAX_NODES = 100_000

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


class DocumentError(Exception):
    """The text is not a document we can read; carries the problem at its place."""

    def __init__(self, line: int | None, column: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

    def problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.column, self.message)


def parse_yaml(text: str, *, line_offset: int = 0) -> Document:
    """Read one YAML document; tags that build objects, duplicate keys and bombs are refused."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "the YAML cannot be read"
        if mark is None:
            raise DocumentError(None, None, f"YAML syntax error: {what}") from None
        raise DocumentError(
            mark.line + 1 + line_offset,
            mark.column + 1,
            f"YAML syntax error: {what}; fix the syntax at this place",
        ) from None
    except yaml.YAMLError as error:
        raise DocumentError(None, None, f"YAML cannot be read: {error}") from None
    except RecursionError:
        raise DocumentError(
            None, None, f"the YAML nests too deeply; keep it under {MAX_DEPTH} levels"
        ) from None
    if node is None:
        raise DocumentError(1 + line_offset, 1, "the document is empty; write the fields")
    document = Document(data=None)
    builder = _Builder(document, line_offset)
    document.data = builder.build(node, (), 0)
    return document


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(name)


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


def parse_json(text: str) -> Document:
    """Read JSON with the standard parser, then place its keys with the YAML composer."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except _DuplicateKeyError as error:
        parse_yaml(text)  # names the key and both lines where YAML can read the text
        raise DocumentError(None, None, f"duplicate key '{error}'; keep one of them") from None
    except json.JSONDecodeError as error:
        raise DocumentError(
            error.lineno, error.colno, f"JSON syntax error: {error.msg}; fix the syntax here"
        ) from None
    except RecursionError:
        raise DocumentError(
            None, None, f"the JSON nests too deeply; keep it under {MAX_DEPTH} levels"
        ) from None
    except ValueError as error:
        raise DocumentError(
            None, None, f"{error} is not a JSON value; write a number or a quoted text"
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise DocumentError(
            None, None, f"the JSON nests deeper than {MAX_DEPTH} levels; flatten it"
        )
    try:
        placed = parse_yaml(text)
    except DocumentError:
        # Valid JSON that YAML reads differently (tabs, odd escapes): keep the data, lose places.
        return Document(data=data)
    if placed.data != data:
        return Document(data=data)
    return placed


class _Builder:
    """Turns composed YAML nodes into plain data, recording places and counting nodes."""

    def __init__(self, document: Document, line_offset: int) -> None:
        self.document = document
        self.line_offset = line_offset
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def place(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(mark.line + 1 + self.line_offset, mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> DocumentError:
        where = self.place(node)
        return DocumentError(where.line, where.column, message)

    def build(self, node: yaml.Node, location: Location, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"the document expands to more than {MAX_NODES} values (aliases?); "
                "write the values out plainly",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the YAML nests deeper than {MAX_DEPTH} levels; flatten it")
        self.document.values.setdefault(location, self.place(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQUENCE_TAG:
                raise self.refuse_tag(node)
            return [
                self.build(item, (*location, index), depth + 1)
                for index, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAPPING_TAG:
                raise self.refuse_tag(node)
            return self.mapping(node, location, depth)
        raise self.refuse_tag(node)  # pragma: no cover - composer yields only the three kinds

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse_tag(node)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay as written: the data must stay JSON-like
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            raise self.fail(node, f"cannot read the value {node.value!r}; quote it") from None

    def mapping(self, node: yaml.MappingNode, location: Location, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:null"
            ):
                raise self.fail(key_node, "a key must be a plain name; write `name: value`")
            key = str(key_node.value)
            here = self.place(key_node)
            if key in result:
                raise DocumentError(
                    here.line,
                    here.column,
                    f"duplicate key '{key}' (first on line {first_line[key]}, again on line "
                    f"{here.line}); keep one of them",
                )
            first_line[key] = here.line
            self.document.keys[(*location, key)] = here
            result[key] = self.build(value_node, (*location, key), depth + 1)
        return result

    def refuse_tag(self, node: yaml.Node) -> DocumentError:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return self.fail(
            node,
            f"the tag '{tag}' is not allowed (nothing in a proposal is executed "
            "or constructed); remove the tag and write plain values",
        )
