"""Speed of the reading pipeline against bare Tesseract, in the same run.

    python -m bench.speed [--pages 12] [--seed 4242]

Baseline: the ``tesseract`` program alone on each scanned page image (same language and
page segmentation as the pipeline, one process per page, OMP_THREAD_LIMIT=1 as the
pipeline runs it). Pipeline: a page read as the product reads it by default, one page at
a time: sent to a page worker process (pagepool.py) that decodes it, finds its
orientation, perspective and skew, quality, seal and QR code, cleans it, OCRs it with
libtesseract (its models loaded once per worker) and classifies it. Prints seconds per
page for both and the ratio (target ≤ 1.3); the same pipeline in the calling thread
(``CLAIMDOCS_PAGE_PROCESSES=false``: what the worker process costs) and with OCR by the
``tesseract`` program as well (``CLAIMDOCS_OCR_IN_PROCESS=false``: a start-up and a model
load for every read); the part of bare Tesseract's time that is only its start-up
(loading the language model); then the time per page of digital PDFs (text layer, no
OCR; target well under 0.1 s), the peak memory of the process and of its largest child,
and pages of large print (as a 12-megapixel photo shows A4) read whole and shrunk as the
pipeline reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimdocs import ingest
from claimdocs.pipeline import PacketFile, make_engine, page_pool, read_page, read_pages
from claimdocs.settings import Settings
from samples.generate import make_packet


def collect_pages(out: Path, seed: int, wanted: int) -> tuple[list[tuple[Path, int]], list[tuple[Path, int]]]:
    """Scanned image pages and digital PDF pages from generated packets."""
    scanned: list[tuple[Path, int]] = []
    digital: list[tuple[Path, int]] = []
    index = 0
    while (len(scanned) < wanted or len(digital) < wanted) and index < 60:
        folder = make_packet(seed, index, out)
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for file in truth["files"]:
            pages = [(folder / file["name"], p["page"]) for p in file["pages"]]
            if file.get("text_layer"):
                digital += pages
            elif file["format"] in ("png", "jpeg", "tiff"):
                scanned += pages
        index += 1
    return scanned[:wanted], digital[:wanted]


def page_image_file(path: Path, page: int, settings: Settings, scratch: Path) -> Path:
    """The page as a standalone image file the tesseract program can read."""
    import cv2

    source = ingest.open_file(path, settings)
    raw = ingest.load_page(path, source, page, settings)
    target = scratch / f"{path.stem}_p{page}.png"
    cv2.imwrite(str(target), raw.image)
    return target


def time_bare_tesseract(images: list[Path], settings: Settings) -> list[float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    times = []
    for image in images:
        started = time.perf_counter()
        subprocess.run([settings.tesseract_cmd, str(image), "-", "-l", settings.ocr_languages,
                        "--psm", str(settings.ocr_page_segmentation), "tsv"],
                       check=True, capture_output=True, env=env, timeout=300)
        times.append(time.perf_counter() - started)
    return times


def time_start_up(settings: Settings, scratch: Path) -> float:
    """Bare tesseract on a blank 50 px image: what every run of the program costs before
    it reads a page (the median of three)."""
    import cv2
    import numpy as np

    blank = scratch / "blank.png"
    cv2.imwrite(str(blank), np.full((50, 50), 255, np.uint8))
    return statistics.median(time_bare_tesseract([blank] * 3, settings))


def time_pipeline(pages: list[tuple[Path, int]], settings: Settings) -> list[float]:
    return time_pipeline_and_workers(pages, settings)[0]


def time_pipeline_and_workers(pages: list[tuple[Path, int]], settings: Settings) -> tuple[list[float], float]:
    """Seconds per page, one page at a time, as ``read_pages`` reads them with these
    settings: by default each in a worker process of one pool (kept, as the product keeps
    it through a packet), warmed up on the first page first so its models are loaded.
    Also the peak memory of its worker process in MB (0 without one)."""
    engine = make_engine(settings)
    files = [(PacketFile(path, path.name, ingest.open_file(path, settings)), number) for path, number in pages]
    pool = page_pool(settings, engine, 1) if settings.page_processes else None
    try:
        read_pages([files[0][0]], settings, engine, pool)  # warm up: imports, models, fork server
        times = []
        for file, number in files:
            started = time.perf_counter()
            read_one(file, number, settings, engine, pool)
            times.append(time.perf_counter() - started)
        worker_mb = max((peak_mb_of(pid) for pid in pool.worker_pids()), default=0.0) if pool else 0.0
    finally:
        if pool is not None:
            pool.close()
    return times, worker_mb


def peak_mb_of(pid: int) -> float:
    """A live process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def read_one(file: PacketFile, number: int, settings: Settings, engine, pool) -> None:
    if pool is None:
        read_page(file, number, settings, engine)
    else:
        pool.map([(file, number)], lambda job, error: None)


# The generated photos are 2000 px long: twice that is a 12-megapixel phone photo of A4.
LARGE_PRINT_ENLARGEMENT = 2.0


def time_large_print(images: list[Path], settings: Settings, count: int = 4) -> tuple[int, float, float, float]:
    """Pages of large print (the pages enlarged as a 12-megapixel photo shows them; those
    the pipeline shrinks) read at full size and at the scale the pipeline picks
    (ocr.scale_for): how many pages, seconds per page both ways, and the mean scale."""
    import cv2

    from claimdocs.ocr import scale_for
    from claimdocs.vision.quality import assess

    engine = make_engine(settings)
    whole, shrunk, scales = [], [], []
    for image in images:
        grey = cv2.imread(str(image), cv2.IMREAD_GRAYSCALE)
        big = cv2.resize(grey, None, fx=LARGE_PRINT_ENLARGEMENT, fy=LARGE_PRINT_ENLARGEMENT,
                         interpolation=cv2.INTER_CUBIC)
        dpi = max(big.shape) / 11.69  # A4's long side, as for a photo
        scale = scale_for(assess(big, dpi).measures.get("char_height_px"))
        if scale >= 1.0:
            continue
        for times, factor in ((whole, 1.0), (shrunk, scale)):
            started = time.perf_counter()
            engine.read(big, dpi, factor)
            times.append(time.perf_counter() - started)
        scales.append(scale)
        if len(scales) == count:
            break
    if not scales:
        return 0, 0.0, 0.0, 1.0
    return len(scales), statistics.mean(whole), statistics.mean(shrunk), statistics.mean(scales)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--seed", type=int, default=4242)
    args = parser.parse_args(argv)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="claimdocs-bench-") as scratch_name:
        scratch = Path(scratch_name)
        scanned, digital = collect_pages(scratch / "packets", args.seed, args.pages)
        images = [page_image_file(path, page, settings, scratch) for path, page in scanned]
        bare = time_bare_tesseract(images, settings)
        image_pages = [(image, 1) for image in images]
        ours, worker_mb = time_pipeline_and_workers(image_pages, settings)
        threads = time_pipeline(image_pages, settings.model_copy(update={"page_processes": False}))
        program = time_pipeline(image_pages, settings.model_copy(
            update={"page_processes": False, "ocr_in_process": False}))
        start_up = time_start_up(settings, scratch)
        text_layer = time_pipeline(digital, settings)
        large = time_large_print(images, settings)
    _report(bare, ours, threads, program, text_layer, start_up, worker_mb)
    print(f"  large print ({large[0]} pages enlarged {LARGE_PRINT_ENLARGEMENT:g}x): read whole {large[1]:6.3f} s/page, "
          f"shrunk (scale {large[3]:.2f}) {large[2]:6.3f} s/page")
    return 0


def _report(bare: list[float], ours: list[float], threads: list[float], program: list[float],
            text_layer: list[float], start_up: float, worker_mb: float) -> None:
    bare_mean, ours_mean = statistics.mean(bare), statistics.mean(ours)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"claimdocs speed: {len(bare)} scanned pages, {len(text_layer)} digital PDF pages")
    print(f"  bare tesseract         {bare_mean:6.3f} s/page (median {statistics.median(bare):.3f})")
    print(f"  pipeline (scanned)     {ours_mean:6.3f} s/page (median {statistics.median(ours):.3f})"
          " - the default: a page worker process, OCR in it")
    print(f"  ratio pipeline / bare  {ours_mean / bare_mean:6.2f}  (target <= 1.30)")
    for label, times in (("in the calling thread (CLAIMDOCS_PAGE_PROCESSES=false)", threads),
                         ("and OCR by the program (CLAIMDOCS_OCR_IN_PROCESS=false)", program)):
        print(f"  pipeline {label} {statistics.mean(times):6.3f} s/page, ratio {statistics.mean(times) / bare_mean:.2f}")
    print(f"  tesseract start-up     {start_up:6.3f} s/run (in bare's time; "
          f"ratio without it {ours_mean / max(bare_mean - start_up, 1e-6):.2f})")
    if text_layer:
        print(f"  pipeline (digital PDF) {statistics.mean(text_layer):6.3f} s/page (max {max(text_layer):.3f}; target < 0.1)")
    print(f"  peak memory            {peak_mb:6.0f} MB this process, {worker_mb:.0f} MB a page worker")


if __name__ == "__main__":
    sys.exit(main())
