"""The trace of the amount (domain.md §7, last paragraph): one readable step per rule.

Each step has its value (a string), a sentence in Chinese and English with the policy
clause it applies (e.g. ``domain.md §7.1 / reference@2024-01-01 class_b_self_pay=0.10``),
and the documents it used.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from claimdocs.model import Category, TraceStep

if TYPE_CHECKING:  # formula imports this module; the types are only for annotations
    from claimdocs.reimburse.formula import Case, Priced

_FEN = Decimal("0.01")
_TYPE_ZH = {"employee": "职工", "resident": "居民"}


def money_text(value: Decimal) -> str:
    """Two decimals when the value is whole fen, else the exact value (nothing hidden)."""
    return str(value.quantize(_FEN)) if value == value.quantize(_FEN) else str(value.normalize())


def trace_of(priced: "Priced", original: "Case") -> tuple[TraceStep, ...]:
    """All steps of one pricing, the assumptions for unknown inputs first."""
    return (*_assumption_steps(priced, original), *_expense_steps(priced), *_deductible_steps(priced),
            *_ratio_steps(priced), *_amount_steps(priced))


def _assumption_steps(priced: "Priced", original: "Case") -> list[TraceStep]:
    """Which unknown inputs were assumed, and to what (the lowest-amount choice).

    Whether the hospital is designated is mentioned only where it matters (§7.3).
    """
    case = priced.case
    names = ["level", "insurance_type", "category", "scope"]
    if case.scope == "cross_province" and case.category in priced.tariff.non_designated_categories:
        names.append("at_designated_hospital")
    assumed = [f"{name}={getattr(case, name)}" for name in names if getattr(original, name) is None]
    if not assumed:
        return []
    return [TraceStep("assumptions", ", ".join(assumed),
                      "以下信息未能确定，按金额最低的情形暂估，待审核确认 / these inputs are unknown; "
                      "the amount is priced for the value giving the lowest amount, pending review "
                      "(claimdocs choice; domain.md §7 is silent)")]


def _expense_steps(p: "Priced") -> list[TraceStep]:
    """Total, classes and the eligible amount (§7.1)."""
    a, case, pid = p.amounts, p.case, p.tariff.policy_id
    if case.basis:
        first = TraceStep("total", money_text(a.total), case.basis, case.basis_docs)
    elif a.unclassified:
        first = TraceStep("total", money_text(a.total), "未读到费用明细，发票总额全部按乙类计算 / no expense items "
                          "were read: the invoice total is priced as class B (claimdocs choice)", case.invoice_docs)
    else:
        first = TraceStep("total", money_text(a.total), "费用总额 = 明细各项金额之和 / total = sum of the expense "
                          "list items (domain.md §3 Expense list items)", case.expense_docs)
    docs = first.documents
    return [first,
            TraceStep("class_a", money_text(a.class_a), "甲类费用，全额计入 / class A, counts in full (§7.1)", docs),
            TraceStep("class_b", money_text(a.class_b), "乙类费用，扣除个人先自付部分后计入 / class B, counts "
                      "less its self-pay share (§7.1)", docs),
            TraceStep("class_c", money_text(a.class_c), "丙类/自费费用，不予计入 / class C or self-paid, "
                      "counts nothing (§7.1)", docs),
            TraceStep("eligible", money_text(p.eligible), "可报销范围 = 甲类 + 乙类 × (1 − 自付比例) / eligible = "
                      "class A + class B × (1 − self-pay ratio as printed, else the policy's) — domain.md §7.1 / "
                      f"{pid} class_b_self_pay={p.tariff.class_b_self_pay}", docs)]


def _deductible_steps(p: "Priced") -> list[TraceStep]:
    """The deductible by level and insurance type (§7.2) and what remains above it."""
    case, t = p.case, p.tariff
    kind = t.insurance_type.value
    return [TraceStep("deductible", money_text(p.deductible),
                      f"{case.level}级医院{_TYPE_ZH[kind]}起付线 / deductible, level-{case.level} hospital, "
                      f"{kind} — domain.md §7.2 / {t.policy_id} insurance.{kind}.deductible[{case.level}]"
                      f"={p.deductible}", case.hospital_docs),
            TraceStep("above_deductible", money_text(max(Decimal(0), p.eligible - p.deductible)),
                      "超过起付线的部分 = max(0, 可报销范围 − 起付线) / above the deductible = "
                      "max(0, eligible − deductible) (§7.4)")]


def _ratio_steps(p: "Priced") -> list[TraceStep]:
    """Base ratio, retiree bonus, the largest reduction and the clamped ratio (§7.3)."""
    case, t = p.case, p.tariff
    kind = t.insurance_type.value
    steps = [TraceStep("base_ratio", str(p.base_ratio), f"{case.level}级医院{_TYPE_ZH[kind]}报销比例 / "
                       f"ratio, level-{case.level} hospital, {kind} — domain.md §7.3 / {t.policy_id} "
                       f"insurance.{kind}.ratio[{case.level}]={p.base_ratio}", case.hospital_docs)]
    if case.category == Category.RETIREE_RESETTLED:
        steps.append(TraceStep("retiree_bonus", f"+{p.bonus}", "异地安置退休人员加发比例 / bonus for resettled "
                               f"retirees — domain.md §7.3 / {t.policy_id} insurance.{kind}.retiree_bonus={p.bonus}"))
    value, why = p.reduction
    if value == 0 and case.scope == "cross_province":
        why = f"跨省就医但本类别无降低 / cross-province, no reduction for category {case.category}"
    docs = case.filing_docs if "designated" in why else ()
    shown = f"-{value:.2f}" if value else "0.00"  # not "-0"
    steps.append(TraceStep("reduction", shown, f"{why}；多项降低取最大一项 / the largest reduction "
                           f"applies — domain.md §7.3 / {t.policy_id} reductions", docs))
    steps.append(TraceStep("ratio", str(p.ratio), "报销比例 = 基础比例 + 加发 − 降低，限定在 0 到 1 之间 / "
                           "ratio = base + bonus − reduction, clamped to [0, 1] (§7.3)"))
    return steps


def _amount_steps(p: "Priced") -> list[TraceStep]:
    """The amount before the cap, the remaining cap, zero reasons and the rounded result (§7.4-§7.5)."""
    before_cap = max(Decimal(0), p.eligible - p.deductible) * p.ratio
    t = p.tariff
    steps = [TraceStep("before_cap", money_text(before_cap), "超过起付线的部分 × 报销比例 / above the "
                       "deductible × ratio (§7.4)"),
             TraceStep("cap_remaining", money_text(p.cap_remaining), "年度最高支付限额 − 本年度已报销 / annual "
                       f"cap − already paid this year — domain.md §7.4 / {t.policy_id} "
                       f"insurance.{t.insurance_type.value}.annual_cap={t.annual_cap}, prior_paid_this_year="
                       f"{money_text(p.case.prior_paid)}")]
    for reason in p.blocked:
        steps.append(TraceStep("not_reimbursable", "0.00", f"{reason} (domain.md §7.5)", p.case.filing_docs))
    steps.append(TraceStep("reimbursable", str(p.reimbursable), "应报销金额 = min(上两项)，不低于 0，四舍五入到分 / "
                           "reimbursable = min(before cap, cap remaining), never below 0, rounded half up to "
                           "the fen (§7.4)" if not p.blocked else "不予报销 / not reimbursable (§7.5)"))
    return steps
