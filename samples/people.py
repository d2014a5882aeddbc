"""Fictional people: names, GB 11643 ID numbers, phones, bank accounts, addresses.

Names are drawn from common surnames and given-name characters at random, so no
generated person is meant to be a real one; ID numbers are synthetic but carry a
correct check character (domain.md section 3, "Identity numbers").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from samples import reference

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国玉兰文斌德福志红春梅海燕立新宏亮淑珍凤云振东晓峰"
ETHNICITIES = ("汉", "汉", "汉", "汉", "汉", "回", "满", "蒙古", "土家")
STREETS = ("人民路", "解放路", "建设大街", "和平里", "中山路", "长江路", "新华街", "文化路", "幸福小区", "光明巷")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Person:
    """The insured person as the documents should show them."""

    name: str
    sex: str  # 男 | 女
    birth_date: date
    ethnicity: str
    id_number: str
    phone: str
    bank_account: str
    bank_name: str
    card_number: str  # 社会保障卡 卡号
    home_address: str  # at the insured region


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_is_valid(id_number: str) -> bool:
    """True when an 18-character ID number carries the right check character."""
    return len(id_number) == 18 and id_number[:17].isdigit() and id_check_char(id_number[:17]) == id_number[17]


def make_id_number(rng: random.Random, region: str, birth: date, male: bool) -> str:
    """A checksum-valid ID number; the sequence's last digit is odd for men (GB 11643)."""
    prefix = region if not region.endswith("0000") else region[:2] + "0105"
    if prefix.endswith("00"):
        prefix = prefix[:4] + rng.choice(("02", "03", "04", "05"))
    seq = rng.randrange(0, 50) * 2 + (1 if male else 0)
    seq = f"{rng.randrange(0, 10)}{seq:02d}"[-3:]
    first17 = prefix + birth.strftime("%Y%m%d") + seq
    return first17 + id_check_char(first17)


def break_check_char(id_number: str) -> str:
    """The same number with a wrong check character (id_invalid injection)."""
    right = id_number[17]
    wrong = ID_CHECK[(ID_CHECK.index(right) + 3) % 11]
    return id_number[:17] + wrong


def other_valid_id(rng: random.Random, id_number: str) -> str:
    """A different but checksum-valid number for the same person (id_mismatch injection)."""
    while True:
        seq = f"{rng.randrange(0, 1000):03d}"
        first17 = id_number[:14] + seq
        if first17 != id_number[:17]:
            return first17 + id_check_char(first17)


def make_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def other_name(rng: random.Random, name: str) -> str:
    """A different name sharing the surname: 张伟 -> 张玮 (name_mismatch injection)."""
    while True:
        candidate = name[0] + "".join(rng.choice(GIVEN) for _ in name[1:])
        if candidate != name:
            return candidate


def make_address(rng: random.Random, region: str) -> str:
    """A street address in a region: 辽宁省沈阳市人民路128号3单元502室."""
    return (f"{reference.full_region_name(region)}{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
            f"{rng.randrange(1, 8)}单元{rng.randrange(1, 30)}0{rng.randrange(1, 5)}室")


def make_person(rng: random.Random, insured_region: str, retired: bool) -> Person:
    """A fictional insured person registered in ``insured_region``."""
    male = rng.random() < 0.5
    age = rng.randrange(61, 82) if retired else rng.randrange(24, 59)
    birth = date(2024 - age, 1, 1) + timedelta(days=rng.randrange(0, 365))
    name = make_name(rng)
    bank, bank_prefix = rng.choice((("中国工商银行", "6222"), ("中国建设银行", "6217"),
                                    ("中国农业银行", "6228"), ("中国银行", "6216")))
    return Person(
        name=name,
        sex="男" if male else "女",
        birth_date=birth,
        ethnicity=rng.choice(ETHNICITIES),
        id_number=make_id_number(rng, insured_region, birth, male),
        phone="1" + rng.choice("3589") + "".join(str(rng.randrange(10)) for _ in range(9)),
        bank_account=bank_prefix + "".join(str(rng.randrange(10)) for _ in range(15)),
        bank_name=bank,
        card_number=rng.choice("ABCDEFG") + "".join(str(rng.randrange(10)) for _ in range(8)),
        home_address=make_address(rng, insured_region),
    )
