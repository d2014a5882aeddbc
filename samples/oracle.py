"""The expected outcome of a packet, computed from its truth alone (domain.md sections 5-8).

Independent of the pipeline: it reads what the documents print (``truth["documents"]``),
the declaration and the scenario, and applies the reference rules with the reference
policy. Kept deliberately small so a reviewer can check it against the spec by eye.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from samples import reference
from samples.people import id_is_valid

POLICY = {  # domain.md section 7, policy "reference"
    "employee": {"deductible": {1: "300", 2: "600", 3: "900"}, "ratio": {1: "0.90", 2: "0.85", 3: "0.80"},
                 "retiree_bonus": "0.05", "annual_cap": "400000"},
    "resident": {"deductible": {1: "200", 2: "500", 3: "800"}, "ratio": {1: "0.80", 2: "0.70", 3: "0.60"},
                 "retiree_bonus": "0.00", "annual_cap": "300000"},
}
CLASS_B_SELF_PAY = Decimal("0.10")
CLAIM_DEADLINE_DAYS = 365
LONG_TERM = ("retiree_resettled", "long_term_resident", "resident_staff")
EVIDENCE = {"long_term_resident": "residence_proof", "resident_staff": "work_assignment_proof",
            "referral": "referral_certificate", "emergency": "emergency_certificate"}
SEALED_TYPES = ("discharge_certificate", "referral_certificate", "invoice")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def expected(truth: dict) -> dict:
    """The ``expected`` block of truth.json."""
    docs = _by_type(truth["documents"])
    declaration = truth["claim"] or _declaration_from_form(docs)
    hospital = _hospital(truth["scenario"]["hospital_id"])
    scope = None if hospital is None else reference.scope_of(truth["scenario"]["insured_region"], hospital.region)
    missing = missing_documents(docs, declaration if truth["claim"] else None, scope)
    flags = sorted(_flags(truth, docs, declaration))
    return {
        "scope": scope,
        "hospital_id": hospital.hospital_id if hospital else None,
        "missing": missing,
        "flags": flags,
        "decision": "incomplete" if missing else "needs_review" if flags else "complete",
        "reimbursement": reimbursement(docs, declaration, hospital, scope, flags),
    }


def _by_type(documents: list[dict]) -> dict[str, dict]:
    return {d["type"]: d["fields"] for d in documents}


def _declaration_from_form(docs: dict) -> dict | None:
    form = docs.get("application_form")
    return None if form is None else {"category": form["category"], "insurance_type": form["insurance_type"],
                                      "insured_region": form["insured_region"], "prior_paid_this_year": "0.00"}


def _hospital(hospital_id: str | None):
    return reference.hospitals().get(hospital_id) if hospital_id else None


# --- section 5: required materials ------------------------------------------------------


def missing_documents(docs: dict, claim: dict | None, scope: str | None) -> list[str]:
    """Sorted codes of the required documents the packet lacks.

    ``claim`` is the uploaded declaration (None: mailed in, an application form is needed).
    Without a declaration the category is unknown, so no category evidence is required.
    """
    required = {"invoice", "expense_list", "discharge_certificate", "id_card", "insurance_card"}
    if scope != "intra_province":  # cross-province, or unknown hospital: a filing is still expected
        required.add("filing_record")
    if claim is None:
        required.add("application_form")
    category = (claim or docs.get("application_form") or {}).get("category")
    if category in EVIDENCE:
        required.add(EVIDENCE[category])
    missing = required - docs.keys()
    if category == "retiree_resettled" and not {"household_register", "residence_proof"} & docs.keys():
        missing.add("household_register")
    return sorted(missing)


# --- section 6: flags ---------------------------------------------------------------------


def _flags(truth: dict, docs: dict, declaration: dict | None) -> set[str]:
    scenario = truth["scenario"]
    found = set()
    names = {f["name"] for f in docs.values() if f.get("name")}
    ids = {f["id_number"] for f in docs.values() if f.get("id_number")}
    found |= {"name_mismatch"} if len(names) > 1 else set()
    found |= {"id_mismatch"} if len(ids) > 1 else set()
    found |= {"id_invalid"} if any(not id_is_valid(i) for i in ids) else set()
    found |= _amount_flags(docs)
    found |= _date_flags(docs, scenario, declaration)
    found |= _hospital_flags(docs, truth["scenario"].get("category"))
    found |= _page_flags(truth["files"])
    return found


def _amount_flags(docs: dict) -> set[str]:
    found = set()
    invoice, expense_list = docs.get("invoice"), docs.get("expense_list")
    if expense_list:
        items_sum = sum(Decimal(i["amount"]) for i in expense_list["items"])
        if abs(items_sum - Decimal(expense_list["total_amount"])) > Decimal("0.01"):
            found.add("amount_mismatch")
        if invoice and abs(Decimal(invoice["total_amount"]) - Decimal(expense_list["total_amount"])) > Decimal("0.01"):
            found.add("amount_mismatch")
    if invoice and parse_amount_words(invoice["total_amount_words"]) != Decimal(invoice["total_amount"]):
        found.add("amount_words_mismatch")
    return found


def _date_flags(docs: dict, scenario: dict, declaration: dict | None) -> set[str]:
    found = set()
    discharge = docs.get("discharge_certificate")
    admitted, discharged = _d(scenario["admission_date"]), _d(scenario["discharge_date"])
    if discharge and _d(discharge["admission_date"]) > _d(discharge["discharge_date"]):
        found.add("dates_inconsistent")
    if docs.get("invoice") and _d(docs["invoice"]["issue_date"]) < admitted:
        found.add("dates_inconsistent")
    filing = docs.get("filing_record")
    if filing and not (_d(filing["valid_from"]) <= admitted and discharged <= _d(filing["valid_until"])):
        found.add("filing_not_valid")
    if filing and scenario["category"] == "emergency" and _d(filing["filing_date"]) > admitted + timedelta(days=3):
        found.add("filing_late")
    submitted = _d(scenario["submitted_on"])
    if (submitted - discharged).days > CLAIM_DEADLINE_DAYS:
        found.add("claim_late")
    return found


def _hospital_flags(docs: dict, category: str | None) -> set[str]:
    known = {h.name for h in reference.hospitals().values()} | {
        a for h in reference.hospitals().values() for a in h.aliases}
    found = set()
    for doc_type in ("discharge_certificate", "invoice", "expense_list", "emergency_certificate"):
        if doc_type in docs and docs[doc_type]["hospital"] not in known:
            found.add("hospital_unknown")
    referral = docs.get("referral_certificate")
    if referral:
        issuer = next((h for h in reference.hospitals().values() if h.name == referral["issuing_hospital"]), None)
        if issuer is not None and issuer.level == 1:
            found.add("referral_below_county")
    return found


def _page_flags(files: list[dict]) -> set[str]:
    found = set()
    for page in (p for f in files for p in f["pages"]):
        if page["type"] in SEALED_TYPES and not page["seal"]:
            found.add("seal_missing")
        if any(d.startswith("poor_") for d in page["degradations"]):
            found.add("poor_image")
    return found


def _d(text: str) -> date:
    return date.fromisoformat(text)


def parse_amount_words(words: str) -> Decimal:
    """壹万贰仟叁佰肆拾伍元陆角柒分 -> 12345.67 (the inverse of money.amount_in_words)."""
    yuan_part, _, rest = words.partition("元")
    if not _:
        yuan_part, rest = "", words
    total, section, digit = 0, 0, 0
    for ch in yuan_part:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in UNIT:
            section += digit * UNIT[ch]
            digit = 0
        elif ch in "万亿":
            total += (section + digit) * (10000 if ch == "万" else 10**8)
            section = digit = 0
    yuan = total + section + digit
    jiao = DIGITS.index(rest[rest.index("角") - 1]) if "角" in rest else 0
    fen_ = DIGITS.index(rest[rest.index("分") - 1]) if "分" in rest else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen_) / 100


# --- section 7: the amount ------------------------------------------------------------------


def reimbursement(docs: dict, declaration: dict | None, hospital, scope: str | None,
                  flags: list[str]) -> dict | None:
    """The reference computation; None when the items, the hospital or the declaration are unknown."""
    if "expense_list" not in docs or hospital is None or declaration is None:
        return None
    totals = {"A": Decimal("0"), "B": Decimal("0"), "C": Decimal("0")}
    eligible = Decimal("0")
    for item in docs["expense_list"]["items"]:
        amount = Decimal(item["amount"])
        totals[item["class"]] += amount
        ratio = Decimal(item["self_pay_ratio"]) if item["self_pay_ratio"] is not None else CLASS_B_SELF_PAY
        eligible += {"A": amount, "B": amount * (1 - ratio), "C": Decimal("0")}[item["class"]]
    policy = POLICY[declaration["insurance_type"]]
    deductible = Decimal(policy["deductible"][hospital.level])
    ratio = _ratio(policy, hospital.level, declaration["category"], scope, docs)
    cap = Decimal(policy["annual_cap"]) - Decimal(declaration.get("prior_paid_this_year") or "0")
    amount = max(Decimal("0"), min(max(Decimal("0"), eligible - deductible) * ratio, cap))
    if _not_reimbursable(docs, scope, flags):
        amount = Decimal("0")
    return {"total": _money(sum(totals.values())), "class_a": _money(totals["A"]),
            "class_b": _money(totals["B"]), "class_c": _money(totals["C"]), "eligible": _money(eligible),
            "deductible": _money(deductible), "ratio": f"{ratio:.2f}", "reimbursable": _money(amount)}


def _ratio(policy: dict, level: int, category: str, scope: str | None, docs: dict) -> Decimal:
    ratio = Decimal(policy["ratio"][level])
    if category == "retiree_resettled":
        ratio += Decimal(policy["retiree_bonus"])
    reduction = Decimal("0")
    if scope == "cross_province":
        if category == "referral":
            reduction = Decimal("0.10")
        elif category == "other_temporary":
            reduction = Decimal("0.20")
        elif category in LONG_TERM and not _at_designated(docs):
            reduction = Decimal("0.20")
    return min(Decimal("1"), max(Decimal("0"), ratio - reduction))


def _at_designated(docs: dict) -> bool:
    """Whether the treating hospital is among the filing's designated hospitals."""
    filing, discharge = docs.get("filing_record"), docs.get("discharge_certificate") or docs.get("invoice")
    if not filing or not discharge:
        return True  # nothing to compare: no reduction on guesswork
    return discharge["hospital"] in filing["designated_hospitals"]


def _not_reimbursable(docs: dict, scope: str | None, flags: list[str]) -> bool:
    """Section 7.5: cross-province without a filing, or a filing not valid / filed late."""
    return (scope == "cross_province" and "filing_record" not in docs) or bool(
        {"filing_not_valid", "filing_late"} & set(flags))


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
