"""Letters and certificates: referral, emergency, work assignment, residence proof.

Each has a gridded form layout and a prose letter layout (dates inside sentences).
"""

from __future__ import annotations

import random
from datetime import timedelta

from samples import reference
from samples.documents.common import Doc, hospital_seal, iso, stamp
from samples.formats import format_date, pick_date_style
from samples.layout import Page, Seal, wrap
from samples.scenario import Scenario


def _letter(page: Page, y: float, text: str, size: float = 12) -> float:
    for line in wrap("　　" + text, 166, size):
        page.text(22, y, line, size)
        y += size * 0.62
    return y


def _sign(page: Page, y: float, org: str, when: str) -> None:
    page.text(188, y, org, 12, anchor="r")
    page.text(188, y + 10, when, 12, anchor="r")


# --- referral (转诊证明) ---------------------------------------------------------------


def referral_certificate(rng: random.Random, scn: Scenario) -> Doc:
    issuer = scn.referral_hospital
    style = pick_date_style(rng)
    page = Page()
    name = scn.name_on("referral_certificate")
    if rng.random() < 0.5:
        layout = "approval_form"
        page.title(28, rng.choice(("转诊转院审批表", "异地转诊证明", "转诊单")), 19)
        rows = [["姓名", name, "性别", scn.person.sex, "身份证号", scn.id_on('other')],
                ["转出医院", issuer.name, None, "转入医院", scn.hospital_name, None],
                ["临床诊断", scn.diagnosis, None, None, None, None],
                ["转诊理由", "病情复杂，本院诊疗条件有限，建议转上级医院进一步诊治", None, None, None, None],
                ["转诊日期", format_date(scn.referral_date, style), None, "科室意见", "同意转诊", None],
                ["医保经办机构意见", "同意", None, None, None, None]]
        page.table(15, 40, [26, 36, 16, 30, 22, 50], rows, row_h=13, size=10, anchors=["m", "l"] * 3)
        sign_y = 140
    else:
        layout = "letter"
        page.title(30, rng.choice(("转诊证明", "转院证明")), 20)
        y = _letter(page, 50, f"兹有我院患者{name}（性别{scn.person.sex}，身份证号{scn.id_on('other')}），"
                              f"临床诊断：{scn.diagnosis}。因病情需要，经科室讨论，同意于{format_date(scn.referral_date, style)}"
                              f"转往{scn.hospital_name}进一步诊治。")
        _letter(page, y + 6, "特此证明。")
        sign_y = y + 40
    _sign(page, sign_y, issuer.name, format_date(scn.referral_date, "cn"))
    stamp(page, hospital_seal(scn, "referral_certificate", 160, sign_y, rng, name=issuer.name, subtitle="医务科"))
    fields = {"name": name, "issuing_hospital": issuer.name, "destination_hospital": scn.hospital_name,
              "referral_date": iso(scn.referral_date), "diagnosis": scn.diagnosis}
    return Doc("referral_certificate", layout, [page], fields)


# --- emergency (急诊证明) --------------------------------------------------------------


def emergency_certificate(rng: random.Random, scn: Scenario) -> Doc:
    page = Page()
    name = scn.name_on("emergency_certificate")
    style = pick_date_style(rng)
    when = scn.admission
    page.title(22, scn.hospital_name, 16)
    if rng.random() < 0.5:
        layout = "certificate"
        page.title(36, rng.choice(("急诊证明", "抢救证明")), 20, font="sans_bold")
        y = _letter(page, 56, f"患者{name}，{scn.person.sex}，于{format_date(when, style)}因"
                              f"“{scn.diagnosis}”急诊入我院抢救治疗，病情危重，需立即住院。")
        _letter(page, y + 6, "特此证明。")
        sign_y = y + 40
    else:
        layout = "emergency_record"
        page.title(36, "急诊病历", 20, font="sans_bold")
        pairs = [("姓名", name), ("性别", scn.person.sex), ("就诊时间", f"{format_date(when, style)} {rng.randrange(0, 24):02d}:{rng.randrange(60):02d}"),
                 ("主诉", "突发不适2小时"), ("初步诊断", scn.diagnosis), ("处理", "急诊抢救，收入院")]
        sign_y = page.label_lines(25, 56, pairs, gap=12, size=12) + 25
    page.text(120, sign_y, "急诊科", 12)
    page.text(120, sign_y + 10, format_date(when, "cn"), 12)
    stamp(page, hospital_seal(scn, "emergency_certificate", 150, sign_y + 2, rng, subtitle="急诊科"))
    fields = {"name": name, "hospital": scn.hospital_name, "emergency_date": iso(when), "diagnosis": scn.diagnosis}
    return Doc("emergency_certificate", layout, [page], fields)


# --- work assignment (常驻异地工作证明) -------------------------------------------------


def work_assignment_proof(rng: random.Random, scn: Scenario) -> Doc:
    page = Page()
    name = scn.name_on("work_assignment_proof")
    style = pick_date_style(rng)
    region = reference.region_name(scn.hospital_region)
    page.title(34, rng.choice(("常驻异地工作证明", "派驻证明", "外派工作证明")), 20)
    y = _letter(page, 56, f"兹证明{name}同志（身份证号：{scn.id_on('other')}）系我单位职工，经单位研究决定，"
                          f"自{format_date(scn.work_from, style)}至{format_date(scn.work_until, style)}派驻{region}"
                          f"工作，期间在当地居住并就医。")
    y = _letter(page, y + 4, "特此证明。")
    _sign(page, y + 30, scn.employer, format_date(scn.work_from - timedelta(days=3), "cn"))
    page.add(Seal(160, y + 30, 20, scn.employer, "人事专用章", angle=rng.uniform(-20, 20), seed=rng.randrange(10**6)))
    fields = {"name": name, "employer": scn.employer, "work_region": scn.hospital_region,
              "valid_from": iso(scn.work_from), "valid_until": iso(scn.work_until)}
    return Doc("work_assignment_proof", "letter", [page], fields)


# --- residence proof (居住证 / 居住证明) -------------------------------------------------


def residence_proof(rng: random.Random, scn: Scenario) -> Doc:
    from samples.documents.cards import residence_card  # a card layout lives with the cards

    name, id_number = scn.name_on("residence_proof"), scn.id_on("residence_proof")
    if rng.random() < 0.5:
        layout, page = "card", residence_card(rng, scn, name, id_number)
    else:
        layout, page = "letter", Page()
        committee = f"{reference.region_name(scn.residence_region)}{rng.choice(('和平', '新华', '东风', '光明'))}社区居民委员会"
        page.title(34, rng.choice(("居住证明", "居 住 证 明")), 20)
        y = _letter(page, 56, f"兹证明{name}（公民身份号码：{id_number}）自{format_date(scn.admission - timedelta(days=900), 'cn')}起"
                              f"在我辖区{scn.residence_address}居住至今，情况属实。本证明有效期至"
                              f"{format_date(scn.residence_until, pick_date_style(rng))}。")
        _letter(page, y + 4, "特此证明。")
        _sign(page, y + 30, committee, format_date(scn.admission - timedelta(days=20), "cn"))
        page.add(Seal(160, y + 30, 20, committee, "", angle=rng.uniform(-20, 20), seed=rng.randrange(10**6)))
    fields = {"name": name, "id_number": id_number, "address": scn.residence_address,
              "region": scn.residence_region, "valid_until": iso(scn.residence_until)}
    return Doc("residence_proof", layout, [page], fields)
