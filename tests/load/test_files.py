"""The I/O edge: files are read whole only when they are regular files within the limit."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from cooperation_scorer.errors import UnreadableFile
from cooperation_scorer.load.files import read_regular

NOT_REGULAR = "not a regular file (a pipe, socket or device); point at a file on disk"


def message(path: Path, max_bytes: int = 10) -> str:
    with pytest.raises(UnreadableFile) as raised:
        read_regular(path, max_bytes, "shorten it or raise --max-bytes")
    (problem,) = raised.value.problems
    return str(problem)


def test_a_regular_file_is_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"0123456789")
    assert read_regular(path, 10) == b"0123456789"
    path.write_bytes(b"0123456789!")
    assert message(path) == f"{path}: the file is over 10 bytes; shorten it or raise --max-bytes"


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # nobody writes to it: reading it would hang
    assert message(pipe) == f"{pipe}: {NOT_REGULAR}"


def test_a_socket_and_a_device_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert message(path) == f"{path}: {NOT_REGULAR}"
    finally:
        server.close()
    assert message(Path("/dev/zero")) == f"/dev/zero: {NOT_REGULAR}"


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    assert message(path) == (
        f"{path}: cannot read: No such file or directory; check the path and its permissions"
    )
