"""Pages read in worker processes, each keeping its Tesseract models loaded.

Why: reading in process (libtesseract, each language model loaded once) saves the
0.2-0.5 s the ``tesseract`` program spends loading ``chi_sim`` on every read, and a page
is read several times (turned, its columns, cards and figures again). But a crash in
libtesseract would take its process with it, and Tesseract's own deadline cannot stop its
layout analysis. So every page is read in a worker process: a worker that dies, or runs
past the page deadline, is killed and replaced, and only its page is lost, reported as
unreadable with a typed error. The other pages, and the caller, carry on.

The pool knows nothing of pages: it runs ``work(job, *context)`` for each job in a
worker and returns the results in job order; a job whose worker failed gets
``failed(job, error)`` instead.

Workers are forked from a fork server (a clean process started once, with claimdocs
already imported), never from the caller itself: the caller may have threads (a web
server, a test runner), and forking those copies their held locks.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import signal
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Sequence

from claimdocs.errors import PageTimeoutError, ProcessingError, WorkerCrashedError

log = logging.getLogger(__name__)

# Modules the fork server imports once, so a new worker starts with them loaded.
PRELOAD = ["claimdocs.pipeline"]
# How long a worker asked to stop may take before it is killed.
STOP_GRACE_SECONDS = 2.0


def _serve(connection: Connection, work: Callable, context: tuple) -> None:
    """A worker's life: run each job received, send back ("ok", result) or ("error", e)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            answer = ("ok", work(job, *context))
        except Exception as error:  # a bug: the caller raises it, as if the job ran there
            answer = ("error", _sendable(error))
        try:
            connection.send(answer)
        except OSError:  # the caller is gone (killed, or stopped waiting): so is its work
            return


def _sendable(error: Exception) -> Exception:
    """The error itself when it survives pickling, else a ProcessingError naming it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return ProcessingError(f"{type(error).__name__}: {error}")


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, work: Callable, arguments: tuple) -> None:
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, work, arguments), daemon=True)
        self.process.start()
        theirs.close()  # only the worker holds its end: its death reads as end-of-file here
        self.connection = ours

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.connection.send(None)
            except OSError:
                pass
            self.process.join(STOP_GRACE_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class PagePool:
    """Up to ``size`` worker processes running ``work(job, *context)``; use as a context
    manager (or call ``close``) so the workers end with it."""

    def __init__(self, work: Callable, context: tuple, size: int, deadline_seconds: float) -> None:
        self.work, self.context = work, context
        self.size, self.deadline_seconds = max(1, size), deadline_seconds
        self._mp = multiprocessing.get_context("forkserver")
        self._mp.set_forkserver_preload(PRELOAD)
        self._idle: list[_Worker] = []

    def __enter__(self) -> "PagePool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle.clear()

    def worker_pids(self) -> list[int]:
        """Process ids of the workers waiting for work (for monitoring)."""
        return [worker.process.pid for worker in self._idle]

    def map(self, jobs: Sequence[Any], failed: Callable[[Any, Exception], Any]) -> list:
        """Every job's result, in job order. A job whose worker dies or overruns the
        deadline gets ``failed(job, WorkerCrashedError | PageTimeoutError)``; an exception
        raised by ``work`` itself is raised here."""
        results: list = [None] * len(jobs)
        waiting = deque(range(len(jobs)))
        running: dict[_Worker, tuple[int, float]] = {}
        try:
            while waiting or running:
                while waiting and len(running) < self.size:
                    index = waiting.popleft()
                    running[self._started(jobs[index])] = (index, time.monotonic() + self.deadline_seconds)
                self._collect(running, jobs, results, failed)
        finally:
            for worker in running:  # only after an error: their results are not wanted
                worker.stop(kill=True)
        return results

    def _started(self, job: Any) -> _Worker:
        """A worker given ``job``: an idle one, or a new one when there is none or the
        idle one died while it waited (killed for memory, say)."""
        while self._idle:
            worker = self._idle.pop()
            try:
                worker.connection.send(job)
                return worker
            except OSError:
                worker.stop(kill=True)
        worker = _Worker(self._mp, self.work, self.context)
        worker.connection.send(job)
        return worker

    def _collect(self, running: dict[_Worker, tuple[int, float]], jobs: Sequence[Any], results: list,
                 failed: Callable[[Any, Exception], Any]) -> None:
        """Wait for the first worker to answer, die or pass its deadline, and settle it."""
        first_deadline = min(deadline for _, deadline in running.values())
        ready = wait([worker.connection for worker in running], max(0.0, first_deadline - time.monotonic()))
        for worker, (index, deadline) in list(running.items()):
            if worker.connection in ready:
                try:
                    status, value = worker.connection.recv()
                except (EOFError, OSError):
                    del running[worker]
                    worker.stop(kill=True)
                    log.warning("a page worker died (exit code %s)", worker.process.exitcode)
                    results[index] = failed(jobs[index], WorkerCrashedError(
                        "the page's reader crashed; the page was not read (try another scan of it)"))
                    continue
                del running[worker]
                self._idle.append(worker)
                if status == "error":
                    raise value
                results[index] = value
            elif time.monotonic() >= deadline:
                del running[worker]
                worker.stop(kill=True)
                log.warning("a page took longer than %g s; its worker was stopped", self.deadline_seconds)
                results[index] = failed(jobs[index], PageTimeoutError(
                    f"reading the page took longer than {self.deadline_seconds:g} s; it was stopped"))
