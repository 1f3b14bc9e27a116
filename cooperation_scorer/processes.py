"""Worker processes that never outlive the run that started them.

On Linux a worker asks the kernel to kill it when its parent dies (prctl PR_SET_PDEATHSIG):
even a SIGKILL of the parent, which no handler can see, takes the workers with it. Elsewhere,
or where prctl is unavailable, a thread in the worker watches its parent id and exits when the
worker is handed to another parent. Workers ignore Ctrl-C, which the terminal sends to the
whole process group: the parent alone decides, and stops them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Any

_PR_SET_PDEATHSIG = 1


class WorkerDied(Exception):
    """A worker process ended without finishing its files: killed, or out of memory."""

    def __init__(self) -> None:
        super().__init__(
            "a worker process died before finishing (killed, or out of memory); "
            "run again, with --jobs 1 to use a single process"
        )


_WATCH_EVERY = 0.5  # seconds between two looks at the parent, where prctl is unavailable


def start_worker(parent: int) -> None:
    """In a new worker: die with `parent`, leave Ctrl-C to it, and end quietly on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Under "forkserver" the worker's parent is the fork server, which itself ends with the
    # run; under "fork" and "spawn" it is the run.
    direct = multiprocessing.get_start_method() != "forkserver"
    if not _kill_me_with_parent():
        watched = os.getppid()
        threading.Thread(target=_watch, args=(watched,), name="parent-watch", daemon=True).start()
    if direct and os.getppid() != parent:  # the run ended before the worker could ask
        os._exit(1)


def _kill_me_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # only a worker pays its import

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)


def stop_workers(pool: Any) -> None:
    """End a process pool's workers now, not after their current files: on an interrupt or
    an error of the parent. Each is sent SIGTERM, then SIGKILL if it lingers."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 2
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)
