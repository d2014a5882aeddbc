"""How values are printed: date styles and label variants (domain.md section 3).

Each document picks one style per page (a hospital prints consistently), so the
helpers take the style explicitly and :func:`pick_style` draws one.
"""

from __future__ import annotations

import random
from datetime import date

DATE_STYLES = ("cn", "cn_short", "iso", "dot", "slash")

LABELS = {
    "name": ("姓名", "患者姓名", "病人姓名", "参保人"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "admission_date": ("入院日期", "入院时间"),
    "discharge_date": ("出院日期", "出院时间"),
    "inpatient_number": ("住院号", "病案号"),
    "hospital": ("医院", "医疗机构", "收款单位", "就诊医院"),
    "total": ("合计", "总计", "金额合计", "合计金额", "费用总额"),
    "issue_date": ("开票日期", "收款日期", "日期"),
}


def format_date(d: date, style: str) -> str:
    """2024年08月15日 (cn), 2024年8月15日 (cn_short), 2024-08-15, 2024.08.15, 2024/8/15."""
    if style == "cn":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "cn_short":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "iso":
        return d.isoformat()
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "compact":
        return d.strftime("%Y%m%d")
    raise ValueError(f"unknown date style {style!r}")


def pick_date_style(rng: random.Random) -> str:
    return rng.choice(DATE_STYLES)


def label(rng: random.Random, key: str, choices: tuple[str, ...] | None = None) -> str:
    """One of the label variants for a field, e.g. label(rng, "name") -> "患者姓名"."""
    return rng.choice(choices or LABELS[key])
