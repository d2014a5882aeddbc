"""The reimbursable amount (domain.md §7): every branch of the formula, the worked example,
and properties (never negative, never above the cap, monotone in the eligible amount)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdocs.model import Category, ExpenseItem, InsuranceType, ItemClass
from claimdocs.reimburse import Case, Tariff, compute_reimbursement, eligible_amount, split_amounts

EMP, RES = InsuranceType.EMPLOYEE, InsuranceType.RESIDENT
CROSS, INTRA = "cross_province", "intra_province"


def tariff(kind: InsuranceType = EMP, **changes) -> Tariff:
    """The reference table of §7 for one insurance type, with optional changes."""
    employee = kind == EMP
    base = Tariff(
        policy_id="reference@2024-01-01", insurance_type=kind,
        deductible={1: D(300), 2: D(600), 3: D(900)} if employee else {1: D(200), 2: D(500), 3: D(800)},
        ratio={1: D("0.90"), 2: D("0.85"), 3: D("0.80")} if employee else {1: D("0.80"), 2: D("0.70"), 3: D("0.60")},
        retiree_bonus=D("0.05") if employee else D("0.00"), class_b_self_pay=D("0.10"),
        annual_cap=D(400000) if employee else D(300000),
        category_reductions={Category.REFERRAL: D("0.10"), Category.OTHER_TEMPORARY: D("0.20")},
        non_designated_reduction=D("0.20"),
        non_designated_categories=frozenset({Category.RETIREE_RESETTLED, Category.LONG_TERM_RESIDENT,
                                             Category.RESIDENT_STAFF}),
        exempt_categories=frozenset({Category.EMERGENCY}))
    return replace(base, **changes)


TARIFFS = {EMP: tariff(EMP), RES: tariff(RES)}


def item(cls: str, amount: str, ratio: str | None = None) -> ExpenseItem:
    return ExpenseItem(f"item {cls}", ItemClass(cls), D(1), D(amount), D(amount), D(ratio) if ratio else None)


WORKED_ITEMS = (item("A", "6000.00"), item("B", "3000.00"), item("C", "1000.00"))


def case(**changes) -> Case:
    """The worked example of §7: employee, cross-province, level 3, referral, with a filing."""
    base = Case(items=WORKED_ITEMS, level=3, insurance_type=EMP, category=Category.REFERRAL, scope=CROSS,
                has_filing=True, at_designated_hospital=True, expense_docs=("d2",), hospital_docs=("d3",))
    return replace(base, **changes)


def amount(**changes) -> D:
    return compute_reimbursement(case(**changes), TARIFFS).reimbursable


def steps(result) -> dict[str, str]:
    return {step.step: step.value for step in result.trace}


# --- the worked example and the trace ----------------------------------------------------------------


def test_worked_example_of_section_7():
    result = compute_reimbursement(case(), TARIFFS)
    assert (result.total, result.class_a, result.class_b, result.class_c) == (D("10000.00"), D("6000.00"),
                                                                              D("3000.00"), D("1000.00"))
    assert result.eligible == D("8700.00") and result.deductible == D("900.00")
    assert result.ratio == D("0.70") and str(result.ratio) == "0.70"
    assert result.reimbursable == D("5460.00") and str(result.reimbursable) == "5460.00"
    assert result.policy == "reference@2024-01-01" and result.currency == "CNY"


def test_trace_names_each_step_rule_and_documents():
    trace = compute_reimbursement(case(), TARIFFS).trace
    by_step = {step.step: step for step in trace}
    assert [s.step for s in trace] == ["total", "class_a", "class_b", "class_c", "eligible", "deductible",
                                       "above_deductible", "base_ratio", "reduction", "ratio", "before_cap",
                                       "cap_remaining", "reimbursable"]
    assert by_step["eligible"].value == "8700.00" and by_step["eligible"].documents == ("d2",)
    assert "domain.md §7.1 / reference@2024-01-01 class_b_self_pay=0.10" in by_step["eligible"].rule
    assert "deductible[3]=900" in by_step["deductible"].rule and by_step["deductible"].documents == ("d3",)
    assert by_step["reduction"].value == "-0.10" and "referral" in by_step["reduction"].rule
    assert by_step["above_deductible"].value == "7800.00" and by_step["reimbursable"].value == "5460.00"
    assert all(isinstance(s.value, str) and s.rule for s in trace)


# --- §7.1 eligible -------------------------------------------------------------------------------------


def test_printed_self_pay_ratio_overrides_the_policy_share():
    amounts = split_amounts((item("B", "1000.00", "0.3"),), None)
    assert eligible_amount(amounts, D("0.10")) == D("700.000")


def test_class_b_uses_the_policy_share_when_not_printed():
    assert eligible_amount(split_amounts((item("B", "1000.00"),), None), D("0.15")) == D("850.00")


def test_out_of_range_printed_ratio_is_clamped():
    assert eligible_amount(split_amounts((item("B", "100.00", "1.5"),), None), D("0.10")) == 0


def test_class_c_counts_nothing():
    result = compute_reimbursement(case(items=(item("C", "5000.00"),)), TARIFFS)
    assert result.eligible == 0 and result.reimbursable == D("0.00")


def test_invoice_total_without_items_is_priced_as_class_b():
    result = compute_reimbursement(case(items=(), invoice_total=D("10000.00"), invoice_docs=("d1",)), TARIFFS)
    assert result.class_b == D("10000.00") and result.eligible == D("9000.00")
    assert result.reimbursable == D("5670.00")  # (9000 - 900) x 0.70
    first = result.trace[0]
    assert first.step == "total" and "class B" in first.rule and first.documents == ("d1",)


def test_no_expense_figures_gives_none():
    assert compute_reimbursement(case(items=(), invoice_total=None), TARIFFS) is None


# --- §7.2 deductible, §7.3 ratio -------------------------------------------------------------------------


@pytest.mark.parametrize("level, kind, expected", [
    (1, EMP, "7560.00"),   # (8700-300) x 0.90 intra
    (2, EMP, "6885.00"),   # (8700-600) x 0.85
    (3, EMP, "6240.00"),   # (8700-900) x 0.80
    (1, RES, "6800.00"),   # (8700-200) x 0.80
    (2, RES, "5740.00"),   # (8700-500) x 0.70
    (3, RES, "4740.00"),   # (8700-800) x 0.60
])
def test_deductible_and_ratio_by_level_and_insurance_type(level, kind, expected):
    assert amount(level=level, insurance_type=kind, scope=INTRA) == D(expected)


def test_eligible_below_deductible_gives_zero():
    assert amount(items=(item("A", "500.00"),)) == D("0.00")


def test_retiree_bonus_is_added():
    result = compute_reimbursement(case(category=Category.RETIREE_RESETTLED, scope=INTRA), TARIFFS)
    assert result.ratio == D("0.85") and steps(result)["retiree_bonus"] == "+0.05"


def test_no_reduction_within_the_province():
    assert compute_reimbursement(case(scope=INTRA), TARIFFS).ratio == D("0.80")


@pytest.mark.parametrize("category, designated, ratio", [
    (Category.REFERRAL, True, "0.70"),
    (Category.OTHER_TEMPORARY, True, "0.60"),
    (Category.LONG_TERM_RESIDENT, True, "0.80"),
    (Category.LONG_TERM_RESIDENT, False, "0.60"),
    (Category.RESIDENT_STAFF, False, "0.60"),
    (Category.RETIREE_RESETTLED, False, "0.65"),   # 0.80 + 0.05 - 0.20
    (Category.RETIREE_RESETTLED, True, "0.85"),
    (Category.EMERGENCY, False, "0.80"),           # emergencies are exempt
    (Category.REFERRAL, False, "0.70"),            # non-designated applies to long-term categories only
])
def test_cross_province_reductions(category, designated, ratio):
    assert compute_reimbursement(case(category=category, at_designated_hospital=designated), TARIFFS).ratio == D(ratio)


def test_reductions_do_not_add_up_the_largest_applies():
    tariffs = {EMP: tariff(category_reductions={Category.RESIDENT_STAFF: D("0.05")}), RES: tariff(RES)}
    result = compute_reimbursement(case(category=Category.RESIDENT_STAFF, at_designated_hospital=False), tariffs)
    assert result.ratio == D("0.60") and steps(result)["reduction"] == "-0.20"


def test_ratio_is_clamped_to_one_and_to_zero():
    high = {EMP: tariff(ratio={1: D("1"), 2: D("1"), 3: D("0.98")}), RES: tariff(RES)}
    assert compute_reimbursement(case(category=Category.RETIREE_RESETTLED, scope=INTRA), high).ratio == 1
    low = {EMP: tariff(ratio={1: D("0.1"), 2: D("0.1"), 3: D("0.05")}), RES: tariff(RES)}
    result = compute_reimbursement(case(category=Category.OTHER_TEMPORARY), low)
    assert result.ratio == 0 and result.reimbursable == D("0.00")


# --- §7.4 cap and rounding, §7.5 not reimbursable -------------------------------------------------------------


def test_cap_limits_the_amount():
    assert amount(prior_paid=D("398000.00")) == D("2000.00")


def test_prior_payments_above_the_cap_give_zero_never_negative():
    result = compute_reimbursement(case(prior_paid=D("500000.00")), TARIFFS)
    assert result.reimbursable == D("0.00") and steps(result)["cap_remaining"] == "0.00"


def test_rounding_is_half_up_to_the_fen_only_at_the_end():
    # eligible 1000.05 x 0.9 (class B) = 900.045; minus 900 = 0.045; x 0.70 = 0.0315 -> 0.03
    assert amount(items=(item("B", "1000.05"),)) == D("0.03")
    # 900.125 above a zero deductible x 0.70 = 630.0875 -> 630.09 (half up, not banker's)
    zero_deductible = {EMP: tariff(deductible={1: D(0), 2: D(0), 3: D(0)}), RES: tariff(RES)}
    result = compute_reimbursement(case(items=(item("A", "900.125"),)), zero_deductible)
    assert result.reimbursable == D("630.09")
    half = {EMP: tariff(deductible={1: D(0), 2: D(0), 3: D(0)}, ratio={1: D(1), 2: D(1), 3: D("0.5")}), RES: tariff(RES)}
    assert compute_reimbursement(case(items=(item("A", "0.05"),), scope=INTRA), half).reimbursable == D("0.03")


def test_cross_province_without_filing_is_not_reimbursable():
    result = compute_reimbursement(case(has_filing=False), TARIFFS)
    assert result.reimbursable == D("0.00") and result.eligible == D("8700.00")
    assert any(s.step == "not_reimbursable" and "filing" in s.rule for s in result.trace)


def test_intra_province_needs_no_filing():
    assert amount(has_filing=False, scope=INTRA) == D("6240.00")


def test_blocking_flags_make_it_not_reimbursable():
    result = compute_reimbursement(case(blocked_by=("备案已过期 filing_not_valid",)), TARIFFS)
    assert result.reimbursable == D("0.00")
    assert [s.rule for s in result.trace if s.step == "not_reimbursable"] == ["备案已过期 filing_not_valid (domain.md §7.5)"]


# --- unknown inputs: the lowest amount, with the assumption in the trace ------------------------------------


def test_unknown_level_takes_the_lowest_amount():
    result = compute_reimbursement(case(level=None, scope=INTRA), TARIFFS)
    assert result.reimbursable == D("6240.00")  # level 3
    assert result.trace[0].step == "assumptions" and "level=3" in result.trace[0].value


def test_unknown_insurance_type_and_category_take_the_lowest_amount():
    result = compute_reimbursement(case(insurance_type=None, category=None, scope=INTRA), TARIFFS)
    assert result.reimbursable == D("4740.00")  # resident, level 3, no bonus
    assert "insurance_type=resident" in result.trace[0].value


def test_unknown_scope_without_filing_takes_zero():
    assert amount(scope=None, has_filing=False) == D("0.00")


def test_known_inputs_add_no_assumption_step():
    assert compute_reimbursement(case(), TARIFFS).trace[0].step == "total"


# --- properties ---------------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=500000, places=2, allow_nan=False, allow_infinity=False)
ratios = st.one_of(st.none(), st.decimals(min_value=0, max_value=1, places=2))
items = st.lists(st.builds(lambda c, a, r: ExpenseItem("x", ItemClass(c), D(1), a, a, r if c == "B" else None),
                           st.sampled_from("ABC"), money, ratios), max_size=6)
cases = st.builds(
    lambda its, level, kind, cat, scope, filing, desig, prior: case(
        items=tuple(its), level=level, insurance_type=kind, category=cat, scope=scope, has_filing=filing,
        at_designated_hospital=desig, prior_paid=prior),
    items, st.sampled_from([1, 2, 3, None]), st.sampled_from([EMP, RES]),
    st.sampled_from(list(Category)), st.sampled_from([CROSS, INTRA]), st.booleans(), st.booleans(), money)


@settings(max_examples=150, deadline=None)
@given(cases)
def test_amount_is_never_negative_nor_above_the_cap(c):
    result = compute_reimbursement(c, TARIFFS)
    if result is None:
        assert not c.items
        return
    cap = TARIFFS[c.insurance_type].annual_cap - c.prior_paid
    assert D(0) <= result.reimbursable <= max(D(0), cap)
    assert result.reimbursable == result.reimbursable.quantize(D("0.01"))
    assert D(0) <= result.ratio <= 1


@settings(max_examples=150, deadline=None)
@given(cases, money)
def test_amount_is_monotone_in_the_eligible_amount(c, extra):
    before = compute_reimbursement(c, TARIFFS)
    after = compute_reimbursement(replace(c, items=c.items + (item("A", str(extra)),)), TARIFFS)
    assert after.eligible >= (before.eligible if before else 0)
    assert after.reimbursable >= (before.reimbursable if before else 0)
