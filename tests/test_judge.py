"""judge(): whole packets built from Documents (no OCR) to missing, flags, decision, amount (§4-§8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from claimdocs.directory import load_directory
from claimdocs.model import (
    Category, Decision, Declaration, DocType, Document, ExpenseItem, Flag, InsuranceType, ItemClass, MissingItem,
    PageRef, PageResult, PageText, PageVision, Quality, TextSource,
)
from claimdocs.rules import Judgement, PolicyStore, decide, judge
from claimdocs.settings import Settings

SETTINGS = Settings()
DIRECTORY = load_directory(SETTINGS.regions_csv, SETTINGS.hospitals_csv)
POLICIES = PolicyStore.load(SETTINGS.policy_dir)
TODAY = date(2024, 9, 20)
ID = "210102195703123411"
HOSPITAL = "合肥市第五人民医院"
CLAIM = Declaration(name="张伟", id_number=ID, insured_region="210100", insurance_type=InsuranceType.EMPLOYEE,
                    category=Category.REFERRAL, submitted_on=TODAY)


def doc(doc_id: str, doc_type: str, **fields) -> Document:
    return Document(doc_id, DocType(doc_type), (PageRef("scan.pdf", int(doc_id[1:])),), 0.95, fields)


def item(cls: str, amount: str) -> ExpenseItem:
    return ExpenseItem(f"item {cls}", ItemClass(cls), D(1), D(amount), D(amount))


def worked_example_packet(admission: date = date(2024, 8, 15)) -> list[Document]:
    """The packet of domain.md §7's worked example: Shenyang employee referred to a level-3 Hefei hospital."""
    discharge = admission.replace(day=admission.day + 14)
    return [
        doc("d1", "invoice", name="张伟", hospital=HOSPITAL, issue_date=discharge, invoice_code="340100",
            invoice_number="0012345678", total_amount=D("10000.00"), total_amount_words=D("10000.00")),
        doc("d2", "expense_list", name="张伟", hospital=HOSPITAL, total_amount=D("10000.00"),
            items=[item("A", "6000.00"), item("B", "3000.00"), item("C", "1000.00")]),
        doc("d3", "discharge_certificate", name="张伟", hospital=HOSPITAL, inpatient_number="Z001",
            admission_date=admission, discharge_date=discharge),
        doc("d4", "id_card", name="张伟", id_number=ID),
        doc("d5", "insurance_card", name="张伟", card_number="S123"),
        doc("d6", "filing_record", name="张伟", id_number=ID, category=Category.REFERRAL, insured_region="210100",
            treatment_region="340100", designated_hospitals=[HOSPITAL], filing_date=admission.replace(day=1),
            valid_from=admission.replace(day=1)),
        doc("d7", "referral_certificate", name="张伟", issuing_hospital="沈阳市第七人民医院",
            destination_hospital=HOSPITAL, referral_date=admission.replace(day=10)),
    ]


def pages_of(documents: list[Document], **vision) -> list[PageResult]:
    quality = Quality(vision.get("ok", True), vision.get("problems", ()))
    return [PageResult(d.pages[0], d.type, vision.get("confidence", 0.95), PageText(TextSource.OCR, (), 10, 10),
                       PageVision(0, 0.0, quality, vision.get("seal", True))) for d in documents]


def run(documents: list[Document], claim: Declaration | None = CLAIM, pages=None, today: date = TODAY) -> Judgement:
    return judge(documents, pages_of(documents) if pages is None else pages, claim, DIRECTORY, POLICIES, today)


def without(documents: list[Document], *ids: str) -> list[Document]:
    return [d for d in documents if d.id not in ids]


def with_fields(documents: list[Document], doc_id: str, **fields) -> list[Document]:
    return [replace(d, fields={**d.fields, **fields}) if d.id == doc_id else d for d in documents]


# --- the worked example ----------------------------------------------------------------------------------------


def test_worked_example_packet_is_complete_and_pays_5460():
    result = run(worked_example_packet())
    assert result.missing == () and result.flags == ()
    assert result.decision == Decision.COMPLETE
    assert result.scope == "cross_province" and result.hospital.hospital_id == "H0012"
    assert result.policy_id == "reference@2024-01-01"
    assert result.reimbursement.reimbursable == D("5460.00") and result.reimbursement.ratio == D("0.70")
    assert result.unknown_declaration_fields == () and result.notes == ()
    eligible = next(s for s in result.reimbursement.trace if s.step == "eligible")
    assert eligible.documents == ("d2",)
    deductible = next(s for s in result.reimbursement.trace if s.step == "deductible")
    assert deductible.documents == ("d3", "d1")


def test_regional_policy_version_in_force_on_the_admission_date():
    """GIVEN Shenyang's 2025 version (employee level-3 deductible 700) WHEN admitted in 2025 THEN it applies."""
    result = run(worked_example_packet(date(2025, 3, 2)), replace(CLAIM, submitted_on=date(2025, 4, 1)))
    assert result.policy_id == "210100@2025-01-01"
    assert result.reimbursement.deductible == D("700.00")
    assert result.reimbursement.reimbursable == D("5600.00")  # (8700 - 700) x 0.70


# --- §8 decision ----------------------------------------------------------------------------------------------


def test_missing_documents_make_the_packet_incomplete():
    result = run(without(worked_example_packet(), "d3", "d7"))
    assert [m.code for m in result.missing] == [DocType.DISCHARGE_CERTIFICATE, DocType.REFERRAL_CERTIFICATE]
    assert result.decision == Decision.INCOMPLETE


def test_a_flag_makes_it_needs_review():
    result = run(with_fields(worked_example_packet(), "d4", name="张纬"))
    assert [f.code for f in result.flags] == ["name_mismatch"] and result.decision == Decision.NEEDS_REVIEW


def test_decide_follows_section_8():
    missing, flag = MissingItem(DocType.INVOICE, "m"), Flag("claim_late", "f")
    assert decide([missing], [flag]) == Decision.INCOMPLETE
    assert decide([], [flag]) == Decision.NEEDS_REVIEW
    assert decide([], []) == Decision.COMPLETE


# --- declaration from the application form -----------------------------------------------------------------------


def test_mailed_in_packet_takes_the_declaration_from_the_application_form():
    form = doc("d8", "application_form", name="张伟", id_number=ID, insured_region="210100",
               category=Category.REFERRAL, insurance_type=InsuranceType.EMPLOYEE, phone="138", bank_account="62")
    result = run(worked_example_packet() + [form], claim=None)
    assert result.declaration.category == Category.REFERRAL and result.declaration.insured_region == "210100"
    assert result.decision == Decision.COMPLETE and result.reimbursement.reimbursable == D("5460.00")


def test_without_claim_or_form_the_form_is_missing_and_fields_unknown():
    result = run(worked_example_packet(), claim=None)
    assert DocType.APPLICATION_FORM in [m.code for m in result.missing]
    assert result.unknown_declaration_fields == ("name", "id_number", "insured_region", "category", "insurance_type")
    assert result.scope is None and result.policy_id == "reference@2024-01-01"
    assert result.decision == Decision.INCOMPLETE
    assert result.reimbursement.trace[0].step == "assumptions"


def test_claim_and_form_disagreeing_on_the_region_is_a_note():
    form = doc("d8", "application_form", name="张伟", id_number=ID, insured_region="210200",
               category=Category.REFERRAL, insurance_type=InsuranceType.EMPLOYEE)
    result = run(worked_example_packet() + [form])
    assert result.declaration.insured_region == "210100" and len(result.notes) == 1
    assert result.decision == Decision.COMPLETE


# --- scope, hospital, filing ---------------------------------------------------------------------------------------


def test_unknown_hospital_gives_null_scope_and_a_flag():
    packet = [replace(d, fields={**d.fields, "hospital": "火星第一医院"}) if "hospital" in d.fields else d
              for d in worked_example_packet()]
    result = run(packet)
    assert result.scope is None and result.hospital is None
    assert {f.code for f in result.flags} == {"hospital_unknown"}
    assert result.decision == Decision.NEEDS_REVIEW
    assert result.reimbursement.reimbursable == D("5460.00")  # level 3 is the lowest-amount assumption here


def test_cross_province_without_filing_is_missing_and_pays_nothing():
    result = run(without(worked_example_packet(), "d6"))
    assert [m.code for m in result.missing] == [DocType.FILING_RECORD]
    assert result.reimbursement.reimbursable == D("0.00")


def test_intra_province_treatment_needs_no_filing():
    claim = replace(CLAIM, insured_region="340121", category=Category.OTHER_TEMPORARY)
    result = run(without(worked_example_packet(), "d6", "d7"), claim)
    assert result.scope == "intra_province" and result.missing == () and result.flags == ()
    assert result.reimbursement.reimbursable == D("6240.00")  # (8700 - 900) x 0.80, no reduction


def test_expired_filing_flags_and_pays_nothing():
    packet = with_fields(worked_example_packet(), "d6", valid_until=date(2024, 8, 20))
    result = run(packet)
    assert [f.code for f in result.flags] == ["filing_not_valid"]
    assert result.reimbursement.reimbursable == D("0.00")
    assert any(s.step == "not_reimbursable" for s in result.reimbursement.trace)


def test_late_emergency_filing_pays_nothing():
    claim = replace(CLAIM, category=Category.EMERGENCY)
    packet = without(worked_example_packet(), "d7") + [
        doc("d8", "emergency_certificate", name="张伟", hospital=HOSPITAL, emergency_date=date(2024, 8, 15))]
    assert run(packet, claim).reimbursement.reimbursable == D("6240.00")  # filed 08-01, before: exempt from reduction
    late = with_fields(packet, "d6", filing_date=date(2024, 8, 20), valid_from=date(2024, 8, 20))
    result = run(late, claim)
    assert [f.code for f in result.flags] == ["filing_late"] and result.reimbursement.reimbursable == D("0.00")


def test_long_term_category_outside_the_designated_hospitals_is_reduced():
    claim = replace(CLAIM, category=Category.LONG_TERM_RESIDENT)
    packet = without(worked_example_packet(), "d7") + [doc("d8", "residence_proof", name="张伟", region="340100")]
    assert run(packet, claim).reimbursement.ratio == D("0.80")
    elsewhere = with_fields(packet, "d6", designated_hospitals=["安徽省立庐阳医院"])
    result = run(elsewhere, claim)
    assert result.reimbursement.ratio == D("0.60") and result.decision == Decision.COMPLETE
    reduction = next(s for s in result.reimbursement.trace if s.step == "reduction")
    assert reduction.documents == ("d6",)


# --- pages, robustness, re-judging -----------------------------------------------------------------------------------


def test_page_problems_are_flagged():
    packet = worked_example_packet()
    result = run(packet, pages=pages_of(packet, seal=False, ok=False, problems=("blurred",), confidence=0.3))
    codes = [f.code for f in result.flags]
    assert codes.count("seal_missing") == 3  # invoice, discharge and referral certificates
    assert codes.count("poor_image") == len(packet) and codes.count("low_confidence") == len(packet)


def test_documents_with_no_fields_never_crash():
    empty = [Document(f"d{n}", t, (PageRef("x.pdf", n),), 0.5) for n, t in enumerate(DocType, 1)]
    result = run(empty, claim=None)
    assert result.decision in (Decision.INCOMPLETE, Decision.NEEDS_REVIEW)
    assert result.reimbursement is None and result.scope is None


def test_no_expense_figures_gives_no_reimbursement():
    packet = with_fields(without(worked_example_packet(), "d2"), "d1", total_amount=None)
    assert run(packet).reimbursement is None


def test_a_reviewer_correction_rejudges_alone():
    """GIVEN a misread invoice total WHEN the reviewer corrects the field THEN judging alone clears the flag."""
    misread = with_fields(worked_example_packet(), "d1", total_amount=D("1000.00"))
    assert {f.code for f in run(misread).flags} == {"amount_mismatch", "amount_words_mismatch"}
    corrected = with_fields(misread, "d1", total_amount=D("10000.00"))
    assert run(corrected).decision == Decision.COMPLETE


def test_judging_is_pure_and_deterministic():
    packet = worked_example_packet()
    assert run(packet) == run(packet)


@pytest.mark.parametrize("today, late", [(date(2025, 8, 29), False), (date(2025, 8, 30), True)])
def test_claim_deadline_uses_today_when_no_submission_date(today, late):
    result = run(worked_example_packet(), replace(CLAIM, submitted_on=None), today=today)
    assert ("claim_late" in [f.code for f in result.flags]) is late
