"""Writing a report: to standard output in slices, or to a file atomically, never half-done."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import typer

from cooperation_scorer.cli.common import fatal, say
from cooperation_scorer.errors import one_line
from cooperation_scorer.render import Report

CHUNK = 1 << 20  # characters written to standard output at a time
FORCE_IT = "pass --force to replace it"  # the fix after "already exists; "


def _mode_for(path: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else what a
    plain `open` would give (0666 less the umask), not the temporary file's private 0600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _slices(report: Report) -> Iterator[str]:
    if not isinstance(report, str):
        yield from report
        return
    for start in range(0, len(report), CHUNK):  # a large text is encoded a slice at a time
        yield report[start : start + CHUNK]


def write_atomically(path: Path, text: Report) -> None:
    """Write through a temporary file renamed into place: never a half-written file. A
    symbolic link is followed: its target is updated, the link stays."""
    if path.is_symlink():
        try:
            path = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:  # a link to a file yet to be made: make it
            path = Path(os.path.realpath(path))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.writelines(_slices(text))
            os.fchmod(handle.fileno(), _mode_for(path))
        Path(handle.name).replace(path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_or_exit(path: Path, text: Report) -> None:
    """Write a file atomically and say so on stderr (unless --quiet), or give up with the
    reason in one line."""
    if _read_only(path):
        fatal(
            f"{one_line(str(path))}: cannot write: the file is read-only; make it writable "
            "(chmod u+w) or choose another file"
        )
    try:
        write_atomically(path, text)
    except OSError as error:
        fatal(f"{one_line(str(path))}: cannot write: {_why_not_written(path, error)}")
    say(f"wrote {path}")


def _read_only(path: Path) -> bool:
    """A file there that its owner may not write (even root honours the intent of 0444)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK))


def _why_not_written(path: Path, error: OSError) -> str:
    folder = one_line(str(path.parent))
    if error.errno == errno.ENOENT:
        return f"the folder {folder} does not exist; create it or write elsewhere"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied in the folder {folder}; write to a folder you can write to"
    if error.errno == errno.EROFS:
        return "the file system is read-only; write elsewhere"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the device; free some space or write elsewhere"
    if error.errno == errno.EISDIR:
        return "it is a folder; name a file"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder; check the path"
    if error.errno == errno.ELOOP:
        return "a symbolic link loop (a link that leads back to itself); fix or remove the link"
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system; shorten it"
    return f"{error.strerror or error}; check the path"


def refuse_existing(path: Path, fix: str) -> None:
    if os.path.lexists(path):  # a dangling symlink is there too
        fatal(f"{path}: already exists; {fix}")


def write_new(path: Path, text: str, *, force: bool, fix: str = FORCE_IT) -> None:
    """Write a file atomically (a memo, or a new proposal), refusing to replace one unless
    forced; `fix` says how to get past the refusal."""
    if not force:
        refuse_existing(path, fix)
    write_or_exit(path, text)


def to_stdout(text: Report) -> None:
    """A report to standard output, a slice at a time."""
    sys.stdout.writelines(_slices(text))
    sys.stdout.flush()


def emit(text: Report, output: Path | None, *, invalid: int) -> None:
    """The report to stdout, or to --output unless an input was invalid."""
    if output is None:
        to_stdout(text)
        return
    if invalid:
        typer.echo(
            f"{output}: not written: {invalid} invalid file{'s' * (invalid != 1)}; fix them and "
            "run again",
            err=True,
        )
        return
    write_or_exit(output, text)
