"""The configuration file: `[tool.cooperation-scorer]` in pyproject.toml, or
`.cooperation-scorer.toml`, found upward from the working directory as ruff finds its own.
Every key is checked here; a bad one is one line naming the file, the line and the key."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cooperation_scorer.errors import Problem, ScorerError, one_line
from cooperation_scorer.load.validation import suggestion

CONFIG_FILE = ".cooperation-scorer.toml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "cooperation-scorer")
MAX_CONFIG_BYTES = 1024 * 1024
MAX_PROPOSAL_BYTES = 1 << 30  # the most `max-bytes` may allow: a proposal is never a gigabyte

RANK_FORMATS = ("table", "json", "csv", "markdown", "junit", "github", "sarif")
FAIL_ON = ("conditional", "not-recommended", "blocked", "waived", "unused-waiver")
RANK_BY = ("score", "consensus")
SHA256 = re.compile(r"[0-9a-f]{64}")


class ConfigError(ScorerError):
    """The configuration file cannot be read, or holds a key or value that is not allowed."""


class _Wrong(Exception):
    """A value that does not fit its key: what is wrong, and how to fix it."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Wrong("must be non-empty text in quotes")
    return value


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            hint = suggestion(str(value), options)
            raise _Wrong(f"must be one of {', '.join(options)}, not {value!r}{hint}")
        return str(value)

    return check


def _choices(options: tuple[str, ...]) -> Callable[[Any], list[str]]:
    one = _choice(options)

    def check(value: Any) -> list[str]:
        values = value if isinstance(value, list) else [value]
        return [one(item) for item in values]

    return check


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Wrong(f"must be true or false, not {value!r}")
    return value


def _number(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Wrong(f"must be a number from {low:g} to {high:g}, not {value!r}")
        if not low <= value <= high:  # NaN fails this too
            raise _Wrong(f"must be a number from {low:g} to {high:g}, not {value!r}")
        return float(value)

    return check


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Wrong(f"must be a whole number from {low} to {high}, not {value!r}")
        return value

    return check


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _Wrong('must be a list of text, like ["a", "b"]')
    return [_text(item) for item in value]


def _sha256(value: Any) -> str:
    text = _text(value).strip().lower()
    if not SHA256.fullmatch(text):
        raise _Wrong("must be the 64 hex digits of a sha256; `rank --show-settings` prints it")
    return text


def _reports(value: Any) -> list[str]:
    reports = _texts(value)
    for report in reports:
        name = report.split("=", 1)[0]
        if name not in RANK_FORMATS:
            raise _Wrong(
                f"'{report}' must be FORMAT=PATH with FORMAT one of {', '.join(RANK_FORMATS)}"
                f"{suggestion(name, RANK_FORMATS)}"
            )
    return reports


# Each key, what checks its value, and whether it holds paths (relative to the file's folder).
KEYS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "paths": (_texts, True),
    "criteria": (_text, True),
    "require-rubric": (_sha256, False),
    "format": (_choice(RANK_FORMATS), False),
    "output": (_text, True),
    "reports": (_reports, True),
    "fail-under": (_number(0, 100), False),
    "fail-on": (_choices(FAIL_ON), False),
    "fail-on-regression": (_bool, False),
    "baseline": (_text, True),
    "no-waivers": (_bool, False),
    "waivable-gates": (_texts, False),
    "by": (_choice(RANK_BY), False),
    "perspective": (_text, False),
    "jobs": (_whole(0, 1024), False),
    "max-bytes": (_whole(1, MAX_PROPOSAL_BYTES), False),
}


@dataclass(frozen=True)
class Config:
    """The settings a configuration file holds, each with the line it is on."""

    path: Path | None  # None: no file found, or --isolated
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """Where a key's value came from, as `path:line`."""
        return f"{self.label}:{self.lines.get(key, 1)}"

    @property
    def label(self) -> str:
        if self.path is None:
            return ""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive, on Windows
            return str(self.path)


def _key_lines(text: str, in_pyproject: bool) -> dict[str, int]:
    """The line each key of our table is on (tomllib gives no positions)."""
    lines: dict[str, int] = {}
    inside = not in_pyproject
    header = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?cooperation-scorer[\"']?\s*\]\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = in_pyproject and bool(header.match(line))
            continue
        found = re.match(r"""^\s*["']?([A-Za-z0-9_-]+)["']?\s*=""", line)
        if inside and found:
            lines.setdefault(found.group(1), number)
    return lines


def _problem(path: Path, line: int | None, message: str) -> ConfigError:
    label = os.path.relpath(path) if path.is_absolute() else str(path)
    return ConfigError([Problem(label, line, 1 if line else None, one_line(message))])


def parse_config(data: bytes, path: Path) -> Config:
    """The settings in `data`, read from `path`: a pyproject.toml's
    `[tool.cooperation-scorer]`, or a whole .cooperation-scorer.toml."""
    in_pyproject = path.name == PYPROJECT
    try:
        text = data.decode("utf-8-sig")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise _problem(path, None, "not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line = int(found.group(1)) if found else None
        raise _problem(path, line, f"TOML syntax error: {message}; fix the syntax") from None
    table: Any = document
    if in_pyproject:
        tool = document.get("tool", {})
        table = tool.get("cooperation-scorer", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise _problem(path, None, "[tool.cooperation-scorer] must be a table of settings")
    lines = _key_lines(text, in_pyproject)
    where = "[tool.cooperation-scorer]" if in_pyproject else "the file"
    values: dict[str, Any] = {}
    for key, raw in table.items():
        line = lines.get(key)
        if key not in KEYS:
            raise _problem(
                path,
                line,
                f"unknown key '{key}' in {where}{suggestion(key, KEYS)}; "
                f"the keys are {', '.join(KEYS)}",
            )
        check, holds_paths = KEYS[key]
        try:
            value = check(raw)
        except _Wrong as wrong:
            raise _problem(path, line, f"'{key}' {wrong}") from None
        if holds_paths:
            value = _relative_to(path.parent, value, key)
        values[key] = value
    return Config(path, values, {key: lines.get(key, 1) for key in values})


def _relative_to(folder: Path, value: Any, key: str) -> Any:
    """Paths in the file are relative to its folder; given back relative to the working
    directory when they are inside it, so reports name files as a user would."""
    if isinstance(value, list):
        return [_relative_to(folder, item, key) for item in value]
    if key == "reports":
        name, _, target = value.partition("=")
        return f"{name}={_relative_to(folder, target, 'output')}" if target else value
    if value == "-":
        return value
    full = folder / value
    try:
        return os.path.relpath(full)
    except ValueError:
        return str(full)


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has our table (a cheap look before a full parse)."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return (
        re.search(r"^\s*\[\s*tool\s*\.\s*[\"']?cooperation-scorer[\"']?\s*[\].]", text, re.M)
        is not None
    )


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from `start` upward: in each folder
    .cooperation-scorer.toml first, then a pyproject.toml with [tool.cooperation-scorer]."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own
        project = folder / PYPROJECT
        if project.is_file() and _has_table(project):
            return project
    return None


def load_config(explicit: Path | None, cwd: Path, *, isolated: bool = False) -> Config:
    """`--config PATH`, else the nearest file upward from `cwd`; none with `--isolated`."""
    if isolated:
        return Config(None)
    path = explicit if explicit is not None else find_config(cwd)
    if path is None:
        return Config(None)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _problem(path, None, f"cannot read it: {reason}; check the path") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise _problem(path, None, f"over {MAX_CONFIG_BYTES} bytes; not a configuration file")
    return parse_config(data, path.absolute() if explicit is None else path)
