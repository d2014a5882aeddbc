"""The reference directories (regions.csv, hospitals.csv) as plain records.

Read straight from ``claimdocs/data`` so the generator does not depend on the
(independently developed) ``claimdocs.directory`` package.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "claimdocs" / "data"
MUNICIPALITIES = ("110000", "120000", "310000", "500000")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    province_code: str
    level: str  # province | city | county

    @property
    def province(self) -> str:
        return self.province_code


@dataclass(frozen=True)
class Hospital:
    hospital_id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    level: int

    @property
    def province(self) -> str:
        return self.region[:2]


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """All regions by code."""
    return {
        r["code"]: Region(r["code"], r["name"], r["province_code"], r["level"])
        for r in _rows("regions.csv")
    }


@lru_cache(maxsize=1)
def hospitals() -> dict[str, Hospital]:
    """All hospitals by id."""
    return {
        r["hospital_id"]: Hospital(
            r["hospital_id"], r["name"], tuple(a for a in r["aliases"].split("|") if a),
            r["region"], int(r["level"]),
        )
        for r in _rows("hospitals.csv")
    }


def pooling_regions() -> list[Region]:
    """Regions a person can be insured in: cities, counties and the four municipalities."""
    return [r for r in regions().values() if r.level != "province" or r.code in MUNICIPALITIES]


def region_name(code: str) -> str:
    return regions()[code].name


def province_name(code: str) -> str:
    """Name of the province of a region code (for municipalities, the city itself)."""
    return regions()[code[:2] + "0000"].name


def full_region_name(code: str) -> str:
    """"辽宁省沈阳市", "北京市", "安徽省长丰县" — how forms write a region."""
    if code in MUNICIPALITIES or code.endswith("0000"):
        return region_name(code)
    return province_name(code) + region_name(code)


def scope_of(insured_region: str, hospital_region: str) -> str:
    """domain.md section 4: cross_province when the provinces (first two digits) differ."""
    return "cross_province" if insured_region[:2] != hospital_region[:2] else "intra_province"
