"""Finding a labelled value on a page: "label: value", "label  value" (cells), or the
value printed under its label in a grid.

Every line is scanned once for all known labels (longest first), so 出院日期 is never
taken for 日期 and a value ends where the next label starts. A label counts only where a
label stands: followed by a colon, or at the start of a cell; the 医院 inside the value
合肥市第五人民医院 is not a label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from claimdocs.extract.labels import FIELDS, LABELS, OTHER_LABELS
from claimdocs.layout import CELL_GAP, separator
from claimdocs.model import Box, Line, Word

FUZZY_LABEL_LENGTH = 4
_SEPARATORS = " :;,.、|_-"
_BRACKETS = str.maketrans("〈《〔", "(((") | str.maketrans("〉》〕", ")))")
_OPEN_BEFORE = re.compile(r"[(\[【]+$")
_OPEN_AFTER = re.compile(r"^[)\]】]+")
COLON_LABEL = re.compile(r"[\u4e00-\u9fff()]{2,8}\s*:")


@dataclass(frozen=True)
class LabelHit:
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Found:
    """A value found for a label: its raw text and how sure the reading is."""

    text: str
    confidence: float
    line_index: int


@dataclass(frozen=True)
class NormalLine:
    """A line's text in NFKC form with the word each character came from."""

    text: str
    word_of_char: tuple[int, ...]  # index into line.words, -1 for separators
    line: Line


def normal_line(line: Line) -> NormalLine:
    """Rebuild ``line``'s text from its words in NFKC form, keeping the character origins."""
    text, origin = "", []
    for index, word in enumerate(line.words):
        if index:
            gap = separator(line.words[index - 1], word)
            text += gap
            origin += [-1] * len(gap)
        piece = unicodedata.normalize("NFKC", word.text).translate(_BRACKETS)
        text += piece
        origin += [index] * len(piece)
    return NormalLine(text, tuple(origin), line)


def characters_read(lines: list[NormalLine], text: str) -> tuple[float, ...] | None:
    """How sure OCR was of each character of ``text``, where it stands in a line whole or
    with marks between its characters (富 : 国语, a name put together by parse_name)."""
    pattern = re.compile(_MARKS.join(f"({re.escape(char)})" for char in text))
    for line in lines:
        match = pattern.search(line.text)
        if match is None:
            continue
        words = [line.word_of_char[match.start(group)] for group in range(1, len(text) + 1)]
        if all(index >= 0 for index in words):
            return tuple(line.line.words[index].confidence for index in words)
    return None


# What parse_name drops between a name's characters: spaces and punctuation.
_MARKS = r"[\s:：,，.。·、;；]*"


@lru_cache(maxsize=1)
def _all_labels() -> tuple[str, ...]:
    """Every label, longest first; labels of one length in the order labels.py gives them.
    That order decides a misread label one character off two (开查日期: 开票日期 or
    开具日期): it was a set's order, which changes with Python's hash seed from run to
    run, so the same page gave an invoice date in one run and none in the next."""
    labels = dict.fromkeys([label for variants in LABELS.values() for label in variants] + list(OTHER_LABELS))
    return tuple(sorted(labels, key=len, reverse=True))


@lru_cache(maxsize=4096)
def label_hits(text: str) -> list[LabelHit]:
    """Every label standing as a label in ``text``, longest match first, left to right.

    Exact matches first; then labels of four characters or more with one misread
    character (爱据号码 for 票据号码), where nothing was matched yet.
    """
    taken = [False] * len(text)
    hits = []
    for label in _all_labels():
        for start in _exact_starts(label, text):
            _take(text, label, start, taken, hits)
    present = set(text)
    for label in _all_labels():
        # Cheap test first: all but one of the label's characters must occur in the line.
        if len(label) >= FUZZY_LABEL_LENGTH and sum(ch in present for ch in label) >= len(label) - 1:
            for start in _one_off_starts(label, text):
                if not any(one_off(rival, text[start:start + len(label)]) for rival in _rivals().get(label, ())):
                    _take(text, label, start, taken, hits)
    return sorted(hits, key=lambda hit: hit.start)


def one_off(label: str, window: str) -> bool:
    """Whether ``window`` is ``label`` with exactly one character different."""
    return len(label) == len(window) and sum(a != b for a, b in zip(label, window)) == 1


@lru_cache(maxsize=1)
def _rivals() -> dict[str, tuple[str, ...]]:
    """For each label, the labels of another field of the same document one character
    from it (入院时间, 出院时间): a reading one character off both (贡院时间) is neither,
    since the character misread is the one that tells them apart. Fields that no
    document holds together (开票日期 on invoices, 开具日期 on referrals) are no rivals."""
    field_of = [(label, name) for name, variants in LABELS.items() for label in variants]
    together = {frozenset((a, b)) for fields in FIELDS.values() for a in fields for b in fields if a != b}
    rivals: dict[str, tuple[str, ...]] = {}
    for label, name in field_of:
        rivals[label] = tuple(other for other, other_name in field_of
                              if frozenset((name, other_name)) in together and one_off(other, label))
    return rivals


def _exact_starts(label: str, text: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(label), text)]


def _one_off_starts(label: str, text: str) -> list[int]:
    """Where ``text`` holds ``label`` with exactly one character different."""
    size = len(label)
    return [start for start in range(len(text) - size + 1) if one_off(label, text[start:start + size])]


def _take(text: str, label: str, start: int, taken: list[bool], hits: list[LabelHit]) -> None:
    end = start + len(label)
    if any(taken[start:end]) or not _stands_as_label(text, start, end):
        return
    taken[start:end] = [True] * (end - start)
    hits.append(LabelHit(label, start, end))


def _stands_as_label(text: str, start: int, end: int) -> bool:
    """A label is followed by a colon, or starts its cell; brackets around it do not
    count: (小写) 18447.75 is the label 小写. A table's rule read as a bar before it
    starts the cell (|病人姓名 唐英, |入院时间 2024年7月5日 on a photographed certificate's
    left border, s3064-028)."""
    if start > 0 and text[start - 1] in "([【" and text[end:end + 1] in (")", "]", "】"):
        return True  # a bracketed label: 合计(大写)…(小写)12,345.67
    after = _OPEN_AFTER.sub("", text[end:]).lstrip(" ")
    if after.startswith(":"):
        return True
    before = _OPEN_BEFORE.sub("", text[:start])
    return before.strip() == "" or before.endswith((" ", "|"))


def find_value(lines: Sequence[NormalLine], labels: tuple[str, ...]) -> Found | None:
    """The first value written after (or under) one of ``labels``, trying labels in order."""
    return next(find_values(lines, labels), None)


def find_values(lines: Sequence[NormalLine], labels: tuple[str, ...]) -> Iterator[Found]:
    """Every value written after (or under) one of ``labels``: labels in order, then
    lines top to bottom."""
    hits_of = [label_hits(line.text) for line in lines]
    for label in labels:
        for index, (line, hits) in enumerate(zip(lines, hits_of)):
            for hit in hits:
                if hit.label != label:
                    continue
                value = (_value_after(line.text, hit, hits) or _value_below(lines, index, line, hit)
                         or _value_level(lines, index, line, hit))
                if value:
                    yield Found(value, line.line.confidence, index)


def _value_after(text: str, hit: LabelHit, hits: list[LabelHit]) -> str:
    """Text after the label up to the next label, a colon-label or the cell's end."""
    next_label = min((h.start for h in hits if h.start >= hit.end), default=len(text))
    rest = _OPEN_AFTER.sub("", text[hit.end:next_label]).lstrip(_SEPARATORS)
    cuts = [rest.find(CELL_GAP)]
    colon = COLON_LABEL.search(rest)
    if colon:
        cuts.append(colon.start())
    cut = min([c for c in cuts if c > 0], default=len(rest))
    return rest[:cut].strip(_SEPARATORS + "([【")


# A word level with a label: its middle within this share of the label's height of the
# label's middle. Lines are made of level words, so a level word on another line is one
# that a photo's curve lifted towards the line above.
LEVEL_SHARE = 0.5
# How far right of its label a value may start, and the widest gap within it (label heights).
LEVEL_REACH = 6.0
LEVEL_GAP = 2.0


def _value_level(lines: Sequence[NormalLine], index: int, line: NormalLine, hit: LabelHit) -> str:
    """A value right of a label that ends its line, level with the label but put on the
    line above or below: on a curved photo 收款日期: stands a few pixels lower than the
    name and payee to its left, and its 2024.08.11 joined their line. Tried last, when
    nothing stands after the label or under it."""
    box = _label_box(line, hit)
    if box is None:
        return ""
    height = box[3] - box[1]
    middle = (box[1] + box[3]) / 2
    near = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    level = [w for other in near for w in other.line.words
             if w.box[0] >= box[2] - height / 2 and abs((w.box[1] + w.box[3]) / 2 - middle) <= LEVEL_SHARE * height]
    words = sorted(level, key=lambda w: w.box[0])
    value, end = [], box[2]
    for word in words:
        if word.box[0] - end > (LEVEL_REACH if not value else LEVEL_GAP) * height:
            break
        value.append(word.text)
        end = word.box[2]
    text = unicodedata.normalize("NFKC", "".join(value))
    hits = label_hits(text)
    return (text[:hits[0].start] if hits else text).strip(_SEPARATORS)


def _value_below(lines: Sequence[NormalLine], index: int, line: NormalLine, hit: LabelHit) -> str:
    """In a grid, or after a label that ends its line, the value sits on the next line:
    its words from under the label to where the next label of the label's line begins."""
    box = _label_box(line, hit)
    if box is None or index + 1 >= len(lines):
        return ""
    below = lines[index + 1]
    if below.line.box[1] - box[3] > 2.5 * (box[3] - box[1]) or _starts_with_label(below.text):
        return ""
    left = box[0] - (box[2] - box[0])
    right = min((b[0] for h in label_hits(line.text) if h.start > hit.start and (b := _label_box(line, h))),
                default=float("inf"))
    words = [w.text for w in below.line.words if left <= (w.box[0] + w.box[2]) / 2 < right]
    return unicodedata.normalize("NFKC", "".join(words)).strip(_SEPARATORS)


def _starts_with_label(text: str) -> bool:
    hits = label_hits(text)
    return bool(hits) and text[: hits[0].start].strip() == ""


def _label_box(line: NormalLine, hit: LabelHit) -> Box | None:
    indices = {line.word_of_char[i] for i in range(hit.start, hit.end) if line.word_of_char[i] >= 0}
    if not indices:
        return None
    boxes = [line.line.words[i].box for i in indices]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
