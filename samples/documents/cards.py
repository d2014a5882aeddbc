"""Cards: resident ID card (居民身份证), social security card (社会保障卡), residence card.

A card is a card-sized :class:`Page`. ``photocopy`` layouts place front and back on an
A4 sheet (as people photocopy them); ``photo`` layouts keep the bare card, which
:mod:`samples.degrade` then photographs on a table.
"""

from __future__ import annotations

import random
from datetime import date

from samples import reference
from samples.documents.common import Doc, place
from samples.formats import format_date
from samples.layout import BLACK, Page, Photo, Rect, Seal
from samples.scenario import Scenario

CARD = (85.6, 54.0)
LABEL_BLUE = (40, 90, 150)


def _card(paper=(238, 242, 244)) -> Page:
    return Page(width=CARD[0], height=CARD[1], paper=paper)


def id_front(scn: Scenario, name: str, id_number: str) -> Page:
    card = _card((236, 240, 238))
    p = scn.person
    rows = [("姓  名", name), ("性  别", f"{p.sex}      民族  {p.ethnicity}"),
            ("出  生", f"{p.birth_date.year}  年  {p.birth_date.month}  月  {p.birth_date.day}  日")]
    for i, (lab, value) in enumerate(rows):
        card.text(6, 10 + i * 7, lab, 6.5, font="sans", color=LABEL_BLUE)
        card.text(18, 10 + i * 7, value, 7.5 if i else 9, font="sans" if i else "sans_bold")
    card.text(6, 32, "住  址", 6.5, font="sans", color=LABEL_BLUE)
    address = p.home_address
    card.text(18, 32, address[:14], 7.5, font="sans")
    card.text(18, 36.5, address[14:28], 7.5, font="sans")
    card.text(6, 47.5, "公民身份号码", 6.5, font="sans", color=LABEL_BLUE)
    card.text(27, 48, id_number, 10, font="mono")
    card.add(Photo(58, 7, 23, 29))
    return card


def id_back(scn: Scenario) -> Page:
    card = _card((238, 240, 236))
    card.add(Seal(14, 14, 8, "中华人民共和国", "", seed=1, color=(200, 50, 40)))
    card.text(50, 14, "中华人民共和国", 10, font="serif_bold", anchor="m")
    card.text(50, 25, "居 民 身 份 证", 13, font="serif_bold", anchor="m")
    issued = date(2016 + scn.person.birth_date.day % 7, scn.person.birth_date.month, 10)
    card.text(14, 40, "签发机关", 6.5, font="sans")
    card.text(28, 40, f"{reference.region_name(scn.insured_region)}公安局", 7.5, font="sans")
    card.text(14, 47, "有效期限", 6.5, font="sans")
    until = "长期" if scn.person.birth_date.year < 1970 else format_date(issued.replace(year=issued.year + 20), "dot")
    card.text(28, 47, f"{format_date(issued, 'dot')}-{until}", 7.5, font="sans")
    return card


def id_card(rng: random.Random, scn: Scenario) -> Doc:
    name, id_number = scn.name_on("id_card"), scn.id_on("id_card")
    front, back = id_front(scn, name, id_number), id_back(scn)
    if rng.random() < 0.55:
        layout, pages = "photocopy", [_photocopy(rng, front, back)]
    else:
        layout, pages = "photo", [front] + ([back] if rng.random() < 0.5 else [])
    return Doc("id_card", layout, pages, {"name": name, "id_number": id_number})


def _photocopy(rng: random.Random, *cards: Page) -> Page:
    sheet = Page()
    x = 62 + rng.uniform(-8, 8)
    for i, card in enumerate(cards):
        place(sheet, card, x, 40 + i * 75 + rng.uniform(-3, 3))
    if rng.random() < 0.5:
        sheet.text(105, 200, "复印件与原件一致", 12, anchor="m", hand=True, color=(30, 55, 150))
    return sheet


def insurance_card(rng: random.Random, scn: Scenario) -> Doc:
    name = scn.name_on("insurance_card")
    card = _card((224, 236, 246))
    card.rect(0, 0, CARD[0], 11, fill=(30, 100, 170), color=None)
    card.text(6, 8, rng.choice(("中华人民共和国社会保障卡", "社会保障卡")), 9, font="sans_bold", color=(255, 255, 255))
    card.text(6, 15, "SOCIAL SECURITY CARD", 5, font="sans", color=(30, 100, 170))
    card.add(Rect(8, 19, 19, 27, color=(150, 120, 40), fill=(212, 180, 90)))
    rows = [("姓名", name), ("社会保障号码", scn.id_on("insurance_card")), ("社会保障卡号", scn.person.card_number),
            ("发卡日期", format_date(date(2019, scn.person.birth_date.month, 1), "cn")[:8])]
    for i, (lab, value) in enumerate(rows):
        card.text(6, 33 + i * 5.3, lab, 6, font="sans", color=(60, 60, 60))
        card.text(23, 33 + i * 5.3, value, 7.5 if i != 1 else 7.2, font="mono", color=BLACK)
    card.text(60, 50, scn.person.bank_name, 5.5, font="sans_bold", color=(180, 30, 30))
    card.add(Photo(64, 15, 16, 21))
    layout = rng.choice(("photocopy", "photo"))
    page = _photocopy(rng, card) if layout == "photocopy" else card
    return Doc("insurance_card", layout, [page], {"name": name, "card_number": scn.person.card_number})


def residence_card(rng: random.Random, scn: Scenario, name: str, id_number: str) -> Page:
    card = _card((240, 236, 226))
    card.text(42.8, 9, f"{reference.province_name(scn.residence_region)}居住证", 11, font="serif_bold", anchor="m")
    rows = [("姓名", name), ("公民身份号码", id_number), ("居住地址", scn.residence_address[:16]),
            ("", scn.residence_address[16:]), ("有效期限", f"至{format_date(scn.residence_until, 'cn')}"),
            ("签发机关", f"{reference.region_name(scn.residence_region)}公安局")]
    for i, (lab, value) in enumerate(rows):
        card.text(5, 17 + i * 5.8, lab, 6, font="sans", color=(90, 70, 40))
        card.text(23, 17 + i * 5.8, value, 7, font="sans")
    card.add(Photo(65, 14, 16, 21))
    return _photocopy(rng, card) if rng.random() < 0.6 else card
