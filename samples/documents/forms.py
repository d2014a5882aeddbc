"""Forms: application form (报销申请表), filing record (备案表), household register (户口簿).

The application form comes filled in by ball-pen (``handwritten``) or printed from an
online service (``printed``); the filing record as a gridded 备案表 or a 备案回执 receipt;
the household register as the 常住人口登记卡 page or the register's first page.
"""

from __future__ import annotations

import random
from datetime import timedelta

from samples import reference
from samples.documents.common import CATEGORY_CN, INSURANCE_CN, Doc, iso, region_text
from samples.formats import format_date, pick_date_style
from samples.layout import BLUE, Cell, Page, Seal
from samples.scenario import Scenario


def _insurer(scn: Scenario) -> str:
    return f"{reference.region_name(scn.insured_region)}医疗保障事务服务中心"


# --- application form -------------------------------------------------------------------


def application_form(rng: random.Random, scn: Scenario) -> Doc:
    name, id_number = scn.name_on("application_form"), scn.id_on("application_form")
    hand = rng.random() < 0.5
    page = Page()
    page.title(26, rng.choice(("异地就医费用报销申请表", "医疗费用报销申请表", "零星报销申请表", "报销申请表")), 18)
    page.text(190, 36, f"申请日期：{format_date(scn.submitted_on, 'cn')}", 10, anchor="r", hand=hand,
              color=BLUE if hand else (25, 25, 25))
    v = (lambda text: Cell(text, color=BLUE, hand=True, anchor="l")) if hand else (lambda text: Cell(text, anchor="l"))
    cats = "  ".join(("☑" if code == scn.category else "□") + cn for code, cn in CATEGORY_CN.items())
    kinds = "  ".join(("☑" if code == scn.insurance_type else "□") + cn for code, cn in INSURANCE_CN.items())
    rows = [[rng.choice(("姓名", "参保人")), v(name), "性别", v(scn.person.sex)],
            [rng.choice(("身份证号", "公民身份号码", "证件号码")), v(id_number), None, None],
            ["参保地", v(region_text(scn.insured_region)), "联系电话", v(scn.person.phone)],
            ["险种", Cell(kinds, anchor="l"), None, None],
            ["人员类别", Cell(cats[:len(cats) // 2 + 1], anchor="l"), None, None],
            ["", Cell(cats[len(cats) // 2 + 1:], anchor="l"), None, None],
            ["就诊医院", v(scn.hospital_name), "就医地", v(reference.region_name(scn.hospital_region))],
            ["开户银行", v(scn.person.bank_name), None, None],
            [rng.choice(("银行账号", "银行卡号")), v(scn.person.bank_account), None, None],
            ["申请人签字", v(name), "经办人", ""]]
    bottom = page.table(15, 42, [30, 70, 25, 55], rows, row_h=13, size=9.5)
    page.text(20, bottom + 12, "本人承诺所提供材料真实有效，如有虚假愿承担相应责任。", 10)
    fields = {"name": name, "id_number": id_number, "insured_region": scn.insured_region, "category": scn.category,
              "insurance_type": scn.insurance_type, "phone": scn.person.phone, "bank_account": scn.person.bank_account}
    return Doc("application_form", "handwritten" if hand else "printed", [page], fields)


# --- filing record ------------------------------------------------------------------------


def filing_record(rng: random.Random, scn: Scenario) -> Doc:
    f = scn.filing
    name, id_number = scn.name_on("filing_record"), scn.id_on("filing_record")
    style = pick_date_style(rng)
    hospitals = "、".join(f.designated)
    if rng.random() < 0.5:
        layout, page = "form", Page()
        page.title(26, rng.choice(("异地就医备案表", "异地就医登记备案表", "异地就医备案登记表")), 18)
        rows = [[rng.choice(("姓名", "参保人")), name, "性别", scn.person.sex],
                [rng.choice(("身份证号", "公民身份号码")), id_number, None, None],
                ["参保地", region_text(scn.insured_region), "参保险种", INSURANCE_CN[scn.insurance_type]],
                ["备案类型", CATEGORY_CN[scn.category], "就医地", region_text(f.treatment_region)],
                ["选定医疗机构", Cell(hospitals, anchor="l"), None, None],
                ["备案日期", format_date(f.filing_date, style), "联系电话", scn.person.phone],
                ["有效期", f"{format_date(f.valid_from, style)} 至 {format_date(f.valid_until, style)}", None, None],
                ["经办机构意见", "同意备案", None, None]]
        bottom = page.table(15, 40, [32, 62, 24, 62], rows, row_h=14, size=9.5)
        page.add(Seal(150, bottom + 22, 20, _insurer(scn), "业务专用章", angle=rng.uniform(-20, 20),
                      seed=rng.randrange(10**6)))
        page.text(120, bottom + 22, f"经办人：{rng.choice(('刘', '孙', '郭'))}某", 10)
    else:
        layout, page = "receipt", Page(width=120, height=190, paper=(250, 250, 250))
        page.title(16, rng.choice(("备案凭证", "备案回执", "异地就医备案回执")), 15, font="sans_bold")
        pairs = [("姓名", name), ("证件号码", id_number), ("参保地", region_text(scn.insured_region)),
                 ("备案类别", CATEGORY_CN[scn.category]), ("就医地", region_text(f.treatment_region)),
                 ("备案日期", format_date(f.filing_date, style)), ("开始日期", format_date(f.valid_from, style)),
                 ("结束日期", format_date(f.valid_until, style))]
        y = page.label_lines(8, 30, pairs, gap=9, size=9.5)
        page.text(8, y, "备案医院：", 9.5)
        for i, hosp in enumerate(f.designated):
            page.text(14, y + 7 + i * 7, f"{i + 1}. {hosp}", 9.5)
        page.text(8, 180, f"办理机构：{_insurer(scn)}", 8, color=(110, 110, 110))
    fields = {"name": name, "id_number": id_number, "category": scn.category, "insured_region": scn.insured_region,
              "treatment_region": f.treatment_region, "designated_hospitals": list(f.designated),
              "filing_date": iso(f.filing_date), "valid_from": iso(f.valid_from), "valid_until": iso(f.valid_until)}
    return Doc("filing_record", layout, [page], fields)


# --- household register --------------------------------------------------------------------


def household_register(rng: random.Random, scn: Scenario) -> Doc:
    name, id_number = scn.name_on("household_register"), scn.id_on("household_register")
    p = scn.person
    page = Page(width=180, height=125, paper=(246, 244, 236))
    if rng.random() < 0.6:
        layout = "registration_card"
        page.title(12, "常住人口登记卡", 14, font="serif_bold", color=(40, 60, 110))
        rows = [["姓名", name, "户主或与户主关系", "户主"], ["曾用名", "", "性别", p.sex],
                ["出生地", region_text(scn.insured_region), "民族", p.ethnicity],
                ["出生日期", format_date(p.birth_date, "cn"), "宗教信仰", ""],
                ["本市（县）其他住址", Cell(scn.residence_address, anchor="l"), None, None],
                ["公民身份号码", id_number, "文化程度", "高中"],
                ["何时由何地迁来本址", f"{format_date(scn.admission - timedelta(days=800), 'cn')} 由{region_text(scn.insured_region)}迁来", None, None]]
        page.table(8, 18, [32, 64, 36, 32], rows, row_h=12, size=8.5, color=(20, 20, 20), border=(60, 80, 130))
    else:
        layout = "first_page"
        page.title(14, "居民户口簿", 16, font="serif_bold", color=(40, 60, 110))
        rows = [["户别", "非农业家庭户", "户主姓名", name], ["户号", f"{rng.randrange(10**8):08d}", "公民身份号码", id_number],
                ["住址", Cell(scn.residence_address, anchor="l"), None, None]]
        page.table(8, 24, [26, 58, 34, 46], rows, row_h=14, size=9, border=(60, 80, 130))
        page.text(120, 100, "户口登记机关", 9)
    region_police = f"{reference.region_name(scn.residence_region)}公安局户口专用章"
    page.add(Seal(140, 95, 15, region_police[:-5], "户口专用章", angle=rng.uniform(-20, 20), seed=rng.randrange(10**6)))
    fields = {"name": name, "id_number": id_number, "address": scn.residence_address, "region": scn.residence_region}
    return Doc("household_register", layout, [page], fields)
