"""The review checks of domain.md §6, one pure function each, listed in :data:`CHECKS`.

Each check takes the packet's :class:`~claimdocs.rules.facts.Facts` and returns the flags
it raises. An absent field is unknown: it never raises a mismatch and never crashes.
``duplicate_invoice`` needs a store of earlier packets and is not checked here.
Messages are for the reviewer and the insured person (Chinese, then English); ID numbers
in them are masked.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Callable, Iterable

from claimdocs.directory import names_an_institution
from claimdocs.idnumber import is_valid_id_number, mask_id_number
from claimdocs.model import Category, DocType, Document, Flag
from claimdocs.extract.parsers import parse_capital_amount
from claimdocs.rules.expenses import EXACT_READING
from claimdocs.rules.facts import Facts
from claimdocs.rules.fields import (
    date_field, items_field, list_field, money_field, normalise_id, normalise_name, parse_money, text_field,
)
from claimdocs.rules.scope import INTRA_PROVINCE, match

Check = Callable[[Facts], list[Flag]]
Source = tuple[str, str | None, str]  # (label, document id or None for the declaration, value)


# --- identity (name_mismatch, id_mismatch, id_invalid) -----------------------------------------


def _sources(facts: Facts, field_name: str) -> list[Source]:
    """The typed claim's value and every document's, for comparing across the packet.

    When the claim gives the value, the application form is left out: resolve_declaration
    already compared the two (declaration.py). Values read with a confidence below the
    policy's ``identity_comparison`` are left out: a misreading is not another person.
    """
    typed = getattr(facts.claim, field_name, None) if facts.claim else None
    found: list[Source] = [("申报 declaration", None, typed)] if typed else []
    threshold = facts.policy.confidence.identity_comparison
    for doc in facts.documents:
        value = text_field(doc, field_name)
        sure = doc.field_confidence.get(field_name, 1.0) >= threshold
        if value and sure and not (typed and doc.type == DocType.APPLICATION_FORM):
            found.append((doc.id, doc.id, value))
    return found


def _disagreement(sources: list[Source], key: Callable[[str], str], shown: Callable[[str], str]) -> tuple[str, tuple]:
    """('' , ()) when all sources agree, else a description by value and the deviating documents."""
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(key(source[2]), []).append(source)
    if len(groups) < 2:
        return "", ()
    reference = max(groups.values(), key=lambda g: (g[0][1] is None, len(g)))  # the claim, else the majority
    text = "；".join(f"{shown(g[0][2])}（{'、'.join(s[0] for s in g)}）" for g in groups.values())
    deviating = tuple(s[1] for g in groups.values() if g is not reference for s in g if s[1])
    return text, deviating


def check_name_mismatch(facts: Facts) -> list[Flag]:
    """§6 name_mismatch: the patient names on the documents (and the claim) differ."""
    text, docs = _disagreement(_sources(facts, "name"), normalise_name, lambda v: v)
    if not text:
        return []
    return [Flag("name_mismatch", f"各材料上的患者姓名不一致：{text}。 The patient's name differs between "
                 "the documents; check they all belong to the same person.", docs)]


def check_id_mismatch(facts: Facts) -> list[Flag]:
    """§6 id_mismatch: valid ID numbers on the documents differ (invalid ones are id_invalid)."""
    valid = [s for s in _sources(facts, "id_number") if is_valid_id_number(normalise_id(s[2]))]
    text, docs = _disagreement(valid, normalise_id, mask_id_number)
    if not text:
        return []
    return [Flag("id_mismatch", f"各材料上的身份证号不一致：{text}。 The ID numbers on the documents differ.", docs)]


def check_id_invalid(facts: Facts) -> list[Flag]:
    """§6 id_invalid: an ID number fails its check character (GB 11643-1999)."""
    flags = []
    typed = facts.claim.id_number if facts.claim else None
    sources = [(None, typed)] if typed else []
    sources += [(doc.id, text_field(doc, "id_number")) for doc in facts.documents]
    for doc_id, number in sources:
        if number and not is_valid_id_number(normalise_id(number)):
            where = doc_id or "申报 declaration"
            flags.append(Flag("id_invalid", f"{where} 上的身份证号 {mask_id_number(number)} 校验位不正确，可能识别有误或证件有误。"
                              f" The ID number on {where} fails its check character (misread or wrong).",
                              (doc_id,) if doc_id else ()))
    return flags


# --- amounts (amount_mismatch, amount_words_mismatch) ------------------------------------------


def _list_total(doc: Document) -> Decimal | None:
    """An expense list's printed total, else the sum of its items, else None."""
    total = money_field(doc, "total_amount")
    items = items_field(doc)
    return total if total is not None else (sum((i.amount for i in items), Decimal(0)) if items else None)


def check_items_add_up(facts: Facts) -> list[Flag]:
    """§6 amount_mismatch (first half): the items of an expense list add up to its total.

    Rows read by OCR can be lost or misread (a faint or folded line, a code taken for an
    amount); when the list's total agrees with the invoice's, items that do not add up are
    taken for a reading error, not a mismatch: two documents from the hospital agree. The
    reading is then flagged low_confidence, and the amount is computed from the total
    (rules/expenses.py).
    """
    flags, tolerance = [], facts.policy.amount_tolerance
    invoice_totals = {money_field(doc, "total_amount") for doc in facts.of_type(DocType.INVOICE)}
    for doc in facts.of_type(DocType.EXPENSE_LIST):
        total, items = money_field(doc, "total_amount"), items_field(doc)
        if total is None or not items:
            continue
        added = sum((item.amount for item in items), Decimal(0))
        if abs(added - total) <= tolerance:
            continue
        read_exactly = doc.field_confidence.get("items", 1.0) >= EXACT_READING
        if not read_exactly and total in invoice_totals:
            flags.append(Flag("low_confidence", f"费用明细识别不完整：各项合计 {added} 元，而清单与发票总额均为 {total} 元，"
                              "请核对明细。 The items read on expense list "
                              f"{doc.id} add up to {added}, while the list and the invoice both total {total}: "
                              "rows were misread or lost; the amount is computed from the total.", (doc.id,)))
            continue
        flags.append(Flag("amount_mismatch", f"费用明细各项合计 {added} 元与清单总计 {total} 元不符。 The items "
                          f"of expense list {doc.id} add up to {added}, not to its total {total}.", (doc.id,)))
    return flags


def check_list_matches_invoice(facts: Facts) -> list[Flag]:
    """§6 amount_mismatch (second half): the expense list total equals the invoice total."""
    lists, invoices = facts.of_type(DocType.EXPENSE_LIST), facts.of_type(DocType.INVOICE)
    list_totals = [_list_total(doc) for doc in lists]
    invoice_totals = [money_field(doc, "total_amount") for doc in invoices]
    if not lists or not invoices or None in list_totals or None in invoice_totals:
        return []  # a total not read is unknown, not a mismatch
    listed, invoiced = sum(list_totals, Decimal(0)), sum(invoice_totals, Decimal(0))
    if abs(listed - invoiced) <= facts.policy.amount_tolerance:
        return []
    return [Flag("amount_mismatch", f"费用明细清单总额 {listed} 元与发票总额 {invoiced} 元不符。 The expense list "
                 f"total {listed} differs from the invoice total {invoiced}.",
                 tuple(doc.id for doc in [*lists, *invoices]))]


def _words_value(value: object) -> Decimal | None:
    """The 大写 amount as the extractor gives it (a Decimal) or as raw text."""
    if isinstance(value, Decimal):
        return value
    return parse_capital_amount(value) if isinstance(value, str) else None


def check_amount_words(facts: Facts) -> list[Flag]:
    """§6 amount_words_mismatch: an invoice's amount in figures differs from the one in words."""
    flags = []
    for doc in facts.of_type(DocType.INVOICE):
        figures, words = money_field(doc, "total_amount"), _words_value(doc.fields.get("total_amount_words"))
        if figures is not None and words is not None and figures != words:
            flags.append(Flag("amount_words_mismatch", f"发票小写金额 {figures} 元与大写金额 {words} 元不一致。 "
                              f"Invoice {doc.id}: the amount in figures ({figures}) differs from the amount in "
                              f"words ({words}).", (doc.id,)))
    return flags


# --- dates (dates_inconsistent, claim_late) ---------------------------------------------------


def _dated(facts: Facts, name: str) -> list[tuple[Document, date]]:
    return [(doc, d) for doc in facts.documents if (d := date_field(doc, name)) is not None]


def check_admission_before_discharge(facts: Facts) -> list[Flag]:
    """§6 dates_inconsistent: a document's admission date is after its discharge date."""
    return [Flag("dates_inconsistent", f"入院日期 {adm} 晚于出院日期 {dis}。 Document {doc.id}: admission {adm} "
                 f"is after discharge {dis}.", (doc.id,))
            for doc in facts.documents
            if (adm := date_field(doc, "admission_date")) and (dis := date_field(doc, "discharge_date")) and adm > dis]


def check_dates_agree(facts: Facts) -> list[Flag]:
    """§6 dates_inconsistent: admission or discharge dates differ between documents."""
    flags = []
    for name, zh, en in (("admission_date", "入院日期", "admission"), ("discharge_date", "出院日期", "discharge")):
        dated = _dated(facts, name)
        if len({d for _, d in dated}) > 1:
            text = "；".join(f"{doc.id}: {d}" for doc, d in dated)
            flags.append(Flag("dates_inconsistent", f"各材料上的{zh}不一致（{text}）。 The {en} date differs "
                              "between documents.", tuple(doc.id for doc, _ in dated)))
    return flags


def check_invoice_after_admission(facts: Facts) -> list[Flag]:
    """§6 dates_inconsistent: an invoice is dated before the admission."""
    admission, source = facts.first_date("admission_date")
    if admission is None:
        return []
    return [Flag("dates_inconsistent", f"发票开票日期 {issued} 早于入院日期 {admission}。 Invoice {doc.id} is dated "
                 f"{issued}, before the admission on {admission}.", (doc.id, source))
            for doc in facts.of_type(DocType.INVOICE)
            if (issued := date_field(doc, "issue_date")) and issued < admission]


def check_claim_late(facts: Facts) -> list[Flag]:
    """§6 claim_late: submitted more than claim_deadline_days after discharge.

    With the insurance type unknown the shorter deadline of the policy applies.
    """
    discharge, source = facts.first_date("discharge_date")
    if discharge is None:
        return []
    terms = facts.terms()
    deadline = terms.claim_deadline_days if terms else min(t.claim_deadline_days for t in facts.policy.insurance.values())
    submitted = facts.declaration.submitted_on or facts.today
    if (submitted - discharge).days <= deadline:
        return []
    return [Flag("claim_late", f"出院日期 {discharge} 至申报日期 {submitted} 已超过 {deadline} 天的报销时限。 "
                 f"Submitted {(submitted - discharge).days} days after discharge; the deadline is {deadline} "
                 f"days ({facts.policy.id}).", (source,))]


# --- filing (filing_not_valid, filing_late) ------------------------------------------------------


def filing_window(doc: Document, validity_years: int) -> tuple[date | None, date | None]:
    """A filing's validity: valid_from (else filing_date) to valid_until (else one validity
    period from the start, the day before the anniversary)."""
    start = date_field(doc, "valid_from") or date_field(doc, "filing_date")
    until = date_field(doc, "valid_until")
    if until is None and start is not None:
        until = _add_years(start, validity_years) - timedelta(days=1)
    return start, until


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _covers(window: tuple[date | None, date | None], days: list[date], check_start: bool) -> bool:
    start, until = window
    return all((until is None or d <= until) and (not check_start or start is None or d >= start) for d in days)


def check_filing_not_valid(facts: Facts) -> list[Flag]:
    """§6 filing_not_valid: the treatment dates fall outside every filing's validity.

    Intra-province treatment needs no filing and is not checked. For emergencies the start
    is not checked: filing after the admission is allowed and judged by filing_late.
    """
    filings = facts.of_type(DocType.FILING_RECORD)
    days = [d for d in (facts.admission, facts.discharge) if d is not None]
    if not days:  # no discharge certificate read: the invoice is issued when the stay ends
        days = [d for doc in facts.of_type(DocType.INVOICE) if (d := date_field(doc, "issue_date"))]
    if facts.scope == INTRA_PROVINCE or not filings or not days:
        return []
    check_start = facts.declaration.category != Category.EMERGENCY
    windows = [filing_window(doc, facts.policy.filing.validity_years) for doc in filings]
    if any(_covers(w, days, check_start) for w in windows):
        return []
    text = "；".join(f"{s or '?'} 至 {u or '?'}" for s, u in windows)
    return [Flag("filing_not_valid", f"住院日期（{min(days)} 至 {max(days)}）不在备案有效期（{text}）内，不予报销。 "
                 "The treatment dates fall outside the filing's validity; not reimbursable without a valid filing.",
                 tuple(doc.id for doc in filings))]


def check_filing_late(facts: Facts) -> list[Flag]:
    """§6 filing_late: an emergency filed more than the grace days after the emergency admission."""
    if facts.declaration.category != Category.EMERGENCY or facts.scope == INTRA_PROVINCE:
        return []
    admitted, source = facts.first_date("emergency_date", (DocType.EMERGENCY_CERTIFICATE,))
    if admitted is None:
        admitted, source = facts.first_date("admission_date")
    grace = facts.policy.filing.emergency_grace_days
    flags = []
    for doc in facts.of_type(DocType.FILING_RECORD):
        filed = date_field(doc, "filing_date") or date_field(doc, "valid_from")
        if admitted and filed and (filed - admitted).days > grace:
            flags.append(Flag("filing_late", f"急诊入院 {admitted} 后 {(filed - admitted).days} 天才备案（{filed}），"
                              f"超过 {grace} 天时限，不予报销。 The emergency was filed {(filed - admitted).days} days "
                              f"after admission; the limit is {grace} days.", (doc.id, source)))
    return flags


# --- hospitals (referral_below_county, hospital_unknown) -----------------------------------------


def check_referral_below_county(facts: Facts) -> list[Flag]:
    """§6 referral_below_county: the referral was issued by a level-1 hospital."""
    flags = []
    for doc in facts.of_type(DocType.REFERRAL_CERTIFICATE):
        issuer = match(facts.directory, text_field(doc, "issuing_hospital"))
        if issuer is not None and issuer.level == 1:
            flags.append(Flag("referral_below_county", f"转诊证明由一级医院（{issuer.name}）开具，低于县级医院。 "
                              "The referral was issued by a level-1 hospital, below county level.", (doc.id,)))
    return flags


HOSPITAL_FIELDS = ("hospital", "issuing_hospital", "destination_hospital", "designated_hospitals")


def _unknown_hospitals(facts: Facts, doc: Document) -> list[str]:
    """Hospital names on ``doc`` that match no directory entry. Once the treating hospital
    is known, a name read below the identity-comparison confidence, or one that names no
    institution at all (专用章 from a seal's ring, 济南 alone), is taken for a misreading,
    not for another hospital."""
    threshold = facts.policy.confidence.identity_comparison
    names = [n for name in HOSPITAL_FIELDS for n in list_field(doc, name)
             if facts.hospital is None
             or (doc.field_confidence.get(name, 1.0) >= threshold and names_an_institution(n))]
    return [n for n in names if match(facts.directory, n) is None]


def check_hospital_unknown(facts: Facts) -> list[Flag]:
    """§6 hospital_unknown: a hospital name matches no directory entry, or none was read."""
    flags = [Flag("hospital_unknown", f"医院名称“{'、'.join(names)}”在医院目录中找不到，请核对。 The hospital "
                  f"name(s) on {doc.id} match no directory entry.", (doc.id,))
             for doc in facts.documents if (names := _unknown_hospitals(facts, doc))]
    if facts.hospital is None and not flags:
        flags.append(Flag("hospital_unknown", "未能从出院证明或发票上读出就诊医院。 The treating hospital could not "
                          "be read from the discharge certificate or the invoice."))
    return flags


# --- pages (seal_missing, low_confidence, poor_image) -------------------------------------------

PROBLEMS = {"blurred": "模糊 blurred", "too_dark": "太暗 too dark", "too_small": "分辨率太低 too small",
            "cut_off": "边缘被裁切 cut off"}


def check_seal_missing(facts: Facts) -> list[Flag]:
    """§6 seal_missing: a page of a sealed document type shows no red seal (None = cannot tell)."""
    flags = []
    for doc in facts.of_type(*facts.policy.seal_required):
        unsealed = [ref for ref in doc.pages if ref in facts.pages and facts.pages[ref].vision.seal is False]
        if unsealed:
            where = ", ".join(f"{ref.file} p.{ref.page}" for ref in unsealed)
            flags.append(Flag("seal_missing", f"{doc.id}（{where}）上未检测到医院红色公章。 No red hospital seal "
                              f"was found on {doc.id} ({where}).", (doc.id,)))
    return flags


def check_page_confidence(facts: Facts) -> list[Flag]:
    """§6 low_confidence: a page's classification is below the policy threshold."""
    threshold = facts.policy.confidence.page_classification
    return [Flag("low_confidence", f"{ref.file} 第{ref.page}页的类型（{page.type.value}）识别把握不足（{page.confidence:.2f}）。"
                 f" The type of {ref.file} page {ref.page} is uncertain ({page.confidence:.2f} < {threshold}).",
                 facts.documents_with_page(ref))
            for ref, page in sorted(facts.pages.items()) if page.confidence < threshold]


# Fields that say who and where: one document's unread name is no doubt about the packet
# when two others (or the typed claim and one document) read it surely and agree.
CORROBORABLE = ("name", "id_number", "hospital")


def _weak_fields(facts: Facts, doc: Document) -> list[str]:
    """Key fields of ``doc`` not read, or read below the key-field threshold, unless the
    packet establishes them elsewhere (see CORROBORABLE) or another reading confirms the
    value read (see :func:`_confirmed`)."""
    rules = facts.policy.confidence
    weak = [name for name in rules.key_fields.get(doc.type, [])
            if doc.fields.get(name) in (None, "", [])
            or doc.field_confidence.get(name, 1.0) < rules.key_field]
    return [name for name in weak
            if not (name in CORROBORABLE and _established(facts, name)) and not _confirmed(facts, doc, name)]


# A value read unsurely is still sure when an independent reading gives exactly the same:
# OCR errors do not repeat themselves on other paper, in another print, in another
# photo. The same figure may stand under another field's name elsewhere.
SAME_VALUE_AS: dict[str, tuple[str, ...]] = {
    "total_amount": ("total_amount", "total_amount_words"),
    "admission_date": ("admission_date", "emergency_date"),
    "emergency_date": ("emergency_date", "admission_date"),
}


def _confirmed(facts: Facts, doc: Document, field_name: str) -> bool:
    """True when the value ``doc`` read for ``field_name`` is read the same elsewhere: on
    another document (at any confidence), in ``doc``'s own other notation (an invoice's
    大写 amount), or in the typed claim."""
    value = _comparable(field_name, doc.fields.get(field_name))
    if value is None:
        return False
    typed = getattr(facts.claim, field_name, None) if facts.claim else None
    if _comparable(field_name, typed) == value:
        return True
    others = SAME_VALUE_AS.get(field_name, (field_name,))
    for other in facts.documents:
        for name in others:
            if (other is not doc or name != field_name) and _comparable(field_name, other.fields.get(name)) == value:
                return True
    return False


def _comparable(field_name: str, value: object) -> str | None:
    """A field's value in a form two readings can be compared in."""
    if value in (None, "", []):
        return None
    if field_name == "id_number":
        return normalise_id(str(value))
    if field_name == "name":
        return normalise_name(str(value))
    if "amount" in field_name:  # in figures, or in capital numerals (大写)
        in_words = isinstance(value, str) and not any(ch.isdigit() for ch in value)
        amount = _words_value(value) if in_words else parse_money(value)
        return None if amount is None else f"{amount:.2f}"
    return str(value).strip()


def _established(facts: Facts, field_name: str) -> bool:
    """True when at least two sure readings of ``field_name`` agree and none disagrees."""
    sources = _sources(facts, field_name)
    return len(sources) >= 2 and len({str(value).strip() for *_, value in sources}) == 1


def check_field_confidence(facts: Facts) -> list[Flag]:
    """§6 low_confidence: a key field was not read or read below the threshold.

    The application form is skipped when the typed claim already states the declaration.
    """
    stated = facts.claim is not None and None not in (facts.claim.category, facts.claim.insured_region,
                                                      facts.claim.insurance_type)
    return [Flag("low_confidence", f"{doc.id} 的关键字段未能可靠识别：{', '.join(weak)}，请核对。 Key fields of "
                 f"{doc.id} ({doc.type.value}) were not read reliably: {', '.join(weak)}.", (doc.id,))
            for doc in facts.documents
            if not (stated and doc.type == DocType.APPLICATION_FORM) and (weak := _weak_fields(facts, doc))]


def check_poor_image(facts: Facts) -> list[Flag]:
    """§6 poor_image: a page is too blurred, dark, small or cut off *to read*; the person
    re-takes it. A page whose document was read (fields found, every key field sure or
    confirmed) was not too poor to read, whatever the image measures say: the person is
    not asked to re-take it (the measures stay in the report's page quality)."""
    flags = []
    for ref, page in sorted(facts.pages.items()):
        if page.vision.quality.ok or _read_anyway(facts, ref):
            continue
        problems = "、".join(PROBLEMS.get(p, p) for p in page.vision.quality.problems) or "无法辨认 unreadable"
        flags.append(Flag("poor_image", f"{ref.file} 第{ref.page}页图像质量不佳（{problems}），请在光线充足处平放拍摄、"
                          f"拍全整页后重新上传。 Page {ref.page} of {ref.file} is hard to read ({problems}): please "
                          "re-take the photo flat, in good light, with the whole page in view.",
                          facts.documents_with_page(ref)))
    return flags


# Below this mean word confidence OCR read garbage (upside-down or smeared Chinese comes
# back at 0.2-0.3, see ocr.FLIP_BELOW): whatever fields came out, the page was not read.
READ_AT_ALL = 0.35


def _read_anyway(facts: Facts, ref) -> bool:
    """True when OCR read page ``ref`` (above garbage), classified it surely, and every
    document on it has fields and no weak key field."""
    page = facts.pages[ref]
    if page.confidence < facts.policy.confidence.page_classification:
        return False
    if page.text.confidence is None or page.text.confidence < READ_AT_ALL:
        return False
    on_page = facts.documents_with_page(ref)
    documents = [doc for doc in facts.documents if doc.id in on_page]
    return bool(documents) and all(doc.type is not DocType.OTHER and doc.fields and not _weak_fields(facts, doc)
                                   for doc in documents)


# --- the list ------------------------------------------------------------------------------------

CHECKS: tuple[Check, ...] = (
    check_name_mismatch,
    check_id_mismatch,
    check_id_invalid,
    check_items_add_up,
    check_list_matches_invoice,
    check_amount_words,
    check_admission_before_discharge,
    check_dates_agree,
    check_invoice_after_admission,
    check_filing_not_valid,
    check_filing_late,
    check_referral_below_county,
    check_claim_late,
    check_seal_missing,
    check_page_confidence,
    check_field_confidence,
    check_poor_image,
    check_hospital_unknown,
)
"""Every check of domain.md §6 except duplicate_invoice, in report order."""


def run_checks(facts: Facts, checks: Iterable[Check] = CHECKS) -> tuple[Flag, ...]:
    """All flags the ``checks`` raise on ``facts``, in check order."""
    return tuple(flag for check in checks for flag in check(facts))
