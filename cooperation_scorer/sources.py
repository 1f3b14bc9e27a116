"""The I/O edge: finding proposal files, reading them within limits, and finding the rubric."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cooperation_scorer.errors import Problem, ProposalError, RubricError
from cooperation_scorer.proposal import PROPOSAL_SUFFIXES, Proposal, parse_proposal
from cooperation_scorer.rubric import LoadedRubric, Rubric, parse_rubric

RUBRIC_FILE = "criteria.yaml"
DEFAULT_MAX_BYTES = 4 * 1024 * 1024


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
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise RubricError(
            [Problem(str(path), None, None, f"cannot read the rubric: {reason}; check the path")]
        ) from None


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
            problems.append(Problem(str(path), None, None, "no such file or directory"))
    return Discovery(files, problems)


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def report(error: OSError) -> None:
        reason = error.strerror or str(error)
        problems.append(Problem(str(error.filename or root), None, None, f"cannot list: {reason}"))

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


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing one over `max_bytes` without reading it whole."""
    try:
        # Non-blocking, so that a named pipe or a device is refused instead of waited on.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise ProposalError(
                    [
                        Problem(
                            str(path),
                            None,
                            None,
                            "not a regular file (a pipe, socket or device); point at proposal "
                            "files only",
                        )
                    ]
                )
            data = stream.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProposalError([Problem(str(path), None, None, f"cannot read: {reason}")]) from None
    if len(data) > max_bytes:
        raise ProposalError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"the file is over {max_bytes} bytes; shorten it or raise --max-bytes",
                )
            ]
        )
    return data


def load_proposal(path: Path, rubric: Rubric, max_bytes: int = DEFAULT_MAX_BYTES) -> Proposal:
    return parse_proposal(read_limited(path, max_bytes), str(path), rubric)
