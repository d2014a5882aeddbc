"""One Settings object for the whole product.

Values come from constructor arguments, then ``CLAIMDOCS_*`` environment variables, then
the defaults below. The object is built once at an edge (CLI, web app, worker) and passed
in; library code never reads the environment itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent


class Settings(BaseSettings):
    """Configuration of claimdocs; see README "Configuration"."""

    model_config = SettingsConfigDict(env_prefix="CLAIMDOCS_", extra="forbid")

    # Where packets, originals and stage outputs are kept.
    data_dir: Path = Path("var")
    # Directories and policies (a deployment points these at its own files).
    hospitals_csv: Path = PACKAGE_DIR / "data" / "hospitals.csv"
    regions_csv: Path = PACKAGE_DIR / "data" / "regions.csv"
    policy_dir: Path = PACKAGE_DIR / "policies"

    # Input limits, checked before any expensive work.
    max_file_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_pages_per_file: int = Field(default=200, gt=0)
    max_pixels: int = Field(default=60_000_000, gt=0)
    # PDF pages with at least this many non-blank characters are read from their text layer.
    min_text_layer_chars: int = Field(default=20, ge=1)
    # Resolution at which PDF pages without a text layer are rasterised for OCR.
    raster_dpi: int = Field(default=300, ge=72, le=600)

    # OCR.
    tesseract_cmd: str = "tesseract"
    # chi_sim alone reads Latin codes and digits well; adding eng made Tesseract read
    # Chinese names as Latin letters (王秀英 -> EAR) on forms: see README "OCR".
    ocr_languages: str = "chi_sim"
    # Tesseract page segmentation: 11 (sparse text) finds the scattered cells of forms and
    # tables; claimdocs rebuilds the lines itself (layout.py). See README "OCR".
    ocr_page_segmentation: int = Field(default=11, ge=0, le=13)
    ocr_timeout_seconds: float = Field(default=120.0, gt=0)
    # Pages read in parallel (one worker process or thread each); 0 means one per core.
    ocr_workers: int = Field(default=0, ge=0)

    # Ask Tesseract's OSD when the page layout cannot tell the orientation. Off: OSD cost
    # half an OCR on a photo (0.42 s) and was less accurate on Chinese forms than the
    # layout; a poorly read page is read again turned by 180° instead (ocr.read_upright).
    orientation_osd: bool = False

    # Read a page on its sides when it is garbage both ways up and of no type (a card
    # photographed sideways): +1.1 points of page types on held-out packets, but it raised
    # the pipeline/Tesseract time ratio from 1.40 to about 1.5 (README "Measurements").
    ocr_try_sideways: bool = True

    # Run Tesseract through libtesseract inside the process, each language model loaded
    # once per worker, instead of starting the program through pytesseract for every read
    # (which costs 0.2-0.5 s of loading chi_sim each time; README "Speed"). A crash of
    # libtesseract, or a page past its deadline, is contained by page_processes.
    ocr_in_process: bool = True
    # Read each page in a worker process (claimdocs/pagepool.py): a worker that crashes or
    # runs past page_timeout_seconds is stopped and only its page is lost, reported
    # unreadable. Off, pages are read in threads of the calling process (a Celery prefork
    # child cannot start processes of its own; it is the isolation there).
    page_processes: bool = True
    page_timeout_seconds: float = Field(default=300.0, gt=0)

    # Debug mode keeps every intermediate image and word list in this folder.
    debug_dir: Path | None = None

    def worker_count(self) -> int:
        """Return the number of pages to read in parallel."""
        return self.ocr_workers or max(1, os.cpu_count() or 1)
