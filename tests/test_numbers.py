"""Numbers the Chinese model garbles, read again with the eng model (ocr/numbers.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from claimdocs.layout import lines_from_words
from claimdocs.model import PageText, TextSource, Word
from claimdocs.ocr.numbers import better_number, looks_misread, reread_numbers, surer_digits
from claimdocs.pipeline import make_engine
from samples.render import font


@pytest.mark.parametrize("word, misread", [
    ("33QVM9T8QRM626A6", True),      # an ID number in a narrow sans, read by chi_sim
    ("VC13998S3A", True),            # a card number C73998534
    ("330122197808162646", False),   # a valid ID number
    ("330122197808162647", True),    # check character fails
    ("C73998534", False),            # a card number: one letter, eight digits
    ("SOCIAL", False),               # a word, not a number
    ("2024-08-15", False),
    ("12,345.67", False),
    ("AB12", False),                 # too short to judge
    ("325.风", True),                # an amount of a blurred expense list, read by chi_sim
    ("双.罗", True),
    ("156.00", False),
    ("住院费", False),
    ("4和0104199406072961", True),   # an ID number with a 2 read as 和
    ("2024年0115", False),           # a date's 年 is no misread digit
])
def test_which_words_look_like_misread_numbers(word: str, misread: bool) -> None:
    assert looks_misread(word) is misread


def test_eng_reading_replaces_only_when_it_is_a_cleaner_number() -> None:
    assert better_number("33QVM9T8QRM626A6", "330122197808162646")
    assert better_number("VC13998S3A", "C73998534")
    assert not better_number("VC13998S3A", "")
    assert not better_number("VC13998S3A", "社会")
    assert not better_number("33QVM9T8QRM626A6", "3301")  # lost most of the word


def test_reread_fixes_a_garbled_id_number_on_a_real_rendering(settings) -> None:
    """The ID number printed as on a card (Noto Sans Mono CJK, 34 px), the page's first
    reading of it garbled as chi_sim read it on a photographed card."""
    image = Image.new("L", (900, 120), 250)
    ImageDraw.Draw(image).text((40, 40), "330122197808162646", font=font("mono", 34), fill=40)
    pixels = np.asarray(image)
    garbled = Word("33QVM9T8QRM626A6", (38, 44, 420, 80), 0.41)
    label = Word("社会保障号码", (0, 0, 30, 20), 0.9)
    text = PageText(TextSource.OCR, lines_from_words([label, garbled]), 900, 120, 0.6)
    fixed = reread_numbers(text, pixels, 300.0, make_engine(settings))
    assert [w.text for w in fixed.words] == ["社会保障号码", "330122197808162646"]


def test_an_amount_garbled_a_character_at_a_time_is_read_again_as_one_word(settings) -> None:
    """chi_sim returns a blurred amount as 双 . 罗, three words without gaps: together they
    are one suspect, read again with eng and replaced by one word."""
    image = Image.new("L", (700, 120), 250)
    ImageDraw.Draw(image).text((300, 40), "6590.00", font=font("serif", 34), fill=40)
    pixels = np.asarray(image)
    label = Word("床位费", (20, 44, 130, 80), 0.9)
    pieces = [Word("双", (298, 44, 330, 80), 0.0), Word(".", (331, 70, 338, 80), 0.0),
              Word("罗", (340, 44, 420, 80), 0.0)]
    text = PageText(TextSource.OCR, lines_from_words([label, *pieces]), 700, 120, 0.5)
    fixed = reread_numbers(text, pixels, 300.0, make_engine(settings))
    assert [w.text for w in fixed.words] == ["床位费", "6590.00"]


def test_text_layer_pages_are_left_alone(settings) -> None:
    word = Word("33QVM9T8QRM626A6", (0, 0, 100, 20), 1.0)
    text = PageText(TextSource.TEXT_LAYER, lines_from_words([word]), 200, 40)
    assert reread_numbers(text, np.full((40, 200), 255, np.uint8), 300.0, make_engine(settings)) is text


def test_a_date_read_unsurely_is_read_again_by_eng(settings) -> None:
    """chi_sim read the discharge date of clean 300 dpi scans printed in a serif font,
    2024-09-26, as 2024-09-20 at 0.71 (covering set 2027, s2027-004 and s2027-012): a date
    read below UNSURE_DATE is read again with eng and its reading, a date of the same
    year, taken. A date read surely is left as read."""
    label = Word("出院日期", (20, 44, 160, 80), 0.93)
    for sure, read in ((0.71, "2024-09-26"), (0.84, "2024-09-20")):
        date = Word("2024-09-20", (298, 44, 490, 80), sure)
        assert _read_again(settings, "2024-09-26", "serif", label, date) == ["出院日期", read]


def _read_again(settings, printed: str, face: str, label: Word, word: Word, unsure_runs: bool = True) -> list[str]:
    """The words of a line holding ``label`` and ``word`` (a reading of ``printed``,
    rendered in ``face`` at 34 px where ``word``'s box is) once reread_numbers has had
    its look."""
    image = Image.new("L", (800, 120), 250)
    ImageDraw.Draw(image).text((word.box[0] + 2, 40), printed, font=font(face, 34), fill=40)
    text = PageText(TextSource.OCR, lines_from_words([label, word]), 800, 120, 0.8)
    engine = make_engine(settings)
    return [w.text for w in reread_numbers(text, np.asarray(image), 300.0, engine, unsure_runs).words]


def test_a_date_read_again_replaces_a_date_only_by_a_real_date_of_its_year():
    assert better_number("2024-09-20", "2024-09-26")
    assert not better_number("2024-09-20", "2024-09-20")
    assert not better_number("2024-09-20", "2021-09-26")  # another year: no misread day
    assert not better_number("2024-09-20", "2024-09-36")  # no such day
    assert not better_number("2024-09-20", "2024/09/26")  # another shape
    assert not better_number("2024-09-20", "20240926")


def test_a_long_number_read_unsurely_is_read_again_by_eng(settings) -> None:
    """chi_sim read a red-printed invoice number of a grey scan, 5574837900, as
    955974837900 at 0.13 (s3066-008): a run of digits read below UNSURE_NUMBER is read
    again with eng and its sure reading taken. A run read surely is left as read, and
    so is any run where unsure runs are not asked for (a list's sharpened reading)."""
    label = Word("NO.", (200, 44, 260, 80), 0.88)
    for sure, read in ((0.13, "5574837900"), (0.9, "955974837900")):
        number = Word("955974837900", (298, 44, 520, 80), sure)
        assert _read_again(settings, "5574837900", "mono", label, number) == ["NO.", read]
    # an expense list's sharpened second reading leaves its item codes as read
    number = Word("955974837900", (298, 44, 520, 80), 0.13)
    assert _read_again(settings, "5574837900", "mono", label, number, unsure_runs=False) == ["NO.", "955974837900"]


def test_an_unsure_number_is_replaced_only_by_a_sure_run_of_digits():
    assert surer_digits("955974837900", "5574837900", 0.96)
    assert not surer_digits("955974837900", "5574837900", 0.6)   # eng unsure too
    assert not surer_digits("955974837900", "55748", 0.96)       # lost most of it
    assert not surer_digits("955974837900", "5574B37900", 0.96)  # no clean run of digits
    assert not surer_digits("440304199902072690", "440304199902072691", 0.96)  # an invalid ID number
