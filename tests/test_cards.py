"""Cards copied or photographed small on a page: found by their outline, read enlarged."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from claimdocs import ingest
from claimdocs.model import DocType
from claimdocs.pipeline import PacketFile, make_engine, read_page
from claimdocs.vision import find_cards
from samples import degrade, render, scenario
from samples.documents import cards


def _card_sheet(kind: str, seed: int):
    """A generated photocopy of a card on an A4 sheet (the generator's own layout)."""
    for attempt in range(50):
        rng = random.Random(seed + attempt)
        scn = scenario.build(rng, "t-cards", seed, attempt)
        doc = cards.id_card(rng, scn) if kind == "id_card" else cards.insurance_card(rng, scn)
        if doc.layout == "photocopy":
            return doc
    raise AssertionError("no photocopy layout drawn")


@pytest.mark.parametrize("kind", ["insurance_card", "id_card"])
def test_card_outline_is_found_on_a_photographed_copy(kind: str) -> None:
    doc = _card_sheet(kind, 11)
    sheet = render.rasterize(doc.pages[0], 150)
    photo, _ = degrade.photo(sheet, random.Random(3), np.random.default_rng(3), long_side=1600)
    boxes = find_cards(cv2.cvtColor(np.asarray(photo), cv2.COLOR_RGB2BGR))
    assert 1 <= len(boxes) <= 2  # the ID card copy has front and back
    for x0, y0, x1, y1 in boxes:
        assert 1.3 < (x1 - x0) / (y1 - y0) < 1.9


def test_no_cards_on_a_text_page(page_renderer) -> None:
    for kind in ("table", "form", "prose"):
        image, _ = page_renderer(kind=kind, title="住院费用明细清单")
        assert find_cards(image) == ()


def test_small_card_on_a_photographed_sheet_is_read_as_a_card(tmp_path: Path, settings) -> None:
    doc = _card_sheet("insurance_card", 21)
    sheet = render.rasterize(doc.pages[0], 150)
    photo, _ = degrade.photo(sheet, random.Random(5), np.random.default_rng(5), long_side=1600)
    path = tmp_path / "IMG_0001.jpg"
    photo.save(path, quality=90)
    source = ingest.open_file(path, settings)
    page = read_page(PacketFile(path, path.name, source), 1, settings, make_engine(settings))
    assert page.type is DocType.INSURANCE_CARD
    # The card's number, printed 2.5 mm high: its digits survive (the letter before them
    # is often read as a digit, see the README's weaknesses).
    assert doc.fields["card_number"][1:] in page.text.text.replace(" ", "")


def _read_photo(name: str, settings):
    """The first page of a photo in tests/resources/photos, read."""
    path = Path(__file__).parent / "resources" / "photos" / name
    return read_page(PacketFile(path, path.name, ingest.open_file(path, settings)), 1, settings, make_engine(settings))


def test_a_blurred_card_copy_upside_down_is_read_the_way_its_title_reads(settings) -> None:
    """GIVEN a generated phone photo of an insurance card's copy lying upside down, so
    blurred that its card reads as garbage either way up (0.22 as it lies, 0.26 turned:
    less than the margin that turns a card) WHEN the page is read THEN the card is read
    turned, the way its title 社会保障卡 reads, and the page is an insurance card, not
    a page of no type."""
    page = _read_photo("card_copy_upside_down_blurred.webp", settings)
    assert page.type is DocType.INSURANCE_CARD and "社会保障卡" in page.text.text


def test_a_card_copy_whose_title_reads_only_enlarged_is_read_enlarged(settings) -> None:
    """GIVEN a generated phone photo of an insurance card's copy (s3048-019) whose page
    reading holds more characters inside the card than the card's own reading, but not
    its title (6 where 社会保障卡 is printed; FoTT38742 for the card number F07738742)
    WHEN the page is read THEN the card's own reading, which reads 社会保障卡, replaces
    the page's inside the card: the page is an insurance card, with its number."""
    page = _read_photo("card_copy_title_read_only_enlarged.jpg", settings)
    assert page.type is DocType.INSURANCE_CARD and "F07738742" in page.text.text


def test_a_page_turned_by_mistake_that_reads_as_garbage_of_a_weak_type_is_turned_back(settings) -> None:
    """GIVEN a generated phone photo of an application form (s3043-025, the generator's
    PNG as it is), which the orientation check turns upside down, where its garbage reads
    as an insurance card at 0.29 WHEN the page is read THEN it is tried turned, as a page
    of no type is, and reads the right way up as the application form it is."""
    page = _read_photo("form_turned_by_mistake.png", settings)
    assert page.type is DocType.APPLICATION_FORM and "报销" in page.text.text


def test_a_card_whose_cut_out_followed_a_shadows_edge_is_read_whole(settings) -> None:
    """GIVEN a generated phone photo of an ID card under a shadow band (s3071-027), whose
    paper vision cuts at the band's edge, the card's lit half stretched to a sheet that
    reads as garbage of no type WHEN the page is read THEN the photo is read whole: an
    ID card, its name and number read."""
    from claimdocs import vision
    from claimdocs.classify import classify_page
    from claimdocs.pipeline import read_text

    path = Path(__file__).parent / "resources" / "photos" / "card_cut_at_a_shadow.webp"
    raw = ingest.load_page(path, ingest.open_file(path, settings), 1, settings)
    cut = vision.prepare(raw, settings)
    assert cut.paper_cut and classify_page(read_text(cut, make_engine(settings))[0]).type is DocType.OTHER
    page = _read_photo("card_cut_at_a_shadow.webp", settings)
    assert page.type is DocType.ID_CARD
    assert "曾玉国" in page.text.text and "230102196612019879" in page.text.text.replace(" ", "")


def test_a_grey_card_scanned_on_grey_paper_is_found_by_its_title_band_and_body(settings) -> None:
    """GIVEN a social security card scanned grey at 150 dpi in a corner of an A4 sheet
    (s3075-022): the card's pale body stands 16 grey levels off the sheet, too faint for
    the card's outline, and its dark title band outlines itself apart WHEN cards are
    looked for THEN the band and the body below it are found as one card, and the page,
    whose reading at its own size told no type, is an insurance card."""
    path = Path(__file__).parent / "resources" / "scans" / "insurance_card_grey_on_grey.webp"
    image = cv2.imread(str(path))
    boxes = find_cards(image)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x1 < image.shape[1] / 2 and y1 < image.shape[0] / 3 and 1.3 < (x1 - x0) / (y1 - y0) < 1.9
    page = read_page(PacketFile(path, path.name, ingest.open_file(path, settings)), 1, settings, make_engine(settings))
    assert page.type is DocType.INSURANCE_CARD
