"""Expense lists (住院费用明细清单): multi-page tables of items with a total row.

Layouts differ in title, header block, column set and order, class words (甲/乙/丙 or
甲类/乙类/自费), ratio style (10% or 0.1), page footers and whether the column header
repeats on every page. The ratio column is printed only when ``scn.list_prints_ratio``.
"""

from __future__ import annotations

import random

from samples.documents.common import Doc, department, hospital_seal, money, stamp
from samples.formats import format_date
from samples.layout import Cell, Page
from samples.money import format_amount
from samples.scenario import Item, Scenario

CLASS_WORDS = {"short": {"A": "甲", "B": "乙", "C": "丙"}, "long": {"A": "甲类", "B": "乙类", "C": "自费"}}
LAYOUTS = {
    "system": dict(title="住院费用明细清单", cols=["code", "name", "spec", "unit", "qty", "price", "amount", "class", "ratio"],
                   classes="short", ratio="percent", repeat_header=True, font="sans", rows=36),
    "daily": dict(title="费用明细清单", cols=["day", "name", "class", "price", "qty", "amount", "ratio"],
                  classes="long", ratio="decimal", repeat_header=False, font="serif", rows=37),
    "compact": dict(title="医疗费用明细", cols=["no", "name", "class", "unit", "qty", "price", "amount", "ratio", "code"],
                    classes="short", ratio="decimal", repeat_header=True, font="mono", rows=38),
}
HEADERS = {"code": ("项目编码", 25), "name": ("项目名称", 52), "spec": ("规格", 22), "unit": ("单位", 11),
           "qty": ("数量", 13), "price": ("单价", 19), "amount": ("金额", 22), "class": ("医保类别", 16),
           "ratio": ("自付比例", 16), "day": ("日期", 21), "no": ("序号", 10)}


def build(rng: random.Random, scn: Scenario) -> Doc:
    name = rng.choice(list(LAYOUTS))
    spec = dict(LAYOUTS[name])
    spec["title"] = rng.choice((spec["title"], "住院费用清单", "住院费用明细清单"))
    spec["classes_label"] = rng.choice(("医保类别", "类别"))
    cols = [c for c in spec["cols"] if c != "ratio" or scn.list_prints_ratio]
    pages = _pages(rng, scn, spec, cols)
    fields = {"name": scn.name_on("expense_list"), "hospital": scn.hospital_name,
              "items": [item_truth(i, scn.list_prints_ratio) for i in scn.items],
              "total_amount": money(scn.list_total)}
    return Doc("expense_list", name, pages, fields)


def item_truth(item: Item, ratio_printed: bool) -> dict:
    return {"name": item.name, "class": item.item_class, "quantity": str(item.quantity),
            "unit_price": money(item.unit_price), "amount": money(item.amount),
            "self_pay_ratio": money(item.ratio) if ratio_printed else None}


def _pages(rng: random.Random, scn: Scenario, spec: dict, cols: list[str]) -> list[Page]:
    rows = [_row(n, item, spec, cols) for n, item in enumerate(scn.items, 1)]
    per_page = spec["rows"] - 4  # room for the header block, column header and total row
    chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    widths = _widths(cols)
    total_label = rng.choice(("合计", "总计", "金额合计", "合计金额", "费用总额"))
    total_style = rng.choice(("plain", "comma", "yen", "yuan"))
    pages = []
    for p, chunk in enumerate(chunks, 1):
        page = Page()
        y = _header(page, rng, scn, spec, first=p == 1)
        header = [[HEADERS[c][0] if c != "class" else spec["classes_label"] for c in cols]]
        body = (header if p == 1 or spec["repeat_header"] else []) + chunk
        if p == len(chunks):
            total_row = [""] * len(cols)
            total_row[0] = Cell(total_label, font="sans_bold")
            total_row[cols.index("amount")] = format_amount(scn.list_total, total_style)
            body.append(total_row)
        page.table(12, y, widths, body, row_h=6.6, size=7.5, font=spec["font"],
                   anchors=[_anchor(c) for c in cols])
        page.text(105, 290, rng.choice((f"第{p}页 共{len(chunks)}页", f"第 {p} 页 / 共 {len(chunks)} 页")),
                  8, anchor="m")
        if p == len(chunks):
            _footer(page, rng, scn, y + 6.6 * len(body))
        pages.append(page)
    return pages


def _widths(cols: list[str]) -> list[float]:
    raw = [HEADERS[c][1] for c in cols]
    scale = 186 / sum(raw)
    return [w * scale for w in raw]


def _anchor(col: str) -> str:
    return "r" if col in ("qty", "price", "amount") else "l" if col in ("name", "spec") else "m"


def _row(num: int, item: Item, spec: dict, cols: list[str]) -> list[str]:
    ratio = f"{int(item.ratio * 100)}%" if spec["ratio"] == "percent" else f"{item.ratio.normalize():f}"
    ratio = "0" if item.ratio == 0 and spec["ratio"] == "decimal" else ratio
    values = {"code": item.code, "name": item.name, "spec": item.spec.strip(), "unit": item.unit,
              "qty": f"{item.quantity.normalize():f}", "price": money(item.unit_price), "amount": money(item.amount),
              "class": CLASS_WORDS[spec["classes"]][item.item_class], "ratio": ratio,
              "day": item.day.isoformat(), "no": str(num)}
    return [values[c] for c in cols]


def _header(page: Page, rng: random.Random, scn: Scenario, spec: dict, first: bool) -> float:
    """Hospital and title; on the first page (and sometimes every page) the patient block."""
    page.title(14, scn.hospital_name, 15)
    page.title(22, spec["title"], 13, font="sans_bold")
    if not first and rng.random() < 0.5:
        return 28
    style = rng.choice(("iso", "cn", "dot", "slash"))
    pairs = [(rng.choice(("姓名", "患者姓名", "病人姓名")), scn.name_on("expense_list")),
             (rng.choice(("住院号", "病案号")), scn.inpatient_number), ("科室", department(scn)),
             (rng.choice(("入院日期", "入院时间")), format_date(scn.admission, style)),
             (rng.choice(("出院日期", "出院时间")), format_date(scn.discharge, style)),
             ("费别", "异地医保" if rng.random() < 0.5 else "自费")]
    for i, (lab, value) in enumerate(pairs):
        page.text(12 + (i % 3) * 64, 30 + (i // 3) * 6, f"{lab}：{value}", 9)
    return 40


def _footer(page: Page, rng: random.Random, scn: Scenario, y: float) -> None:
    page.text(14, min(y + 8, 282), f"打印日期：{format_date(scn.discharge, 'iso')}    打印人：住院收费处", 8.5)
    if rng.random() < 0.5:  # many lists also carry the billing office's seal
        stamp(page, hospital_seal(scn, "expense_list", 150, min(y + 4, 270), rng, subtitle="住院收费专用章", radius=17))
