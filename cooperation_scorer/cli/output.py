"""Writing a report: to standard output in slices, or to a file atomically, never half-done."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import typer

from cooperation_scorer.cli.common import fatal, say
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
    """Write through a temporary file renamed into place: never a half-written file."""
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
    try:
        write_atomically(path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        fatal(f"{path}: cannot write: {reason}; check the folder exists")
    say(f"wrote {path}")


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
