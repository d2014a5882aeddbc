"""The rules one by one: declaration, scope, required materials (§5), every check of §6, 大写."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from claimdocs.directory import load_directory
from claimdocs.errors import DeclarationError
from claimdocs.model import (
    Category, Declaration, DocType, Document, ExpenseItem, InsuranceType, ItemClass, PageRef, PageResult,
    PageText, PageVision, Quality, TextSource,
)
from claimdocs.rules import flags as checks
from claimdocs.extract.parsers import parse_capital_amount
from claimdocs.rules.declaration import parse_claim_json, resolve_declaration
from claimdocs.rules.facts import Facts
from claimdocs.rules.materials import declaration_stated, missing_items, required_groups
from claimdocs.rules.policy import PolicyStore
from claimdocs.rules.scope import TreatingHospital, scope_of, treating_hospital
from claimdocs.settings import Settings

SETTINGS = Settings()
DIRECTORY = load_directory(SETTINGS.regions_csv, SETTINGS.hospitals_csv)
POLICY = PolicyStore.load(SETTINGS.policy_dir).select(None, date(2024, 8, 15))
ID_A = "210102195703123411"
ID_B = "340102198001011231"
HEFEI = DIRECTORY.match_hospital("合肥市第五人民医院").hospital
CLAIM = Declaration(name="张伟", id_number=ID_A, insured_region="210100", insurance_type=InsuranceType.EMPLOYEE,
                    category=Category.REFERRAL, submitted_on=date(2024, 9, 20))


def doc(doc_id: str, doc_type: str, confidence: dict | None = None, **fields) -> Document:
    return Document(doc_id, DocType(doc_type), (PageRef(f"{doc_id}.jpg", 1),), 0.95, fields, confidence or {})


def page(ref: PageRef, confidence: float = 0.95, seal: bool | None = True, ok: bool = True,
         problems: tuple[str, ...] = (), ocr: float | None = None) -> PageResult:
    vision = PageVision(0, 0.0, Quality(ok, problems), seal)
    return PageResult(ref, DocType.INVOICE, confidence, PageText(TextSource.OCR, (), 100, 100, ocr), vision)


def facts(*documents: Document, pages=(), claim: Declaration | None = CLAIM, scope: str | None = "cross_province",
          hospital=HEFEI, today=date(2024, 9, 20)) -> Facts:
    declaration = resolve_declaration(claim, documents).declaration
    return Facts(tuple(documents), {p.ref: p for p in pages}, declaration, claim, DIRECTORY, POLICY,
                 TreatingHospital(hospital, ("d3",) if hospital else ()), scope, today)


def codes(flags) -> list[str]:
    return [flag.code for flag in flags]


# --- declaration -------------------------------------------------------------------------------------------


def test_declaration_from_the_claim_alone():
    resolved = resolve_declaration(CLAIM, [])
    assert resolved.declaration == CLAIM and resolved.unknown_fields == () and resolved.flags == ()


def test_declaration_from_the_application_form_alone():
    form = doc("d9", "application_form", name="张伟", id_number=ID_A, insured_region="210100",
               category=Category.RETIREE_RESETTLED, insurance_type=InsuranceType.RESIDENT, phone="138")
    resolved = resolve_declaration(None, [form])
    d = resolved.declaration
    assert (d.name, d.id_number, d.insured_region) == ("张伟", ID_A, "210100")
    assert (d.category, d.insurance_type) == (Category.RETIREE_RESETTLED, InsuranceType.RESIDENT)
    assert resolved.unknown_fields == () and resolved.form_id == "d9"


def test_claim_wins_and_differences_are_flags_or_notes():
    form = doc("d9", "application_form", name="张纬", id_number=ID_B, insured_region="210200",
               category="referral", insurance_type="resident")
    resolved = resolve_declaration(CLAIM, [form])
    assert resolved.declaration.name == "张伟" and resolved.declaration.insurance_type == InsuranceType.EMPLOYEE
    assert codes(resolved.flags) == ["name_mismatch", "id_mismatch"]
    assert all(flag.documents == ("d9",) for flag in resolved.flags)
    assert ID_B not in resolved.flags[1].message  # masked
    assert len(resolved.notes) == 2 and "210200" in resolved.notes[0]


def test_what_neither_gives_is_unknown_and_bad_form_values_are_dropped():
    form = doc("d9", "application_form", name="张伟", insured_region="沈阳", category="retired")
    resolved = resolve_declaration(None, [form])
    assert resolved.unknown_fields == ("id_number", "insured_region", "category", "insurance_type")
    assert resolve_declaration(None, []).unknown_fields == ("name", "id_number", "insured_region", "category",
                                                            "insurance_type")


def test_parse_claim_json_reads_the_report_md_example():
    claim = parse_claim_json({"name": "张伟", "id_number": ID_A, "insured_region": "210100",
                              "insurance_type": "employee", "category": "retiree_resettled",
                              "treatment_type": "inpatient", "submitted_on": "2024-09-20",
                              "prior_paid_this_year": "0.00", "phone": "13800000000"})
    assert claim.category == Category.RETIREE_RESETTLED and claim.submitted_on == date(2024, 9, 20)
    assert claim.prior_paid_this_year == D("0.00")
    assert parse_claim_json({"category": None}).category is None


@pytest.mark.parametrize("data, field", [
    ({"category": "retired"}, "category"),
    ({"insurance_type": "civil"}, "insurance_type"),
    ({"submitted_on": "20/09/2024"}, "submitted_on"),
    ({"prior_paid_this_year": "12,3"}, "prior_paid_this_year"),
    ({"prior_paid_this_year": "-5"}, "prior_paid_this_year"),
    ({"prior_paid_this_year": "1.234"}, "prior_paid_this_year"),
    ({"insured_region": "2101"}, "insured_region"),
    ({"name": 5}, "name"),
    ({"catgory": "referral"}, "catgory"),
])
def test_parse_claim_json_names_the_bad_field(data, field):
    with pytest.raises(DeclarationError, match=field):
        parse_claim_json(data)


def test_parse_claim_json_needs_an_object():
    with pytest.raises(DeclarationError):
        parse_claim_json(["name"])


# --- scope and hospital ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("insured, hospital_name, expected", [
    ("210100", "合肥市第五人民医院", "cross_province"),
    ("210124", "沈阳市第七人民医院", "intra_province"),   # county and city of one province
    ("210200", "法库县人民医院", "intra_province"),
    ("110000", "北京华康医院", "intra_province"),          # municipality is its own province
    ("120000", "北京华康医院", "cross_province"),          # Tianjin vs Beijing
    ("310000", "上海闵行区第九人民医院", "intra_province"),
    (None, "北京华康医院", None),
    ("210100", None, None),
])
def test_scope(insured, hospital_name, expected):
    hospital = DIRECTORY.match_hospital(hospital_name).hospital if hospital_name else None
    assert scope_of(insured, hospital) == expected


def test_treating_hospital_from_discharge_then_invoice_tolerating_ocr():
    documents = [doc("d1", "invoice", hospital="合肥市第五人民医阮"), doc("d3", "discharge_certificate",
                                                                      hospital="合肥市第五人民医院")]
    found = treating_hospital(documents, DIRECTORY)
    assert found.hospital.hospital_id == "H0012" and found.documents == ("d3", "d1")


def test_treating_hospital_falls_back_and_reports_others():
    found = treating_hospital([doc("d2", "expense_list", hospital="杭州西溪医院")], DIRECTORY)
    assert found.hospital.name == "杭州西溪医院"
    two = treating_hospital([doc("d3", "discharge_certificate", hospital="合肥五院"),
                             doc("d1", "invoice", hospital="庐阳医院")], DIRECTORY)
    assert two.hospital.hospital_id == "H0012" and [h.hospital_id for h in two.others] == ["H0013"]
    assert treating_hospital([doc("d3", "discharge_certificate", hospital="无名诊所")], DIRECTORY).hospital is None


# --- required materials (§5) -------------------------------------------------------------------------------------

ALWAYS = ["invoice", "expense_list", "discharge_certificate", "id_card", "insurance_card"]


def missing_codes(types: list[str], declaration: Declaration = CLAIM, scope="cross_province", stated=True):
    documents = [doc(f"d{n}", t) for n, t in enumerate(types)]
    return [m.code.value for m in missing_items(documents, required_groups(POLICY, declaration, scope, stated))]


def test_always_required():
    assert missing_codes([], Declaration(), scope="intra_province") == ALWAYS
    assert missing_codes(ALWAYS, Declaration(category=Category.OTHER_TEMPORARY), "intra_province") == []


def test_filing_required_cross_province_only():
    claim = Declaration(category=Category.OTHER_TEMPORARY)
    assert missing_codes(ALWAYS, claim, "cross_province") == ["filing_record"]
    assert missing_codes(ALWAYS, claim, "intra_province") == []
    assert missing_codes(ALWAYS, claim, None) == []  # scope unknown: not decided yet


@pytest.mark.parametrize("category, needed", [
    (Category.LONG_TERM_RESIDENT, "residence_proof"),
    (Category.RESIDENT_STAFF, "work_assignment_proof"),
    (Category.REFERRAL, "referral_certificate"),
    (Category.EMERGENCY, "emergency_certificate"),
    (Category.RETIREE_RESETTLED, "household_register"),
])
def test_required_by_category(category, needed):
    assert missing_codes(ALWAYS, Declaration(category=category), "intra_province") == [needed]
    assert missing_codes(ALWAYS + [needed], Declaration(category=category), "intra_province") == []


def test_household_register_or_residence_proof():
    claim = Declaration(category=Category.RETIREE_RESETTLED)
    assert missing_codes(ALWAYS + ["residence_proof"], claim, "intra_province") == []
    documents = [doc(f"d{n}", t) for n, t in enumerate(ALWAYS)]
    [item] = missing_items(documents, required_groups(POLICY, claim, "intra_province", True))
    assert item.code == DocType.HOUSEHOLD_REGISTER
    assert "户口簿" in item.message and "居住证" in item.message and "居住" in item.guidance


def test_application_form_when_the_declaration_is_not_given():
    assert declaration_stated(CLAIM) and not declaration_stated(None)
    assert not declaration_stated(Declaration(category=Category.REFERRAL, insured_region="210100"))
    assert missing_codes(ALWAYS, Declaration(), "intra_province", stated=False) == ["application_form"]
    assert missing_codes(ALWAYS + ["application_form"], Declaration(), "intra_province", stated=False) == []


def test_missing_items_explain_where_to_get_them():
    documents = [doc("d1", "invoice")]
    found = missing_items(documents, required_groups(POLICY, CLAIM, "cross_province", True))
    discharge = next(m for m in found if m.code == DocType.DISCHARGE_CERTIFICATE)
    assert "出院证明" in discharge.message and "病案室" in discharge.guidance and "medical records" in discharge.guidance
    assert all(m.message and m.guidance for m in found)


# --- §6 identity checks ---------------------------------------------------------------------------------------


def test_name_mismatch_and_its_absence():
    agree = [doc("d1", "invoice", name="张伟"), doc("d3", "discharge_certificate", name="张 伟"), doc("d2", "expense_list")]
    assert checks.check_name_mismatch(facts(*agree)) == []
    differ = agree + [doc("d4", "id_card", name="张纬")]
    [flag] = checks.check_name_mismatch(facts(*differ))
    assert flag.code == "name_mismatch" and flag.documents == ("d4",) and "张纬" in flag.message


def test_name_mismatch_against_the_claim():
    [flag] = checks.check_name_mismatch(facts(doc("d1", "invoice", name="李强")))
    assert flag.documents == ("d1",)


def test_application_form_name_is_left_to_the_declaration_check():
    form = doc("d9", "application_form", name="张纬")
    assert checks.check_name_mismatch(facts(form)) == []
    assert checks.check_name_mismatch(facts(form, doc("d1", "invoice", name="张伟"), claim=None)) != []


def test_id_mismatch_compares_valid_numbers_only():
    assert checks.check_id_mismatch(facts(doc("d4", "id_card", id_number=ID_A.lower()))) == []
    [flag] = checks.check_id_mismatch(facts(doc("d4", "id_card", id_number=ID_B)))
    assert flag.documents == ("d4",) and ID_B not in flag.message and "3401" in flag.message
    assert checks.check_id_mismatch(facts(doc("d4", "id_card", id_number="210102195703123412"))) == []


def test_id_invalid_on_documents_and_declaration():
    bad = "210102195703123412"
    [flag] = checks.check_id_invalid(facts(doc("d4", "id_card", id_number=bad)))
    assert flag.code == "id_invalid" and flag.documents == ("d4",) and bad not in flag.message
    [flag] = checks.check_id_invalid(facts(claim=Declaration(id_number=bad)))
    assert flag.documents == ()
    assert checks.check_id_invalid(facts(doc("d4", "id_card", id_number=ID_A), doc("d5", "id_card"))) == []


# --- §6 amounts ---------------------------------------------------------------------------------------------


def items(*amounts: str) -> list[ExpenseItem]:
    return [ExpenseItem("x", ItemClass.A, D(1), D(a), D(a)) for a in amounts]


def test_items_must_add_up_to_the_list_total_within_tolerance():
    ok = doc("d2", "expense_list", items=items("100.00", "50.00"), total_amount=D("150.01"))
    assert checks.check_items_add_up(facts(ok)) == []
    bad = doc("d2", "expense_list", items=items("100.00", "50.00"), total_amount=D("150.02"))
    assert codes(checks.check_items_add_up(facts(bad))) == ["amount_mismatch"]
    assert checks.check_items_add_up(facts(doc("d2", "expense_list", items=items("1.00")))) == []


def test_list_total_must_equal_invoice_total():
    invoice = doc("d1", "invoice", total_amount=D("150.00"))
    assert checks.check_list_matches_invoice(facts(invoice, doc("d2", "expense_list", total_amount=D("150.00")))) == []
    [flag] = checks.check_list_matches_invoice(facts(invoice, doc("d2", "expense_list", total_amount=D("160.00"))))
    assert flag.code == "amount_mismatch" and flag.documents == ("d2", "d1")
    # the items stand in for an unread list total; an unread invoice total is unknown
    assert checks.check_list_matches_invoice(facts(invoice, doc("d2", "expense_list", items=items("150.00")))) == []
    assert checks.check_list_matches_invoice(facts(doc("d1", "invoice"), doc("d2", "expense_list",
                                                                            total_amount=D("9")))) == []


def test_amount_words_as_decimal_or_text():
    same = doc("d1", "invoice", total_amount=D("12345.67"), total_amount_words=D("12345.67"))
    assert checks.check_amount_words(facts(same)) == []
    text = doc("d1", "invoice", total_amount=D("12345.67"), total_amount_words="壹万贰仟叁佰肆拾伍元陆角柒分")
    assert checks.check_amount_words(facts(text)) == []
    wrong = doc("d1", "invoice", total_amount=D("12345.67"), total_amount_words="壹万贰仟叁佰肆拾伍元整")
    assert codes(checks.check_amount_words(facts(wrong))) == ["amount_words_mismatch"]
    unreadable = doc("d1", "invoice", total_amount=D("1.00"), total_amount_words="###")
    assert checks.check_amount_words(facts(unreadable)) == []


@pytest.mark.parametrize("text, value", [
    ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"), ("壹万元整", "10000"), ("人民币伍佰零柒元零伍分", "507.05"),
    ("捌仟柒佰圆整", "8700"), ("拾元", "10"), ("伍角", "0.5"), ("壹亿贰仟万元整", "120000000"),
    ("（大写）玖佰元陆角", "900.6"), ("abc", None), ("12元", None), ("", None),
])
def test_capital_amount_parser(text, value):
    assert parse_capital_amount(text) == (D(value) if value else None)


# --- §6 dates -------------------------------------------------------------------------------------------------


def test_admission_after_discharge():
    bad = doc("d3", "discharge_certificate", admission_date=date(2024, 8, 30), discharge_date=date(2024, 8, 29))
    assert codes(checks.check_admission_before_discharge(facts(bad))) == ["dates_inconsistent"]
    ok = doc("d3", "discharge_certificate", admission_date=date(2024, 8, 15), discharge_date=date(2024, 8, 29))
    assert checks.check_admission_before_discharge(facts(ok, doc("d1", "invoice"))) == []


def test_dates_differ_between_documents():
    d3 = doc("d3", "discharge_certificate", admission_date=date(2024, 8, 15), discharge_date=date(2024, 8, 29))
    d1 = doc("d1", "invoice", admission_date=date(2024, 8, 15), discharge_date=date(2024, 8, 28))
    [flag] = checks.check_dates_agree(facts(d3, d1))
    assert flag.documents == ("d3", "d1") and "discharge" in flag.message
    assert checks.check_dates_agree(facts(d3, doc("d1", "invoice", discharge_date=date(2024, 8, 29)))) == []


def test_invoice_dated_before_admission():
    d3 = doc("d3", "discharge_certificate", admission_date=date(2024, 8, 15))
    [flag] = checks.check_invoice_after_admission(facts(d3, doc("d1", "invoice", issue_date=date(2024, 8, 14))))
    assert flag.documents == ("d1", "d3")
    assert checks.check_invoice_after_admission(facts(d3, doc("d1", "invoice", issue_date=date(2024, 8, 15)))) == []
    assert checks.check_invoice_after_admission(facts(doc("d1", "invoice", issue_date=date(2024, 8, 14)))) == []


def test_claim_late_against_submission_or_today():
    d3 = doc("d3", "discharge_certificate", discharge_date=date(2023, 9, 1))
    late = Declaration(submitted_on=date(2024, 9, 2), insurance_type=InsuranceType.EMPLOYEE)
    assert codes(checks.check_claim_late(facts(d3, claim=late))) == ["claim_late"]
    in_time = Declaration(submitted_on=date(2024, 8, 30))
    assert checks.check_claim_late(facts(d3, claim=in_time)) == []
    assert codes(checks.check_claim_late(facts(d3, claim=None, today=date(2025, 1, 1)))) == ["claim_late"]
    assert checks.check_claim_late(facts(doc("d3", "discharge_certificate"), claim=None)) == []


# --- §6 filing -----------------------------------------------------------------------------------------------

STAY = doc("d3", "discharge_certificate", admission_date=date(2024, 8, 15), discharge_date=date(2024, 8, 29))


def test_filing_valid_window_explicit_and_one_year_default():
    explicit = doc("d6", "filing_record", valid_from=date(2024, 1, 1), valid_until=date(2024, 8, 20))
    assert codes(checks.check_filing_not_valid(facts(STAY, explicit))) == ["filing_not_valid"]
    year = doc("d6", "filing_record", filing_date=date(2023, 8, 30))  # valid until 2024-08-29
    assert checks.check_filing_not_valid(facts(STAY, year)) == []
    expired = doc("d6", "filing_record", filing_date=date(2023, 8, 29))  # valid until 2024-08-28
    assert codes(checks.check_filing_not_valid(facts(STAY, expired))) == ["filing_not_valid"]


def test_treatment_before_the_filing_is_not_valid_except_for_emergencies():
    after = doc("d6", "filing_record", filing_date=date(2024, 8, 16))
    assert codes(checks.check_filing_not_valid(facts(STAY, after))) == ["filing_not_valid"]
    emergency = Declaration(category=Category.EMERGENCY)
    assert checks.check_filing_not_valid(facts(STAY, after, claim=emergency)) == []


def test_filing_not_checked_intra_province_or_without_dates():
    expired = doc("d6", "filing_record", valid_until=date(2024, 1, 1))
    assert checks.check_filing_not_valid(facts(STAY, expired, scope="intra_province")) == []
    assert checks.check_filing_not_valid(facts(expired)) == []
    assert checks.check_filing_not_valid(facts(STAY, doc("d6", "filing_record"))) == []
    assert checks.check_filing_not_valid(facts(STAY, expired, doc("d7", "filing_record",
                                                                 valid_until=date(2025, 1, 1)))) == []


def test_filing_late_for_emergencies():
    emergency = Declaration(category=Category.EMERGENCY)
    cert = doc("d8", "emergency_certificate", emergency_date=date(2024, 8, 15))
    assert checks.check_filing_late(facts(cert, doc("d6", "filing_record", filing_date=date(2024, 8, 18)),
                                          claim=emergency)) == []
    [flag] = checks.check_filing_late(facts(cert, doc("d6", "filing_record", filing_date=date(2024, 8, 19)),
                                            claim=emergency))
    assert flag.code == "filing_late" and flag.documents == ("d6", "d8")
    late = doc("d6", "filing_record", filing_date=date(2024, 8, 30))
    assert codes(checks.check_filing_late(facts(STAY, late, claim=emergency))) == ["filing_late"]  # admission date
    assert checks.check_filing_late(facts(STAY, late)) == []  # not an emergency
    assert checks.check_filing_late(facts(STAY, doc("d6", "filing_record"), claim=emergency)) == []


# --- §6 hospitals -------------------------------------------------------------------------------------------


def test_referral_below_county():
    low = doc("d7", "referral_certificate", issuing_hospital="法库县秀水河子镇卫生院")
    assert codes(checks.check_referral_below_county(facts(low))) == ["referral_below_county"]
    county = doc("d7", "referral_certificate", issuing_hospital="法库县人民医院")
    assert checks.check_referral_below_county(facts(county, doc("d8", "referral_certificate"))) == []


def test_hospital_unknown():
    known = doc("d3", "discharge_certificate", hospital="合肥市第五人民医院")
    assert checks.check_hospital_unknown(facts(known)) == []
    stranger = doc("d6", "filing_record", designated_hospitals=["合肥市第五人民医院", "火星第一医院"])
    [flag] = checks.check_hospital_unknown(facts(known, stranger))
    assert flag.documents == ("d6",) and "火星第一医院" in flag.message
    [flag] = checks.check_hospital_unknown(facts(doc("d3", "discharge_certificate"), hospital=None))
    assert flag.code == "hospital_unknown" and flag.documents == ()


# --- §6 pages --------------------------------------------------------------------------------------------------


def test_seal_missing_only_when_known_false_on_sealed_types():
    invoice, photo = doc("d1", "invoice"), doc("d4", "id_card")
    no_seal = [page(invoice.pages[0], seal=False), page(photo.pages[0], seal=False)]
    [flag] = checks.check_seal_missing(facts(invoice, photo, pages=no_seal))
    assert flag.code == "seal_missing" and flag.documents == ("d1",)
    assert checks.check_seal_missing(facts(invoice, pages=[page(invoice.pages[0], seal=None)])) == []
    assert checks.check_seal_missing(facts(invoice, pages=[page(invoice.pages[0], seal=True)])) == []


def test_low_page_confidence():
    invoice = doc("d1", "invoice")
    [flag] = checks.check_page_confidence(facts(invoice, pages=[page(invoice.pages[0], confidence=0.4)]))
    assert flag.code == "low_confidence" and flag.documents == ("d1",)
    assert checks.check_page_confidence(facts(invoice, pages=[page(invoice.pages[0], confidence=0.6)])) == []


def test_low_or_missing_key_field():
    full = dict(name="张伟", hospital="合肥市第五人民医院", total_amount=D("1.00"))
    assert checks.check_field_confidence(facts(doc("d1", "invoice", **full))) == []
    weak = doc("d1", "invoice", confidence={"total_amount": 0.3, "name": 0.9}, **full)
    [flag] = checks.check_field_confidence(facts(weak))
    assert flag.documents == ("d1",) and "total_amount" in flag.message and "name" not in flag.message.split(":")[-1]
    [flag] = checks.check_field_confidence(facts(doc("d1", "invoice", name="张伟", total_amount=D(1))))
    assert "hospital" in flag.message
    assert checks.check_field_confidence(facts(doc("d5", "insurance_card"))) == []


def test_application_form_fields_matter_only_without_a_stated_claim():
    form = doc("d9", "application_form", name="张伟")
    assert checks.check_field_confidence(facts(form)) == []
    assert codes(checks.check_field_confidence(facts(form, claim=None))) == ["low_confidence"]


def test_poor_image_names_the_problems_and_asks_to_retake():
    invoice = doc("d1", "invoice")
    [flag] = checks.check_poor_image(facts(invoice, pages=[page(invoice.pages[0], ok=False,
                                                                 problems=("blurred", "too_dark"))]))
    assert flag.code == "poor_image" and flag.documents == ("d1",)
    assert "模糊" in flag.message and "too dark" in flag.message and "re-take" in flag.message
    assert checks.check_poor_image(facts(invoice, pages=[page(invoice.pages[0])])) == []


def test_every_check_survives_documents_without_fields():
    empty = [doc(f"d{n}", t.value) for n, t in enumerate(DocType)]
    for check in checks.CHECKS:
        check(facts(*empty, claim=None, hospital=None, scope=None))
    assert {c.__name__ for c in checks.CHECKS} >= {"check_name_mismatch", "check_hospital_unknown"}


def test_items_short_of_a_total_the_invoice_confirms_are_a_reading_gap_when_ocr_read_them():
    """GIVEN an OCR'd list whose rows add up to less than its total, and an invoice with
    that same total WHEN checked THEN no amount_mismatch but low_confidence (rows were lost
    in reading; a reviewer checks them); read from a text layer, the same shortfall is a
    mismatch."""
    short = items("100.00", "50.00")
    invoice = doc("d1", "invoice", total_amount=D("300.00"))
    ocr_list = doc("d2", "expense_list", {"items": 0.8}, total_amount=D("300.00"), items=short)
    flags = checks.check_items_add_up(facts(invoice, ocr_list))
    assert codes(flags) == ["low_confidence"] and flags[0].documents == ("d2",) and "150.00" in flags[0].message
    exact_list = doc("d2", "expense_list", {"items": 1.0}, total_amount=D("300.00"), items=short)
    assert codes(checks.check_items_add_up(facts(invoice, exact_list))) == ["amount_mismatch"]


def test_filing_validity_is_judged_on_the_invoice_date_without_a_discharge_certificate():
    """GIVEN a cross-province packet whose discharge certificate is missing, with a
    filing that expired before the invoice was issued WHEN checked THEN filing_not_valid."""
    filing = doc("d1", "filing_record", filing_date=date(2023, 2, 12), valid_from=date(2023, 2, 12),
                 valid_until=date(2024, 2, 11))
    invoice = doc("d2", "invoice", issue_date=date(2024, 6, 6), total_amount=D("100.00"))
    assert codes(checks.check_filing_not_valid(facts(filing, invoice))) == ["filing_not_valid"]
    valid = doc("d1", "filing_record", valid_from=date(2024, 1, 1), valid_until=date(2024, 12, 31))
    assert checks.check_filing_not_valid(facts(valid, invoice)) == []


def test_a_name_unread_on_one_document_is_no_doubt_when_others_agree():
    """GIVEN a name read surely on the invoice and the discharge certificate, and not at
    all on the ID card WHEN checked THEN the ID card's missing name is no low_confidence;
    with only one sure reading elsewhere it is."""
    card = doc("d1", "id_card", {"id_number": 0.9}, id_number="340104195001011234")
    invoice = doc("d2", "invoice", {"name": 0.9}, name="张伟", hospital="合肥市第五人民医院", total_amount=D("1.00"))
    discharge = doc("d3", "discharge_certificate", {"name": 0.9}, name="张伟")
    flags = checks.check_field_confidence(facts(card, invoice, discharge, claim=None))
    assert not any("d1" in f.documents and "name" in f.message for f in flags)
    flags = checks.check_field_confidence(facts(card, invoice, claim=None))
    assert any("d1" in f.documents and "name" in f.message for f in flags)


def test_a_misread_hospital_name_is_no_unknown_hospital_once_the_hospital_is_known():
    garbled = doc("d2", "expense_list", {"hospital": 0.5}, hospital="合肥市笫伍人氏医阮")
    assert checks.check_hospital_unknown(facts(garbled)) == []  # HEFEI is the treating hospital
    sure = doc("d2", "expense_list", {"hospital": 0.95}, hospital="合肥市仁和骨科专科医院")
    assert codes(checks.check_hospital_unknown(facts(sure))) == ["hospital_unknown"]



def test_a_surely_read_word_that_names_no_institution_is_no_unknown_hospital():
    """The ring of a seal (…专用章, 山湾医) or a city's name alone, read where the hospital stands."""
    for reading in ("专用章", "济南", "ER", "山湾医"):
        garbled = doc("d2", "invoice", {"hospital": 0.95}, hospital=reading)
        assert checks.check_hospital_unknown(facts(garbled)) == []
    # while the hospital is not known, any reading still counts
    [flag] = checks.check_hospital_unknown(facts(doc("d2", "invoice", {"hospital": 0.95}, hospital="专用章"),
                                                 hospital=None))
    assert flag.documents == ("d2",)


def test_a_value_read_unsurely_is_sure_when_another_reading_gives_the_same():
    """GIVEN key fields read below the threshold WHEN another document (at any
    confidence), the invoice's own 大写 amount or the typed claim reads exactly the same
    THEN they are no low_confidence; a value nothing confirms still is."""
    weak = {"name": 0.4, "admission_date": 0.4, "discharge_date": 0.4, "hospital": 0.95}
    discharge = doc("d1", "discharge_certificate", weak, name="张伟", hospital="合肥市第五人民医院",
                    admission_date=date(2024, 8, 1), discharge_date=date(2024, 8, 10))
    expense = doc("d2", "expense_list", {"total_amount": 0.3}, total_amount=D("5829.20"),
                  admission_date=date(2024, 8, 1))
    invoice = doc("d3", "invoice", {"total_amount": 0.3, "name": 0.3}, name="张伟", hospital="合肥市第五人民医院",
                  total_amount=D("5829.20"), total_amount_words="伍仟捌佰贰拾玖元贰角")
    flags = checks.check_field_confidence(facts(discharge, expense, invoice))
    # the discharge date is read nowhere else: the one doubt left
    assert [(f.documents, f.message.split("：")[1].split("，")[0]) for f in flags] == [(("d1",), "discharge_date")]
    # without the claim, another reading, or the 大写 amount, the doubts stand
    alone = doc("d3", "invoice", {"total_amount": 0.3, "name": 0.3}, name="张伟", hospital="合肥市第五人民医院",
                total_amount=D("5829.20"))
    [flag] = checks.check_field_confidence(facts(alone, claim=None))
    assert "name" in flag.message and "total_amount" in flag.message
    misread = doc("d3", "invoice", {"total_amount": 0.3}, name="张伟", hospital="合肥市第五人民医院",
                  total_amount=D("5329.20"), total_amount_words="伍仟捌佰贰拾玖元贰角")
    assert "total_amount" in checks.check_field_confidence(facts(misread, expense))[0].message


def test_a_page_read_whole_is_not_sent_back_for_a_retake():
    """GIVEN a photographed ID card whose measures say blurred WHEN its name and ID number
    were read surely THEN no poor_image (it was not too blurred to read); when its name
    was lost, or the page's type is in doubt, the person is asked to re-take it."""
    card = doc("d1", "id_card", {"name": 0.9, "id_number": 0.9}, name="张伟", id_number=ID_A)
    blurred = page(card.pages[0], ok=False, problems=("blurred",), ocr=0.55)
    assert checks.check_poor_image(facts(card, pages=[blurred])) == []
    unread = doc("d1", "id_card", {"id_number": 0.9}, id_number=ID_A)
    assert codes(checks.check_poor_image(facts(unread, pages=[blurred], claim=None))) == ["poor_image"]
    doubtful = page(card.pages[0], confidence=0.4, ok=False, problems=("blurred",), ocr=0.55)
    assert codes(checks.check_poor_image(facts(card, pages=[doubtful]))) == ["poor_image"]
    garbage = page(card.pages[0], ok=False, problems=("blurred",), ocr=0.25)  # OCR read garbage
    assert codes(checks.check_poor_image(facts(card, pages=[garbage]))) == ["poor_image"]


def test_the_filing_record_fills_what_neither_claim_nor_form_gives():
    """GIVEN a mailed-in packet whose form's ticks were misread WHEN the declaration is
    resolved THEN the category and insured region come from the filing record; the form
    and the claim still win where they speak."""
    form = doc("d1", "application_form", name="张伟", insurance_type=InsuranceType.EMPLOYEE)
    filing = doc("d2", "filing_record", category=Category.EMERGENCY, insured_region="210100")
    resolved = resolve_declaration(None, [form, filing])
    assert resolved.declaration.category is Category.EMERGENCY and resolved.declaration.insured_region == "210100"
    assert "category" not in resolved.unknown_fields
    stated = doc("d1", "application_form", category=Category.REFERRAL)
    assert resolve_declaration(None, [stated, filing]).declaration.category is Category.REFERRAL
    assert resolve_declaration(CLAIM, [form, filing]).declaration.category is CLAIM.category
