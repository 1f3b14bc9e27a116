"""The pipeline over many files: find, load, check and assess them, in parallel when asked."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from cooperation_scorer.errors import Problem, ProposalError
from cooperation_scorer.load.cache import ResultCache, encode, salt
from cooperation_scorer.load.files import DEFAULT_MAX_BYTES, discover, read_limited, rubric_from
from cooperation_scorer.model.rubric import LoadedRubric, Rubric
from cooperation_scorer.processes import WorkerDied, start_worker, stop_workers
from cooperation_scorer.score.policy import WaiverPolicy
from cooperation_scorer.score.results import Assessment, Checked

Progress = Callable[[int, int], None]  # (files done, files in all)

# New cache entries are written this many at a time (about 4 MB), once every lookup is done.
_WRITE_EVERY = 1000
# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 400


@dataclass(frozen=True)
class Outcome:
    """The assessments of a run, and one or more problems for each invalid file."""

    assessments: list[Assessment]
    problems: list[Problem]
    files: int
    checked: list[Checked] = field(default_factory=list)  # with `check_only`, not scored


@dataclass(frozen=True)
class _Job:
    max_bytes: int
    honour_waivers: bool
    improve: bool = False
    policy: WaiverPolicy | None = None
    check_only: bool = False  # parse and check each file, score none


_Result = Assessment | Checked | list[Problem]
_Entry = tuple[bytes, bytes] | None  # a new cache entry: (key, value)

_worker_rubric: Rubric | None = None
_worker_cache: ResultCache | None = None


def _start_worker(
    rubric_bytes: bytes, rubric_path: str, parent: int, cache: tuple[Path, bytes] | None
) -> None:
    global _worker_rubric, _worker_cache  # one parse of the rubric per worker process
    start_worker(parent)  # dies with the parent; Ctrl-C is the parent's to handle
    _worker_rubric = rubric_from(rubric_bytes, rubric_path, cache and cache[0]).rubric
    _worker_cache = None if cache is None else ResultCache(*cache)


def _kept(path: Path, job: _Job, store: ResultCache) -> _Result | None:
    """The file's result as the cache holds it, its problem if it cannot be read, or None."""
    try:
        data = read_limited(path, job.max_bytes)
    except ProposalError as error:
        return error.problems
    return store.get(store.key(str(path), data))


def _assess_file(
    path: Path, rubric: Rubric, job: _Job, store: ResultCache | None = None
) -> tuple[_Result, _Entry]:
    """One file's result, and the cache entry that keeps it when there is a cache (whose
    entries were looked up before)."""
    try:
        data = read_limited(path, job.max_bytes)
    except ProposalError as error:
        return error.problems, None  # unreadable: nothing to key a result by
    entry = None if store is None else store.key(str(path), data)
    try:
        # Imported here: a run the cache answers whole never loads the reader or the scorer.
        from cooperation_scorer.analysis.improvements import assessed
        from cooperation_scorer.load.proposal import parse_proposal

        proposal = parse_proposal(data, str(path), rubric)
        result: _Result
        if job.check_only:
            result = Checked(proposal.id, str(path), proposal.lines)
        else:
            result = assessed(
                proposal,
                rubric,
                honour_waivers=job.honour_waivers,
                policy=job.policy,
                improve=job.improve,
            )
    except ProposalError as error:
        result = error.problems
    except Exception as error:  # one file's bug must not abort the batch, nor be kept
        return [_internal_error(path, error)], None
    return result, None if entry is None else (entry, encode(result))


def _internal_error(path: Path, error: Exception) -> Problem:
    """A file the scorer failed on by its own fault: reported like a bad file, so the rest
    of the batch is still ranked, and worded so that it is reported upstream."""
    what = " ".join(f"{type(error).__name__}: {error}".split())[:200]
    return Problem(
        str(path),
        None,
        None,
        f"internal error while assessing this file ({what}); please report it with the file",
    )


def _in_worker(path: Path, job: _Job) -> tuple[_Result, _Entry]:
    if _worker_rubric is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without a rubric")
    return _assess_file(path, _worker_rubric, job, _worker_cache)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), not all the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def workers(jobs: int, files: int) -> int:
    """How many processes to use: `jobs` as asked, or with 0 every available core (at most
    8) for large batches."""
    if jobs == 0:
        return min(available_cores(), 8) if files >= PARALLEL_FROM else 1
    return max(1, min(jobs, files // 2 or 1))


def _results(
    files: list[Path], loaded: LoadedRubric, job: _Job, jobs: int, store: ResultCache | None
) -> Iterator[tuple[_Result, _Entry]]:
    if store is not None and not store.holds_nothing():
        # The cache first, in this process: a warm run starts no workers, and a cold one
        # sends them only the files the cache does not hold.
        misses = []
        for path in files:
            kept = _kept(path, job, store)
            if kept is None:
                misses.append(path)
            else:
                yield kept, None
        files = misses
    jobs = workers(jobs, len(files))
    if jobs == 1:
        for path in files:
            yield _assess_file(path, loaded.rubric, job, store)
        return
    from concurrent.futures import ProcessPoolExecutor  # only a parallel run pays its import
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_start_worker,
        initargs=(
            loaded.source,
            loaded.ref.path,
            os.getpid(),
            None if store is None else (store.folder, store.salt),
        ),
    )
    try:
        # Chunks small enough that both cores stay busy to the end, large enough that
        # handing them out costs little.
        chunk = max(1, min(64, len(files) // (jobs * 16)))
        yield from pool.map(_in_worker, files, [job] * len(files), chunksize=chunk)
    except BrokenProcessPool:
        stop_workers(pool)
        raise WorkerDied from None
    except BaseException:  # an interrupt, or the run abandoned: the workers stop now
        stop_workers(pool)
        raise
    pool.shutdown()


def _settings(job: _Job) -> dict[str, object]:
    """Everything of a run, besides the rubric and the file, that can change a result."""
    policy = job.policy or WaiverPolicy()
    return {
        "max_bytes": job.max_bytes,
        "honour_waivers": job.honour_waivers,
        "improve": job.improve,
        "today": None if policy.today is None else policy.today.isoformat(),
        "waivable": None if policy.waivable is None else sorted(policy.waivable),
        "check_only": job.check_only,
    }


def evaluate(
    paths: list[Path],
    loaded: LoadedRubric,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    honour_waivers: bool = True,
    improve: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
    policy: WaiverPolicy | None = None,
    cache: Path | None = None,
    check_only: bool = False,
) -> Outcome:
    """Assess every proposal under `paths`; a bad file is reported and the others still
    count. Ids must be unique: a later file (by path) reusing an id is reported. With
    `improve`, each assessment lists the changes that would raise it most. With `cache`, a
    folder, results are kept there and read back when nothing that changes them has
    changed (see `load.cache`). With `check_only`, files are parsed and checked, not
    scored: the valid ones are in `checked`."""
    discovery = discover(paths)
    problems = list(discovery.problems)
    assessments: list[Assessment] = []
    checked: list[Checked] = []
    # Waivers expire by the calendar: the one clock reading of a run, made here, not in the core.
    today = WaiverPolicy(today=date.today())
    job = _Job(max_bytes, honour_waivers, improve, policy or today, check_only)
    store = None
    if cache is not None:
        store = ResultCache(cache, salt(loaded.source, _settings(job)))
    new: list[tuple[bytes, bytes]] = []
    # The results held so far are moved out of the collector's way as they grow: it would
    # otherwise walk them all again and again (a sixth of a large run's time).
    gc.freeze()
    try:
        results = _results(discovery.files, loaded, job, jobs, store)
        for done, (result, entry) in enumerate(results, 1):
            if isinstance(result, list):
                problems.extend(result)
            elif isinstance(result, Checked):
                checked.append(result)
            else:
                assessments.append(result)
            if entry is not None:
                new.append(entry)
                if len(new) == _WRITE_EVERY and store is not None:
                    store.put(new, last=False)  # now and then: no batch's worth held
                    new = []
            if done % 1000 == 0:
                gc.freeze()
            if progress is not None:
                progress(done, len(discovery.files))
    finally:
        gc.unfreeze()
        if store is not None:
            store.close()
    if store is not None:
        store.put(new)
    kept = _unique_ids(assessments, problems)
    kept_checked = _unique_ids(checked, problems)
    # By file, then place: the same report whatever the order of the paths given.
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return Outcome(kept, problems, len(discovery.files), kept_checked)


_Identified = TypeVar("_Identified", Assessment, Checked)


def _unique_ids(found: list[_Identified], problems: list[Problem]) -> list[_Identified]:
    """The results in file order, each id kept once: a later file reusing an id is a
    problem of its own."""
    found.sort(key=lambda a: a.file)
    first: dict[str, _Identified] = {}
    kept = []
    for item in found:
        earlier = first.setdefault(item.id, item)
        if earlier is item:
            kept.append(item)
            continue
        line = item.lines.get("id")
        problems.append(
            Problem(
                item.file,
                line,
                1 if line else None,
                f"the id '{item.id}' is also used by {earlier.file}; give each proposal its own id",
            )
        )
    return kept


def levels_reached(folder: Path, loaded: LoadedRubric, criterion: str) -> dict[str, list[str]]:
    """The ids of the proposals in `folder` at each level of one criterion, for `explain`."""
    outcome = evaluate([folder], loaded, honour_waivers=True)
    at_level: dict[str, list[str]] = {}
    for assessment in sorted(outcome.assessments, key=lambda a: a.id):
        level = next(c.level for c in assessment.criteria if c.id == criterion)
        at_level.setdefault(level, []).append(assessment.id)
    return at_level
