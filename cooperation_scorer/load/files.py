"""The I/O edge: finding proposal files, reading them within limits, and finding the rubric."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cooperation_scorer.errors import Problem, ProposalError, RubricError, UnreadableFile
from cooperation_scorer.model.rubric import LoadedRubric, Rubric, RubricRef
from cooperation_scorer.vocabulary import PROPOSAL_SUFFIXES

if TYPE_CHECKING:
    from cooperation_scorer.model.proposal import Proposal

RUBRIC_FILE = "criteria.yaml"
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
MAX_RUBRIC_BYTES = 4 * 1024 * 1024
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
# A `rank --format json` of 1,000 proposals is about 9.5 MB; this leaves room for 50,000.
MAX_BASELINE_BYTES = 512 * 1024 * 1024


def packaged_rubric_bytes() -> bytes:
    return resources.files("cooperation_scorer").joinpath(RUBRIC_FILE).read_bytes()


def load_rubric(option: Path | None, cwd: Path, cache: Path | None = None) -> LoadedRubric:
    """`--criteria PATH`, else ./criteria.yaml, else the rubric shipped in the package. With
    a `cache` folder, a rubric an earlier run checked is read back without checking it
    again, and a newly checked one is kept there."""
    if option is not None:
        data, path = _read_rubric(option), str(option)
    elif (cwd / RUBRIC_FILE).is_file():
        data, path = _read_rubric(cwd / RUBRIC_FILE), RUBRIC_FILE
    else:
        data, path = packaged_rubric_bytes(), f"(packaged) {RUBRIC_FILE}"
    return rubric_from(data, path, cache)


def rubric_from(data: bytes, path: str, cache: Path | None = None) -> LoadedRubric:
    """The rubric in `data` (from `path`): checked, or read back from the `cache` folder."""
    from cooperation_scorer.load.cache import checked_rubric, keep_rubric

    rubric = None if cache is None else checked_rubric(cache, data)
    if rubric is not None:
        ref = RubricRef(rubric.name, rubric.version, hashlib.sha256(data).hexdigest(), path)
        return LoadedRubric(rubric, ref, data)
    from cooperation_scorer.load.rubric import parse_rubric  # only for a rubric to check

    loaded = parse_rubric(data, path)
    if cache is None:
        return loaded
    keep_rubric(cache, data, loaded.rubric)
    return loaded


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
    """Files as given, and directories searched recursively for proposal files, each once.

    A file is known by its device and inode, so that a file reached twice (through a link,
    or given twice) is read once; nothing here resolves a path, so a symlink loop or an
    over-long name is a problem of its own, not a crash. Hidden files and folders (a name
    starting with '.') are not searched, as git and most linters do: name one to read it."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int] | str] = set()  # devices and inodes; paths of broken links
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            if str(path.absolute()) not in seen:
                seen.add(str(path.absolute()))
                problems.append(Problem(str(path), None, None, _cannot_open(path, error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, (info.st_dev, info.st_ino), files, seen, problems)
        elif (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            files.append(path)
    return Discovery(files, problems)


def _walk(
    root: Path,
    identity: tuple[int, int],
    files: list[Path],
    seen: set[tuple[int, int] | str],
    problems: list[Problem],
) -> None:
    """Search `root` depth first, in name order, each folder once (links followed)."""
    visited = {identity}
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(folder, None, None, _cannot_list(error)))
            continue
        below: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()
                info = entry.stat() if is_folder else None
            except OSError as error:
                # A link that loops is no folder; one named like a proposal is read and
                # reported below, others are skipped like any file that is not a proposal.
                if error.errno != errno.ELOOP:
                    problems.append(Problem(entry.path, None, None, _cannot_list(error)))
                    continue
                info = None
            if info is not None:
                if (info.st_dev, info.st_ino) not in visited:  # else a link loop: searched
                    visited.add((info.st_dev, info.st_ino))
                    below.append(entry.path)
            elif entry.name.lower().endswith(PROPOSAL_SUFFIXES):
                key: tuple[int, int] | str
                try:
                    info = entry.stat()
                    key = (info.st_dev, info.st_ino)
                except OSError:  # a dangling link or a loop: reading it says which
                    key = str(Path(entry.path).absolute())
                if key not in seen:
                    seen.add(key)
                    files.append(Path(entry.path))
        folders.extend(reversed(below))


def _reason(error: OSError) -> str:
    """What went wrong, in words a user can act on."""
    if error.errno == errno.ELOOP:
        return "a symbolic link loop (a link that leads back to itself); fix or remove the link"
    if error.errno == errno.ENAMETOOLONG:
        return (
            "the name is too long for the file system (over 255 bytes in one part, or "
            "4096 in all); shorten it"
        )
    return error.strerror or str(error)


def _cannot_open(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        if os.path.lexists(path):
            return "a symbolic link to nothing (its target is gone); fix or remove the link"
        return "no such file or directory; check the path"
    if error.errno in (errno.ELOOP, errno.ENAMETOOLONG):
        return _reason(error)
    return f"cannot open: {_reason(error)}; check the path and its permissions"


def _cannot_list(error: OSError) -> str:
    if error.errno in (errno.ELOOP, errno.ENAMETOOLONG):
        return f"cannot list: {_reason(error)}"
    return f"cannot list: {_reason(error)}; check the folder's permissions"


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
        if error.errno in (errno.ELOOP, errno.ENAMETOOLONG):
            raise refuse(f"cannot read: {_reason(error)}") from None
        if error.errno == errno.ENOENT and os.path.lexists(path):
            raise refuse(_cannot_open(path, error)) from None
        raise refuse(f"cannot read: {_reason(error)}; check the path and its permissions") from None
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
    from cooperation_scorer.load.proposal import parse_proposal

    return parse_proposal(read_limited(path, max_bytes), str(path), rubric)
