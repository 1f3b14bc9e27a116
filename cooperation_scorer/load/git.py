"""A proposal file as it was at a git revision, read through `git show` within a limit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cooperation_scorer.errors import Problem, UnreadableFile

# What git says (in the C locale) when the revision exists but the file is not in it.
_ABSENT = ("does not exist in", "exists on disk, but not in")


class AbsentAtRevision(UnreadableFile):
    """The revision exists, but the file was not in it: a proposal added since."""


def _refused(label: str, message: str) -> UnreadableFile:
    return UnreadableFile([Problem(label, None, None, message)])


def show_at_revision(path: Path, revision: str, max_bytes: int) -> bytes:
    """The bytes of `path` at `revision`; never more than `max_bytes` is read from git."""
    label = f"{revision}:{path}"
    if revision.startswith("-") or not revision.strip():
        # A revision is never an option: `--git=--output=FILE` must not reach git as one.
        raise _refused(f"--git {revision}", "not a revision; name a commit, branch or tag")
    try:
        # git by name, as the user's shell would find it; REV is only ever an argument
        with subprocess.Popen(  # noqa: S603
            ["git", "show", "--end-of-options", f"{revision}:./{path.name}"],  # noqa: S607
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=path.parent,
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C"},  # messages we can read
        ) as shown:
            assert shown.stdout is not None
            assert shown.stderr is not None
            data = shown.stdout.read(max_bytes + 1)
            if len(data) > max_bytes:
                shown.kill()
                raise _refused(label, f"the file is over {max_bytes} bytes; not a proposal")
            complaint = shown.stderr.read()
    except OSError as error:
        raise _refused(label, f"cannot run git: {error.strerror}") from None
    if shown.returncode:
        reason = " ".join(complaint.decode(errors="replace").split())
        if any(sign in reason for sign in _ABSENT):
            raise AbsentAtRevision([Problem(label, None, None, f"not in {revision}")])
        raise _refused(label, f"cannot read it from git: {reason}")
    return data
