"""Invoices (医疗收费票据): pre-printed red paper forms and fiscal electronic receipts.

Layouts: ``paper_red`` (a red-ink grid form filled in by a dot-matrix printer, values
misregistered against the form), ``electronic`` (医疗收费电子票据 with QR code and the
财政 supervision seal) and ``paper_pink`` (a pink laser form with label/value lines and
the stay as one string). All print the fee categories, 大写 and 小写 totals, the payment
split and the hospital grade.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from decimal import Decimal

from samples import reference
from samples.documents.common import (Doc, INSURANCE_CN, department, hospital_seal, iso, level_line,
                                      money, stamp)
from samples.formats import format_date
from samples.layout import BLACK, PINK, RED, Cell, Page, Qr, Seal
from samples.money import format_amount
from samples.scenario import Scenario

CASHIERS = ("李红", "王敏", "赵静", "刘洋", "陈琳", "周丽")


def build(rng: random.Random, scn: Scenario) -> Doc:
    layout = rng.choice(("paper_red", "electronic", "paper_pink"))
    if "invoice" in scn.unsealed and layout == "electronic":  # its 财政 seal is red too: use paper
        layout = "paper_red"
    page = {"paper_red": _paper_red, "electronic": _electronic, "paper_pink": _paper_pink}[layout](rng, scn)
    fields = {
        "invoice_code": scn.invoice_code, "invoice_number": scn.invoice_number,
        "name": scn.name_on("invoice"), "hospital": scn.hospital_name, "issue_date": iso(scn.invoice_date),
        "total_amount": money(scn.invoice_total), "total_amount_words": scn.invoice_words,
        "fund_paid": "0.00", "self_paid": money(scn.invoice_total),
    }
    return Doc("invoice", layout, [page], fields)


def fee_totals(scn: Scenario) -> "OrderedDict[str, Decimal]":
    """Fee categories summing to the printed invoice total (a total off the list lands in 其他费)."""
    fees: OrderedDict[str, Decimal] = OrderedDict()
    for item in scn.items:
        fees[item.fee] = fees.get(item.fee, Decimal("0")) + item.amount
    extra = scn.invoice_total - scn.items_total
    if extra:
        fees["其他费"] = fees.get("其他费", Decimal("0")) + extra
    return fees


def payments(scn: Scenario) -> list[tuple[str, str]]:
    """Payment split of a claim paid in full by the person (no direct settlement)."""
    own_b = sum((i.amount * i.ratio for i in scn.items if i.item_class == "B"), Decimal("0"))
    own_c = sum((i.amount for i in scn.items if i.item_class == "C"), Decimal("0"))
    return [("医保统筹基金支付", "0.00"), ("个人账户支付", "0.00"), ("个人现金支付", money(scn.invoice_total)),
            ("个人自付", money(own_b.quantize(Decimal("0.01")))), ("个人自费", money(own_c))]


def stay_string(scn: Scenario, rng: random.Random) -> str:
    """住院时间 as one string: 20240803|20240815, 2024080320240815 or 20240803-20240815."""
    a, d = format_date(scn.admission, "compact"), format_date(scn.discharge, "compact")
    return a + rng.choice(("|", "", "-", "至")) + d


def _paper_red(rng: random.Random, scn: Scenario) -> Page:
    page = Page(width=210, height=127, paper=(252, 250, 246))
    province = reference.province_name(scn.hospital_region)
    page.title(13, rng.choice((f"{province}医疗住院收费票据", "住院收费票据", f"{province}住院收费票据")),
               17, color=RED)
    page.text(12, 21, "票据代码：", 9, color=RED)
    page.text(146, 21, "NO.", 10, color=RED, font="serif_bold")
    page.text(12, 27, "医疗机构类型：", 9, color=RED)
    dx, dy = rng.uniform(-2.5, 2.5), rng.uniform(-1.5, 1.5)  # printer misregistration
    page.text(30 + dx, 21 + dy, scn.invoice_code, 10, font="mono")
    page.text(158 + dx, 21 + dy, scn.invoice_number, 11, font="mono")
    page.text(37 + dx, 27 + dy, level_line(scn), 9, font="mono")
    widths = [24, 39, 24, 39, 24, 40]
    fees = list(fee_totals(scn).items())
    label_rows, value_rows = _red_rows(rng, scn, fees)
    page.table(10, 30, widths, label_rows, row_h=7, size=8.5, color=RED, border=RED)
    page.table(10 + dx, 30 + dy, widths, value_rows, row_h=7, size=9, font="mono", border=None)
    bottom = 30 + 7 * len(label_rows)
    issue_label = rng.choice(("开票日期", "收款日期", "日期"))
    page.text(12, bottom + 7, "收款单位（章）：", 9, color=RED)
    page.text(105, bottom + 7, "收款人：", 9, color=RED)
    page.text(145, bottom + 7, f"{issue_label}：", 9, color=RED)
    page.text(40 + dx, bottom + 7 + dy, scn.hospital_name, 9.5, font="mono")
    page.text(118 + dx, bottom + 7 + dy, rng.choice(CASHIERS), 9.5, font="mono")
    page.text(162 + dx, bottom + 7 + dy, format_date(scn.invoice_date, rng.choice(("cn", "iso", "dot"))), 9.5, font="mono")
    stamp(page, hospital_seal(scn, "invoice", 60, bottom - 8, rng, subtitle="住院收费专用章", radius=17))
    return page


def _red_rows(rng, scn, fees) -> tuple[list[list], list[list]]:
    """Labels (red, pre-printed) and values (black, printed) of the red form, row by row."""
    style = rng.choice(("yen", "plain", "yen_comma"))
    labels = [["姓名", "", "性别", "", "医保类型", ""], ["住院号", "", "科室", "", "住院时间", ""],
              ["项目", "金额", "项目", "金额", "项目", "金额"]]
    values = [["", scn.name_on("invoice"), "", scn.person.sex, "", INSURANCE_CN[scn.insurance_type][:4]],
              ["", scn.inpatient_number, "", department(scn), "", stay_string(scn, rng)], [""] * 6]
    for i in range(0, len(fees), 3):
        chunk = fees[i:i + 3] + [("", None)] * (3 - len(fees[i:i + 3]))
        labels.append([c for name, _ in chunk for c in (Cell(name, color=BLACK), "")])
        values.append([c for _, amount in chunk for c in ("", money(amount) if amount is not None else "")])
    labels.append(["合计（大写）", "", None, None, "（小写）", ""])
    values.append(["", Cell(scn.invoice_words, anchor="l"), None, None, "", format_amount(scn.invoice_total, style)])
    pays = payments(scn)
    labels.append([pays[0][0], "", pays[1][0], "", pays[2][0], ""])
    values.append(["", pays[0][1], "", pays[1][1], "", pays[2][1]])
    labels.append([pays[3][0], "", pays[4][0], "", "其他支付", ""])
    values.append(["", pays[3][1], "", pays[4][1], "", "0.00"])
    return labels, values


def _electronic(rng: random.Random, scn: Scenario) -> Page:
    page = Page(width=210, height=140)
    province = reference.province_name(scn.hospital_region)
    page.title(14, f"{province}医疗收费电子票据", 16, color=RED)
    page.add(Seal(105, 25, 12, f"{province}财政厅", "财政电子票据监制章", oval=True,
                  angle=0, seed=rng.randrange(10**6)))
    page.add(Qr(10, 8, 24, qr_payload(rng, scn)))
    right = [("票据代码", scn.invoice_code), ("票据号码", scn.invoice_number), ("校验码", scn.check_code),
             ("开票日期", format_date(scn.invoice_date, rng.choice(("iso", "cn"))))]
    for i, (lab, value) in enumerate(right):
        page.text(148, 12 + i * 5.5, f"{lab}：", 8.5, color=RED)
        page.text(166, 12 + i * 5.5, value, 9)
    page.text(10, 40, "交款人统一社会信用代码：", 8.5, color=RED)
    page.text(48, 40, scn.id_on("insurance_card") if rng.random() < 0.5 else "", 9)
    page.text(120, 40, "交款人：", 8.5, color=RED)
    page.text(133, 40, scn.name_on("invoice"), 9.5)
    fees = list(fee_totals(scn).items())
    rows = [["项目名称", "数量", "金额（元）", "备注", "项目名称", "数量", "金额（元）", "备注"]]
    half = (len(fees) + 1) // 2
    for i in range(half):
        left = fees[i]
        right_fee = fees[half + i] if half + i < len(fees) else None
        cells = [left[0], "1", money(left[1]), ""]
        cells += [right_fee[0], "1", money(right_fee[1]), ""] if right_fee else ["", "", "", ""]
        rows.append([Cell(c, color=BLACK) for c in cells])
    rows.append(["金额合计（大写）", Cell(scn.invoice_words, color=BLACK, anchor="l"), None, None,
                 "（小写）", Cell(format_amount(scn.invoice_total, rng.choice(("plain", "yen", "comma"))),
                                color=BLACK), None, None])
    widths = [30, 12, 25, 20, 30, 12, 25, 36]
    bottom = page.table(5, 44, widths, rows, row_h=6.5, size=8.5, color=RED, border=RED)
    _e_notes(page, rng, scn, bottom)
    page.text(10, 134, "收款单位（章）：", 8.5, color=RED)
    page.text(36, 134, scn.hospital_name, 9)
    page.text(110, 134, "复核人：", 8.5, color=RED)
    page.text(124, 134, rng.choice(CASHIERS), 9)
    page.text(150, 134, "收款人：", 8.5, color=RED)
    page.text(164, 134, rng.choice(CASHIERS), 9)
    stamp(page, hospital_seal(scn, "invoice", 52, 122, rng, subtitle="财务专用章", radius=16))
    return page


def _e_notes(page: Page, rng: random.Random, scn: Scenario, top: float) -> None:
    """The 其他信息 block of an electronic receipt: stay, grade, payment split."""
    page.rect(5, top, 195, top + 36, color=RED)
    page.text(8, top + 5, "其他信息", 8.5, color=RED)
    notes = [("业务流水号", f"{scn.invoice_number[-6:]}{rng.randrange(1000, 9999)}"),
             ("住院号", scn.inpatient_number), ("住院时间", stay_string(scn, rng)),
             ("医疗机构类型", level_line(scn)), ("医保类型", INSURANCE_CN[scn.insurance_type]),
             ("性别", scn.person.sex), *payments(scn)]
    for i, (lab, value) in enumerate(notes):
        col, row = i % 3, i // 3
        page.text(8 + col * 63, top + 11 + row * 6, f"{lab}：{value}", 8)


def qr_payload(rng: random.Random, scn: Scenario) -> str:
    """What the receipt's QR code encodes: code, number, check code, amount, date (two styles)."""
    day = format_date(scn.invoice_date, "compact")
    if rng.random() < 0.5:
        return f"01,{scn.invoice_code},{scn.invoice_number},{scn.check_code},{money(scn.invoice_total)},{day}"
    return (f"https://einvoice.example.gov.cn/check?billcode={scn.invoice_code}&billno={scn.invoice_number}"
            f"&random={scn.check_code}&total={money(scn.invoice_total)}&date={day}")


def _paper_pink(rng: random.Random, scn: Scenario) -> Page:
    page = Page(width=200, height=120, paper=(253, 248, 248))
    page.rect(6, 6, 194, 114, color=PINK, width=0.5)
    province = reference.province_name(scn.hospital_region)
    page.title(16, rng.choice(("医疗收费票据（住院）", f"{province}医疗收费票据", "医疗住院收费票据")), 15, color=PINK)
    page.text(12, 24, f"票据代码 {scn.invoice_code}", 8.5, color=PINK)
    page.text(188, 24, f"票据号码 {scn.invoice_number}", 9, color=PINK, anchor="r")
    hosp = rng.choice(("医疗机构", "收款单位", "医院"))
    issue = rng.choice(("收款日期", "开票日期"))
    lines = [(rng.choice(("姓名", "患者姓名", "病人姓名")), scn.name_on("invoice")), (hosp, scn.hospital_name),
             ("医疗机构类型", level_line(scn)), ("住院时间", stay_string(scn, rng)),
             (issue, format_date(scn.invoice_date, rng.choice(("cn", "dot", "slash", "iso"))))]
    for i, (lab, value) in enumerate(lines):
        page.text(12, 32 + i * 6, f"{lab}：", 9, color=PINK)
        page.text(36, 32 + i * 6, value, 9.5, font="mono")
    style = rng.choice(("plain", "comma", "yen"))
    for i, (fee, amount) in enumerate(fee_totals(scn).items()):
        x, y = 108 + (i % 2) * 40, 32 + (i // 2) * 6
        page.text(x, y, fee, 8.5, color=PINK)
        page.text(x + 38, y, money(amount), 9, font="mono", anchor="r")
    page.line(12, 66, 188, 66, color=PINK)
    page.text(12, 73, "合计金额（大写）", 9, color=PINK)
    page.text(44, 73, scn.invoice_words, 10, font="mono")
    page.text(140, 73, "（小写）", 9, color=PINK)
    page.text(155, 73, format_amount(scn.invoice_total, style), 10, font="mono")
    for i, (lab, value) in enumerate(payments(scn)):
        x, y = 12 + (i % 3) * 60, 82 + (i // 3) * 6
        page.text(x, y, f"{lab}：", 8.5, color=PINK)
        page.text(x + 30, y, value, 9, font="mono")
    page.text(12, 106, "收款单位（盖章）", 8.5, color=PINK)
    page.text(130, 106, f"收款人：{rng.choice(CASHIERS)}", 8.5, color=PINK)
    stamp(page, hospital_seal(scn, "invoice", 45, 96, rng, subtitle="收费专用章", radius=16))
    return page
