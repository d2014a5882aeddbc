"""How much of a 1-bit mail-room page's print OCR reads back, as cleanup prepares it and
as it would without some of its steps.

    python -m bench.bilevel --seeds 8

Each seed makes one page of each of seven document types (samples.documents), scanned
grey at 150 dpi (even seeds) or 200 dpi (odd) and thresholded to a 1-bit G4 TIFF, as the
generator's mail room does. Each page goes through vision as the pipeline's would; its
characters (CJK and digits) are then read back by Tesseract from:

- ``as_now``: the cleaned page, enlarged as the pipeline enlarges it (ocr_scale);
- ``not_enlarged``: the cleaned page at its own size;
- ``not_thickened``: cleaned without thickening its strokes, at its own size;
- ``thickened_sideways``: strokes thickened by a pixel sideways only, at its own size.

Printed: per variant, the share of the page's printed characters read back (recall, as
a multiset: order is not checked) and the share of what was read that was printed
(precision). A development aid for cleanup's 1-bit steps (README, "Cleanup").
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

from claimdocs import ingest
from claimdocs.pipeline import make_engine, ocr_scale
from claimdocs.settings import Settings
from claimdocs.vision import cleanup
from claimdocs.vision.imageops import erode_rect, to_grey
from claimdocs.vision.prepare import prepare
from samples import degrade, render, scenario
from samples.documents import BUILDERS
from samples.layout import Text

TYPES = ("discharge_certificate", "invoice", "expense_list", "id_card", "residence_proof", "filing_record",
         "insurance_card")
_READ_BACK = re.compile(r"[\u4e00-\u9fff0-9]")


def one_bit_page(doc_type: str, seed: int, folder: Path) -> tuple[Path, str]:
    """A generated page scanned and saved 1-bit; its file and the text printed on it."""
    rng = random.Random(seed * 100 + TYPES.index(doc_type))
    page = BUILDERS[doc_type](rng, scenario.build(rng, "bench-1bit", seed, 0)).pages[0]
    dpi = 150 if seed % 2 == 0 else 200
    grey, _ = degrade.scan(render.rasterize(page, dpi), random.Random(seed), np.random.default_rng(seed))
    path = folder / f"{doc_type}_{seed}_{dpi}.tif"
    grey.point(lambda v: 255 if v > 150 else 0).convert("1").save(path, "TIFF", compression="group4", dpi=(dpi, dpi))
    return path, "".join(op.text for op in page.ops if isinstance(op, Text))


def _cleaned(prepared, thicken) -> np.ndarray:
    """The page cleaned as cleanup.clean_for_ocr cleans a 1-bit page, thickened by ``thicken``."""
    grey = thicken(cleanup.flatten_background(to_grey(prepared.upright)))
    return cleanup.erase_cell_bars(cleanup.erase_rules(cleanup.invert_dark_bands(grey)), True)


VARIANTS = {
    "as_now": lambda p: (p.image, ocr_scale(p)),
    "not_enlarged": lambda p: (p.image, 1.0),
    "not_thickened": lambda p: (_cleaned(p, lambda grey: grey), 1.0),
    "thickened_sideways": lambda p: (_cleaned(p, lambda grey: erode_rect(grey, 1, 2)), 1.0),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=8)
    args = parser.parse_args(argv)
    settings = Settings()
    engine = make_engine(settings)
    totals = {name: Counter() for name in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="claimdocs-bilevel-") as scratch:
        for seed in range(args.seeds):
            for doc_type in TYPES:
                path, printed = one_bit_page(doc_type, seed, Path(scratch))
                prepared = prepare(ingest.load_page(path, ingest.open_file(path, settings), 1, settings), settings)
                want = Counter(_READ_BACK.findall(printed))
                for name, variant in VARIANTS.items():
                    image, scale = variant(prepared)
                    text = engine.read(image, prepared.dpi, scale)
                    got = Counter(_READ_BACK.findall("".join(w.text for line in text.lines for w in line.words)))
                    totals[name].update(printed=sum(want.values()), read=sum(got.values()),
                                        right=sum((want & got).values()))
    print(f"claimdocs 1-bit read-back: {args.seeds * len(TYPES)} generated pages at 150/200 dpi")
    for name, total in totals.items():
        print(f"  {name:20s} recall {total['right'] / total['printed']:.3f}  "
              f"precision {total['right'] / max(1, total['read']):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
