"""A discharge certificate's impossible or half-read stay mended from the invoice's (extract/stays.py)."""

from __future__ import annotations

import json
from datetime import date

from claimdocs.extract.stays import stays_mended
from claimdocs.model import DocType, Document, PageRef
from claimdocs.report import _document


def _stay(doc_id: str, doc_type: DocType, admission: str, discharge: str) -> Document:
    fields = {"admission_date": date.fromisoformat(admission), "discharge_date": date.fromisoformat(discharge)}
    return Document(doc_id, doc_type, (PageRef(f"{doc_id}.tif", 1),), 0.9, fields,
                    {"admission_date": 0.9, "discharge_date": 0.5})


def test_a_discharge_read_before_the_admission_is_the_invoices_discharge():
    """GIVEN a 出院小结 read 于2024年11月01日入住 and 于2024年1]月14日出院 (2024-01-14: its
    11月's second 1 read as a bracket, s3068-013) and an invoice printing 20241101|20241114
    WHEN stays are mended THEN the certificate's discharge is 2024-11-14, what it read
    kept in read_as (as an ISO date in the report)."""
    certificate = _stay("d5", DocType.DISCHARGE_CERTIFICATE, "2024-11-01", "2024-01-14")
    invoice = _stay("d6", DocType.INVOICE, "2024-11-01", "2024-11-14")
    mended = stays_mended([certificate, invoice])
    assert mended[0].fields["discharge_date"] == date(2024, 11, 14)
    assert mended[0].read_as == {"discharge_date": date(2024, 1, 14)}
    assert mended[0].field_confidence["discharge_date"] == 0.4
    assert json.loads(json.dumps(_document(mended[0])))["read_as"] == {"discharge_date": "2024-01-14"}
    assert mended[1] is invoice


def test_a_possible_stay_or_one_the_invoices_do_not_settle_is_left_as_read():
    """A certificate whose stay is possible keeps it though an invoice differs (for the
    rules to see); an impossible one is left where both its dates differ from the
    invoice's, or where two invoices print two stays."""
    possible = _stay("d5", DocType.DISCHARGE_CERTIFICATE, "2024-11-01", "2024-11-13")
    invoice = _stay("d6", DocType.INVOICE, "2024-11-01", "2024-11-14")
    assert stays_mended([possible, invoice])[0] is possible
    both_off = _stay("d5", DocType.DISCHARGE_CERTIFICATE, "2024-12-01", "2024-01-14")
    assert stays_mended([both_off, invoice])[0] is both_off
    impossible = _stay("d5", DocType.DISCHARGE_CERTIFICATE, "2024-11-01", "2024-01-14")
    other = _stay("d7", DocType.INVOICE, "2024-11-01", "2024-11-15")
    assert stays_mended([impossible, invoice, other])[0] is impossible
    assert stays_mended([impossible])[0] is impossible


def test_a_stay_date_unread_on_the_certificate_is_the_invoices_where_the_other_date_agrees():
    """GIVEN a discharge record whose 出院日期 went unread after its misread label (入院日其
    2024年03月29日 出院日则, s3076-028) and an invoice printing the stay 20240329-20240402
    WHEN stays are mended THEN the certificate's discharge is 2024-04-02, no surer than
    the invoice read it, read_as None (nothing read); an admission that differs from the
    invoice's, two invoices' stays, or both dates unread give nothing."""
    invoice = _stay("d6", DocType.INVOICE, "2024-03-29", "2024-04-02")
    half = Document("d5", DocType.DISCHARGE_CERTIFICATE, (PageRef("d5.jpg", 1),), 0.9,
                    {"admission_date": date(2024, 3, 29)}, {"admission_date": 0.86})
    mended = stays_mended([half, invoice])[0]
    assert mended.fields["discharge_date"] == date(2024, 4, 2)
    assert mended.field_confidence["discharge_date"] == 0.4 and mended.read_as == {"discharge_date": None}
    other_stay = Document("d5", DocType.DISCHARGE_CERTIFICATE, (PageRef("d5.jpg", 1),), 0.9,
                          {"admission_date": date(2024, 3, 28)}, {"admission_date": 0.86})
    assert stays_mended([other_stay, invoice])[0] is other_stay
    second = _stay("d7", DocType.INVOICE, "2024-03-29", "2024-04-03")
    assert stays_mended([half, invoice, second])[0] is half
    unread = Document("d5", DocType.DISCHARGE_CERTIFICATE, (PageRef("d5.jpg", 1),), 0.9, {}, {})
    assert stays_mended([unread, invoice])[0] is unread
