"""Shared pieces of document layouts: the Doc record, seals, headers, Chinese names."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from samples import reference
from samples.formats import format_date
from samples.layout import Line, Page, Photo, Qr, Rect, Seal, Text
from samples.scenario import Scenario

CATEGORY_CN = {
    "retiree_resettled": "异地安置退休人员", "long_term_resident": "异地长期居住人员",
    "resident_staff": "常驻异地工作人员", "referral": "异地转诊人员",
    "emergency": "异地急诊抢救人员", "other_temporary": "其他临时外出就医人员",
}
INSURANCE_CN = {"employee": "职工基本医疗保险", "resident": "城乡居民基本医疗保险"}
LEVEL_CN = {1: "一级", 2: "二级", 3: "三级"}
DEPARTMENTS = ("心血管内科", "普外科", "骨科", "呼吸内科", "神经内科", "消化内科", "内分泌科")


@dataclass
class Doc:
    """A rendered document: its pages and the field values they print (the truth)."""

    type: str
    layout: str
    pages: list[Page]
    fields: dict = field(default_factory=dict)


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def iso(d) -> str:
    return d.isoformat()


def date_text(d, style: str) -> str:
    return format_date(d, style)


def hospital_seal(scn: Scenario, doc_type: str, cx: float, cy: float, rng: random.Random,
                  name: str | None = None, subtitle: str = "", radius: float = 20.0) -> Seal | None:
    """The hospital's red seal, or None when the scenario leaves this document unsealed."""
    if doc_type in scn.unsealed:
        return None
    return Seal(cx + rng.uniform(-6, 6), cy + rng.uniform(-4, 4), radius * rng.uniform(0.9, 1.08),
                name or scn.hospital_name, subtitle, angle=rng.uniform(-25, 25), seed=rng.randrange(10**6))


def stamp(page: Page, seal: Seal | None) -> None:
    if seal is not None:
        page.add(seal)


def department(scn: Scenario) -> str:
    return {"冠状动脉粥样硬化性心脏病": "心血管内科", "急性心肌梗死": "心血管内科", "胆囊结石伴慢性胆囊炎": "肝胆外科",
            "右股骨颈骨折": "骨科", "急性阑尾炎": "普外科"}.get(scn.diagnosis, "综合内科")


def level_line(scn: Scenario) -> str:
    """三级甲等综合医院 style grade line printed on invoices."""
    grade = "甲等" if scn.hospital_level == 3 else "乙等" if scn.hospital_level == 2 else ""
    return f"{LEVEL_CN[scn.hospital_level]}{grade}综合性医疗机构"


def region_text(code: str) -> str:
    return reference.full_region_name(code)


def shift(op, dx: float, dy: float):
    """The same drawing op moved by (dx, dy) mm."""
    if isinstance(op, (Text, Qr, Photo)):
        return replace(op, x=op.x + dx, y=op.y + dy)
    if isinstance(op, (Line, Rect)):
        return replace(op, x0=op.x0 + dx, y0=op.y0 + dy, x1=op.x1 + dx, y1=op.y1 + dy)
    if isinstance(op, Seal):
        return replace(op, cx=op.cx + dx, cy=op.cy + dy)
    raise TypeError(op)


def place(target: Page, card: Page, x: float, y: float, border: bool = True) -> None:
    """Copy a card-sized page onto a larger page at (x, y): a photocopy of a card."""
    if border:
        target.rect(x, y, x + card.width, y + card.height, fill=card.paper, color=(150, 150, 150), width=0.3)
    for op in card.ops:
        target.add(shift(op, x, y))
