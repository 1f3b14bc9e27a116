"""The I/O edge: finding proposal files, reading them within limits, and finding the rubric."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cooperation_scorer.errors import Problem, ProposalError, RubricError, UnreadableFile
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.load.rubric import parse_rubric
from cooperation_scorer.model.proposal import PROPOSAL_SUFFIXES, Proposal
from cooperation_scorer.model.rubric import LoadedRubric, Rubric

RUBRIC_FILE = "criteria.yaml"
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
MAX_RUBRIC_BYTES = 4 * 1024 * 1024
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
# A `rank --format json` of 1,000 proposals is about 9.5 MB; this leaves room for 50,000.
MAX_BASELINE_BYTES = 512 * 1024 * 1024


def packaged_rubric_bytes() -> bytes:
    return resources.files("cooperation_scorer").joinpath(RUBRIC_FILE).read_bytes()


def load_rubric(option: Path | None, cwd: Path) -> LoadedRubric:
    """`--criteria PATH`, else ./criteria.yaml, else the rubric shipped in the package."""
    if option is not None:
        return parse_rubric(_read_rubric(option), str(option))
    local = cwd / RUBRIC_FILE
    if local.is_file():
        return parse_rubric(_read_rubric(local), RUBRIC_FILE)
    return parse_rubric(packaged_rubric_bytes(), f"(packaged) {RUBRIC_FILE}")


def _read_rubric(path: Path) -> bytes:
    try:
        return read_regular(path, MAX_RUBRIC_BYTES)
    except UnreadableFile as error:
        raise RubricError(error.problems) from None


@dataclass(frozen=True)
class Discovery:
    """The proposal files found under the given paths, and what could not be searched."""

    files: list[Path]
    problems: list[Problem]


def discover(paths: list[Path]) -> Discovery:
    """Files as given, and directories searched recursively for proposal files, each once."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        if path.is_dir():
            for found in _walk(path, problems):
                add(found)
        elif path.exists():
            add(path)
        else:
            problems.append(
                Problem(str(path), None, None, "no such file or directory; check the path")
            )
    return Discovery(files, problems)


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def report(error: OSError) -> None:
        reason = error.strerror or str(error)
        problems.append(
            Problem(
                str(error.filename or root),
                None,
                None,
                f"cannot list: {reason}; check the folder's permissions",
            )
        )

    for folder, folders, names in os.walk(root, onerror=report, followlinks=True):
        try:
            here = Path(folder).stat()
        except OSError:
            continue
        if (here.st_dev, here.st_ino) in visited:
            folders[:] = []  # a symlink loop: this folder was already searched
            continue
        visited.add((here.st_dev, here.st_ino))
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.lower().endswith(PROPOSAL_SUFFIXES) and not name.startswith("."):
                found.append(Path(folder) / name)
    return found


def read_regular(path: Path, max_bytes: int, too_big: str = "shorten it") -> bytes:
    """The bytes of a regular file, never more than `max_bytes` of them read.

    A named pipe, socket or device is refused, never waited on: the file is checked before
    it is opened, opened without blocking, and checked again once open. A file over
    `max_bytes` is refused with `too_big` as the way to fix it."""

    def refuse(message: str) -> UnreadableFile:
        return UnreadableFile([Problem(str(path), None, None, message)])

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise refuse(_NOT_REGULAR)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise refuse(_NOT_REGULAR)  # replaced between the check and the opening
            data = stream.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise refuse(f"cannot read: {reason}; check the path and its permissions") from None
    if len(data) > max_bytes:
        raise refuse(f"the file is over {max_bytes} bytes; {too_big}")
    return data


_NOT_REGULAR = "not a regular file (a pipe, socket or device); point at a file on disk"


def read_limited(path: Path, max_bytes: int) -> bytes:
    """A proposal file's bytes, refusing one over `max_bytes` without reading it whole."""
    try:
        return read_regular(path, max_bytes, "shorten it or raise --max-bytes")
    except UnreadableFile as error:
        raise ProposalError(error.problems) from None


def load_proposal(path: Path, rubric: Rubric, max_bytes: int = DEFAULT_MAX_BYTES) -> Proposal:
    return parse_proposal(read_limited(path, max_bytes), str(path), rubric)
