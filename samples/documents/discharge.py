"""Discharge documents: a one-page certificate, a gridded record, a two-page summary.

``certificate`` (出院证明书, label/value lines), ``record`` (出院记录 in a grid) and
``summary`` (出院小结 over two pages, the dates inside sentences). All carry the
hospital's seal unless the scenario injects seal_missing on this document.
"""

from __future__ import annotations

import random
from datetime import timedelta

from samples.documents.common import Doc, department, hospital_seal, iso, stamp
from samples.formats import format_date, pick_date_style
from samples.layout import Page, wrap
from samples.scenario import Scenario

DOCTORS = ("王建国", "李志红", "陈立新", "刘海燕", "张宏亮", "杨春梅")
COURSE = ("入院后完善相关检查，予抗感染、营养支持及对症治疗，病情逐渐好转。",
          "入院后积极完善术前检查，排除手术禁忌后行手术治疗，术后恢复顺利，切口愈合良好。",
          "住院期间予改善循环、调脂稳斑、控制血压血糖等综合治疗，患者症状明显缓解。")


def build(rng: random.Random, scn: Scenario) -> Doc:
    layout = rng.choice(("certificate", "record", "summary"))
    admitted, discharged = scn.admission, scn.discharge
    if scn.discharge_dates_swapped:  # dates_inconsistent: admission printed after discharge
        admitted, discharged = discharged, admitted
    pages = {"certificate": _certificate, "record": _record, "summary": _summary}[layout](
        rng, scn, admitted, discharged)
    fields = {"name": scn.name_on("discharge_certificate"), "hospital": scn.hospital_name,
              "inpatient_number": scn.inpatient_number, "admission_date": iso(admitted),
              "discharge_date": iso(discharged), "diagnosis": scn.diagnosis}
    return Doc("discharge_certificate", layout, pages, fields)


def _days(a, d) -> int:
    return abs((d - a).days)


def _certificate(rng, scn, admitted, discharged) -> list[Page]:
    page = Page()
    page.title(28, scn.hospital_name, 17)
    page.title(40, rng.choice(("出 院 证 明 书", "出院证明书", "出院证明")), 20, font="sans_bold")
    page.text(190, 50, f"{rng.choice(('住院号', '病案号'))}：{scn.inpatient_number}", 10.5, anchor="r")
    style = pick_date_style(rng)
    pairs = [(rng.choice(("姓名", "患者姓名", "病人姓名")), scn.name_on("discharge_certificate")),
             ("性别", scn.person.sex), ("年龄", f"{2024 - scn.person.birth_date.year}岁"), ("科室", department(scn)),
             (rng.choice(("入院日期", "入院时间")), format_date(admitted, style)),
             (rng.choice(("出院日期", "出院时间")), format_date(discharged, style)),
             ("住院天数", f"{_days(admitted, discharged)}天"), ("入院诊断", scn.diagnosis),
             ("出院诊断", scn.diagnosis), ("出院情况", rng.choice(("好转", "治愈", "好转出院")))]
    page.label_lines(25, 66, pairs, gap=11, size=12, underline=70, value_dx=28)
    page.text(25, 190, "出院医嘱：" + rng.choice(("注意休息，按时服药，两周后门诊复查。", "低盐低脂饮食，定期复查。")), 11)
    page.text(120, 230, f"医师签名：{rng.choice(DOCTORS)}", 11)
    page.text(120, 242, format_date(discharged, "cn"), 11)
    stamp(page, hospital_seal(scn, "discharge_certificate", 150, 232, rng, subtitle="医疗机构专用章"))
    return [page]


def _record(rng, scn, admitted, discharged) -> list[Page]:
    page = Page()
    page.title(22, scn.hospital_name, 16, font="serif")
    page.title(33, "出院记录", 18, font="serif_bold")
    style = pick_date_style(rng)
    rows = [[rng.choice(("姓名", "病人姓名")), scn.name_on("discharge_certificate"), "性别", scn.person.sex,
             "年龄", f"{2024 - scn.person.birth_date.year}"],
            ["科别", department(scn), rng.choice(("住院号", "病案号")), scn.inpatient_number, "床号", f"{rng.randrange(1, 60)}"],
            [rng.choice(("入院日期", "入院时间")), format_date(admitted, style), None,
             rng.choice(("出院日期", "出院时间")), format_date(discharged, style), None],
            ["入院诊断", scn.diagnosis, None, None, None, None],
            ["出院诊断", scn.diagnosis, None, None, None, None]]
    y = page.table(15, 42, [24, 40, 24, 40, 20, 32], rows, row_h=11, size=10.5, anchors=["m", "l"] * 3)
    blocks = [("入院情况", "患者因不适入院，查体生命体征平稳。"), ("诊疗经过", rng.choice(COURSE)),
              ("出院情况", "一般情况可，饮食睡眠可，无明显不适。"), ("出院医嘱", "按时服药，定期门诊复查，不适随诊。")]
    for title, text in blocks:
        lines = wrap(text, 150, 10.5)
        height = max(16, 6 * len(lines) + 6)
        page.rect(15, y, 195, y + height)
        page.text(18, y + 6.5, title, 10.5, font="serif_bold")
        for i, line in enumerate(lines):
            page.text(40, y + 6.5 + i * 6, line, 10.5)
        y += height
    page.text(125, y + 14, f"主治医师：{rng.choice(DOCTORS)}", 10.5)
    stamp(page, hospital_seal(scn, "discharge_certificate", 160, y + 10, rng, subtitle="病案管理专用章"))
    return [page]


def _summary(rng, scn, admitted, discharged) -> list[Page]:
    """出院小结: two pages of prose; admission and discharge dates only inside sentences."""
    style = rng.choice(("cn", "cn_short", "iso"))
    name = scn.name_on("discharge_certificate")
    intro = (f"患者{name}，{scn.person.sex}，{2024 - scn.person.birth_date.year}岁，因“反复不适”于"
             f"{format_date(admitted, style)}入住我院{department(scn)}。")
    course = rng.choice(COURSE) + f"于{format_date(admitted + timedelta(days=1), style)}复查相关指标较前改善。"
    outro = (f"患者病情稳定，经上级医师同意于{format_date(discharged, style)}出院，共住院"
             f"{_days(admitted, discharged)}天。")
    first, second = Page(), Page()
    for page in (first, second):
        page.title(20, scn.hospital_name, 15)
        page.title(30, "出 院 小 结", 17, font="sans_bold")
        page.text(15, 40, f"姓名：{name}    科室：{department(scn)}    {rng.choice(('住院号', '病案号'))}：{scn.inpatient_number}", 10)
        page.line(15, 43, 195, 43, width=0.5)
    y = _prose(first, 55, [("入院情况", intro), ("入院诊断", scn.diagnosis), ("诊疗经过", course * 2)])
    first.text(105, 288, "第1页 共2页", 8, anchor="m")
    y = _prose(second, 55, [("出院诊断", scn.diagnosis), ("出院情况", outro),
                            ("出院医嘱", "1.注意休息，避免劳累；2.按时服药；3.出院后两周门诊复查。")])
    second.text(120, y + 15, f"医师签名：{rng.choice(DOCTORS)}", 10.5)
    second.text(105, 288, "第2页 共2页", 8, anchor="m")
    for page, at in ((first, 250), (second, y + 12)):  # sealed on every page, as most hospitals do
        stamp(page, hospital_seal(scn, "discharge_certificate", 150, at, rng, subtitle="医疗机构专用章"))
    return [first, second]


def _prose(page: Page, y: float, sections: list[tuple[str, str]]) -> float:
    for title, text in sections:
        page.text(15, y, f"{title}：", 11, font="serif_bold")
        for line in wrap(text, 165, 11):
            page.text(33, y, line, 11)
            y += 7
        y += 5
    return y
