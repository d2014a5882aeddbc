"""The declaration: from ``--claim``, from the packet's application form, or both.

report.md "Declaration": without a typed claim the declaration comes from an
``application_form`` in the packet, and what neither gives is reported. When both give a
value the typed claim wins; a different name or ID number is a review flag
(``name_mismatch`` / ``id_mismatch``, domain.md §6), any other difference a note.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Sequence

from claimdocs.errors import DeclarationError
from claimdocs.idnumber import mask_id_number
from claimdocs.model import Category, Declaration, DocType, Document, Flag, InsuranceType
from claimdocs.rules.fields import normalise_id, normalise_name, of_type, text_field

# Fields an application form states (domain.md §3) that are part of the declaration.
FORM_FIELDS = ("name", "id_number", "insured_region", "category", "insurance_type")
# The declaration proper (§5.4): without these the required materials cannot be decided.
DECLARATION_KEYS = ("category", "insured_region", "insurance_type")
_LABELS = {"name": "姓名 name", "id_number": "身份证号 ID number", "insured_region": "参保地 insured region",
           "category": "人员类别 category", "insurance_type": "参保类型 insurance type"}


@dataclass(frozen=True)
class ResolvedDeclaration:
    """The declaration in force, with what was found on the way."""

    declaration: Declaration
    flags: tuple[Flag, ...] = ()
    notes: tuple[str, ...] = ()
    unknown_fields: tuple[str, ...] = ()
    form_id: str | None = None  # the application form the values came from, if any


def resolve_declaration(claim: Declaration | None, documents: Sequence[Document]) -> ResolvedDeclaration:
    """Merge the typed ``claim``, the first application form of ``documents`` and, for what
    neither gives though a form is there (its ticks misread), the filing record.

    Returns the merged Declaration (claim values win), flags for a differing name or ID,
    notes for other differences, and the names of declaration fields neither source gives.
    """
    claim = claim or Declaration()
    forms = of_type(documents, DocType.APPLICATION_FORM)
    form = forms[0] if forms else None
    from_form = _form_values(form) if form else {}
    filed = _filed_values(documents) if form is not None else {}
    merged = {key: next((v for v in (getattr(claim, key), from_form.get(key), filed.get(key)) if v is not None), None)
              for key in FORM_FIELDS}
    declaration = dataclasses.replace(claim, **merged)
    flags, notes = _differences(claim, from_form, form)
    unknown = tuple(key for key in FORM_FIELDS if merged[key] is None)
    return ResolvedDeclaration(declaration, flags, notes, unknown, form.id if form else None)


def _form_values(form: Document) -> dict[str, Any]:
    """The declaration values an application form states, typed; unusable ones dropped."""
    values: dict[str, Any] = {key: text_field(form, key) for key in ("name", "id_number", "insured_region")}
    region = values["insured_region"]
    if region is not None and not (len(region) == 6 and region.isdigit()):
        values["insured_region"] = None
    values["category"] = _enum_or_none(Category, form.fields.get("category"))
    values["insurance_type"] = _enum_or_none(InsuranceType, form.fields.get("insurance_type"))
    return values


def _filed_values(documents: Sequence[Document]) -> dict[str, Any]:
    """What the filing record states of the declaration: the category filed (备案类别) and
    the insured region. Used only where neither the claim nor the form gives it (a form's
    ticks misread): the filing is the insurer's own record of both."""
    filings = of_type(documents, DocType.FILING_RECORD)
    if not filings:
        return {}
    region = text_field(filings[0], "insured_region")
    return {"category": _enum_or_none(Category, filings[0].fields.get("category")),
            "insured_region": region if region and len(region) == 6 and region.isdigit() else None}


def _enum_or_none(enum: type, value: Any) -> Any:
    try:
        return enum(value) if value is not None else None
    except ValueError:
        return None


def _differences(claim: Declaration, from_form: dict[str, Any], form: Document | None) -> tuple[tuple, tuple]:
    """Flags (name, ID) and notes (other fields) where the claim and the form disagree."""
    flags, notes = [], []
    for key in FORM_FIELDS:
        typed, read = getattr(claim, key), from_form.get(key)
        if typed is None or read is None or _same(key, typed, read):
            continue
        if key == "name":
            flags.append(Flag("name_mismatch", f"申报姓名与报销申请表上的姓名不一致（{typed} / {read}）。"
                              f" The declared name differs from the application form's.", (form.id,)))
        elif key == "id_number":
            flags.append(Flag("id_mismatch", f"申报身份证号与报销申请表不一致（{mask_id_number(typed)} / "
                              f"{mask_id_number(read)}）。 The declared ID number differs from the "
                              f"application form's.", (form.id,)))
        else:
            notes.append(f"{_LABELS[key]}: 申报为 {typed}，申请表为 {read}，以申报为准 / declared "
                         f"{typed}, application form {form.id} says {read}; the declared value is used.")
    return tuple(flags), tuple(notes)


def _same(key: str, typed: Any, read: Any) -> bool:
    if key == "name":
        return normalise_name(typed) == normalise_name(read)
    if key == "id_number":
        return normalise_id(typed) == normalise_id(read)
    return typed == read


# --- parsing --claim JSON ------------------------------------------------------------------

_IGNORED = {"phone", "bank_account"}  # on the application form, not used by the rules


def parse_claim_json(data: Any) -> Declaration:
    """Build a Declaration from the ``--claim`` JSON object (report.md "Declaration").

    Absent or null keys stay unknown. Raises DeclarationError naming the field for an
    unknown key, an unknown category or insurance type, a bad region, date or amount.
    """
    if not isinstance(data, dict):
        raise DeclarationError("the claim must be a JSON object of declaration fields")
    unknown = set(data) - set(_PARSERS) - _IGNORED
    if unknown:
        raise DeclarationError(f"unknown claim field(s) {sorted(unknown)}; known: {sorted(_PARSERS)}")
    values = {key: _PARSERS[key](key, value) for key, value in data.items()
              if key in _PARSERS and value is not None}
    return Declaration(**values)


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DeclarationError(f"claim field '{key}' must be a non-empty string")
    return value.strip()


def _region(key: str, value: Any) -> str:
    text = _text(key, value)
    if not (len(text) == 6 and text.isdigit()):
        raise DeclarationError(f"claim field '{key}': {text!r} is not a 6-digit region code such as 210100")
    return text


def _choice(enum: type) -> Callable[[str, Any], Any]:
    def parse(key: str, value: Any) -> Any:
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise DeclarationError(f"claim field '{key}': {value!r} is not one of {allowed}") from None
    return parse


def _treatment(key: str, value: Any) -> str:
    if value not in ("inpatient", "outpatient"):
        raise DeclarationError(f"claim field '{key}': {value!r} is not 'inpatient' or 'outpatient'")
    return value


def _date(key: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(key, value))
    except ValueError:
        raise DeclarationError(f"claim field '{key}': {value!r} is not a date YYYY-MM-DD") from None


def _money(key: str, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)) if isinstance(value, (str, int, float, Decimal)) and not isinstance(value, bool) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise DeclarationError(f"claim field '{key}': {value!r} is not an amount in yuan such as \"1234.50\"")
    return amount


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "name": _text,
    "id_number": _text,
    "insured_region": _region,
    "insurance_type": _choice(InsuranceType),
    "category": _choice(Category),
    "treatment_type": _treatment,
    "submitted_on": _date,
    "prior_paid_this_year": _money,
}
