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
