"""An expense list's total under a seal on a grey scan, read again from its dark ink:
real Tesseract on a rendered page with a pale seal stamped over the total."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from claimdocs.ocr import TesseractEngine
from claimdocs.ocr.totals import reread_total_under_seal
from tests.pages import BOLD, render_page

DPI = 200
COLUMNS = [80, 420, 560, 680, 820]
SEAL_GREY = 140  # a red seal scanned grey: paler than black print, darker than paper


def _stamped_list() -> np.ndarray:
    rows = [["项目名称", "类别", "数量", "单价", "金额"],
            ["普通病房床位费", "甲", "14", "50.00", "700.00"],
            ["静脉输液", "甲", "14", "12.00", "168.00"],
            ["头孢曲松钠", "乙", "20", "102.02", "2040.40"],
            ["金额合计", "", "", "", "2908.40"]]
    page = render_page("住院费用明细清单", rows, dpi=DPI, columns=COLUMNS)
    # The seal on a layer of its own, laid on the page as ink is: the darker wins, so
    # the black figures stay black where the seal's pale ink crosses them.
    seal = Image.new("L", (page.shape[1], page.shape[0]), 255)
    draw = ImageDraw.Draw(seal)
    size = DPI // 7
    y = DPI * 1.3 + 5 * size * 1.9 + size / 2  # the total's row (tests/pages.py's spacing)
    x = page.shape[1] * 0.82
    radius = DPI * 0.75
    draw.ellipse((x - radius * 0.6, y - radius * 1.3, x + radius * 1.4, y + radius * 0.7),
                 outline=SEAL_GREY, width=DPI // 25)
    font = ImageFont.truetype(BOLD, int(size * 1.5))
    draw.text((x - size * 0.5, y - size * 2.9), "江医", font=font, fill=SEAL_GREY)
    return np.minimum(page, np.array(seal))


@pytest.fixture(scope="module")
def stamped():
    return _stamped_list()


def _total_line(text):
    return next(line for line in text.lines if line.text.startswith("金额合计"))


def test_a_total_hidden_by_a_pale_seal_is_read_from_the_dark_ink(stamped):
    engine = TesseractEngine()
    # GIVEN a list whose total the seal's characters cross: the first reading misses it
    first = engine.read(stamped, DPI)
    assert "2908.40" not in _total_line(first).text
    # WHEN the total is read again on a page where a seal was seen
    text = reread_total_under_seal(first, stamped, DPI, engine, seal=True)
    # THEN the total's row holds the amount
    assert "2908.40" in _total_line(text).text


def test_without_a_seal_or_with_the_total_read_nothing_is_read_again(stamped):
    class Refusing:
        def read(self, *args, **kwargs):
            raise AssertionError("read again")

    first = TesseractEngine().read(stamped, DPI)
    assert reread_total_under_seal(first, stamped, DPI, Refusing(), seal=None) is first
    clean = render_page("住院费用明细清单", [["金额合计", "", "", "", "2908.40"]], dpi=DPI, columns=COLUMNS)
    text = TesseractEngine().read(clean, DPI)
    assert reread_total_under_seal(text, clean, DPI, Refusing(), seal=True) is text


def test_of_two_readings_the_total_row_comes_from_the_one_that_read_it():
    """Word boxes as Tesseract gave them on a blurred list read twice (ocr/sharpen.py):
    the reading kept for its rows has 总计 A次.%作, or lost 金 of 金额合计 too; the other
    read 总计 7298.05. The kept reading gets that total row, in place of its own."""
    from claimdocs.layout import lines_from_words
    from claimdocs.model import PageText, TextSource, Word
    from claimdocs.ocr.totals import has_unread_total, with_total_of

    def page(*words: tuple[str, int, float]) -> PageText:
        built = [Word(text, (x, y, x + 20 * len(text), y + 24), confidence) for text, (x, y), confidence in words]
        return PageText(TextSource.OCR, lines_from_words(built), 1240, 1754, 0.8)

    row = ("静脉输液", (100, 400), 0.9), ("12.00", (700, 400), 0.9)
    read = page(*row, ("总计", (100, 1500), 0.93), ("7298.05", (900, 1502), 0.88))
    garbled = page(*row, ("总计", (100, 1498), 0.93), ("A次.%作", (880, 1496), 0.2))
    assert has_unread_total(garbled) and not has_unread_total(read)
    mended = with_total_of(garbled, read)
    assert [line.text for line in mended.lines][-1].replace(" ", "") == "总计7298.05"
    assert len(mended.lines) == 2 and with_total_of(read, garbled) is read
    lost_label = page(*row, ("额合计", (110, 1500), 0.5), ("A广5队238o840", (880, 1500), 0.1))
    assert has_unread_total(lost_label)  # 额合计 still starts a total row
