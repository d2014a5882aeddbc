"""A read-only view of a packet that every rule and check receives.

The checks are pure functions ``Facts -> list[Flag]``; this object holds their inputs
(documents, page results, the resolved declaration, the directory, the policy in force,
the treating hospital and scope) and small derived facts they share (treatment dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from claimdocs.directory import Directory, Hospital
from claimdocs.model import Declaration, DocType, Document, PageRef, PageResult
from claimdocs.rules.fields import date_field, of_type
from claimdocs.rules.policy import InsuranceTerms, Policy
from claimdocs.rules.scope import TreatingHospital

# Where the stay's dates are read, most reliable first.
DATE_SOURCES = (DocType.DISCHARGE_CERTIFICATE, DocType.INVOICE, DocType.EXPENSE_LIST)


@dataclass(frozen=True)
class Facts:
    """Everything the checks of domain.md §5-§7 look at, for one packet."""

    documents: tuple[Document, ...]
    pages: Mapping[PageRef, PageResult]
    declaration: Declaration
    claim: Declaration | None  # the typed claim, before merging with the application form
    directory: Directory
    policy: Policy
    treating: TreatingHospital = field(default_factory=lambda: TreatingHospital(None))
    scope: str | None = None
    today: date = field(default_factory=date.today)

    @property
    def hospital(self) -> Hospital | None:
        """The treating hospital from the directory, None when unknown."""
        return self.treating.hospital

    def of_type(self, *types: DocType) -> list[Document]:
        return of_type(self.documents, *types)

    def first_date(self, name: str, types: tuple[DocType, ...] = DATE_SOURCES) -> tuple[date | None, str | None]:
        """The first ``name`` date on documents of ``types`` (in that order) and its document id."""
        for doc_type in types:
            for doc in self.of_type(doc_type):
                value = date_field(doc, name)
                if value is not None:
                    return value, doc.id
        return None, None

    @property
    def admission(self) -> date | None:
        """Admission date of the stay (discharge certificate first), None when unread."""
        return self.first_date("admission_date")[0]

    @property
    def discharge(self) -> date | None:
        """Discharge date of the stay (discharge certificate first), None when unread."""
        return self.first_date("discharge_date")[0]

    def terms(self) -> InsuranceTerms | None:
        """The policy's numbers for the declared insurance type, None when it is unknown."""
        kind = self.declaration.insurance_type
        return self.policy.terms(kind) if kind is not None else None

    def documents_with_page(self, ref: PageRef) -> tuple[str, ...]:
        return tuple(doc.id for doc in self.documents if ref in doc.pages)


def policy_date(documents: tuple[Document, ...], today: date) -> date:
    """The date that selects the policy in force: admission, else other stay dates, else today."""
    for name, types in (("admission_date", DATE_SOURCES), ("emergency_date", (DocType.EMERGENCY_CERTIFICATE,)),
                        ("discharge_date", DATE_SOURCES), ("issue_date", (DocType.INVOICE,))):
        for doc in of_type(documents, *types):
            value = date_field(doc, name)
            if value is not None:
                return value
    return today
