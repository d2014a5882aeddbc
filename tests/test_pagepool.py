"""Page worker processes: a crash or an overrun costs one page, never the packet.

The pool's own tests run small jobs in real worker processes (a job that kills its own
process is what a libtesseract crash looks like from outside); the last test runs the
real pipeline on a rendered scan with a page deadline too short to read it.
"""

from __future__ import annotations

import os
import signal
import time

import cv2
import pytest

from claimdocs.errors import PageTimeoutError, WorkerCrashedError
from claimdocs.pagepool import PagePool
from claimdocs.pipeline import process_packet
from claimdocs.report import schema_errors


def _square(job: int, offset: int) -> int:
    if job == -1:
        os.kill(os.getpid(), signal.SIGSEGV)  # as libtesseract crashing would
    if job == -2:
        time.sleep(60)
    if job == -3:
        raise ValueError("a bug in a stage")
    return job * job + offset


def _lost(job: int, error: Exception) -> str:
    return error.code


def test_results_come_back_in_job_order_from_several_workers():
    with PagePool(_square, (1,), size=2, deadline_seconds=30) as pool:
        assert pool.map(list(range(8)), _lost) == [n * n + 1 for n in range(8)]
        assert pool.map([9], _lost) == [82]  # the workers are kept for the next packet


def test_a_crashed_worker_costs_only_its_page():
    with PagePool(_square, (0,), size=2, deadline_seconds=30) as pool:
        assert pool.map([2, -1, 3, 4], _lost) == [4, WorkerCrashedError.code, 9, 16]
        assert pool.map([5, 6], _lost) == [25, 36]  # a new worker took the dead one's place


def test_a_worker_killed_while_it_waited_is_replaced():
    """GIVEN a pool whose idle workers were killed between two packets (as the kernel's
    out-of-memory killer would) WHEN the next packet's pages come THEN new workers read them."""
    with PagePool(_square, (0,), size=2, deadline_seconds=30) as pool:
        assert pool.map([1, 2], _lost) == [1, 4]
        for pid in pool.worker_pids():
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert pool.map([3, 4], _lost) == [9, 16]


def test_a_page_past_its_deadline_is_stopped_and_the_rest_are_read():
    started = time.monotonic()
    with PagePool(_square, (0,), size=2, deadline_seconds=1.5) as pool:
        assert pool.map([-2, 2, 3], _lost) == [PageTimeoutError.code, 4, 9]
    assert time.monotonic() - started < 20


def test_an_error_in_a_stage_is_raised_to_the_caller():
    with PagePool(_square, (0,), size=1, deadline_seconds=30) as pool:
        with pytest.raises(ValueError, match="a bug in a stage"):
            pool.map([2, -3], _lost)


def test_a_page_over_the_deadline_is_reported_unreadable_and_the_packet_still_reported(settings, page_renderer, tmp_path):
    # GIVEN a packet of two scans, and a page deadline far too short for real OCR
    for number in (1, 2):
        image, _ = page_renderer("table", dpi=200, seed=number, title="住院费用清单")
        (tmp_path / "packet").mkdir(exist_ok=True)
        cv2.imwrite(str(tmp_path / "packet" / f"scan{number}.png"), image)
    hurried = settings.model_copy(update={"page_timeout_seconds": 0.05})
    # WHEN the packet is processed
    report = process_packet([tmp_path / "packet"], hurried)
    # THEN both pages are in the report as unreadable, naming why, and the report is valid
    assert [page["type"] for page in report["pages"]] == ["other", "other"]
    assert all(PageTimeoutError.code in page["quality"]["problems"] for page in report["pages"]), report["pages"]
    assert schema_errors(report) == []
