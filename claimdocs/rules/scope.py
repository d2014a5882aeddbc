"""The treating hospital and the scope of treatment (domain.md §4).

The hospital is read from the discharge certificate and the invoice (raw OCR'd names,
matched tolerantly with the directory), falling back to the expense list and the
emergency certificate. Scope is ``cross_province`` when the hospital's province differs
from the insured region's, else ``intra_province``; unknown (None) when either is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from claimdocs.directory import Directory, Hospital
from claimdocs.model import DocType, Document
from claimdocs.rules.fields import of_type, text_field

CROSS_PROVINCE = "cross_province"
INTRA_PROVINCE = "intra_province"

# Where the treating hospital's name is read, most reliable first (task §3).
PRIMARY_SOURCES = (DocType.DISCHARGE_CERTIFICATE, DocType.INVOICE)
FALLBACK_SOURCES = (DocType.EXPENSE_LIST, DocType.EMERGENCY_CERTIFICATE)


@dataclass(frozen=True)
class TreatingHospital:
    """The hospital found, the documents that name it, and conflicting readings."""

    hospital: Hospital | None
    documents: tuple[str, ...] = ()
    others: tuple[Hospital, ...] = ()  # other directory hospitals named on primary documents


def match(directory: Directory, name: str | None) -> Hospital | None:
    """The directory hospital an OCR'd ``name`` denotes, or None."""
    if not name:
        return None
    found = directory.match_hospital(name)
    return found.hospital if found else None


def treating_hospital(documents: Sequence[Document], directory: Directory) -> TreatingHospital:
    """The treating hospital: the first matched name on a primary document, else a fallback."""
    for sources in (PRIMARY_SOURCES, FALLBACK_SOURCES):
        named = [(doc, match(directory, text_field(doc, "hospital"))) for doc in of_type(documents, *sources)]
        named.sort(key=lambda pair: sources.index(pair[0].type))
        found = [(doc, hospital) for doc, hospital in named if hospital is not None]
        if found:
            first = found[0][1]
            same = tuple(doc.id for doc, hospital in found if hospital == first)
            others = tuple(dict.fromkeys(h for _, h in found if h != first))
            return TreatingHospital(first, same, others)
    return TreatingHospital(None)


def province_code(region: str | None) -> str | None:
    """Province of a 6-digit division code; the four municipalities are provinces (§1, §4)."""
    if not region or len(region) != 6 or not region.isdigit():
        return None
    return Directory.province_of(region)


def scope_of(insured_region: str | None, hospital: Hospital | None) -> str | None:
    """``cross_province``, ``intra_province`` or None when the hospital or region is unknown."""
    insured = province_code(insured_region)
    treated = province_code(hospital.region) if hospital else None
    if insured is None or treated is None:
        return None
    return INTRA_PROVINCE if insured == treated else CROSS_PROVINCE
