"""A second look at numbers that the Chinese model misread.

``chi_sim`` reads Chinese well and Latin digits in some fonts badly: an ID number
printed in a narrow sans on a card comes back as ``33QVM9T8QRM626A6`` where the ``eng``
model reads ``330122197808162646``. The numbers decide the packet (ID numbers, card and
invoice numbers, amounts), so a word that looks like a misread number is cut out and
read again with ``eng``, all such words of a page in one call (stacked one under the
other), and the ``eng`` reading replaces it when it is a cleaner number.

Which words look misread: a run of six and more letters and digits that mixes the two
(a letter among digits; a card number's one leading letter excepted), an 18-character
ID number whose check character fails (GB 11643), an amount's shape (two characters
after a point) with Chinese characters in it, a long number with a Chinese character
inside, and a date or a long run of digits that chi_sim read unsurely.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Sequence

import cv2
import numpy as np

from claimdocs.idnumber import is_valid_id_number
from claimdocs.layout import lines_from_words, separator, union_box
from claimdocs.model import Box, PageText, TextSource, Word
from claimdocs.vision.imageops import to_grey

NUMBER_LANGUAGES = "eng"
LINE_HEIGHT_PX = 48  # each cut-out word is scaled to this height before reading
GAP_PX = 24
PAD_PX = 4
MAX_WORDS = 60  # per page: a garbage page is not worth a long second read

_ALNUM_RUN = re.compile(r"^[0-9A-Za-z.,:/\-¥]{6,}$")
_CARD_NUMBER = re.compile(r"^[A-Z]\d{8}$")
_ID_SHAPE = re.compile(r"^\d{17}[\dXx]$")
_CLEAN_NUMBER = re.compile(r"^[0-9A-Z.,:/\-¥]+$")
# An amount with characters read as Chinese ones: 325.风, 区.00, 双.罗 (blurred digits of a list)
_AMOUNT_SHAPE = re.compile(r"^[0-9\u4e00-\u9fff]{1,7}\.[0-9\u4e00-\u9fff]{1,2}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A long number with a digit read as a Chinese character: 4和0104199406072961
_DIGITS_AROUND_HAN = re.compile(r"^(?=.{8,}$)\d+(?:(?![年月日号])[\u4e00-\u9fff]){1,2}\d+$")
_AMOUNT = re.compile(r"^\d{1,7}\.\d{1,2}$")
_DATE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
# A date that chi_sim read less surely than this is read again: in a serif font it reads
# 2024-09-26 as 2024-09-20 at 0.71 and 2024-03-26 as 2024-03-20 at 0.72 on clean 300 dpi
# scans (covering set 2027), where ``eng`` reads them right; dates it reads right come
# back at 0.84 and more.
UNSURE_DATE = 0.8
# A long run of digits (an invoice, inpatient or account number) read less surely than
# UNSURE_NUMBER is read again, and eng's reading taken when it is such a run read at
# SURE_NUMBER or more: a red-printed invoice number on a grey 300 dpi scan came back
# 955974837900 at 0.13 from chi_sim, 5574837900 at 0.96 from eng (s3066-008).
UNSURE_NUMBER = 0.5
SURE_NUMBER = 0.8
_LONG_DIGITS = re.compile(r"^\d{8,20}$")


def looks_misread(text: str) -> bool:
    """True for a word that is probably a number the Chinese model garbled."""
    word = unicodedata.normalize("NFKC", text).strip()
    if _ID_SHAPE.match(word):
        return not is_valid_id_number(word.upper())
    if (_AMOUNT_SHAPE.match(word) or _DIGITS_AROUND_HAN.match(word)) and _HAN.search(word):
        return True
    if not _ALNUM_RUN.match(word) or _CARD_NUMBER.match(word):
        return False
    digits = sum(c.isdigit() for c in word)
    letters = sum(c.isalpha() for c in word)
    return digits >= 3 and letters >= 1 and digits >= letters


def unsure_date(words: Sequence[Word]) -> bool:
    """Whether ``words`` are one date read below UNSURE_DATE (2024-09-20 at 0.71)."""
    return len(words) == 1 and words[0].confidence < UNSURE_DATE and bool(_DATE.match(words[0].text.strip()))


def unsure_number(words: Sequence[Word]) -> bool:
    """Whether ``words`` are one long run of digits read below UNSURE_NUMBER, not a
    valid ID number (whose check digit vouches for it)."""
    if len(words) != 1 or words[0].confidence >= UNSURE_NUMBER:
        return False
    word = words[0].text.strip()
    return bool(_LONG_DIGITS.match(word)) and not (len(word) == 18 and is_valid_id_number(word))


def surer_digits(old: str, new: str, confidence: float) -> bool:
    """Whether eng's reading ``new`` of an unsure run of digits ``old`` (unsure_number),
    read ``confidence``, replaces it: a run of digits as long give or take three, read
    surely, and valid where it has an ID number's length."""
    new = new.strip()
    return (confidence >= SURE_NUMBER and bool(_LONG_DIGITS.match(new)) and abs(len(new) - len(old)) <= 3
            and (len(new) != 18 or is_valid_id_number(new)))


def _is_date(found: re.Match) -> bool:
    try:
        date(int(found.group(1)), int(found.group(3)), int(found.group(4)))
    except ValueError:
        return False
    return True


def better_number(old: str, new: str) -> bool:
    """Whether the ``eng`` reading ``new`` should replace ``old``: a cleaner number, or
    for a date, another date of the same shape (its separators, its year)."""
    new = new.strip()
    if (was := _DATE.match(old.strip())) is not None:
        now = _DATE.match(new)
        return now is not None and new != old.strip() and now.group(1, 2) == was.group(1, 2) and _is_date(now)
    if _HAN.search(old):  # an amount or an ID garbled into Chinese characters
        return bool(_AMOUNT.match(new)) or bool(_ID_SHAPE.match(new) and is_valid_id_number(new.upper()))
    if not new or not _CLEAN_NUMBER.match(new) or abs(len(new) - len(old)) > 3:
        return False
    if _ID_SHAPE.match(new) and is_valid_id_number(new.upper()):
        return True
    letters = lambda s: sum(c.isalpha() for c in s)  # noqa: E731 - a count, used twice
    return letters(new) < letters(old) and sum(c.isdigit() for c in new) >= sum(c.isdigit() for c in old)


MAX_WORDS_PER_NUMBER = 4  # 双 . 罗: Tesseract returns a garbled amount a character at a time


def reread_numbers(text: PageText, image: np.ndarray, dpi: float, engine, unsure_runs: bool = True) -> PageText:
    """``text`` with its misread-looking numbers read again by the ``eng`` model; with
    ``unsure_runs`` off, long runs of digits read unsurely (unsure_number) are left: an
    expense list's item codes, which decide nothing, whose readings by ``eng`` changed
    which of a list's two readings a page kept (s3063-003 lost its total so)."""
    if text.source is not TextSource.OCR:
        return text
    suspects = _suspects(text, unsure_runs)[:MAX_WORDS]
    if not suspects:
        return text
    boxes = [union_box([w.box for w in group]) for group in suspects]
    readings = _read_stacked(image, boxes, dpi, engine)
    replaced: dict[int, Word | None] = {}
    for group, box, (new, confidence) in zip(suspects, boxes, readings):
        old = "".join(w.text for w in group)
        if better_number(old, new) or (unsure_runs and unsure_number(group) and surer_digits(old, new, confidence)):
            replaced[id(group[0])] = Word(new, box, max(max(w.confidence for w in group), confidence))
            replaced.update({id(w): None for w in group[1:]})  # merged into the first
    if not replaced:
        return text
    words = [replaced.get(id(w), w) for w in text.words]
    words = [w for w in words if w is not None]
    return PageText(text.source, lines_from_words(words), text.width, text.height, text.confidence)


def _suspects(text: PageText, unsure_runs: bool = True) -> list[list[Word]]:
    """Groups of neighbouring words of a line (nothing between them) that together look
    like a misread number, longest first from the left; most are one word."""
    groups = []
    for line in text.lines:
        words, start = line.words, 0
        while start < len(words):
            end = start + 1
            while (end < len(words) and end - start < MAX_WORDS_PER_NUMBER
                   and separator(words[end - 1], words[end]) == ""):
                end += 1
            for stop in range(end, start, -1):
                group = words[start:stop]
                if looks_misread("".join(w.text for w in group)) or unsure_date(group) \
                        or (unsure_runs and unsure_number(group)):
                    groups.append(list(group))
                    start = stop
                    break
            else:
                start += 1
    return groups


def _read_stacked(image: np.ndarray, boxes: list[Box], dpi: float, engine) -> list[tuple[str, float]]:
    """Read every box with ``eng`` in one call: the crops, scaled to one height, stacked
    with white gaps; each word read goes back to the crop whose band holds it."""
    crops = [_crop(image, box) for box in boxes]
    width = max(c.shape[1] for c in crops) + 2 * GAP_PX
    bands, rows, top = [], [], GAP_PX
    for crop in crops:
        row = np.full((crop.shape[0] + GAP_PX, width), 255, np.uint8)
        row[GAP_PX // 2: GAP_PX // 2 + crop.shape[0], GAP_PX: GAP_PX + crop.shape[1]] = crop
        rows.append(row)
        bands.append((top, top + row.shape[0]))
        top += row.shape[0]
    stack = np.vstack([np.full((GAP_PX, width), 255, np.uint8), *rows])
    read = engine.read(stack, dpi, block=True, languages=NUMBER_LANGUAGES)
    found: list[list[Word]] = [[] for _ in crops]
    for word in read.words:
        centre = (word.box[1] + word.box[3]) / 2
        for index, (y0, y1) in enumerate(bands):
            if y0 <= centre < y1:
                found[index].append(word)
    return [("".join(w.text for w in sorted(ws, key=lambda w: w.box[0])),
             min((w.confidence for w in ws), default=0.0)) for ws in found]


def _crop(image: np.ndarray, box: Box) -> np.ndarray:
    """A word cut out with a little margin, grey, scaled to LINE_HEIGHT_PX high."""
    x0, y0, x1, y1 = box
    height, width = image.shape[:2]
    crop = to_grey(image[max(0, y0 - PAD_PX): min(height, y1 + PAD_PX), max(0, x0 - PAD_PX): min(width, x1 + PAD_PX)])
    factor = LINE_HEIGHT_PX / max(1, crop.shape[0])
    return cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
