"""Expense-list rows from word boxes (domain.md section 3, "Expense list items").

The same code reads OCR'd scans and digital PDFs: both arrive as lines of words with
boxes. A row is cut into cells at wide gaps. When the page has a header row (项目名称,
数量, 单价, 金额, ...), each cell goes to the column whose header is nearest; either way
the numbers are checked against each other: quantity × unit price = amount to the fen
picks out which number is which even with an unknown column order or a missing header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import permutations, product
from math import prod
from statistics import median
from typing import Sequence

from claimdocs.extract.fields import NormalLine, normal_line
from claimdocs.extract.parsers import digits_lost_in_front, parse_ratio
from claimdocs.layout import CELL_GAP
from claimdocs.model import ExpenseItem, ItemClass, PageText
from claimdocs.text import TOTAL_LABELS, TOTAL_ROW_LEAD, is_list_total_line, is_total_line

FEN = Decimal("0.01")
MAX_DERIVED_QUANTITY = 500
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "code": ("项目编码", "编码", "项目代码", "代码"),
    "name": ("项目名称", "名称", "收费项目", "药品名称"),
    "spec": ("规格",),
    "unit": ("单位",),
    "quantity": ("数量",),
    "unit_price": ("单价",),
    "amount": ("金额",),
    "class": ("医保类别", "类别", "医保等级", "甲乙类", "等级"),
    "ratio": ("自付比例", "自付比率", "比例"),
}
# 甲/乙/丙 and what Tesseract reads them as in a short class cell (两 for 丙, 申 for 甲).
_CLASS_WORDS = (
    ("自费", ItemClass.C), ("丙", ItemClass.C), ("甲", ItemClass.A), ("乙", ItemClass.B),
    ("两", ItemClass.C), ("内", ItemClass.C), ("申", ItemClass.A), ("由", ItemClass.A), ("田", ItemClass.A),
    ("已", ItemClass.B), ("己", ItemClass.B), ("Z", ItemClass.B),
)
# Digits Tesseract reads as letters in a short numeric cell; a 5 on a blurred photo reads
# $ too ($0.00 for 50.00, $70.00 for 570.00: a list prints no currency sign in its cells).
_DIGIT_LOOKALIKES = str.maketrans({"工": "1", "l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5",
                                   "$": "5"})
# A total row's label (text.is_total_line), for what follows it.
_TOTAL_LABEL = re.compile(TOTAL_ROW_LEAD + TOTAL_LABELS + r"(?:\s*金额)?\s*[:：]?")
_NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-.]{4,}$")
# A figure with its decimals (30.00, 3.85, 1,200.5): a price or an amount, never an item
# code; its first digit may be a 5 read as S or $ (_DIGIT_LOOKALIKES).
_WITH_DECIMALS = re.compile(r"^[¥]?[\dS$][\d,]*\.\d{1,2}元?$")
# A bare run of six or more digits (110900001) is an item code: a price or an amount of
# 100,000 yuan or more on one row, printed without its decimals, is not a real row.
_CODE_DIGITS = re.compile(r"^\d{6,}$")
# A price read without its decimal point: 3.85 to 999.99 print as three to five digits; an
# amount, to 99,999.99, as up to seven (longer runs are item codes, and stay so).
_PRICE_WITHOUT_POINT = re.compile(r"^\d{3,5}$")
_AMOUNT_WITHOUT_POINT = re.compile(r"^\d{3,7}$")
NUMERIC_COLUMNS = ("quantity", "unit_price", "amount")


@dataclass(frozen=True)
class Cell:
    text: str
    x0: int
    x1: int
    confidence: float = 1.0  # OCR's, of the cell's least sure word

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def cells_of(line: NormalLine) -> list[Cell]:
    """Split a line into cells at its wide gaps (CELL_GAP)."""
    cells, start = [], 0
    for piece in line.text.split(CELL_GAP):
        text = piece.strip()
        begin = line.text.find(piece, start)
        start = begin + len(piece)
        words = {line.word_of_char[i] for i in range(begin, begin + len(piece)) if line.word_of_char[i] >= 0}
        if text and words:
            boxes = [line.line.words[i].box for i in words]
            cells.append(Cell(text, min(b[0] for b in boxes), max(b[2] for b in boxes),
                              min(line.line.words[i].confidence for i in words)))
    return cells


def find_header(lines: Sequence[NormalLine]) -> tuple[int, dict[str, float]] | None:
    """The header row's index and each column's x centre, when a header row exists."""
    for index, line in enumerate(lines):
        columns = _header_columns(line)
        if len(columns) >= 3 and ("amount" in columns or "unit_price" in columns):
            return index, columns
    return None


def _header_columns(line: NormalLine) -> dict[str, float]:
    """Each header word's x centre, from the characters it was read from: OCR may read
    two headers as one word (金额医保类别), which still gives two columns."""
    columns: dict[str, float] = {}
    taken = [False] * len(line.text)
    for column, words in sorted(HEADER_WORDS.items(), key=lambda kv: -max(map(len, kv[1]))):
        for word in sorted(words, key=len, reverse=True):
            start = _free_find(line.text, word, taken)
            if start >= 0:
                taken[start:start + len(word)] = [True] * len(word)
                columns[column] = _char_centre(line, start, start + len(word))
                break
    return columns


def _free_find(text: str, word: str, taken: list[bool]) -> int:
    start = text.find(word)
    while start >= 0 and any(taken[start:start + len(word)]):
        start = text.find(word, start + 1)
    return start


def _char_centre(line: NormalLine, start: int, end: int) -> float:
    """The x centre of characters ``start:end``, placed within their words' boxes."""
    xs = []
    for position in range(start, end):
        index = line.word_of_char[position]
        if index < 0:
            continue
        word = line.line.words[index]
        first = line.word_of_char.index(index)
        share = (position - first + 0.5) / max(1, line.word_of_char.count(index))
        xs.append(word.box[0] + share * (word.box[2] - word.box[0]))
    return sum(xs) / len(xs) if xs else 0.0


def is_total_row(line: NormalLine) -> bool:
    return is_total_line(line.text)


def is_list_total(line: NormalLine) -> bool:
    """The list's total row, not a page's subtotal (本页合计, 小计)."""
    return is_list_total_line(line.text)


def total_row_remains(line: NormalLine) -> str:
    """What a total row holds after its label (合计金额: 2864.40 -> 2864.40)."""
    return _TOTAL_LABEL.sub("", line.text, count=1).strip()


@dataclass(frozen=True)
class Row:
    """An expense item and whether its figures check: quantity × unit price = amount as
    read (or a lost quantity restored by that rule), the amount read with its decimal
    point. An unchecked row took its amount from its column alone, and one misread digit
    there goes unnoticed."""

    item: ExpenseItem
    checked: bool
    quantity_read: bool = True  # False: no quantity read surely, the item's is a stand-in
    points_lost: bool = False  # no figure of the row was read with a decimal point


def parse_rows(lines: Sequence[NormalLine], columns: dict[str, float] | None) -> list[ExpenseItem]:
    """Every expense item among ``lines`` (rows between a header and the total row)."""
    return [row.item for row in read_rows(lines, columns)]


@dataclass(frozen=True)
class Unresolved:
    """A row with a name and figures that make no item on their own: the decimal points
    lost from both price and amount (385  4235 for 3.85 and 42.35, quantity misread), or
    the price lost and the amount's point (4620). ``readings`` are the items it could
    be; the list's total chooses between them (reconcile_with_total). The first
    ``agreeing`` readings keep both a price and an amount read, a whole number of units
    apart (1 30.00 360.00: 12 × 30.00, the quantity's 2 lost); the others set a figure
    read aside. ``quantity``: the row's quantity cell, when it reads a whole number."""

    readings: tuple[ExpenseItem, ...]
    agreeing: int = 0
    quantity: Decimal | None = None


@dataclass(frozen=True)
class Unread:
    """A row whose figures are all unreadable (a seal's ring across them: 4光m以), known
    for a row by its name and its item code. Only a total can tell its amount: the gap
    the other rows leave (reconcile_with_total)."""

    name: str
    code: str
    quantity: Decimal | None
    item_class: ItemClass | None
    ratio: Decimal | None

    def item(self, amount: Decimal) -> ExpenseItem:
        """The row as an item of ``amount``: its quantity read when the price comes out
        to the fen, else one unit."""
        quantity = self.quantity if self.quantity and (amount / self.quantity).quantize(FEN) * self.quantity == amount \
            else Decimal(1)
        return ExpenseItem(name=self.name, item_class=self.item_class or ItemClass.A, quantity=quantity,
                           unit_price=(amount / quantity).quantize(FEN), amount=amount, self_pay_ratio=self.ratio,
                           code=self.code)


Entry = Row | Unresolved | Unread


def read_rows(lines: Sequence[NormalLine], columns: dict[str, float] | None) -> list[Row]:
    """Every expense row among ``lines``, up to the total row, with whether it checks."""
    return [entry for entry in read_entries(lines, columns) if isinstance(entry, Row)]


def read_entries(lines: Sequence[NormalLine], columns: dict[str, float] | None) -> list[Entry]:
    """Every expense row among ``lines`` up to the total row, the rows that could be one,
    and the rows whose figures went unread, in page order."""
    return [entry for _, entry in _entries_with_lines(lines, columns)]


def _entries_with_lines(lines: Sequence[NormalLine], columns: dict[str, float] | None):
    """Each entry of read_entries with the line it was read from."""
    for line in lines:
        if is_total_row(line):
            break
        row = _row_cells(cells_of(line), columns)
        entry = _read_row(row) or _read_unresolved(row) or _read_unread(row)
        if entry is not None:
            yield line, entry


def row_lines(text: PageText) -> list[NormalLine]:
    """The lines of one page's text that are expense rows (page_entries), not the total
    row nor the text around the table."""
    return [line for line, _ in _page_entries_with_lines(text)]


def page_rows(text: PageText) -> list[Row]:
    """The expense rows of one page's text, under its header when one is found."""
    return [entry for entry in page_entries(text) if isinstance(entry, Row)]


def page_entries(text: PageText) -> list[Entry]:
    """The expense rows of one page's text, the rows that could be one and those whose
    figures went unread (read_entries)."""
    return [entry for _, entry in _page_entries_with_lines(text)]


def _page_entries_with_lines(text: PageText):
    """Each entry of page_entries with its line: the lines under the page's header, when
    one is found, read in its columns."""
    return _entries_with_lines(*_under_header(text))


def _under_header(text: PageText, before: dict[str, float] | None = None) -> tuple[list[NormalLine],
                                                                                  dict[str, float] | None]:
    """The page's lines under its header and the header's columns (_header_with_figures,
    ``before`` the page before's columns); all its lines and None without a header."""
    lines = [normal_line(line) for line in text.lines]
    header = _header_with_figures(lines, before)
    return (lines[header[0] + 1:], header[1]) if header else (lines, None)


def list_entries(texts: Sequence[PageText]) -> list[Entry]:
    """The entries of a whole (multi-page) list, page after page, without the rows that
    are totals: a row that does not check (or could be several items) and whose amount
    is the sum of every item above it is a 合计 or 本页合计 row whose label OCR garbled
    (人金额合计, 作用总外 for 费用总额), not one more item. An item equal to all the
    others before it together does not happen on a real list; a row that checks
    (quantity × price = amount) is an item whatever its amount. A page whose header
    lost its 单价 and 金额 takes them from the page before (_header_with_figures)."""
    entries: list[Entry] = []
    above = Decimal(0)
    columns: dict[str, float] | None = None
    found: list[Entry] = []
    for text in texts:
        lines, page_columns = _under_header(text, columns)
        columns = page_columns or columns
        found += [entry for _, entry in _entries_with_lines(lines, page_columns)]
    for entry in found:
        if len(entries) >= 2 and above > 0 and above in unsure_amounts(entry):
            continue
        entries.append(entry)
        if isinstance(entry, Row):
            above += entry.item.amount
    return checked_by_item_price(entries)


# Header words that make a line a list's header though its 单价 and 金额 went unread.
MIN_HEADER_WORDS = 4


def _header_with_figures(lines: Sequence[NormalLine],
                         before: dict[str, float] | None) -> tuple[int, dict[str, float]] | None:
    """The page's header (find_header); or, where its 单价 and 金额 went unread (单 we、众
    under a seal's edge, s3052-025's page 2) but MIN_HEADER_WORDS others read, that line
    with the price and amount columns of the page before (``before``), moved by how far
    the columns both pages read lie apart (a sheet scanned askew, or shifted)."""
    header = find_header(lines)
    if header is not None or before is None or not ({"unit_price", "amount"} & set(before)):
        return header
    for index, line in enumerate(lines):
        columns = _header_columns(line)
        shared = [name for name in columns if name in before]
        if len(columns) >= MIN_HEADER_WORDS and shared:
            shift = median(columns[name] - before[name] for name in shared)
            return index, {**{name: x + shift for name, x in before.items()}, **columns}
    return None


def checked_by_item_price(entries: Sequence[Entry]) -> list[Entry]:
    """The entries with each row that does not check mended by its item's price, where
    its amount is its quantity times the one price its item code has on the list's
    checked rows: its own price was misread (工 22.00 12.00 for 静脉输液 120400001, at
    12.00 on every other day's row), and the row checks with that price. A list prints
    an item at one price (_prices_by_code); quantity × that price coming out to the
    amount read by chance is unlikely, while a misread price leaves two rows in doubt
    that the total cannot tell apart (this one's 22.00 or 12.00, and 3 × 22.00 with
    its amount read 56.00)."""
    prices = _prices_by_code(entries)
    return [_checked_by_price(entry, prices) for entry in entries]


def _checked_by_price(entry: Entry, prices: dict[str, set[Decimal]]) -> Entry:
    if not isinstance(entry, Row) or entry.checked or len(known := prices.get(entry.item.code or "", ())) != 1:
        return entry
    price = next(iter(known))
    item = entry.item
    if price == item.unit_price or (item.quantity * price).quantize(FEN) != item.amount:
        return entry
    return replace(entry, item=replace(item, unit_price=price), checked=True)


def unsure_amounts(entry: Entry) -> set[Decimal]:
    """What the amount of an entry that does not check may be (none for a checked row)."""
    if isinstance(entry, Row):
        return set() if entry.checked else {entry.item.amount}
    if isinstance(entry, Unresolved):
        return {item.amount for item in entry.readings}
    return set()


def parse_row(cells: list[Cell], columns: dict[str, float] | None) -> ExpenseItem | None:
    """One item from a row's cells, or None when the row is not an item."""
    row = read_row(cells, columns)
    return row.item if row is not None else None


@dataclass(frozen=True)
class _RowCells:
    """A row's cells made ready once for both readers (_read_row, _read_unresolved):
    classes split off figures, lost points restored, each cell given its column, and
    what the cells say of the row's name, self-pay ratio and class."""

    cells: list[Cell]
    assigned: dict[str, Cell]
    name: str | None
    ratio: Decimal | None
    item_class: ItemClass | None

    def figure_cells(self) -> list[Cell]:
        """Cells that may hold a quantity, price or amount: not the ratio, the code, a
        percentage or an item code's run of digits, nor a cell left of the item's name
        (every list prints its figures after the name; before it stand a row number, an
        item code or a date, which a blurred photo turns into figures: 20411.05 for
        2024.11.05)."""
        excluded = {id(self.assigned.get("ratio")), id(self.assigned.get("code"))}
        name_x0 = next((c.x0 for c in self.cells if c.text == self.name), None)
        return [c for c in self.cells if id(c) not in excluded and not _is_ratio_text(c.text)
                and not is_code_number(c.text) and (name_x0 is None or c.x1 > name_x0)]


def _row_cells(cells: list[Cell], columns: dict[str, float] | None) -> _RowCells:
    """A row's cells made ready (see _RowCells), under ``columns`` when a header gave them."""
    cells = _points_restored(_quantity_split_off(_classes_split_off(_figures_split(cells))))
    assigned = _assign(cells, columns) if columns else {}
    ratio = _ratio(cells, assigned)
    item_class = _item_class(assigned.get("class"), cells) or _class_from_ratio(ratio)
    return _RowCells(cells, assigned, _name(cells, assigned), ratio, item_class)


def read_row(cells: list[Cell], columns: dict[str, float] | None) -> Row | None:
    """One expense row from a row's cells, or None when the row is not an item."""
    return _read_row(_row_cells(cells, columns))


def _read_row(row: _RowCells) -> Row | None:
    cells, assigned, name, ratio, item_class = row.cells, row.assigned, row.name, row.ratio, row.item_class
    numbers = [c for c in row.figure_cells() if _is_number(c.text)]
    solved = _solve_numbers(numbers, assigned)
    derived = None if solved else _quantity_from_amount(assigned, numbers)
    if derived is not None and _quantity_contradicts(row, derived[0]):
        # 10.00  5  30.00 under 单价 数量 金额 (50.00 misread, at 0.00, on a photo), or
        # 25.00  14  3350.00 (350.00 with a 3 from the ring of a seal): the quantity or the
        # amount was misread, and only the list's total can tell which. The row is read
        # as the items it may be (_read_unresolved), amount ÷ price first.
        return None
    triple = solved or derived or _single_unit(numbers) or _point_and_quantity_lost(row.cells)
    if name is None or (triple is None and item_class is None):
        return None
    quantity, unit_price, amount = triple or _fallback_numbers(numbers, assigned)
    if amount is None:
        return None
    item = ExpenseItem(
        name=name,
        item_class=item_class or ItemClass.A,
        quantity=quantity if quantity is not None else Decimal("1"),
        unit_price=unit_price if unit_price is not None else amount,
        amount=amount,
        self_pay_ratio=ratio,
        code=_code(cells, assigned),
    )
    unsure = "quantity" in assigned and assigned["quantity"].confidence < UNSURE_QUANTITY
    return Row(item, checked=triple is not None and _printed_with_decimals(amount, numbers),
               quantity_read=quantity is not None and not unsure,
               points_lost=not any("." in _point_restored(cell.text) for cell in numbers))


# A quantity cell read less surely than this is taken for misread (Tesseract gives a
# misread character 0.0-0.4, one it reads right 0.8 and more).
UNSURE_QUANTITY = 0.5


def _quantity_contradicts(row: _RowCells, derived: Decimal) -> bool:
    """Whether the row's quantity cell, read surely as a whole number, says another
    quantity than the ``derived`` amount ÷ price. One unit is never contradicted: a price
    equal to its amount is no chance agreement, and a lone narrow 1 is the glyph OCR
    misreads most (4, 出, 上 on one 1-bit scan)."""
    read = _whole_quantity(row)  # None without a quantity cell
    return derived != 1 and read is not None and read != derived \
        and row.assigned["quantity"].confidence >= UNSURE_QUANTITY


# A row read without a decimal point may still be an item; how many readings it may have,
# and how many such rows the total may choose among (the choices grow as their product).
MAX_READINGS = 4
MAX_UNRESOLVED = 6


def _read_unresolved(row: _RowCells) -> Unresolved | None:
    """The items a row that _read_row could not make one of may be (see Unresolved): a
    price and an amount whose ratio is a whole quantity, the quantity read times a
    price, or an amount alone; each figure as read or, when a bare integer of three
    digits and more, a hundredth of it."""
    if row.name is None:
        return None
    figures = [readings for c in row.figure_cells() if (readings := _cell_readings(c.text))]
    found: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for price_cell, amount_cell in permutations(figures, 2):
        for price in price_cell:
            for amount in amount_cell:
                if (quantity := _whole_units(amount, price)) is not None:
                    found.setdefault(amount, (quantity, price))
    agreeing = len(found)
    quantity = _whole_quantity(row)
    if quantity is not None:
        for readings in figures:  # the amount garbled: 2 × 4.20 beside 4.20 AAAjw会AN
            for price in readings:
                found.setdefault((quantity * price).quantize(FEN), (quantity.quantize(Decimal(1)), price))
    for readings in figures:
        for amount in readings:
            found.setdefault(amount, (Decimal("1"), amount))
    items = tuple(ExpenseItem(name=row.name, item_class=row.item_class or ItemClass.A, quantity=quantity,
                              unit_price=price, amount=amount, self_pay_ratio=row.ratio,
                              code=_code(row.cells, row.assigned))
                  for amount, (quantity, price) in list(found.items())[:MAX_READINGS])
    return Unresolved(items, min(agreeing, len(items)), quantity) if items else None


def _read_unread(row: _RowCells) -> Unread | None:
    """A row with a name and an item code but no figure read (see Unread). The code is
    its column's cell or, under a header whose 项目编码 went unread, a code-like first or
    last cell (250401011 《反应站白测定 了), never a date (a 日期 column's 2024-10-29)."""
    code = _code(row.cells, row.assigned) if row.assigned else None
    if row.name is None or code is None or _DATE_CELL.match(code):
        return None
    return Unread(row.name, code, _whole_quantity(row), row.item_class, row.ratio)


_DATE_CELL = re.compile(r"^\d{4}[-./年]\d{1,2}[-./月]?\d{1,2}日?$")


# A quantity cell OCR read as a character that stands for a digit: 了 is how chi_sim reads
# a lone 7 (250401011 《反应站白测定 了, s3039-011: 7 × 40.00, its figures unread).
_DIGIT_GLYPHS = {"了": "7"}


def _whole_quantity(row: _RowCells) -> Decimal | None:
    """The row's quantity cell as a whole number of units (1 to MAX_DERIVED_QUANTITY), or None."""
    cell = row.assigned["quantity"].text.strip() if "quantity" in row.assigned else None
    quantity = _decimal(_DIGIT_GLYPHS.get(cell, cell)) if cell is not None else None
    if quantity is None or quantity != quantity.to_integral_value() or not 1 <= quantity <= MAX_DERIVED_QUANTITY:
        return None
    return quantity


def _cell_readings(text: str) -> tuple[Decimal, ...]:
    """What a cell may say as a price or an amount (_figure_readings); for a cell that
    says nothing so as a whole, what its words say (7了“7850. 19950: a price garbled and
    an amount without its point, the gap between them bridged)."""
    words = text.split()
    as_a_whole = _figure_readings(text)
    if as_a_whole or len(words) < 2:
        return as_a_whole
    return tuple(value for word in words for value in _figure_readings(word))


def _figure_readings(text: str) -> tuple[Decimal, ...]:
    """What a cell may say as a price or an amount: a figure with decimals as read; a
    bare integer of three digits and more as read and as a hundredth (its point lost).
    A shorter bare integer is a quantity or a row number, not a price."""
    value = _decimal(text)
    if value is None or value < 1:  # 0.1, 0.05: a self-pay ratio; no price on a list is under a yuan
        return ()
    if is_figure(text):
        return (value.quantize(FEN),)
    if _PRICE_WITHOUT_POINT.match(text.strip()):
        return ((value / 100).quantize(FEN), value.quantize(FEN))
    return ()


def reconcile_with_total(entries: Sequence[Entry], total: Decimal) -> list[ExpenseItem] | None:
    """The list's items with its rows in doubt settled by its total, or None (see
    settle_with_total)."""
    settlement = settle_with_total(entries, total)
    return settlement.items if settlement is not None else None


@dataclass(frozen=True)
class Settlement:
    """A list's items settled by a total, and its strain: how many of its rows in doubt
    are read other than their likeliest way (a row that does not check as read, an
    unresolved row its first reading). A total whose settlement strains fewer rows is the
    likelier of two (lists._with_invoice_total)."""

    items: list[ExpenseItem]
    strain: int


def likeliest_items(entries: Sequence[Entry]) -> list[ExpenseItem]:
    """The list's items before a total settles them: each row as read, each unresolved
    row its first (likeliest) reading; a row none of whose figures was read (Unread) is
    no item, only a total could tell its amount. What extraction gives as the list's items."""
    return [entry.item if isinstance(entry, Row) else entry.readings[0]
            for entry in entries if not isinstance(entry, Unread)]


def settle_with_total(entries: Sequence[Entry], total: Decimal) -> Settlement | None:
    """The list's items with its rows in doubt settled by its total, or None.

    A list's total is the sum of its rows. When its likeliest items (likeliest_items, no
    row strained) make it, they are the list. Otherwise the rows in doubt may, to the fen:
    - an unresolved row is one of its readings, or no item at all (not all of them);
    - a row that does not check is its amount as read, or its quantity × price (11.20
      read for 2 × 35.60 = 71.20, the 7 misread), or the gap the other rows leave when
      that gap is what its amount could have been (_row_as_gap: its price a whole
      number of times where its quantity went unread, or its amount as read with
      digits lost in front);
    - a row whose figures all went unread (Unread) is the gap the other rows leave, and
      so may be an unresolved row read as an amount alone (3.85 for 16 × 3.85, the
      quantity lost), when the gap holds its price a whole number of times, or one
      whose quantity alone was read (2 224 for 2 × 1.20), when the gap holds that
      quantity to the fen (_garbled_row_as_gap).
    One entry at most is the gap, and a gap is no more than the largest row: one row's
    amount, not rows missed altogether. Beside rows taken on trust (a row that does not
    check standing as read, an unresolved row's reading), an unread row's gap must also
    hold the quantity read on its own row a whole number of times. An unread row whose
    item code has checked rows elsewhere on the list is the gap only when the gap holds
    that item's price a whole number of times, and beside rows taken on trust, as many
    times as its own quantity read.

    Every reading but the row as read is a change, and so is an unresolved row's reading
    that sets a figure read aside where another keeps its price and amount (Unresolved's
    ``agreeing``). Of the choices that make the total, the one with the fewest changes
    is taken when no other has as few; any doubt (no choice, or several) leaves the rows
    as read.
    """
    likeliest = likeliest_items(entries)
    if likeliest and sum((item.amount for item in likeliest), Decimal(0)) == total:
        return Settlement(likeliest, 0)
    if not any(_in_doubt(entry) for entry in entries) \
            or sum(isinstance(entry, Unresolved) for entry in entries) > MAX_UNRESOLVED:
        return None
    settled = _settled_by_choice(entries, total, garbled=False)
    if settled is None and any(isinstance(entry, Unresolved) and (entry.quantity or 0) >= 2 for entry in entries):
        # Only where the rows' readings settle nothing: a row garbled past its readings
        # may be the gap its quantity read divides (_garbled_row_as_gap).
        settled = _settled_by_choice(entries, total, garbled=True)
    return settled


def _settled_by_choice(entries: Sequence[Entry], total: Decimal, garbled: bool) -> Settlement | None:
    """settle_with_total's choice among the entries' readings (see there); ``garbled``:
    an unresolved row whose quantity was read may also be the gap."""
    options = [_options(entry, alternatives=True, garbled=garbled) for entry in entries]
    if prod(len(ways) for ways in options) > MAX_CHOICES:  # many rows that do not check: they stand as read
        options = [_options(entry, alternatives=False, garbled=garbled) for entry in entries]
    largest = max((entry.item.amount for entry in entries if isinstance(entry, Row)), default=Decimal(0))
    prices = _prices_by_code(entries)
    # Entries read one way only are added up once; the choices are those of the others.
    open_ = [index for index, ways in enumerate(options) if _open(ways)]
    fixed = [ways[0] for ways in options if not _open(ways)]
    known_sum = sum((way.item.amount for way in fixed), Decimal(0))
    fixed_guess = any(way.guess for way in fixed)
    unresolved = [place for place, index in enumerate(open_) if isinstance(entries[index], Unresolved)]
    fewest, found = None, []
    for choice in product(*(options[index] for index in open_)):
        changes = sum(way.changes for way in choice)
        gaps = [place for place, way in enumerate(choice) if isinstance(way, _Gap)]
        if (fewest is not None and changes > fewest) or len(gaps) > 1 \
                or (unresolved and all(_no_item(choice[place]) for place in unresolved)):
            continue
        chosen = [None if isinstance(way, _Gap) else way.item for way in choice]
        known = known_sum + sum((item.amount for item in chosen if item is not None), Decimal(0))
        if gaps:
            guessed = fixed_guess or any(isinstance(way, _Reading) and way.guess for way in choice)
            chosen[gaps[0]] = choice[gaps[0]].settled(total - known, largest, guessed, prices)
            if chosen[gaps[0]] is None:
                continue
        elif known != total:
            continue
        if fewest is None or changes < fewest:
            fewest, found = changes, []
        found.append((chosen, choice))
    if len(found) != 1:
        return None
    chosen, choice = found[0]
    settled = dict(zip(open_, chosen))
    items = [settled[index] if index in settled else ways[0].item for index, ways in enumerate(options)]
    strain = sum(way is not options[index][0] for way, index in zip(choice, open_))
    return Settlement([item for item in items if item is not None], strain)


def _open(ways: list[_Reading | _Gap]) -> bool:
    """Whether an entry read these ``ways`` is for the total to settle."""
    return len(ways) > 1 or isinstance(ways[0], _Gap)


def _no_item(way: _Reading | _Gap) -> bool:
    return isinstance(way, _Reading) and way.item is None


# How many choices of readings the total may choose among (they grow as a product).
MAX_CHOICES = 20000


@dataclass(frozen=True)
class _Reading:
    """One way to read an entry: an item, or None (no item); ``changes``: 1 when it is not
    the row as read; ``guess``: a reading no check confirms (a row that does not check
    taken as read, an unresolved row's reading)."""

    item: ExpenseItem | None
    changes: int = 0
    guess: bool = False


@dataclass(frozen=True)
class _Gap:
    """An entry read as the gap the other rows leave to the total (reconcile_with_total)."""

    entry: Unread | Unresolved | Row
    changes: int = 0
    garbled: bool = False  # an unresolved row that may be the gap its quantity divides

    def settled(self, gap: Decimal, largest: Decimal, guessed: bool,
                prices: dict[str, set[Decimal]]) -> ExpenseItem | None:
        """The entry as an item of amount ``gap``, or None when it cannot be one;
        ``guessed``: other rows are taken as read without a check; ``prices``: the unit
        prices of checked rows, by item code (_prices_by_code)."""
        if not 0 < gap <= largest:
            return None
        if isinstance(self.entry, Unread):
            return self._unread_as(gap, guessed, prices.get(self.entry.code, set()))
        if isinstance(self.entry, Row):
            return _row_as_gap(self.entry, gap, prices.get(self.entry.item.code or "", set()))
        reading = self.entry.readings[0]
        quantity = _whole_units(gap, reading.unit_price)
        if quantity is not None and quantity >= 2:
            return replace(reading, quantity=quantity, amount=gap)
        return _garbled_row_as_gap(self.entry, gap) if self.garbled else None

    def _unread_as(self, gap: Decimal, guessed: bool, known: set[Decimal]) -> ExpenseItem | None:
        """The unread row as an item of amount ``gap``, or None (see settled); ``known``:
        its item's prices on checked rows."""
        quantity = self.entry.quantity
        if known:
            # The item's price on its other rows: the gap holds it a whole number of times,
            # and beside rows taken on trust, as many times as the row's own quantity says.
            item = next((replace(self.entry.item(gap), quantity=units, unit_price=price)
                         for price in sorted(known) if (units := _whole_units(gap, price)) is not None), None)
            return item if item is not None and (not guessed or item.quantity == quantity) else None
        whole = quantity is not None and quantity > 1 and (gap / quantity).quantize(FEN) * quantity == gap
        return self.entry.item(gap) if whole or not guessed else None


def _row_as_gap(row: Row, gap: Decimal, known: set[Decimal]) -> ExpenseItem | None:
    """A row that does not check as an item of amount ``gap``, or None. Its amount was
    misread beyond its quantity × price, and the gap is what it could have been:
    - with its quantity unread, its price a whole number of times: the price its item
      code has on checked rows (``known``), else its own as read (7.70 read 79 at 0.00,
      the quantity 2 read 多: 2 × 3.85);
    - its amount as read with digits lost in front (32.40 read 2.40, a seal's ring
      across its 3), at its quantity read when the price comes out to the fen.
    Not its amount as read nor its quantity × price, which are readings of their own
    (_options); a quantity read is never overruled (1 × 60.00 read 0.00 is no 120.00)."""
    item = row.item
    if gap in (item.amount, (item.quantity * item.unit_price).quantize(FEN)):
        return None
    for price in sorted(known or {item.unit_price}) if not row.quantity_read else ():
        if price > 0 and (units := _whole_units(gap, price)) is not None:
            return replace(item, quantity=units, unit_price=price, amount=gap)
    if item.amount >= 1 and digits_lost_in_front(gap, item.amount):
        quantity = item.quantity if row.quantity_read else Decimal(1)
        price = (gap / quantity).quantize(FEN)
        return replace(item, quantity=quantity, unit_price=price, amount=gap) if price * quantity == gap else None
    return None


def _garbled_row_as_gap(entry: Unresolved, gap: Decimal) -> ExpenseItem | None:
    """An unresolved row whose quantity was read (more than one unit) as an item of
    amount ``gap``, when its figures are garbled past their readings (医用外科口罩 2 224
    for 2 × 1.20 = 2.40 under a seal's ring, s3070-000) and the gap holds that quantity
    to the fen; else None."""
    quantity = entry.quantity
    if quantity is None or quantity < 2 or (price := (gap / quantity).quantize(FEN)) * quantity != gap:
        return None
    return replace(entry.readings[0], quantity=quantity.quantize(Decimal(1)), unit_price=price, amount=gap)


def _prices_by_code(entries: Sequence[Entry]) -> dict[str, set[Decimal]]:
    """The unit prices of the checked rows, by item code: a list prints an item (XJ1001,
    注射用头孢曲松钠) on a row for each day, always at its one price."""
    prices: dict[str, set[Decimal]] = {}
    for entry in entries:
        if isinstance(entry, Row) and entry.checked and entry.item.code:
            prices.setdefault(entry.item.code, set()).add(entry.item.unit_price)
    return prices


def _whole_units(amount: Decimal, price: Decimal) -> Decimal | None:
    """How many units of ``price`` make ``amount``, when a whole number of them does."""
    quantity = amount / price
    if quantity != quantity.to_integral_value() or not 1 <= quantity <= MAX_DERIVED_QUANTITY:
        return None
    return quantity.quantize(Decimal(1))


def _in_doubt(entry: Entry) -> bool:
    return not isinstance(entry, Row) or not entry.checked


def _options(entry: Entry, alternatives: bool, garbled: bool = False) -> list[_Reading | _Gap]:
    """The ways ``entry`` may be read (reconcile_with_total); ``alternatives``: a row that
    does not check may also be its quantity × price; ``garbled``: an unresolved row
    whose quantity was read may be the gap (_garbled_row_as_gap)."""
    if isinstance(entry, Unread):
        return [_Gap(entry)]
    if isinstance(entry, Unresolved):
        alone = len(entry.readings) == 1 and entry.readings[0].quantity == 1
        garbled = garbled and (entry.quantity or 0) >= 2
        as_gap = [_Gap(entry, changes=1, garbled=garbled)] if alone or garbled else []
        # A reading that sets a figure aside is a change beside one that keeps them both.
        readings = [_Reading(item, changes=int(0 < entry.agreeing <= place), guess=True)
                    for place, item in enumerate(entry.readings)]
        return [*readings, _Reading(None, changes=1), *as_gap]
    if entry.checked:
        return [_Reading(entry.item)]
    item = entry.item
    times = (item.quantity * item.unit_price).quantize(FEN)
    other = [_Reading(replace(item, amount=times), changes=1)] if alternatives and 0 < times != item.amount else []
    points = [_Reading(hundredth, changes=1)] if alternatives and (hundredth := _points_lost(entry)) else []
    as_gap = [_Gap(entry, changes=1)] if alternatives else []
    return [_Reading(item, guess=True), *other, *points, *as_gap]


def _points_lost(row: Row) -> ExpenseItem | None:
    """A row whose figures were all read without a point where it printed fen, in both
    price and amount (医用外科口罩 120 120 for 1 × 1.20, a blurred photo, s3069-017): the
    item with both a hundredth; None when its figures are not so read."""
    item = row.item
    if not row.points_lost or item.amount < 100 or item.unit_price < 100:
        return None
    return replace(item, unit_price=(item.unit_price / 100).quantize(FEN), amount=(item.amount / 100).quantize(FEN))


# A figure with up to three misread characters glued before it (AN130.20: a seal's ring
# read as letters; five when one is a letter: AAA人399.00, s3066-015) or after it
# (42.00站, 369.60区, 26.40|: a class, a cell's bar or the ring, the gap to the next
# column lost), and the figure alone. A unit or a percent sign after it is part of the
# figure.
_FIGURE_IN_JUNK = re.compile(r"^(?:[^\d\s]{0,3}|(?=[^\d\s]*[A-Za-z])[^\d\s]{4,5})(\d[\d,]*\.\d{2})"
                             r"([^\d\s%元¥.,]{0,3})$")
# A quantity beside them: a whole number of up to three digits, a word of its own.
_QUANTITY_WORD = re.compile(r"^\d{1,3}$")


def _figures_split(cells: list[Cell]) -> list[Cell]:
    """A cell holding a figure and more words, the gaps between them bridged (18.60
    AN130.20: a seal's ring across the row; 了HB Ron 70.00 and 4.20 AAAjw会AN: a
    quantity, price or amount garbled beside a figure read well; 42.00站: a class glued
    after the amount), becomes a cell per figure, without the marks glued before it, and
    a cell per run of the other words (what was glued after a figure among them), and a
    cell per item code (4.20 /Ar全N XJ0002: the gaps to the 项目编码 column lost too). Only
    when those other words hold no digit but in a code or a quantity standing alone (14
    AAA人399.00: the quantity, the price under a seal's ring, the amount): 14 A引6 is a
    figure misread, not junk."""
    split = []
    for cell in cells:
        words = cell.text.split()
        figures = [_FIGURE_IN_JUNK.match(word) for word in words]
        others = [word for word, figure in zip(words, figures) if figure is None and not _is_item_code(word)]
        glued = any(figure is not None and figure.group(2) for figure in figures)
        if (len(words) < 2 and not glued) or not any(figures) \
                or any(ch.isdigit() for word in others if not _QUANTITY_WORD.match(word) for ch in word):
            split.append(cell)
            continue
        share, start, run = (cell.x1 - cell.x0) / len(cell.text), 0, None
        for word, figure in zip(words, figures):
            begin = cell.text.index(word, start)
            start = begin + len(word)
            if figure is not None:
                tail = begin + figure.end(1)
                split.append(Cell(figure.group(1), cell.x0 + round(begin * share), cell.x0 + round(tail * share),
                                  cell.confidence))
                run = None
                if not figure.group(2):
                    continue
                word, begin = figure.group(2), tail
            x0, x1 = cell.x0 + round(begin * share), cell.x0 + round(start * share)
            if _is_item_code(word):
                split.append(Cell(word, x0, x1, cell.confidence))
                run = None
            elif run is None:
                run = Cell(word, x0, x1, cell.confidence)
                split.append(run)
            else:  # a run of other words: one cell
                split[-1] = run = Cell(f"{run.text} {word}", run.x0, x1, cell.confidence)
    return split


_FIGURE_WITH_CLASS = re.compile(r"^(\d[\d,]*\.?\d*)[。.,\s“”\"']*([甲乙丙])$")


def _is_item_code(word: str) -> bool:
    """An item code as printed: letters and digits (XJ0002, CL0001) or a run of six
    digits and more (250401011), not a figure."""
    return bool(_CODE.match(word)) and any(ch.isdigit() for ch in word) and not _is_decimal_number(word) \
        and (any(ch.isalpha() for ch in word) or is_code_number(word))


def _classes_split_off(cells: list[Cell]) -> list[Cell]:
    """A class glued to the figure before it (4.20。甲: the gap between the 金额 and
    医保类别 columns lost) becomes two cells, the class on the right."""
    split = []
    for cell in cells:
        match = _FIGURE_WITH_CLASS.match(cell.text)
        if match is None:
            split.append(cell)
            continue
        split += _cut(cell, match)
    return split


def _cut(cell: Cell, match: re.Match) -> list[Cell]:
    """``cell`` as two cells, its ``match``'s two groups, its width shared by their length."""
    middle = cell.x0 + (cell.x1 - cell.x0) * len(match.group(1)) // len(cell.text)
    return [replace(cell, text=match.group(1), x1=middle), replace(cell, text=match.group(2), x0=middle)]


def _figures_of(cells: list[Cell]) -> set[Decimal]:
    """The values of a row's cells printed with decimals (is_figure): its prices and amounts."""
    return {value for c in cells if is_figure(c.text) and (value := _decimal(c.text)) is not None}


_QUANTITY_AND_FIGURE = re.compile(r"^(\d{1,3}) (\d[\d,]*\.\d{2})$")


def _quantity_split_off(cells: list[Cell]) -> list[Cell]:
    """A quantity glued to the price beside it (2 240.00: the gap between the 数量 and
    单价 columns read as one space) becomes two cells, when another figure of the row is
    that quantity times that price (480.00). Without that evidence the cell stays one
    figure: a thousands separator read as a space (2 240.00 for 2,240.00) looks the same."""
    figures = _figures_of(cells)
    split = []
    for cell in cells:
        match = _QUANTITY_AND_FIGURE.match(cell.text)
        price = _decimal(match.group(2)) if match else None
        if match is None or price is None or (int(match.group(1)) * price).quantize(FEN) not in figures:
            split.append(cell)
            continue
        split += _cut(cell, match)
    return split


def _points_restored(cells: list[Cell]) -> list[Cell]:
    """A price or amount whose decimal point OCR lost (385 beside 3.85, 6480 for 2 × 32.40):
    a bare integer of three digits and more is a hundredth of itself when that is a figure
    printed with decimals on the same row, or the product of a quantity and such a figure.
    Only a lost point turns one unit's equal price and amount a factor of 100 apart."""
    figures = _figures_of(cells)
    counts = {value for c in cells if re.fullmatch(r"\d{1,3}", c.text) and (value := _decimal(c.text))}
    products = {(count * figure).quantize(FEN) for count in counts for figure in figures}
    restored = []
    for cell in cells:
        value = _decimal(cell.text) if re.fullmatch(r"\d{3,}", cell.text) else None
        if value is not None and (value / 100) in figures | products:
            cell = replace(cell, text=f"{value / 100:.2f}")
        restored.append(cell)
    return restored


def _printed_with_decimals(amount: Decimal, numbers: list[Cell]) -> bool:
    """Whether the row's amount was read with its decimal point: with the point lost in
    both price and amount (50.00 read 5000 twice) the figures still multiply out."""
    return any("." in _point_restored(c.text) and abs((_decimal(c.text) or 0) - amount) <= FEN for c in numbers)


def _assign(cells: list[Cell], columns: dict[str, float]) -> dict[str, Cell]:
    """Give each cell to the nearest column that can hold it: a code is not a quantity,
    price or amount, and a figure with decimals is not a code (with the 金额 header
    misread, an amount lies between 单价 and 项目编码 and could go to either)."""
    assigned: dict[str, Cell] = {}
    for cell in cells:
        fitting = [name for name in columns if _fits(name, cell.text)]
        if not fitting:
            continue
        column = min(fitting, key=lambda name: abs(columns[name] - cell.centre))
        if column not in assigned:
            assigned[column] = cell
    return assigned


def _fits(column: str, text: str) -> bool:
    """Whether a cell reading ``text`` can belong to ``column`` (see _assign)."""
    if column == "code":
        return not _is_decimal_number(text)
    if column == "ratio":  # 0.1, 10%: an amount (28.00) next to a misread 金额 header is none
        return parse_ratio(text) is not None
    if column in NUMERIC_COLUMNS:
        return not is_code_number(text)
    return True


def is_figure(text: str) -> bool:
    """A number printed with decimals (30.00, ¥1,200.50): a price or an amount."""
    return bool(_WITH_DECIMALS.match(_point_restored(text).replace(" ", "")))


def _is_decimal_number(text: str) -> bool:
    """A number with a decimal point, however misread (7.710): a figure, not a code."""
    return "." in _point_restored(text) and _decimal(text) is not None


def is_code_number(text: str) -> bool:
    """A bare run of six or more digits: an item code (110900001), not a figure."""
    return bool(_CODE_DIGITS.match(text.replace(",", "").strip()))


def _solve_numbers(numbers: list[Cell], assigned: dict[str, Cell]):
    """(quantity, unit price, amount) with quantity × price = amount to the fen."""
    by_header = tuple(_decimal(assigned[k].text) if k in assigned else None for k in ("quantity", "unit_price", "amount"))
    if None not in by_header and _consistent(*by_header):
        return _to_fen(*by_header)
    values = [_decimal(c.text) for c in numbers]
    found = [(q, p, a) for q, p, a in permutations([v for v in values if v is not None], 3)
             if _consistent(q, p, a) and a >= p]
    # A quantity is printed without decimals: 368.00  1  368.00 is one unit of 368.00.
    found.sort(key=lambda triple: triple[0].as_tuple().exponent < 0)
    return _to_fen(*found[0]) if found else None


def _to_fen(quantity: Decimal, unit_price: Decimal, amount: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """An amount is printed to the fen: one read with more decimals (7.710 for 7.70, a
    stray mark) is quantity × price, which it matched to the fen."""
    if amount.as_tuple().exponent >= -2:
        return quantity, unit_price, amount
    return quantity, unit_price, (quantity * unit_price).quantize(FEN, rounding=ROUND_HALF_UP)


def _quantity_from_amount(assigned: dict[str, Cell], numbers: list[Cell]):
    """Quantity lost or misread (了 for 7, 世1 for 11): amount ÷ unit price, when whole.

    The price is the 单价 cell and the amount the 金额 cell or the figure right of the
    price; else (those headers misread, or right-aligned figures nearer another header)
    any figure and the figure printed right after it, a whole multiple of it: every list
    prints the amount right after the unit price.
    """
    figures = [c for c in numbers if is_figure(c.text)]
    pairs = list(zip(figures, figures[1:]))
    if "unit_price" in assigned:
        pairs.insert(0, (assigned["unit_price"], assigned.get("amount") or _right_of(assigned["unit_price"], numbers)))
    for price_cell, amount_cell in pairs:
        if amount_cell is None:
            continue
        price, amount = _decimal(price_cell.text), _decimal(amount_cell.text)
        if not price or not amount or price <= 0 or amount < price:
            continue
        quantity = amount / price
        if quantity == quantity.to_integral_value() and quantity <= MAX_DERIVED_QUANTITY:
            return quantity.quantize(Decimal(1)), price, amount.quantize(FEN)
    return None


def _point_and_quantity_lost(cells: list[Cell]):
    """The quantity lost and the decimal point of the price or of the amount beside it
    (4000  280.00 for 7 × 40.00; 620.00  434000 for 7 × 620.00, read from a blurred photo
    whose quantity column went unread): the price is printed right before the amount, and
    only one reading of the point makes the amount a whole multiple of the price.

    Tried last, so that a row that multiplies out as read keeps its figures."""
    for left, right in zip(cells, cells[1:]):
        if is_figure(left.text) and _AMOUNT_WITHOUT_POINT.match(right.text):
            price, amount = _decimal(left.text), _decimal(right.text) / 100
        elif _PRICE_WITHOUT_POINT.match(left.text) and is_figure(right.text):
            price, amount = _decimal(left.text) / 100, _decimal(right.text)
        else:
            continue
        if not price or not amount or price <= 0:
            continue
        quantity = amount / price
        if quantity == quantity.to_integral_value() and 2 <= quantity <= MAX_DERIVED_QUANTITY:
            return quantity.quantize(Decimal(1)), price.quantize(FEN), amount.quantize(FEN)
    return None


def _right_of(cell: Cell | None, numbers: list[Cell]) -> Cell | None:
    """The figure printed right after ``cell`` on its row, if any."""
    if cell is None:
        return None
    following = [c for c in numbers if c.x0 >= cell.x1 and is_figure(c.text)]
    return min(following, key=lambda c: c.x0, default=None)


def _single_unit(numbers: list[Cell]):
    """A quantity of 1 is the cell OCR loses most (a lone narrow glyph): a row whose last
    two numbers are equal is one unit at that price; so is a row with two equal figures
    side by side before other numbers (4800 00  4800 00  0.2: a ratio printed without %)."""
    values = [v for v in (_decimal(c.text) for c in numbers) if v is not None]
    if len(values) >= 2 and values[-1] == values[-2] and values[-1] > 0:
        return Decimal("1"), values[-2], values[-1].quantize(FEN)
    pairs = [(left, right) for left, right in zip(numbers, numbers[1:])
             if is_figure(left.text) and is_figure(right.text) and _decimal(left.text) == _decimal(right.text)]
    if pairs and (price := _decimal(pairs[-1][0].text)) and price > 0:
        return Decimal("1"), price, price.quantize(FEN)
    return None


def _class_from_ratio(ratio: Decimal | None) -> ItemClass | None:
    """A lost class cell, told by the self-pay ratio: 0 is 甲, 100% is 丙/自费, between is 乙."""
    if ratio is None:
        return None
    if ratio == 0:
        return ItemClass.A
    return ItemClass.C if ratio >= 1 else ItemClass.B


def _consistent(quantity: Decimal, unit_price: Decimal, amount: Decimal) -> bool:
    return quantity > 0 and abs((quantity * unit_price).quantize(FEN) - amount) <= FEN


def _fallback_numbers(numbers: list[Cell], assigned: dict[str, Cell]):
    """Numbers by column when they do not multiply out (an OCR error in one of them)."""
    def value(column: str) -> Decimal | None:
        return _decimal(assigned[column].text) if column in assigned else None
    amount = value("amount")
    figures = [c for c in numbers if is_figure(c.text)]
    if amount is None and figures:  # a bare integer here is a row number or a quantity
        amount = _decimal(figures[-1].text)
    return value("quantity"), value("unit_price"), amount.quantize(FEN) if amount is not None else None


def _item_class(cell: Cell | None, cells: list[Cell]) -> ItemClass | None:
    candidates = [cell] if cell is not None else [c for c in cells if len(c.text) <= 3]
    for candidate in candidates:
        for word, item_class in _CLASS_WORDS:
            if word in candidate.text:
                return item_class
    return None


def _name(cells: list[Cell], assigned: dict[str, Cell]) -> str | None:
    """The 项目名称 cell; a row number misread as a character (加0 for 10) sits under the same
    header word (序号项目名称) and is passed over for a cell with a real name in it. A
    class cell (甲, 乙类, 自费) is no name, but a name may hold a class word (甲状腺功能,
    凝血四项 read 莽由四项, 由 being 甲 misread): only a short cell is taken for a class."""
    if "name" in assigned and re.search(r"[\u4e00-\u9fff]{2,}", assigned["name"].text):
        return assigned["name"].text
    texts = [c.text for c in cells if re.search(r"[\u4e00-\u9fff]{2,}", c.text)
             and not (len(c.text) <= 3 and _item_class(c, [c]) is not None)]
    return max(texts, key=len, default=None)


def _ratio(cells: list[Cell], assigned: dict[str, Cell]) -> Decimal | None:
    if "ratio" in assigned:
        return parse_ratio(assigned["ratio"].text)
    for cell in cells:
        if _is_ratio_text(cell.text):
            return parse_ratio(cell.text)
    return None


def _code(cells: list[Cell], assigned: dict[str, Cell]) -> str | None:
    """The item code: its column's cell, else a code-like first or last cell."""
    candidates = [assigned.get("code"), *(cells[:1]), *(cells[-1:])]
    return next((c.text for c in candidates
                 if c is not None and _CODE.match(c.text) and not _is_decimal_number(c.text)), None)


def _is_number(text: str) -> bool:
    return _decimal(text) is not None


def _is_ratio_text(text: str) -> bool:
    return text.strip().endswith("%")


_POINT_AS_SPACE = re.compile(r"^(\d+)[ ,](\d{2})$")


def _point_restored(text: str) -> str:
    """``text`` with a decimal point read as a space or a comma put back (88 00, 12,00 ->
    88.00, 12.00): two digits after it are fen; a thousands group has three."""
    return _POINT_AS_SPACE.sub(r"\1.\2", text.strip())


def _decimal(text: str) -> Decimal | None:
    """The number in a cell. A decimal point read as a space (88 00) is restored: two
    digits after a gap are fen, a thousands group has three (1 200.00)."""
    cleaned = _point_restored(text).replace("¥", "").replace("元", "").replace(",", "").replace(" ", "").strip()
    if len(cleaned) <= 10:
        cleaned = cleaned.translate(_DIGIT_LOOKALIKES)
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None
