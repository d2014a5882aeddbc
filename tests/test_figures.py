"""An expense list's prices and amounts read again by the ``eng`` model (ocr/figures.py):
real Tesseract on a rendered, blurred table."""

import cv2
import pytest

from claimdocs.ocr import TesseractEngine
from claimdocs.ocr.figures import figure_strip, reread_figures
from claimdocs.ocr.sharpen import checked_rows
from tests.test_sharpen import CountingEngine, rendered_list
from tests.test_sharpen import DPI as SHARP_DPI, expense_list  # noqa: F401 (a fixture)

DPI = 120


@pytest.fixture(scope="module")
def small_list():
    """A list scanned at 120 dpi: its figures some 13 px high."""
    return rendered_list(DPI)


def test_the_figures_of_a_soft_small_list_read_by_eng_make_more_rows_check(small_list):
    # GIVEN a small list as soft as a phone photo: chi_sim reading the page garbles its figures
    soft = cv2.GaussianBlur(small_list, (0, 0), 1.2)
    engine = CountingEngine()
    first = engine.read(soft, DPI)
    checked, read = checked_rows(first)
    assert checked < read
    # WHEN its price and amount columns are read again by eng
    text = reread_figures(first, soft, DPI, engine)
    # THEN more rows check, from one more reading (the strip), and the names are still there
    assert checked_rows(text)[0] > checked
    assert engine.calls == 2
    assert sum("护理费" in line.text for line in text.lines) == sum("护理费" in line.text for line in first.lines)


def test_the_strip_spans_price_and_amount_only(small_list):
    text = TesseractEngine().read(small_list, DPI)
    (x0, _, x1, _), height = figure_strip(text, small_list.shape)
    width = small_list.shape[1]
    # 数量 starts at 560‰ and 单价 at 680‰ of the width: the strip starts between them
    assert 0.56 * width < x0 < 0.68 * width and x1 > 0.82 * width
    assert 8 <= height <= 20


def test_a_list_whose_rows_check_is_not_read_again(expense_list):  # noqa: F811
    engine = CountingEngine()
    first = engine.read(expense_list, SHARP_DPI)
    checked, read = checked_rows(first)
    assert read >= 10 and checked == read
    assert reread_figures(first, expense_list, SHARP_DPI, engine) is first and engine.calls == 1


def test_the_strip_reaches_down_to_figures_read_without_their_points():
    """GIVEN a grey 300 dpi scan's list page (s3047-001) where chi_sim read the figures of
    its lower rows without their points, 3.85 as 85 and 25.00 as 25 00 (Tesseract's word
    boxes) WHEN its figure strip is found THEN it reaches the last of those rows, for eng
    to read them again, not only the rows whose figures were read whole."""
    from claimdocs.layout import lines_from_words
    from claimdocs.model import PageText, TextSource, Word

    words = [Word("项目名称", (281, 353, 406, 397), 0.9), Word("数量", (1283, 354, 1341, 383), 0.91),
             Word("单价", (1509, 354, 1569, 383), 0.96), Word("金额", (1772, 354, 1831, 384), 0.94),
             Word("自付比例", (1889, 354, 2006, 384), 0.93), Word("项目编码", (2129, 354, 2251, 384), 0.84),
             Word("心脏彩色多普勒超声", (281, 1519, 559, 1566), 0.96), Word("2", (1328, 1527, 1341, 1550), 0.96),
             Word("260.00", (1478, 1527, 1567, 1550), 0.96), Word("520.00", (1740, 1527, 1831, 1550), 0.94),
             Word("毛化钠注射液", (353, 1601, 530, 1631), 0.9), Word("85", (1540, 1605, 1567, 1628), 0.91),
             Word("85", (1802, 1605, 1831, 1628), 0.92), Word("XJ0001", (2144, 1604, 2235, 1628), 0.91),
             Word("住院诊察费", (280, 1757, 435, 1787), 0.93), Word("25", (1493, 1761, 1520, 1784), 0.92),
             Word("00", (1540, 1761, 1567, 1784), 0.92), Word("25", (1755, 1761, 1782, 1784), 0.96),
             Word("00", (1803, 1761, 1830, 1784), 0.96)]
    text = PageText(TextSource.OCR, lines_from_words(words), 2481, 3508, 0.9)
    (x0, y0, x1, y1), _ = figure_strip(text, (3508, 2481))
    assert y0 <= 1519 and y1 >= 1784
    assert x0 <= 1478 and 1831 <= x1 < 1889
