"""Files -> pages: recognise a file by content, check limits, load its pages.

``open_file`` is cheap (headers only) and refuses hostile files with typed errors;
``load_page`` / ``iter_pages`` decode one page at a time into RawPages.
"""

from claimdocs.ingest.pages import TEXT_LAYER_DPI, iter_pages, load_page, render_region
from claimdocs.ingest.sniff import ACCEPTED, sniff_format
from claimdocs.ingest.source import open_file

__all__ = ["ACCEPTED", "TEXT_LAYER_DPI", "iter_pages", "load_page", "open_file", "render_region", "sniff_format"]
