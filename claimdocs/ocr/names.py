"""A second look at a person's name that Tesseract left unread beside its label.

A card prints the holder's name beside a small 姓名 label, larger and often bolder than
the rest, on a patterned ground. Reading the whole page, Tesseract can drop it altogether:
a 300 dpi scan of an ID card came back 姓名 with nothing after it, an insurance card's
林杰东 on its guilloche ground likewise (s3052-005), though the name is printed cleanly.
Cut out alone and read as one line, the same names come back whole: the insurance card's
at the page's scale, the ID card's bold one only halved (its glyphs 33 px high, where
chi_sim reads nothing at 1× or 2×).

So where a 姓名 label is read and no Chinese character follows it on its line, the strip
to its right is read again alone, at each of SCALES until a name is read, and a reading
that is a name (a known surname and one to three characters more) takes the place of
what the page's reading made of that strip, for extraction to find beside its label.
So is the strip of what the page's reading made of the name when that is no name at
all: no known surname first, or marks among its characters (辣S for 丁云 on a photo,
2本人>二六 for 梁兰 on a scan, s3076-008, s3076-006). A reading that opens with a
surname, however garbled after it (叶凤了明), is a name read, for extraction to mend.
"""

from __future__ import annotations

import re

import numpy as np

from claimdocs.extract.names import has_surname
from claimdocs.layout import centre_inside, lines_from_words, union_box
from claimdocs.model import Box, Line, PageText, TextSource, Word

NAME_LANGUAGES = "chi_sim"
SCALES = (1.0, 0.5)
# How far right of its label a name is looked for, in label heights (a card's name
# starts within two; the strip stops at the first word read there).
REACH = 12
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def reread_names(text: PageText, image: np.ndarray, dpi: float, engine) -> PageText:
    """``text`` with each name left unread beside its 姓名 label read again alone (see the
    module); ``text`` itself when there is none, or none reads as a name."""
    if text.source is not TextSource.OCR:
        return text
    height, width = image.shape[:2]
    found = [(box, word) for line in text.lines
             if (box := unread_name_box(line, width, height)) is not None
             and (word := _read_name(image, box, dpi, engine)) is not None]
    if not found:
        return text
    # The name read alone replaces what the page's reading made of the strip: the name's
    # characters put on the lines above and below the label's (潘 / 姓名 / 艳 on an
    # insurance card, s3043-009), which would read 潘艳艳 beside it.
    kept = [word for word in text.words if not any(centre_inside(word.box, box) for box, _ in found)]
    names = [word for _, word in found]
    return PageText(text.source, lines_from_words([*kept, *names]), text.width, text.height, text.confidence)


def unread_name_box(line: Line, width: int, height: int) -> Box | None:
    """The strip right of the line's 姓名 label where a name should stand, when no Chinese
    character was read there; None otherwise (no label, or a name read after it)."""
    words = line.words
    for index, word in enumerate(words):
        before = words[index - 1].text if index else ""
        if not (word.text.endswith("名") and ("姓" in word.text or before.endswith("姓"))):
            continue
        x0, y0, x1, y1 = word.box
        size = y1 - y0
        reach = x1 + REACH * size
        after = [w for w in words[index + 1:] if w.box[0] < reach]
        if any(_CJK.search(w.text) for w in after):
            garbled = _garbled_name(words[index + 1:], size)
            if garbled is None:
                return None
            after = [w for w in words[index + 1:] if w.box[0] < reach and w.box[0] > garbled]
        right = min([w.box[0] for w in after] + [reach, width])
        middle = (y0 + y1) // 2
        box = (x1 + size // 3, max(0, middle - 6 * size // 5), int(right), min(height, middle + 6 * size // 5))
        return box if box[2] - box[0] > 2 * size else None
    return None


_LABEL_MARKS = ":：;；"
# Words of one name stand closer together than this, in label heights.
NAME_GAP = 1.5


def _garbled_name(after: tuple[Word, ...], size: int) -> int | None:
    """The right edge of the words just after a 姓名 label (its colon aside), the next
    word at most NAME_GAP label heights on from each, when they read as no name (see
    the module); None when they read as one."""
    words = [w for w in after if w.text not in _LABEL_MARKS]
    run = words[:1]
    for word in words[1:]:
        if word.box[0] - run[-1].box[2] > NAME_GAP * size:
            break
        run.append(word)
    text = "".join(w.text for w in run)
    if not run or (_CJK.match(text) and has_surname(text)):
        return None
    return max(w.box[2] for w in run)


def _read_name(image: np.ndarray, box: Box, dpi: float, engine) -> Word | None:
    """The name read in ``box`` alone, at the first of SCALES that reads one, or None."""
    x0, y0, x1, y1 = box
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    for scale in SCALES:
        reading = engine.read(crop, dpi, scale, block=True, languages=NAME_LANGUAGES)
        words = [w for w in reading.words if w.text.strip()]
        name = "".join(w.text.strip() for w in words)
        if _NAME.fullmatch(name) and has_surname(name):
            found = union_box([w.box for w in words])
            return Word(name, (found[0] + x0, found[1] + y0, found[2] + x0, found[3] + y0),
                        min(w.confidence for w in words))
    return None
