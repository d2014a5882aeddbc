"""One builder per document type: ``BUILDERS[doc_type](rng, scenario) -> Doc``.

Each builder chooses one of its layouts, draws the pages (:class:`samples.layout.Page`)
and returns the field values they print, named as in domain.md section 3.
"""

from __future__ import annotations

from samples.documents import cards, certificates, discharge, expense_list, forms, invoice, other
from samples.documents.common import Doc

BUILDERS = {
    "application_form": forms.application_form,
    "filing_record": forms.filing_record,
    "referral_certificate": certificates.referral_certificate,
    "discharge_certificate": discharge.build,
    "invoice": invoice.build,
    "expense_list": expense_list.build,
    "residence_proof": certificates.residence_proof,
    "id_card": cards.id_card,
    "insurance_card": cards.insurance_card,
    "work_assignment_proof": certificates.work_assignment_proof,
    "emergency_certificate": certificates.emergency_certificate,
    "household_register": forms.household_register,
}

__all__ = ["BUILDERS", "Doc", "other"]
