"""A discharge certificate's stay read as impossible, or half read, mended from the invoice's stay.

A certificate's admission and discharge dates are read from its own page. A date OCR
misread can make the stay impossible, the discharge before the admission: 出院小结's
于2024年1]月14日出院 (11月 with its second 1 read as a bracket) gave 2024-01-14 after an
admission of 2024-11-01 (s3068-013). The packet's invoices print the same stay (住院时间
20241101|20241114). Where the certificate's stay is impossible, one of its dates is the
invoices' and the other is not, and the invoices agree on one stay, the other date is
the invoices': the certificate keeps what it read in ``read_as``. A possible stay is
never changed, so that a certificate and an invoice that disagree stay visible to the
rules.

A certificate whose one stay date went unread (入院日其 2024年03月29日 出院日则, the
discharge's date lost after its misread label, s3076-028) and whose other date is the
one stay's the invoices print takes the invoices' date for it (``read_as``: None),
no surer than the invoices' reading of it: the same stay, printed twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Sequence

from claimdocs.model import DocType, Document

log = logging.getLogger(__name__)

STAY = ("admission_date", "discharge_date")


def stays_mended(documents: Sequence[Document]) -> list[Document]:
    """Documents with each discharge certificate whose discharge reads before its
    admission, or whose one stay date went unread, mended from the one stay the
    packet's invoices print (see the module)."""
    printed = {_stay(doc) for doc in documents if doc.type is DocType.INVOICE}
    printed = {stay for stay in printed if stay is not None and stay[0] <= stay[1]}
    invoices = [doc for doc in documents if doc.type is DocType.INVOICE and _stay(doc) in printed]
    sure = {name: max((doc.field_confidence.get(name, 0.0) for doc in invoices), default=0.0) for name in STAY}
    return [_mended(doc, printed, sure) if doc.type is DocType.DISCHARGE_CERTIFICATE else doc for doc in documents]


def _stay(doc: Document) -> tuple[date, date] | None:
    admission, discharge = (doc.fields.get(name) for name in STAY)
    return (admission, discharge) if isinstance(admission, date) and isinstance(discharge, date) else None


def _mended(doc: Document, printed: set[tuple[date, date]], sure: dict[str, float]) -> Document:
    read = _stay(doc)
    if read is None and len(printed) == 1:
        return _unread_date_given(doc, next(iter(printed)), sure)
    if read is None or read[0] <= read[1] or len(printed) != 1:
        return doc
    stay = next(iter(printed))
    wrong = [index for index, (mine, theirs) in enumerate(zip(read, stay)) if mine != theirs]
    if len(wrong) != 1:
        return doc
    index = wrong[0]
    name = STAY[index]
    log.info("discharge certificate %s: %s read after an impossible stay, the invoice's taken", doc.id, name)
    return replace(doc, fields={**doc.fields, name: stay[index]},
                   field_confidence={**doc.field_confidence, name: round(doc.field_confidence.get(name, 0.0) * 0.8, 3)},
                   read_as={**doc.read_as, name: read[index]})


def _unread_date_given(doc: Document, stay: tuple[date, date], sure: dict[str, float]) -> Document:
    """The certificate with its one unread stay date the invoices' ``stay`` gives, where
    its other date is that stay's (see the module); ``sure``: how surely the invoices
    read each date, at best, by field. Else as it was."""
    unread = [index for index, name in enumerate(STAY) if not isinstance(doc.fields.get(name), date)]
    if len(unread) != 1:
        return doc
    index = unread[0]
    if doc.fields[STAY[1 - index]] != stay[1 - index]:
        return doc
    name = STAY[index]
    log.info("discharge certificate %s: %s unread, the invoice's stay gives it", doc.id, name)
    return replace(doc, fields={**doc.fields, name: stay[index]},
                   field_confidence={**doc.field_confidence, name: round(sure[name] * 0.8, 3)},
                   read_as={**doc.read_as, name: None})
