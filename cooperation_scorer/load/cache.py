"""The result cache: each file's result kept under a key of everything that can change it.

Like ruff's and mypy's caches, it lives in a folder of the working directory
(`.cooperation-scorer-cache/`, with a `.gitignore` and a `CACHEDIR.TAG` inside), or where
`--cache-dir` or $COOPERATION_SCORER_CACHE_DIR says. One SQLite file holds the entries: many
readers at once, one writer at a time, every write a transaction, so two runs sharing a cache
never see each other's half-written entries.

A key is the sha256 of the tool (its version and the size and time of each of its modules),
the rubric's bytes, the run's settings (size limit, waivers honoured or not, the waiver policy
and its day, improvements asked or not), the file's path and its bytes. A value is the result
as JSON (compressed), checked against the result's types when it is read: nothing in it is
executed, and an entry that does not decode is a miss, written again. A cache that cannot be
opened, read or written (corrupt, locked, read-only, full) is set aside for the run: results
are the same with it, without it, and with a broken one."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cooperation_scorer import __version__
from cooperation_scorer.errors import Problem
from cooperation_scorer.score.codec import assessment_adapter
from cooperation_scorer.score.results import Checked

if TYPE_CHECKING:
    from cooperation_scorer.model.rubric import Rubric
    from cooperation_scorer.score.results import Assessment

CACHE_ENV = "COOPERATION_SCORER_CACHE_DIR"
DEFAULT_FOLDER = ".cooperation-scorer-cache"
DATABASE = "results.sqlite"
FORMAT = "cooperation-scorer result cache 1"  # changes with the layout of keys and values
KEEP_DAYS = 30  # an entry no run has written for this long is removed
_IGNORE = "# Created by cooperation-scorer: a cache, never committed.\n*\n"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by cooperation-scorer.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_ASSESSMENT, _PROBLEMS, _CHECKED = b"A", b"P", b"C"


def cache_folder(option: Path | None, cwd: Path) -> Path:
    """`--cache-dir`, else $COOPERATION_SCORER_CACHE_DIR, else ./.cooperation-scorer-cache."""
    if option is not None:
        return cwd / option  # an absolute option stays as it is
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return cwd / from_env
    return cwd / DEFAULT_FOLDER


@cache
def code_fingerprint() -> str:
    """The tool's version and the size and time of each of its modules: an edited install (a
    development checkout) never reads results its older code wrote."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for module in sorted(package.rglob("*.py")):
        found = module.stat()
        digest.update(
            f"{module.relative_to(package)}:{found.st_size}:{found.st_mtime_ns};".encode()
        )
    return digest.hexdigest()


def salt(rubric: bytes, settings: dict[str, Any]) -> bytes:
    """What every key of one run shares: the format, the code, the rubric and the settings."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(code_fingerprint().encode())
    digest.update(hashlib.sha256(rubric).digest())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.digest()


def key(run_salt: bytes, path: str, data: bytes) -> bytes:
    """One file's key: the run's salt, its path and its bytes."""
    digest = hashlib.sha256(run_salt)
    encoded = path.encode("utf-8", "surrogateescape")
    digest.update(len(encoded).to_bytes(8, "big"))
    digest.update(encoded)
    digest.update(data)
    return digest.digest()


def encode(result: Assessment | Checked | list[Problem]) -> bytes:
    """A result as a cache value: a kind byte, then compressed JSON."""
    if isinstance(result, Checked):
        checked = [result.id, result.file, result.lines]
        return _CHECKED + zlib.compress(json.dumps(checked).encode(), 1)
    if isinstance(result, list):
        problems = [[p.path, p.line, p.column, p.message] for p in result]
        return _PROBLEMS + zlib.compress(json.dumps(problems).encode(), 1)
    return _ASSESSMENT + zlib.compress(assessment_adapter().dump_json(result), 1)


def decode(value: bytes) -> Assessment | Checked | list[Problem] | None:
    """The result a cache value holds, or None when it does not decode into one."""
    from pydantic import ValidationError

    try:
        kind, data = value[:1], _expand(value[1:])
        if kind == _ASSESSMENT:
            return assessment_adapter().validate_json(data)
        if kind == _CHECKED:
            found_id, file, lines = json.loads(data)
            if (
                isinstance(found_id, str)
                and isinstance(file, str)
                and isinstance(lines, dict)
                and all(isinstance(k, str) and type(v) is int for k, v in lines.items())
            ):
                return Checked(found_id, file, lines)
            return None
        if kind == _PROBLEMS:
            found = json.loads(data)
            problems = [Problem(*item) for item in found]
            if all(_is_problem(p) for p in problems):
                return problems
    except (zlib.error, ValidationError, ValueError, TypeError, RecursionError):
        pass
    return None


MOST_BYTES = 64 * 1024 * 1024  # an entry expanding past this is not one of ours


def _expand(data: bytes) -> bytes:
    """Decompressed, refusing what ends early or expands past MOST_BYTES (a zip bomb)."""
    unpacker = zlib.decompressobj()
    found = unpacker.decompress(data, MOST_BYTES)
    if unpacker.unconsumed_tail or not unpacker.eof:
        raise ValueError("not a whole entry")
    return found


def _is_problem(problem: Problem) -> bool:
    return (
        isinstance(problem.path, str)
        and isinstance(problem.message, str)
        and all(n is None or type(n) is int for n in (problem.line, problem.column))
    )


class ResultCache:
    """The entries of one cache folder, for the runs that share one salt."""

    def __init__(self, folder: Path, run_salt: bytes) -> None:
        self.folder = folder
        self.salt = run_salt
        self._reader: sqlite3.Connection | None = None
        self._broken = False
        self._empty = False

    def key(self, path: str, data: bytes) -> bytes:
        return key(self.salt, path, data)

    def _connect(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._reader is None:
            reader = _open_for_reading(self.folder)
            if reader is None:
                self._broken = True  # nothing to read in this run: never tried again
                return None
            try:
                self._empty = reader.execute("SELECT 1 FROM results LIMIT 1").fetchone() is None
            except sqlite3.Error:
                reader.close()
                self._broken = True
                return None
            self._reader = reader
        return self._reader

    def holds_nothing(self) -> bool:
        """Whether no entry can be read (no database yet, none that opens, or no results in
        it): a run may skip looking its files up."""
        return self._connect() is None or self._empty

    def get(self, entry: bytes) -> Assessment | Checked | list[Problem] | None:
        """The result kept under `entry`, or None: absent, unreadable or not a result."""
        reader = self._connect()
        if reader is None:
            return None
        try:
            row = reader.execute("SELECT value FROM results WHERE key = ?", (entry,)).fetchone()
        except sqlite3.Error:
            self._broken = True
            return None
        if row is None or not isinstance(row[0], bytes):
            return None
        return decode(row[0])

    def put(self, entries: list[tuple[bytes, bytes]], *, last: bool = True) -> None:
        """Keep new entries, and with the `last` of a run's writes drop those no run has
        written for KEEP_DAYS. Quietly does nothing when the cache cannot be written: the
        run's results do not depend on it."""
        self.close()
        if not entries:
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            _write(self.folder, "results", entries, prune=last)

    def close(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(sqlite3.Error):
                self._reader.close()
            self._reader = None


# Each table's statements, written out: no SQL is ever built from a value.
_CREATE = {
    "results": "CREATE TABLE IF NOT EXISTS results "
    "(key BLOB PRIMARY KEY, value BLOB NOT NULL, day INTEGER NOT NULL) WITHOUT ROWID",
    "rubrics": "CREATE TABLE IF NOT EXISTS rubrics "
    "(key BLOB PRIMARY KEY, value BLOB NOT NULL, day INTEGER NOT NULL) WITHOUT ROWID",
}
_PROBE = {
    "results": "SELECT key, value, day FROM results LIMIT 1",
    "rubrics": "SELECT key, value, day FROM rubrics LIMIT 1",
}
_INSERT = {
    "results": "INSERT OR REPLACE INTO results (key, value, day) VALUES (?, ?, ?)",
    "rubrics": "INSERT OR REPLACE INTO rubrics (key, value, day) VALUES (?, ?, ?)",
}
_PRUNE = {
    "results": "DELETE FROM results WHERE day < ?",
    "rubrics": "DELETE FROM rubrics WHERE day < ?",
}


def _write(
    folder: Path, table: str, entries: list[tuple[bytes, bytes]], *, prune: bool = True
) -> None:
    """Add entries to a table in one transaction, and (with `prune`) drop its old ones."""
    _prepare(folder)
    database = folder / DATABASE
    today = int(time.time() // 86400)
    try:
        writer = _open_for_writing(database)
    except sqlite3.DatabaseError:  # not a database, or a damaged one: start again
        database.unlink(missing_ok=True)
        writer = _open_for_writing(database)
    try:
        with writer:
            writer.executemany(_INSERT[table], [(entry, value, today) for entry, value in entries])
            if prune:  # a scan of the whole table: once a run
                writer.execute(_PRUNE[table], (today - KEEP_DAYS,))
    finally:
        writer.close()


def _open_for_writing(database: Path) -> sqlite3.Connection:
    writer = sqlite3.connect(database, timeout=10)
    try:
        # No waiting for the disk at each commit: a cache may lose its last writes in a power
        # cut (the journal still keeps each transaction whole), and is rebuilt if damaged.
        writer.execute("PRAGMA synchronous = OFF")
        for table, create in _CREATE.items():
            writer.execute(create)
            writer.execute(_PROBE[table])
    except sqlite3.Error:
        writer.close()
        raise
    return writer


def _rubric_key(data: bytes) -> bytes:
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(code_fingerprint().encode())
    digest.update(b"rubric\0")
    digest.update(data)
    return digest.digest()


def checked_rubric(folder: Path, data: bytes) -> Rubric | None:
    """The rubric these bytes hold, as an earlier run checked it (every check of
    `load.rubric` passed), or None when no run has, or the entry does not read back."""
    reader = _open_for_reading(folder)
    if reader is None:
        return None
    from pydantic import ValidationError

    from cooperation_scorer.model.rubric import Rubric

    try:
        with contextlib.closing(reader):
            row = reader.execute(
                "SELECT value FROM rubrics WHERE key = ?", (_rubric_key(data),)
            ).fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        return Rubric.model_validate_json(_expand(row[0]))
    except (sqlite3.Error, zlib.error, ValidationError, ValueError, RecursionError):
        return None


def keep_rubric(folder: Path, data: bytes, rubric: Rubric) -> None:
    """Keep a rubric that passed every check, for the next run to skip them."""
    value = zlib.compress(rubric.model_dump_json().encode(), 1)
    with contextlib.suppress(OSError, sqlite3.Error):
        _write(folder, "rubrics", [(_rubric_key(data), value)])


def _open_for_reading(folder: Path) -> sqlite3.Connection | None:
    """The cache's database opened read-only, or None: absent, a path the system refuses
    (too long, a link loop), or not a database that opens."""
    database = folder / DATABASE
    try:
        if not database.is_file():
            return None
        # A URI, every special character of the path escaped.
        uri = f"{database.absolute().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=2, check_same_thread=False)
    except (OSError, ValueError, sqlite3.Error):
        return None


def _prepare(folder: Path) -> None:
    """The cache folder, with the files that keep it out of git and out of backups when this
    run makes it: a folder that already exists (`--cache-dir .`) never gets a `.gitignore`
    that would hide everything in it."""
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        return
    for name, text in ((".gitignore", _IGNORE), ("CACHEDIR.TAG", _TAG)):
        (folder / name).write_text(text, encoding="utf-8")
