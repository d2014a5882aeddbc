"""A soft expense list read again sharpened: real Tesseract on a rendered, blurred table."""

import random

import cv2
import pytest

from claimdocs.ocr import TesseractEngine
from claimdocs.ocr.sharpen import CHECKED_ENOUGH, checked_rows, reread_sharpened
from tests.pages import render_page

DPI = 200
COLUMNS = [80, 420, 560, 680, 820]
ITEMS = ["住院诊察费", "普通病房床位费", "静脉输液", "氯化钠注射液", "头孢曲松钠", "血常规检查",
         "肝功能全套", "心电图检查", "护理费", "一次性输液器", "葡萄糖注射液", "胸部CT平扫"]
PRICES = [3.85, 25.00, 12.40, 50.00, 8.60, 96.00, 1.20, 32.40, 180.00, 6.80]


class CountingEngine:
    """The real engine, counting its calls."""

    def __init__(self) -> None:
        self.engine, self.calls = TesseractEngine(), 0

    def read(self, *args, **kwargs):
        self.calls += 1
        return self.engine.read(*args, **kwargs)


def rendered_list(dpi: int):
    """A rendered expense list of twelve rows (the same rows at any ``dpi``)."""
    rng = random.Random(7)
    rows = [["项目名称", "类别", "数量", "单价", "金额"]]
    for name in ITEMS:
        quantity, price = rng.randint(1, 14), rng.choice(PRICES)
        rows.append([name, rng.choice("甲乙丙"), str(quantity), f"{price:.2f}", f"{quantity * price:.2f}"])
    return render_page("医疗费用明细", rows, dpi=dpi, columns=COLUMNS)


@pytest.fixture(scope="module")
def expense_list():
    return rendered_list(DPI)


def test_a_soft_list_whose_rows_do_not_check_is_read_again_sharpened(expense_list):
    # GIVEN a list as soft as a phone photo out of focus: its amounts' digits merge
    soft = cv2.GaussianBlur(expense_list, (0, 0), 2.5)
    engine = CountingEngine()
    first = engine.read(soft, DPI)
    checked, read = checked_rows(first)
    assert checked < CHECKED_ENOUGH * read
    # WHEN it is read again sharpened
    text, image = reread_sharpened(first, soft, DPI, engine)
    # THEN the sharpened reading is kept: more of its rows check
    assert checked_rows(text)[0] > checked_rows(first)[0]
    assert image is not soft


def test_a_list_whose_rows_check_is_not_read_again(expense_list):
    engine = CountingEngine()
    first = engine.read(expense_list, DPI)
    checked, read = checked_rows(first)
    assert read >= 10 and checked == read
    text, image = reread_sharpened(first, expense_list, DPI, engine)
    assert text is first and image is expense_list and engine.calls == 1
