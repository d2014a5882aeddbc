"""An expense list's total, when its own went unread or was misread by a digit, from the
invoice its rows add up to.

A hospital's seal is stamped where the list ends, across its 合计 row, and on a grey
scan or a blurred photo the ring garbles the total (合计 人写蚊) 60, 合计 AAA会办) while
the rows above read well. The list is the invoice's breakdown: its rows add up to the
invoice's total (domain.md §3). So when a list's rows, as read or with their unresolved
rows settled (table.reconcile_with_total), add up to the fen to the total of one of the
packet's invoices, and to no other invoice's, that is the list's total too.

A list takes an invoice's total only by that exact sum: a list whose rows fall short of
every invoice keeps none. A total read on the list is replaced only when it is one digit
away from that invoice's total (5995.15 read for 5595.15, or 317272.15 for 17272.15, the
¥ read as a digit) and its rows do not add up to it as read, or only by reading more of
its rows in doubt other than their likeliest way (table.Settlement's strain: 9384.00 read
for 9384.60 made by 1 × 68.00 where 7 × 9.80 = 68.60 made the invoice's): a total the
list's rows make as surely, or one further from the invoice's, stands, and
``amount_mismatch`` is for a reviewer. ``read_as`` keeps what was read (None: nothing).
A total read as an invoice's with one digit more in front (125192.85 for ¥25192.85)
is that invoice's even where a row went unread, so long as the rows come to no more
than it: they fall short of the figure read by a whole place.

A total read unsurely one digit from an invoice's total that the invoice's 大写 amount
confirms, its rows making neither, is the invoice's (_unsure_total_by_the_invoice).

A total the list read but set aside because its rows came to more (a row misread, see
extract's _drop_impossible_total) is restored when an invoice has that very total. A
total whose figure OCR read at a guess (GUESSED_TOTAL: 32834.50 at 0.00, for 6934.50
under a seal's ring) is no reading: the list takes the invoice total its rows make as if
its own went unread, and keeps the guess in ``read_as``.

Where the rows prove nothing (a row misread beyond settling), what the seal left of the
total row can: 合计 2癌4.40 is 2864.40 when an invoice of the packet has that total and
no other invoice's total fits what was read (_remains_agree), and 4118.25, read and set
aside below the rows' sum, is 14118.25 when an invoice has that total and no other ends so.

Where the invoice's total went unread too, a list whose every row checks (quantity ×
price = amount) takes its rows' sum when an invoice prints that very figure elsewhere
(its cash paid, beside a garbled label): _total_printed_on_an_invoice. And where the
total row's label went unread, its figure alone on a line of the list's last page that
is an invoice's total is the list's total (_invoice_total_alone). Where nothing of its
total was read and no invoice's fits, a list whose every row checks takes its rows' sum,
below the key-field confidence (_total_of_checked_rows).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from decimal import Decimal
from typing import Collection, Sequence

from claimdocs.extract import parsers, table
from claimdocs.extract.fields import NormalLine, normal_line, one_off
from claimdocs.model import DocType, Document, ExpenseItem, PageRef, PageText

log = logging.getLogger(__name__)


def list_totals_from_invoices(documents: Sequence[Document], texts: dict[PageRef, PageText]) -> list[Document]:
    """Documents with each expense list whose total went unread, or was misread by one
    digit, given the total of the invoice its rows add up to (see the module); ``texts``:
    each page's text, by reference."""
    invoices = {doc.fields["total_amount"]: doc.field_confidence.get("total_amount", 0.0)
                for doc in documents if doc.type is DocType.INVOICE and doc.fields.get("total_amount")}
    figures = _invoice_figures(documents, texts)
    in_words = {doc.fields["total_amount"] for doc in documents if doc.type is DocType.INVOICE
                and doc.fields.get("total_amount") and doc.fields.get("total_amount_words") == doc.fields["total_amount"]}
    return [_with_invoice_total(doc, invoices, texts, figures, in_words) if doc.type is DocType.EXPENSE_LIST else doc
            for doc in documents]


def _invoice_figures(documents: Sequence[Document], texts: dict[PageRef, PageText]) -> dict[Decimal, float]:
    """Every amount the packet's invoices print with its decimals, and how surely the
    line holding it was read."""
    figures: dict[Decimal, float] = {}
    for doc in documents:
        for ref in doc.pages if doc.type is DocType.INVOICE else ():
            for line in texts[ref].lines if ref in texts else ():
                for amount in parsers.parse_money_all(line.text, cents=True):
                    figures[amount] = max(figures.get(amount, 0.0), line.confidence)
    return figures


# A list total whose figure OCR read less surely than this is a guess, not a reading
# (Tesseract gave 32834.50 at 0.00 for 6934.50 under a seal's ring, s2027-029): the list
# takes the invoice total its rows add up to as if its own went unread.
GUESSED_TOTAL = 0.2


def _with_invoice_total(doc: Document, invoices: dict[Decimal, float], texts: dict[PageRef, PageText],
                        figures: dict[Decimal, float], in_words: Collection[Decimal]) -> Document:
    read = doc.fields.get("total_amount")
    if read is not None and (unsigned := _total_with_its_sign_read(doc, read, invoices, texts)) is not None:
        return unsigned
    if read is not None and doc.field_confidence.get("total_amount", 1.0) < GUESSED_TOTAL:
        guessed = _with_invoice_total(_without_total(doc), invoices, texts, figures, in_words)
        if guessed.fields.get("total_amount") is None:
            return doc  # no invoice's total: the guess stands, for a reviewer (low confidence)
        return replace(guessed, read_as={**guessed.read_as, "total_amount": read})
    if read is None and (set_aside := doc.read_as.get("total_amount")) in invoices:
        return _total_proved(doc, set_aside, invoices[set_aside], _entries(doc, texts))
    candidates = [total for total in invoices if read is None or _one_digit_apart(read, total)]
    if read is not None and not candidates:
        return doc  # a total read, no invoice's a digit from it: its rows are not parsed again
    entries = _entries(doc, texts)
    if entries is None:
        return doc
    if read is None and (total := _total_row_read_as_an_entry(entries, invoices)) is not None:
        return _with_total_row(doc, entries[:-1], total, invoices[total])
    own = _settled(entries, read) if read is not None else None
    matches = [(total, settled) for total in candidates if (settled := _settled(entries, total)) is not None]
    if own is not None and not (len(matches) == 1 and matches[0][1].strain < own.strain):
        return doc  # the list's own total holds: a mismatch with the invoice is real
    if len(matches) != 1 and read is None:
        return _total_by_its_remains(doc, invoices, texts, entries) or _total_printed_on_an_invoice(
            doc, entries, figures) or _invoice_total_alone(doc, invoices, texts) or _total_of_checked_rows(
            doc, entries) or doc
    if not matches and own is None and len(candidates) == 1:
        return _unsure_total_by_the_invoice(doc, candidates[0], invoices, in_words)
    if len(matches) != 1:
        return doc
    total, items = matches[0][0], matches[0][1].items
    log.info("expense list %s: total %s, its %d rows add up to an invoice's total",
             doc.id, "unread" if read is None else "misread by a digit", len(items))
    fields = {**doc.fields, "items": items, "total_amount": total}
    sure = invoices[total] if read is None else min(invoices[total], doc.field_confidence.get("total_amount", 0.0))
    confidence = {**doc.field_confidence, "total_amount": sure}
    return replace(doc, fields=fields, field_confidence=confidence, read_as={**doc.read_as, "total_amount": read})


# A list total read less surely than this may hold a misread digit: Tesseract reads the
# characters it misreads at 0.0-0.4 and those it reads right at 0.7 and more.
UNSURE_TOTAL = 0.5


def _unsure_total_by_the_invoice(doc: Document, total: Decimal, invoices: dict[Decimal, float],
                                 in_words: Collection[Decimal]) -> Document:
    """The list with the invoice's ``total`` for its own where it read one digit of it
    otherwise, unsurely (below UNSURE_TOTAL), and its rows make neither figure: the
    invoice's total, its 大写 amount saying the same (``in_words``), is the sure reading of
    the two (总计 12651.55 at 0.42 beside an invoice of 12651.95, 壹万贰仟陆佰伍拾壹元玖角伍分,
    a blurred photo's rows adding up to neither, s3075-027). Its rows stay as read;
    ``read_as`` keeps what was read. Else the list as it was."""
    sure = doc.field_confidence.get("total_amount", 1.0)
    if total not in in_words or sure >= UNSURE_TOTAL:
        return doc
    log.info("expense list %s: its total read unsurely a digit from an invoice's confirmed in words", doc.id)
    return replace(doc, fields={**doc.fields, "total_amount": total},
                   field_confidence={**doc.field_confidence, "total_amount": min(invoices[total], sure)},
                   read_as={**doc.read_as, "total_amount": doc.fields["total_amount"]})


def _total_with_its_sign_read(doc: Document, read: Decimal, invoices: dict[Decimal, float],
                              texts: dict[PageRef, PageText]) -> Document | None:
    """The list with an invoice's total for its own where it read that total with one
    digit more in front, the ¥ read as a digit (125192.85 for ¥25192.85 on a phone photo,
    s3068-024), and its rows, each its likeliest way, come to no more than that invoice's
    total: they fall short of the figure read by a whole place, a row or two unread. Its rows are
    settled by the total where they can be; ``read_as`` keeps what was read. None when
    no invoice's total, or two, are so."""
    totals = [total for total in invoices if parsers.first_digit_more(read, total)]
    entries = _entries(doc, texts) if len(totals) == 1 else None
    if entries is None:
        return None
    total = totals[0]
    if sum((item.amount for item in table.likeliest_items(entries)), Decimal(0)) > total:
        return None
    log.info("expense list %s: its total read with its sign as a digit is an invoice's", doc.id)
    items = _items_adding_up_to(entries, total)
    sure = min(invoices[total], doc.field_confidence.get("total_amount", 0.0))
    fields = {**doc.fields, "total_amount": total, **({"items": items} if items is not None else {})}
    return replace(doc, fields=fields, field_confidence={**doc.field_confidence, "total_amount": round(sure, 3)},
                   read_as={**doc.read_as, "total_amount": read})


def _without_total(doc: Document) -> Document:
    fields = {name: value for name, value in doc.fields.items() if name != "total_amount"}
    confidence = {name: sure for name, sure in doc.field_confidence.items() if name != "total_amount"}
    return replace(doc, fields=fields, field_confidence=confidence)


# Entries a list must hold before its last can be told for its total row.
MIN_ENTRIES_BEFORE_TOTAL = 2


def _total_row_read_as_an_entry(entries: list[table.Entry], invoices: dict[Decimal, float]) -> Decimal | None:
    """The invoice total that the list's last entry reads, when that entry does not check
    (a row that does, or carries an item code, is an item whatever its amount): its
    total row, whose label OCR garbled past knowing (栅用总狠 5872.55 for 费用总额,
    s2027-007), read as one more row. An item is never the whole bill beside others."""
    if len(entries) <= MIN_ENTRIES_BEFORE_TOTAL:
        return None
    last = entries[-1]
    if isinstance(last, table.Row) and (last.checked or last.item.code):
        return None
    amounts = set(table.unsure_amounts(last)) & set(invoices)
    return amounts.pop() if len(amounts) == 1 else None


def _with_total_row(doc: Document, entries: list[table.Entry], total: Decimal, sure: float) -> Document:
    """The list with its last entry taken for its total row (_total_row_read_as_an_entry):
    its total that figure, its items the entries before it, settled by it where they can
    be, else each its likeliest way, as extraction takes them (table.likeliest_items)."""
    log.info("expense list %s: its last row is its total row, the label garbled", doc.id)
    settled = _settled(entries, total)
    items = settled.items if settled is not None else table.likeliest_items(entries)
    return replace(doc, fields={**doc.fields, "items": items, "total_amount": total},
                   field_confidence={**doc.field_confidence, "total_amount": sure})


def _entries(doc: Document, texts: dict[PageRef, PageText]) -> list[table.Entry] | None:
    """The list's entries (table.list_entries) from its pages' text, None if a page's is missing."""
    return table.list_entries([texts[ref] for ref in doc.pages]) if all(ref in texts for ref in doc.pages) else None


def _one_digit_apart(read: Decimal, total: Decimal) -> bool:
    """Whether two amounts printed to the fen differ in exactly one digit (5995.15, 5595.15),
    or one has a digit more in front (317272.15 for 17272.15: the ¥ read as a 3)."""
    first, second = f"{read:.2f}", f"{total:.2f}"
    if len(first) != len(second):
        return parsers.first_digit_more(read, total) or parsers.first_digit_more(total, read)
    return one_off(first, second)


def _items_adding_up_to(entries: list[table.Entry], total: Decimal) -> list[ExpenseItem] | None:
    """The list's items when they add up to ``total`` (_settled), else None."""
    settled = _settled(entries, total)
    return settled.items if settled is not None else None


def _settled(entries: list[table.Entry], total: Decimal) -> table.Settlement | None:
    """The list's items when they add up to ``total``: its rows as read (its unresolved
    rows then no items), or with its rows in doubt settled by it; else None."""
    rows = [entry.item for entry in entries if isinstance(entry, table.Row)]
    if rows and sum((item.amount for item in rows), Decimal(0)) == total:
        return table.Settlement(rows, 0)
    return table.settle_with_total(entries, total)


def _total_proved(doc: Document, total: Decimal, sure: float, entries: list[table.Entry] | None) -> Document:
    """The list with the total it read and set aside as below its rows (extract's
    _drop_impossible_total) restored: an invoice of the packet has that total to the
    fen, so the total read right and a row that checks was misread (25.00 134 3350.00
    for 14 × 25.00, the ring of a seal read as a 3). Its rows stay as read, settled by
    the total where they can be; that they do not add up is for a reviewer
    (amount_mismatch)."""
    log.info("expense list %s: total %s set aside as below its rows is an invoice's total", doc.id, total)
    items = _items_adding_up_to(entries, total) if entries is not None else None
    fields = {**doc.fields, "total_amount": total, **({"items": items} if items is not None else {})}
    read_as = {name: value for name, value in doc.read_as.items() if name != "total_amount"}
    return replace(doc, fields=fields, field_confidence={**doc.field_confidence, "total_amount": sure},
                   read_as=read_as)


def _total_by_its_remains(doc: Document, invoices: dict[Decimal, float], texts: dict[PageRef, PageText],
                          entries: list[table.Entry]) -> Document | None:
    """The list with the total of the one invoice that fits what was read of its garbled
    total row (_remains_agree); None if none or several fit. Its rows stay as read,
    settled by the total where they can be; a reviewer sees the figures that do not add
    up (amount_mismatch), and the total is no surer than its row was read."""
    row = _total_row(texts[doc.pages[-1]])
    if row is None:
        return None
    remains = table.total_row_remains(row)
    # The total read and set aside, the seal having taken its first digit (5 “4118.25 for
    # 14118.25: below the rows' sum, _drop_impossible_total), fits the invoice it ends.
    set_aside = doc.read_as.get("total_amount")
    fitting = [total for total in invoices if _remains_agree(remains, total) or (
        isinstance(set_aside, Decimal) and parsers.first_digit_more(total, set_aside))]
    if len(fitting) != 1:
        return None
    total = fitting[0]
    log.info("expense list %s: the remains of its total row fit an invoice's total", doc.id)
    items = _items_adding_up_to(entries, total)
    fields = {**doc.fields, "total_amount": total, **({"items": items} if items is not None else {})}
    sure = min(invoices[total], row.line.confidence)
    return replace(doc, fields=fields, field_confidence={**doc.field_confidence, "total_amount": sure},
                   read_as={**doc.read_as, "total_amount": remains})


# Rows, every one checked, that make a figure an invoice prints: fewer could add up to a
# category of the invoice.
MIN_ROWS_PRINTED = 3


def _total_printed_on_an_invoice(doc: Document, entries: list[table.Entry],
                                 figures: dict[Decimal, float]) -> Document | None:
    """The list with its rows' sum for total, where its total row went unread and no
    invoice total was read that the rows make, when every row checks (quantity × price
    = amount) and an invoice prints that very sum (s3039-025: the invoice's total read
    22281535, its cash paid 25287.35 beside a garbled label, the 18 rows adding up to
    25287.35): the invoice is the list's summary. None otherwise."""
    total = _checked_sum(entries)
    if total is None or total not in figures:
        return None
    log.info("expense list %s: its checked rows add up to a figure its invoice prints", doc.id)
    return replace(doc, fields={**doc.fields, "total_amount": total},
                   field_confidence={**doc.field_confidence, "total_amount": round(figures[total], 3)},
                   read_as={**doc.read_as, "total_amount": None})


def _checked_sum(entries: list[table.Entry]) -> Decimal | None:
    """What the list's rows add up to when there are MIN_ROWS_PRINTED of them at least and
    every one checks (quantity × price = amount, printed with its decimals); else None."""
    if len(entries) < MIN_ROWS_PRINTED or not all(isinstance(e, table.Row) and e.checked for e in entries):
        return None
    return sum((entry.item.amount for entry in entries), Decimal(0))


# How sure a list's total is that nobody read, its rows' sum (_total_of_checked_rows):
# below the reference policy's key-field threshold, so that a reviewer still checks it.
ROWS_SUM_CONFIDENCE = 0.5


def _total_of_checked_rows(doc: Document, entries: list[table.Entry]) -> Document | None:
    """The list with its rows' sum for total where nothing was read of its total (its row
    under a seal or lost, nothing set aside) and no invoice's total fits, when every row
    checks (_checked_sum): a list's total is the sum of its rows, and rows that each
    multiply out were read as printed. On the development sets 3069 and 3070, each of the
    31 lists whose rows all checked added up to its printed total; s3069-013's list, whose
    total differs from its invoice's (an amount_mismatch), keeps its own. ``read_as``
    says no total was read (None); None where the rows do not all check."""
    total = _checked_sum(entries)
    if total is None or "total_amount" in doc.read_as:
        return None
    log.info("expense list %s: its total unread, its %d checked rows' sum taken", doc.id, len(entries))
    return replace(doc, fields={**doc.fields, "total_amount": total},
                   field_confidence={**doc.field_confidence, "total_amount": ROWS_SUM_CONFIDENCE},
                   read_as={**doc.read_as, "total_amount": None})


# A figure alone on its line, its point read as a space or kept, with a currency sign
# before it and at most one mark after it (元, or 元 misread: 11530 00光), or one or two
# digits (元 read as 7: 14473.757, or as 75: 9754.5575); or its point lost (794520), 元
# after it, or read as two digits (79452070).
_FIGURE_ALONE = re.compile(r"^[¥￥Y]?\s*(\d{1,3}(?:,?\d{3})*|\d+)[.\s](\d{2})\s*(?:[^\d\s]|\d{1,2})?$")
_FIGURE_WITHOUT_POINT = re.compile(r"^[¥￥Y]?\s*(\d{3,})\s*元?$")


def _figures_alone(line: str) -> set[Decimal]:
    """What a line holding a figure alone may read (_FIGURE_ALONE), to the fen."""
    if match := _FIGURE_ALONE.match(line):
        return {Decimal(f"{match.group(1).replace(',', '')}.{match.group(2)}")}
    if match := _FIGURE_WITHOUT_POINT.match(line):
        return parsers.point_lost_readings(match.group(1))
    return set()


def _invoice_total_alone(doc: Document, invoices: dict[Decimal, float],
                         texts: dict[PageRef, PageText]) -> Document | None:
    """The list with an invoice's total for its own, where its total row's label went
    unread and its figure stands alone on a line of its last page, equal to that total
    (11530 00光 on a 1-bit scan whose 总计 was lost, the invoice's 11530.00, s3063-000;
    9754.5575 on a phone photo, 元 read as 75, s3066-018). Its rows stay as read,
    ``read_as`` keeps the line; None when no line, or lines of two invoices' totals, are so."""
    found = {}
    for line in texts[doc.pages[-1]].lines if doc.pages[-1] in texts else ():
        for total in _figures_alone(line.text.strip()) & set(invoices):
            found[total] = (min(invoices[total], line.confidence), line.text.strip())
    if len(found) != 1:
        return None
    (total, (sure, read)), = found.items()
    log.info("expense list %s: its total, alone on a line of its last page, is an invoice's", doc.id)
    return replace(doc, fields={**doc.fields, "total_amount": total},
                   field_confidence={**doc.field_confidence, "total_amount": round(sure, 3)},
                   read_as={**doc.read_as, "total_amount": read})


def _total_row(text: PageText) -> NormalLine | None:
    """The last 合计/总计 row of a list's last page (not a 本页合计 subtotal), or None."""
    rows = [line for line in map(normal_line, text.lines) if table.is_list_total(line)]
    return rows[-1] if rows else None


# What stands for no digit in a total row: spaces, the currency and its unit, separators.
_NO_DIGIT = re.compile(r"[\s¥￥元.,，:：]")


def _remains_agree(remains: str, total: Decimal) -> bool:
    """Whether what OCR left of a total row could be ``total``: each digit read is the
    total's digit in its place, points and commas aside (9.42155 for 9,421.55), each run
    of other marks stands for as many digits as it has marks or twice as many (2癌4.40 for
    2864.40), the reading ends on the two digits of the fen and holds at least three of the
    total's digits and half of them. The point may be read as one mark, a digit too:
    合计金额 8041350 元 is 8041.50 (a photo, s3057-021), its point read 3; and the ¥ before
    the figure as a mark standing apart: 金额合计 2 T487.45 is 7487.45 (a grey scan,
    s3057-010). A figure that is every digit of the total, its point lost, agrees
    whatever marks stand before it (_digits_whole)."""
    apart = re.match(r"\S\s+(?=\S)", remains)
    return _figure_agrees(remains, total) or (apart is not None and _figure_agrees(remains[apart.end():], total)) \
        or _digits_whole(remains, total)


def _digits_whole(remains: str, total: Decimal) -> bool:
    """Whether the figure ending what was read is every digit of ``total``, its point
    lost, after marks (总计 es 有1088735 for 10887.35 on a photo, s3071-003)."""
    found = re.search(r"(\d+)$", _NO_DIGIT.sub("", remains))
    return found is not None and found.group(1) == f"{total:.2f}".replace(".", "")


def _figure_agrees(remains: str, total: Decimal) -> bool:
    """_remains_agree for the figure alone."""
    read = _NO_DIGIT.sub("", remains)
    digits = f"{total:.2f}".replace(".", "")
    if len(read) == len(digits) + 1 and read[:-3] + read[-2:] == digits:
        return True
    found = sum(c.isdigit() for c in read)
    if not re.search(r"\d\d$", read) or found < max(3, len(digits) / 2):
        return False
    pattern = "".join(re.escape(run) if run[0].isdigit() else f"\\d{{{len(run)},{2 * len(run)}}}"
                      for run in re.findall(r"\d+|\D+", read))
    return re.fullmatch(pattern, digits) is not None
