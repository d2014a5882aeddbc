"""Typed, never-failing access to document fields for the rules.

The extractor gives dates as ``date``, money as ``Decimal`` and names as ``str``; a field
may be absent (OCR failed). These helpers return None for an absent or unusable value, so
a rule treats it as unknown, never as a mismatch and never as a crash. Strings are accepted
for dates and money too, to survive a reviewer's correction typed as text.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Sequence

from claimdocs.model import DocType, Document, ExpenseItem
from claimdocs.text import strip_punct


def of_type(documents: Iterable[Document], *types: DocType) -> list[Document]:
    """The documents of the given types, in packet order."""
    return [doc for doc in documents if doc.type in types]


def text_field(doc: Document, name: str) -> str | None:
    """A text field without surrounding space, or None when absent or blank."""
    value = doc.fields.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def date_field(doc: Document, name: str) -> date | None:
    """A date field (``date`` or ISO text), or None."""
    value = doc.fields.get(name)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_money(value: Any) -> Decimal | None:
    """Money as an exact Decimal from a Decimal, int or text like '¥12,345.67元'; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (Decimal, int)):
        return Decimal(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("，", "").lstrip("¥￥").rstrip("元")
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            return None
        return amount if amount.is_finite() else None
    return None


def money_field(doc: Document, name: str) -> Decimal | None:
    """A money field as Decimal, or None."""
    return parse_money(doc.fields.get(name))


def items_field(doc: Document) -> list[ExpenseItem]:
    """The expense items of an expense list (only well-formed ExpenseItem values)."""
    value = doc.fields.get("items")
    if not isinstance(value, (list, tuple)):
        return []
    return [item for item in value if isinstance(item, ExpenseItem)]


def list_field(doc: Document, name: str) -> list[str]:
    """A list-of-text field (e.g. designated_hospitals); a single string becomes a list."""
    value = doc.fields.get(name)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v).strip() for v in value if v is not None and str(v).strip()]


def normalise_name(name: str) -> str:
    """A person's name for comparison: NFKC, no spaces or punctuation (张 伟 == 张伟)."""
    return strip_punct(name)


def normalise_id(number: str) -> str:
    """An ID number for comparison: no spaces, check character upper-case."""
    return strip_punct(number).upper()


def ids(documents: Sequence[Document]) -> tuple[str, ...]:
    """Document ids, de-duplicated, in order."""
    return tuple(dict.fromkeys(doc.id for doc in documents))
