"""Which expense figures the amount is computed from (domain.md §3, §6 amount_mismatch, §7.1).

A packet states its expenses up to three times: the expense list's rows, the list's
printed total and the invoice's total. The rows carry the classes §7.1 needs, but they
are read by OCR one digit at a time, and a row misread (an item code taken for an
amount, a lost decimal point) can make their sum absurd. So the rows drive the amount
only when their sum agrees with a printed total, or when there is no total to check them
against. Otherwise the amount is computed from the most trustworthy total: the rows that
fit inside it count by their class and the rest of it, whose class is unknown, is priced
like the invoice total of a packet without rows (class 乙, see reimburse.split_amounts).
The disagreement itself is flagged by the checks (amount_mismatch, low_confidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from claimdocs.model import Document, ExpenseItem
from claimdocs.rules.fields import ids, items_field, money_field

ZERO = Decimal("0")
# A field read from a PDF text layer or a QR code has confidence 1.0; OCR rarely reaches this.
EXACT_READING = 0.95


@dataclass(frozen=True)
class Figures:
    """The expense figures read on a packet's lists and invoices, None where unread."""

    items: tuple[ExpenseItem, ...]
    list_total: Decimal | None  # the sum of the lists' printed totals, when every list prints one
    invoice_total: Decimal | None  # the sum of the invoice totals read
    invoice_confirmed: bool  # every invoice total confirmed (大写 agrees, or QR / text layer)
    list_docs: tuple[str, ...] = ()
    invoice_docs: tuple[str, ...] = ()

    @property
    def item_sum(self) -> Decimal:
        return sum((item.amount for item in self.items), ZERO)


@dataclass(frozen=True)
class Basis:
    """What the amount is computed from: items counted by class, an amount of unknown
    class (priced as class 乙), the sentence for the trace and the documents used."""

    items: tuple[ExpenseItem, ...]
    unclassified: Decimal | None
    note: str
    documents: tuple[str, ...]


def read_figures(lists: Sequence[Document], invoices: Sequence[Document]) -> Figures:
    """The figures of ``lists`` and ``invoices`` (see :class:`Figures`)."""
    list_totals = [money_field(doc, "total_amount") for doc in lists]
    invoice_totals = [t for doc in invoices if (t := money_field(doc, "total_amount")) is not None]
    return Figures(
        items=tuple(item for doc in lists for item in items_field(doc)),
        list_total=sum(list_totals, ZERO) if lists and None not in list_totals else None,
        invoice_total=sum(invoice_totals, ZERO) if invoice_totals else None,
        invoice_confirmed=bool(invoices) and len(invoice_totals) == len(invoices)
        and all(_confirmed(doc) for doc in invoices),
        list_docs=ids(lists), invoice_docs=ids(invoices))


def _confirmed(invoice: Document) -> bool:
    """An invoice total read exactly (QR code, text layer) or matched by its 大写 amount."""
    total = money_field(invoice, "total_amount")
    words = invoice.fields.get("total_amount_words")
    exact = invoice.field_confidence.get("total_amount", 0.0) >= EXACT_READING
    return total is not None and (exact or (isinstance(words, Decimal) and words == total))


def reference_total(figures: Figures, tolerance: Decimal) -> tuple[Decimal, str] | None:
    """The most trustworthy printed total and its name: the invoice's when the list's agrees
    with it or its 大写 confirms it, else the lower of the two (a provisional floor; the
    disagreement is flagged amount_mismatch). None when no total was read."""
    listed, invoiced = figures.list_total, figures.invoice_total
    if invoiced is not None and (figures.invoice_confirmed or listed is None or abs(listed - invoiced) <= tolerance):
        return invoiced, "发票总额 / the invoice total"
    if listed is None:
        return None
    if invoiced is None or listed <= invoiced:
        return listed, "清单合计 / the expense list total"
    return invoiced, "发票总额 / the invoice total"


def expense_basis(figures: Figures, tolerance: Decimal) -> Basis:
    """What the amount is computed from (see the module docstring)."""
    reference = reference_total(figures, tolerance)
    if not figures.items:
        return _total_only(figures, reference)
    added = figures.item_sum
    agreeing = [name for name, total in (("清单合计 / the list total", figures.list_total),
                                         ("发票总额 / the invoice total", figures.invoice_total))
                if total is not None and abs(added - total) <= tolerance]
    if agreeing:
        return Basis(figures.items, None, f"费用总额 = 明细各项金额之和，与{'、'.join(agreeing)}一致 / total = sum of "
                     "the expense list items, which agrees with the printed total (domain.md §3, §6)",
                     figures.list_docs)
    if reference is None:
        return Basis(figures.items, None, "费用总额 = 明细各项金额之和；未读到清单合计或发票总额，无法核对 / total = sum "
                     "of the expense list items; no printed total was read to check them against (domain.md §3)",
                     figures.list_docs)
    return _items_within(figures, reference)


def _total_only(figures: Figures, reference: tuple[Decimal, str] | None) -> Basis:
    """No rows read: the total alone, its class unknown (None when there is no total)."""
    if reference is None:
        return Basis((), None, "", ())
    total, name = reference
    docs = figures.invoice_docs if total == figures.invoice_total else figures.list_docs
    return Basis((), total, f"未读到费用明细，{name.split(' / ')[0]}全部按乙类计算 / no expense items were read: "
                 f"{name.split(' / ')[1]} is priced as class B (claimdocs choice)", docs)


def _items_within(figures: Figures, reference: tuple[Decimal, str]) -> Basis:
    """Rows that disagree with the total: the total counts; rows larger than it are misread
    (no item exceeds the total), the others count by class when they fit inside it."""
    total, name = reference
    kept = tuple(item for item in figures.items if item.amount <= total)
    kept_sum = sum((item.amount for item in kept), ZERO)
    if kept_sum > total:
        kept, kept_sum = (), ZERO
    zh, en = name.split(" / ")
    note = (f"明细各项合计 {figures.item_sum} 元与{zh} {total} 元不符，明细识别有误，按{zh}计算：其中 {len(kept)} 项明细"
            f"（{kept_sum} 元）按类别计入，其余 {total - kept_sum} 元类别不明，按乙类计算 / the items add up to "
            f"{figures.item_sum}, not to {en} {total}: rows were misread, so the amount is computed from {en}; "
            f"{len(kept)} items ({kept_sum}) count by their class and the remaining {total - kept_sum} of unknown "
            "class is priced as class B (claimdocs choice; domain.md §3, §6 amount_mismatch)")
    return Basis(kept, total - kept_sum, note, (*figures.list_docs, *figures.invoice_docs))
