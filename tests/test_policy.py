"""Policy files (domain.md §9): loading, validation with file and line, selection by region and date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from claimdocs.errors import PolicyError
from claimdocs.model import Category, DocType, InsuranceType
from claimdocs.rules.policy import PolicyStore, check_policy_file, parse_policy
from claimdocs.settings import Settings

POLICY_DIR = Settings().policy_dir
REFERENCE_TEXT = (POLICY_DIR / "reference.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def store() -> PolicyStore:
    return PolicyStore.load(POLICY_DIR)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# --- shipped files ---------------------------------------------------------------------------


def test_shipped_policies_load_and_have_ids(store):
    assert [p.id for p in store.policies] == ["210100@2025-01-01", "reference@2024-01-01"]


def test_reference_policy_is_the_table_of_section_7(store):
    ref = store.versions("reference")[0]
    emp, res = ref.terms(InsuranceType.EMPLOYEE), ref.terms(InsuranceType.RESIDENT)
    assert emp.deductible == {1: Decimal("300"), 2: Decimal("600"), 3: Decimal("900")}
    assert res.deductible == {1: Decimal("200"), 2: Decimal("500"), 3: Decimal("800")}
    assert emp.ratio == {1: Decimal("0.90"), 2: Decimal("0.85"), 3: Decimal("0.80")}
    assert res.ratio == {1: Decimal("0.80"), 2: Decimal("0.70"), 3: Decimal("0.60")}
    assert (emp.retiree_bonus, res.retiree_bonus) == (Decimal("0.05"), Decimal("0.00"))
    assert emp.class_b_self_pay == res.class_b_self_pay == Decimal("0.10")
    assert (emp.annual_cap, res.annual_cap) == (Decimal("400000"), Decimal("300000"))
    assert emp.claim_deadline_days == res.claim_deadline_days == 365
    assert ref.reductions.by_category == {Category.REFERRAL: Decimal("0.10"), Category.OTHER_TEMPORARY: Decimal("0.20")}
    assert ref.reductions.non_designated_hospital == Decimal("0.20")
    assert ref.filing.validity_years == 1 and ref.filing.emergency_grace_days == 3
    assert ref.amount_tolerance == Decimal("0.01")


def test_reference_required_documents_are_section_5(store):
    rules = store.versions("reference")[0].required_documents
    assert rules.always == [DocType.INVOICE, DocType.EXPENSE_LIST, DocType.DISCHARGE_CERTIFICATE,
                            DocType.ID_CARD, DocType.INSURANCE_CARD]
    assert rules.cross_province == [DocType.FILING_RECORD]
    assert rules.by_category[Category.RETIREE_RESETTLED] == [[DocType.HOUSEHOLD_REGISTER, DocType.RESIDENCE_PROOF]]
    assert rules.without_declaration == [DocType.APPLICATION_FORM]


def test_ratios_are_exact_decimals_not_floats(store):
    ratio = store.versions("reference")[0].terms(InsuranceType.EMPLOYEE).ratio[2]
    assert isinstance(ratio, Decimal) and str(ratio) == "0.85"


def test_check_policy_file_returns_the_policy():
    assert check_policy_file(POLICY_DIR / "210100.yaml").id == "210100@2025-01-01"


# --- validation errors name file and line ---------------------------------------------------------


def test_unknown_key_is_an_error_with_file_and_line(tmp_path):
    text = REFERENCE_TEXT.replace("    retiree_bonus: 0.05\n", "    retiree_bonus: 0.05\n    retire_bonus: 0.05\n")
    path = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(PolicyError) as error:
        check_policy_file(path)
    message = str(error.value)
    assert str(path) in message and f"line {_line_of(text, 'retire_bonus:')}" in message
    assert "retire_bonus" in message and "Extra inputs" in message


def test_ratio_above_one_is_an_error_with_line(tmp_path):
    text = REFERENCE_TEXT.replace("ratio: {1: 0.80, 2: 0.70", "ratio: {1: 1.5, 2: 0.70")
    with pytest.raises(PolicyError) as error:
        parse_policy(text, "p.yaml")
    assert f"line {_line_of(text, '1: 1.5')}" in str(error.value)
    assert "insurance.resident.ratio.1" in str(error.value)


def test_missing_level_and_missing_key_are_errors():
    text = REFERENCE_TEXT.replace("deductible: {1: 300, 2: 600, 3: 900}", "deductible: {1: 300, 2: 600}")
    text = text.replace("amount_tolerance: 0.01\n", "")
    with pytest.raises(PolicyError) as error:
        parse_policy(text, "p.yaml")
    assert "levels 1, 2 and 3" in str(error.value) and "amount_tolerance" in str(error.value)


def test_unknown_document_type_and_category_are_errors():
    bad = REFERENCE_TEXT.replace("cross_province: [filing_record]", "cross_province: [filing_recrod]")
    with pytest.raises(PolicyError, match="required_documents.cross_province"):
        parse_policy(bad, "p.yaml")
    bad = REFERENCE_TEXT.replace("    referral: 0.10", "    referal: 0.10")
    with pytest.raises(PolicyError, match="reductions.by_category"):
        parse_policy(bad, "p.yaml")


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(PolicyError, match="line 2: not valid YAML"):
        parse_policy("region: reference\nbad: a: b\n", "p.yaml")


def test_duplicate_key_is_an_error():
    text = REFERENCE_TEXT.replace("amount_tolerance: 0.01", "amount_tolerance: 0.01\namount_tolerance: 0.02")
    with pytest.raises(PolicyError, match="duplicate key 'amount_tolerance'"):
        parse_policy(text, "p.yaml")


def test_a_policy_must_be_a_mapping_and_the_region_a_code():
    with pytest.raises(PolicyError, match="mapping"):
        parse_policy("- a\n- b\n", "p.yaml")
    with pytest.raises(PolicyError, match="region"):
        parse_policy(REFERENCE_TEXT.replace("region: reference", "region: shenyang"), "p.yaml")


def test_unreadable_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError, match="cannot read"):
        check_policy_file(tmp_path / "absent.yaml")


# --- the store ----------------------------------------------------------------------------------------


def test_store_without_reference_is_an_error(tmp_path):
    _write(tmp_path, "sy.yaml", (POLICY_DIR / "210100.yaml").read_text(encoding="utf-8"))
    with pytest.raises(PolicyError, match="reference"):
        PolicyStore.load(tmp_path)


def test_store_rejects_the_same_version_twice(tmp_path):
    _write(tmp_path, "a.yaml", REFERENCE_TEXT)
    _write(tmp_path, "b.yaml", REFERENCE_TEXT)
    with pytest.raises(PolicyError, match="defined twice"):
        PolicyStore.load(tmp_path)


def test_store_load_validates_every_file(tmp_path):
    _write(tmp_path, "reference.yaml", REFERENCE_TEXT)
    _write(tmp_path, "bad.yaml", REFERENCE_TEXT.replace("region: reference", "region: \"330100\"").replace(
        "key_field: 0.60", "key_field: 1.60"))
    with pytest.raises(PolicyError, match="bad.yaml: line"):
        PolicyStore.load(tmp_path)


def test_missing_policy_dir_is_an_error(tmp_path):
    with pytest.raises(PolicyError, match="does not exist"):
        PolicyStore.load(tmp_path / "nope")


@pytest.mark.parametrize("region, on, expected", [
    ("210100", date(2025, 3, 1), "210100@2025-01-01"),   # exact region, version in force
    ("210100", date(2024, 8, 15), "reference@2024-01-01"),  # before Shenyang's version
    ("210124", date(2025, 3, 1), "reference@2024-01-01"),  # county of Shenyang: no province file
    ("340100", date(2025, 3, 1), "reference@2024-01-01"),
    (None, date(2025, 3, 1), "reference@2024-01-01"),
    ("21", date(2025, 3, 1), "reference@2024-01-01"),     # malformed region
    ("210100", date(2020, 1, 1), "reference@2024-01-01"),  # before every version: earliest reference
])
def test_select_by_region_and_admission_date(store, region, on, expected):
    assert store.select(region, on).id == expected


def test_select_falls_back_to_the_province(tmp_path):
    _write(tmp_path, "reference.yaml", REFERENCE_TEXT)
    _write(tmp_path, "ln.yaml", REFERENCE_TEXT.replace("region: reference", "region: \"210000\""))
    later = REFERENCE_TEXT.replace("effective: 2024-01-01", "effective: 2025-01-01")
    _write(tmp_path, "ref2025.yaml", later)
    store = PolicyStore.load(tmp_path)
    assert store.select("210124", date(2024, 6, 1)).id == "210000@2024-01-01"
    assert store.select("340100", date(2024, 6, 1)).id == "reference@2024-01-01"
    assert store.select("340100", date(2025, 6, 1)).id == "reference@2025-01-01"


def test_pin_by_region_id_or_file(store):
    assert store.pin("210100").select("340100", date(2020, 1, 1)).id == "210100@2025-01-01"
    assert store.pin("reference@2024-01-01").select("210100", date(2025, 6, 1)).id == "reference@2024-01-01"
    assert store.pin(str(POLICY_DIR / "210100.yaml")).select(None, date(2024, 1, 1)).id == "210100@2025-01-01"
    with pytest.raises(PolicyError, match="no policy named"):
        store.pin("999999")
