"""Pages of type ``other``: a lab report, a medical-record page, a blank sheet."""

from __future__ import annotations

import random

from samples.documents.common import Doc, department
from samples.formats import format_date
from samples.layout import Page
from samples.scenario import Scenario

LAB_ROWS = (("白细胞计数", "WBC", "6.8", "10^9/L", "3.5-9.5"), ("红细胞计数", "RBC", "4.31", "10^12/L", "4.3-5.8"),
            ("血红蛋白", "HGB", "128", "g/L", "130-175"), ("血小板计数", "PLT", "215", "10^9/L", "125-350"),
            ("中性粒细胞百分比", "NEUT%", "62.4", "%", "40-75"), ("淋巴细胞百分比", "LYM%", "28.1", "%", "20-50"))


def other(rng: random.Random, scn: Scenario, kind: str) -> Doc:
    page = {"lab_report": _lab_report, "medical_record": _medical_record, "blank": _blank}[kind](rng, scn)
    return Doc("other", kind, [page], {})


def _lab_report(rng: random.Random, scn: Scenario) -> Page:
    page = Page()
    page.title(22, scn.hospital_name, 15)
    page.title(32, "检验报告单", 17, font="sans_bold")
    page.text(15, 44, f"姓名：{scn.person.name}  性别：{scn.person.sex}  科室：{department(scn)}  "
                      f"标本：全血  采样时间：{format_date(scn.admission, 'iso')}", 9.5)
    rows = [["项目名称", "缩写", "结果", "单位", "参考范围"]] + [list(r) for r in LAB_ROWS]
    page.table(15, 50, [55, 25, 30, 30, 40], rows, row_h=8, size=9.5, border=None)
    page.line(15, 50, 195, 50, width=0.5)
    page.line(15, 58, 195, 58, width=0.3)
    page.text(15, 120, "检验者：王某    审核者：李某    本报告仅对所检标本负责", 9)
    return page


def _medical_record(rng: random.Random, scn: Scenario) -> Page:
    page = Page()
    page.title(22, scn.hospital_name, 15)
    page.title(32, "入院记录", 17, font="sans_bold")
    lines = [f"姓名：{scn.person.name}        性别：{scn.person.sex}", "主诉：反复不适3天，加重1天。",
             "现病史：患者3天前无明显诱因出现不适，自行服药未见好转，今为求进一步诊治来我院。",
             "既往史：否认肝炎、结核等传染病史，否认外伤史。", "体格检查：T 36.8℃  P 82次/分  R 19次/分  BP 135/85mmHg",
             f"初步诊断：{scn.diagnosis}"]
    for i, line in enumerate(lines):
        page.text(18, 50 + i * 10, line, 11)
    return page


def _blank(rng: random.Random, scn: Scenario) -> Page:
    page = Page()
    if rng.random() < 0.5:
        page.text(195, 290, f"{rng.randrange(1, 9)}", 8, color=(200, 200, 200), anchor="r")
    return page
