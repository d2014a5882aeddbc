"""The reimbursable amount and its trace (domain.md §7).

All arithmetic is exact Decimal; only the final amount is rounded, to the fen, half up.
Every step is recorded with its value, the policy clause it applies and the documents it
used, in Chinese and English, so that a reviewer or the insured person can check it.

This package knows nothing of policy files: the rules build a :class:`Tariff` (the
numbers of one policy for one insurance type) and a :class:`Case` (the facts of the claim).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import product
from typing import Mapping

from claimdocs.model import Category, ExpenseItem, InsuranceType, ItemClass, Reimbursement
from claimdocs.reimburse.trace import trace_of

FEN = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
CROSS = "cross_province"
INTRA = "intra_province"


@dataclass(frozen=True)
class Tariff:
    """The numbers of one policy version for one insurance type (the table of §7)."""

    policy_id: str
    insurance_type: InsuranceType
    deductible: Mapping[int, Decimal]
    ratio: Mapping[int, Decimal]
    retiree_bonus: Decimal
    class_b_self_pay: Decimal
    annual_cap: Decimal
    category_reductions: Mapping[Category, Decimal]
    non_designated_reduction: Decimal
    non_designated_categories: frozenset[Category]
    exempt_categories: frozenset[Category]


@dataclass(frozen=True)
class Case:
    """The facts of a claim the formula needs; None means unknown (see :func:`assumptions`)."""

    items: tuple[ExpenseItem, ...] = ()
    invoice_total: Decimal | None = None  # priced as class 乙 when there are no items
    unclassified: Decimal | None = None  # a part of the expenses no item accounts for (class unknown)
    basis: str = ""  # how the rules chose the expense figures, for the trace (rules/expenses.py)
    basis_docs: tuple[str, ...] = ()
    level: int | None = None
    insurance_type: InsuranceType | None = None
    category: Category | None = None
    scope: str | None = None
    has_filing: bool = False
    at_designated_hospital: bool | None = None
    prior_paid: Decimal = ZERO
    blocked_by: tuple[str, ...] = ()  # reasons that make the claim not reimbursable (§7.5)
    expense_docs: tuple[str, ...] = ()
    invoice_docs: tuple[str, ...] = ()
    hospital_docs: tuple[str, ...] = ()
    filing_docs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Amounts:
    """The expenses by class (§7.1); ``unclassified`` is the part of class 乙 whose class was
    not read (an invoice total without items, or what the items read leave of a total)."""

    total: Decimal
    class_a: Decimal
    class_b: Decimal
    class_c: Decimal
    class_b_items: tuple[tuple[Decimal, Decimal | None], ...]  # (amount, printed self-pay ratio)
    unclassified: Decimal = ZERO


def split_amounts(items: tuple[ExpenseItem, ...], invoice_total: Decimal | None,
                  unclassified: Decimal | None = None) -> Amounts | None:
    """Sum the items by class, plus an amount of unknown class; with neither, the invoice
    total is that amount.

    Choice (the spec is silent): an unclassified amount is priced like class 乙 with the
    policy's class_b_self_pay -- neither the full amount (as if all 甲) nor nothing.
    Returns None when there are no expense figures at all.
    """
    if not items and unclassified is None:
        unclassified = invoice_total
    if not items and unclassified is None:
        return None
    rest = unclassified if unclassified is not None and unclassified > 0 else ZERO
    sums = {cls: sum((i.amount for i in items if i.item_class == cls), ZERO) for cls in ItemClass}
    b_items = tuple((i.amount, i.self_pay_ratio) for i in items if i.item_class == ItemClass.B)
    b_items += ((rest, None),) if rest else ()
    total = sum(sums.values(), ZERO) + rest
    return Amounts(total, sums[ItemClass.A], sums[ItemClass.B] + rest, sums[ItemClass.C], b_items, rest)


def clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = ONE) -> Decimal:
    """``value`` limited to [low, high] (ratios, §7.3)."""
    return min(max(value, low), high)


def eligible_amount(amounts: Amounts, class_b_self_pay: Decimal) -> Decimal:
    """§7.1: 甲 in full, 乙 times (1 − its printed self-pay ratio or the policy's), 丙 nothing."""
    class_b = sum((amount * (ONE - clamp(ratio if ratio is not None else class_b_self_pay))
                   for amount, ratio in amounts.class_b_items), ZERO)
    return amounts.class_a + class_b


def largest_reduction(tariff: Tariff, case: Case) -> tuple[Decimal, str]:
    """§7.3: the largest applicable off-site reduction (cross-province only) and why."""
    if case.scope != CROSS or case.category in tariff.exempt_categories:
        return ZERO, "无异地降低比例（省内就医或急诊抢救免于降低）/ no reduction (intra-province, or emergency exempt)"
    options = [(tariff.category_reductions.get(case.category, ZERO),
                f"跨省异地就医人员类别 {case.category} / cross-province, category {case.category}")]
    if case.category in tariff.non_designated_categories and case.at_designated_hospital is False:
        options.append((tariff.non_designated_reduction, "在备案定点医院以外就医 / treated at a hospital "
                        "not designated on the filing record"))
    return max(options, key=lambda option: option[0])


def zero_reasons(case: Case) -> tuple[str, ...]:
    """§7.5: why nothing is reimbursable (cross-province without a filing, bad or late filing)."""
    reasons = list(case.blocked_by)
    if case.scope == CROSS and not case.has_filing:
        reasons.insert(0, "跨省异地就医未备案，不予报销 / cross-province treatment without a filing record "
                          "is not reimbursable")
    return tuple(reasons)


@dataclass(frozen=True)
class Priced:
    """One pricing of a concrete case: the intermediate values of §7 and the final amount."""

    case: Case
    tariff: Tariff
    amounts: Amounts
    eligible: Decimal
    deductible: Decimal
    base_ratio: Decimal
    bonus: Decimal
    reduction: tuple[Decimal, str]
    ratio: Decimal
    cap_remaining: Decimal
    blocked: tuple[str, ...]
    reimbursable: Decimal


def price(case: Case, tariff: Tariff, amounts: Amounts) -> Priced:
    """§7.1-§7.5 for a case whose level, category and scope are known."""
    eligible = eligible_amount(amounts, tariff.class_b_self_pay)
    deductible = tariff.deductible[case.level]
    base = tariff.ratio[case.level]
    bonus = tariff.retiree_bonus if case.category == Category.RETIREE_RESETTLED else ZERO
    reduction = largest_reduction(tariff, case)
    ratio = clamp(base + bonus - reduction[0])
    cap_remaining = max(ZERO, tariff.annual_cap - case.prior_paid)
    blocked = zero_reasons(case)
    amount = min(max(ZERO, eligible - deductible) * ratio, cap_remaining)
    reimbursable = ZERO if blocked else max(ZERO, amount)
    return Priced(case, tariff, amounts, eligible, deductible, base, bonus, reduction, ratio,
                  cap_remaining, blocked, reimbursable.quantize(FEN, rounding=ROUND_HALF_UP))


def assumptions(case: Case, tariffs: Mapping[InsuranceType, Tariff]) -> list[Case]:
    """Concrete cases for every value an unknown input could take (level, insurance type,
    category, scope, designated hospital); the known inputs are kept."""
    levels = [case.level] if case.level in (1, 2, 3) else [1, 2, 3]
    types = [case.insurance_type] if case.insurance_type in tariffs else list(tariffs)
    categories = [case.category] if case.category is not None else list(Category)
    scopes = [case.scope] if case.scope in (CROSS, INTRA) else [INTRA, CROSS]
    designated = [case.at_designated_hospital] if case.at_designated_hospital is not None else [True, False]
    return [replace(case, level=l, insurance_type=t, category=c, scope=s, at_designated_hospital=d)
            for l, t, c, s, d in product(levels, types, categories, scopes, designated)]


def compute_reimbursement(case: Case, tariffs: Mapping[InsuranceType, Tariff]) -> Reimbursement | None:
    """The reimbursable amount of domain.md §7 with its trace, or None without expense figures.

    When an input is unknown (hospital level, insurance type, category, scope, whether the
    hospital is designated) the amount is priced for every value it could take and the
    lowest is reported, with the assumption as the first trace step: a provisional floor
    for a packet that is flagged for review anyway.
    """
    amounts = split_amounts(case.items, case.invoice_total, case.unclassified)
    if amounts is None:
        return None
    pricings = [price(c, tariffs[c.insurance_type], amounts) for c in assumptions(case, tariffs)]
    chosen = min(pricings, key=lambda p: p.reimbursable)  # first of equals: stable
    return Reimbursement(
        policy=chosen.tariff.policy_id, total=_fen(amounts.total), class_a=_fen(amounts.class_a),
        class_b=_fen(amounts.class_b), class_c=_fen(amounts.class_c), eligible=_fen(chosen.eligible),
        deductible=_fen(chosen.deductible), ratio=chosen.ratio, reimbursable=chosen.reimbursable,
        trace=trace_of(chosen, case))


def _fen(value: Decimal) -> Decimal:
    """Money for display in the report (two decimals); the computation keeps exact values."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)
